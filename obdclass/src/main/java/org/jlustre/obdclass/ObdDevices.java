package org.jlustre.obdclass;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * A node's device table ({@code obd_devs} in lustre/obdclass/genops.c): devices by index,
 * name and UUID. {@link #attach} takes the lowest free slot, as {@code class_newdev} does, so
 * {@code lctl dl} numbers are stable while devices live. Thread-safe.
 */
public final class ObdDevices {

    /** {@code MAX_OBD_DEVICES}. */
    public static final int MAX_DEVICES = 8192;
    /** {@code MAX_OBD_NAME}: a device name is shorter than this. */
    public static final int MAX_NAME = 128;

    private final List<ObdDevice> slots = new ArrayList<>();

    /**
     * Attaches a new device ({@code class_attach}).
     *
     * @throws LustreException EINVAL for an empty or over-long name, EEXIST when the name is taken
     */
    public synchronized ObdDevice attach(String type, String name, String uuid) throws LustreException {
        if (name == null || name.isEmpty() || name.length() >= MAX_NAME) {
            throw new LustreException(Errno.EINVAL, "bad device name '" + name + "' (1.." + (MAX_NAME - 1)
                    + " characters)");
        }
        if (type == null || type.isEmpty()) {
            throw new LustreException(Errno.EINVAL, "device " + name + " has no type");
        }
        if (find(name).isPresent()) {
            throw new LustreException(Errno.EEXIST, "device " + name + " already exists");
        }
        int index = slots.indexOf(null);
        if (index < 0) {
            if (slots.size() >= MAX_DEVICES) {
                throw new LustreException(Errno.ENOSPC, "all " + MAX_DEVICES + " device slots in use");
            }
            index = slots.size();
            slots.add(null);
        }
        ObdDevice d = new ObdDevice(index, type, name, uuid == null || uuid.isEmpty() ? name + "_UUID" : uuid);
        slots.set(index, d);
        return d;
    }

    /** Removes a device from the table ({@code class_detach}); a no-op for one not in it. */
    public synchronized void detach(ObdDevice d) {
        if (d.index() < slots.size() && slots.get(d.index()) == d) {
            slots.set(d.index(), null);
        }
    }

    /** The device called {@code name}. */
    public synchronized Optional<ObdDevice> find(String name) {
        return slots.stream().filter(d -> d != null && d.name().equals(name)).findFirst();
    }

    /** The device with UUID {@code uuid}. */
    public synchronized Optional<ObdDevice> findByUuid(String uuid) {
        return slots.stream().filter(d -> d != null && d.uuid().equals(uuid)).findFirst();
    }

    /**
     * The device named by {@code nameOrIndex}: a name, or a decimal table index, or
     * {@code $name} as lctl's {@code --device} accepts.
     *
     * @throws LustreException ENODEV naming it when there is none
     */
    public synchronized ObdDevice lookup(String nameOrIndex) throws LustreException {
        String key = nameOrIndex.startsWith("$") ? nameOrIndex.substring(1) : nameOrIndex;
        Optional<ObdDevice> d = find(key);
        if (d.isEmpty() && !key.isEmpty() && key.chars().allMatch(Character::isDigit) && key.length() < 6) {
            int i = Integer.parseInt(key);
            if (i < slots.size() && slots.get(i) != null) {
                d = Optional.of(slots.get(i));
            }
        }
        return d.orElseThrow(() -> new LustreException(Errno.ENODEV, "no device '" + nameOrIndex + "'"));
    }

    /** The live devices in table order. */
    public synchronized List<ObdDevice> list() {
        return slots.stream().filter(d -> d != null).toList();
    }

    /** What {@code lctl dl} prints: one line per device, each ending in a newline. */
    public String dl() {
        StringBuilder sb = new StringBuilder();
        for (ObdDevice d : list()) {
            sb.append(d.dlLine()).append('\n');
        }
        return sb.toString();
    }
}
