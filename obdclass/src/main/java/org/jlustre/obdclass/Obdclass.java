package org.jlustre.obdclass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.Param;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LustreCfg;

/**
 * What obdclass keeps for a node and how it runs configuration commands
 * ({@code class_process_config}, lustre/obdclass/obd_config.c): the registered device types,
 * the device table, the UUID-to-NID table {@code add_uuid} fills
 * ({@code class_add_uuid}), the mount profiles {@code mount_option} records, and the node-wide
 * settings {@code set_timeout} and {@code sys.*} params change ({@code timeout},
 * {@code ldlm_timeout}, {@code jobid_var}, {@code jobid_name}, as lctl get_param names them).
 *
 * <p>Thread-safe: commands run one at a time.
 */
public final class Obdclass {

    /** A client mount's profile ({@code struct lustre_profile}): the log and its two top devices. */
    public record Profile(String name, String dt, String md) {
    }

    private final Libcfs libcfs;
    private final ObdDevices devices = new ObdDevices();
    private final Map<String, ObdType> types = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> uuids = new LinkedHashMap<>();
    private final Map<String, Profile> profiles = new LinkedHashMap<>();
    private volatile int timeout = 100;
    private volatile int ldlmTimeout = 20;
    private volatile String jobidVar = "procname_uid";
    private volatile String jobidName = "%e.%u";

    /**
     * The obdclass of the node {@code libcfs}, made on first use (as the module loads once per
     * kernel): its device table, its node-wide parameters registered, and passive types for
     * every device a config log names that this node does not run itself.
     */
    public static Obdclass of(Libcfs libcfs) {
        return libcfs.module(Obdclass.class, Obdclass::new);
    }

    private Obdclass(Libcfs libcfs) {
        this.libcfs = libcfs;
        for (String t : List.of("lov", "lmv", "mdc", "osc", "mdt", "obdfilter", "lod", "osp", "lwp")) {
            types.put(t, PassiveObd.type(t));
        }
        var p = libcfs.params();
        p.register("timeout", Param.ofLong(() -> (long) timeout, v -> timeout = (int) (long) v, 1, 1 << 20));
        p.register("ldlm_timeout", Param.ofLong(() -> (long) ldlmTimeout, v -> ldlmTimeout = (int) (long) v, 1,
                1 << 20));
        p.register("jobid_var", Param.ofString(() -> jobidVar, v -> jobidVar = v.strip()));
        p.register("jobid_name", Param.ofString(() -> jobidName, v -> jobidName = v.strip()));
    }

    /** The node. */
    public Libcfs libcfs() {
        return libcfs;
    }

    /** The node's device table ({@code obd_devs}, {@code lctl dl}). */
    public ObdDevices devices() {
        return devices;
    }

    /** Registers a device type ({@code class_register_type}), replacing a passive one of that name. */
    public void registerType(ObdType type) {
        types.put(type.name(), type);
    }

    /** {@code obd_timeout}, seconds. */
    public int timeout() {
        return timeout;
    }

    /** The NIDs {@code add_uuid} gave {@code uuid}, empty when none. */
    public synchronized List<Long> nidsOf(String uuid) {
        return List.copyOf(uuids.getOrDefault(uuid, List.of()));
    }

    /**
     * The NIDs {@code add_uuid} gave {@code nodeUuid}, for a device's setup or {@code add_conn}
     * ({@code client_obd_setup} / {@code class_add_conn} finding the connection).
     *
     * @throws LustreException EINVAL naming {@code device} when no add_uuid named it
     */
    public List<Nid> nidsFor(String nodeUuid, String device) throws LustreException {
        List<Long> found = nidsOf(nodeUuid);
        if (found.isEmpty()) {
            throw new LustreException(Errno.EINVAL, device + ": no add_uuid gave NIDs for " + nodeUuid);
        }
        return found.stream().map(Nid::fromLnetNid).toList();
    }

    /** The profile {@code mount_option} recorded under {@code name}, or null. */
    public synchronized Profile profile(String name) {
        return profiles.get(name);
    }

    /**
     * Runs one command ({@code class_process_config}).
     *
     * @throws LustreException EINVAL for a malformed command, ENODEV for an unknown device or
     *     type, EEXIST for a name attached twice or a device set up twice, or what the device
     *     itself refuses, each naming the device
     */
    public synchronized void process(LustreCfg cfg) throws LustreException {
        LcfgCommand c = cfg.knownCommand();
        if (c == null) {
            if ((cfg.command() & LcfgCommand.REQUIRED) != 0) {
                throw new LustreException(Errno.EINVAL, "unknown required config command 0x"
                        + Integer.toHexString(cfg.command()));
            }
            libcfs.debug().logf(DebugMask.S_CLASS, DebugMask.D_CONFIG, "skipping unknown config command 0x%x",
                    cfg.command());
            return;
        }
        switch (c) {
            case ATTACH -> attach(cfg);
            case SETUP -> setup(cfg);
            case CLEANUP -> cleanup(device(cfg, "cleanup"));
            case DETACH -> detach(device(cfg, "detach"));
            case ADD_UUID -> addUuid(cfg);
            case DEL_UUID -> delUuid(cfg);
            case MOUNTOPT -> profiles.put(buf(cfg, 1, "profile"), new Profile(buf(cfg, 1, "profile"),
                    optBuf(cfg, 2), optBuf(cfg, 3)));
            case DEL_MOUNTOPT -> profiles.remove(buf(cfg, 1, "profile"));
            case SET_TIMEOUT -> timeout = positive(cfg.num(), "timeout");
            case SET_LDLM_TIMEOUT -> ldlmTimeout = positive(cfg.num(), "ldlm_timeout");
            case PARAM -> param(cfg);
            case SET_PARAM -> setParam(cfg);
            case MARKER, LOG_START, LOG_END, SPTLRPC_CONF -> {
                // markers steer the log handler; sptlrpc rules have no effect here
            }
            default -> {
                Obd obd = impl(device(cfg, c.name().toLowerCase(java.util.Locale.ROOT)));
                obd.process(cfg);
            }
        }
    }

    private void attach(LustreCfg cfg) throws LustreException {
        String name = buf(cfg, 0, "device name");
        String typeName = buf(cfg, 1, "device type");
        String uuid = optBuf(cfg, 2);
        ObdType type = types.get(typeName);
        if (type == null) {
            throw new LustreException(Errno.ENODEV, "attach " + name + ": unknown device type '" + typeName + "'");
        }
        ObdDevice dev = devices().attach(typeName, name, uuid);
        try {
            dev.impl(type.create(this, dev));
        } catch (LustreException | RuntimeException e) {
            devices().detach(dev);
            throw e;
        }
        libcfs.debug().logf(DebugMask.S_CLASS, DebugMask.D_CONFIG, "attached %s type %s uuid %s", name, typeName, dev.uuid());
    }

    private void setup(LustreCfg cfg) throws LustreException {
        ObdDevice dev = device(cfg, "setup");
        if (dev.status() != ObdDevice.Status.ATTACHED) {
            throw new LustreException(Errno.EEXIST, "device " + dev.name() + " is already set up");
        }
        impl(dev).setup(cfg);
        dev.status(ObdDevice.Status.UP);
    }

    /** Both teardown phases for one device and its removal from the table. */
    public synchronized void cleanup(ObdDevice dev) {
        preCleanup(dev);
        finishCleanup(dev);
    }

    /**
     * The first teardown phase for the devices {@code names} that are still attached, last
     * first: what {@link #finishCleanup(List)} then releases. Owners of a replay's devices
     * (a target, a client mount) stop them this way.
     */
    public synchronized List<ObdDevice> preCleanup(List<String> names) {
        List<ObdDevice> found = new ArrayList<>();
        for (String name : names.reversed()) {
            devices().find(name).ifPresent(d -> {
                found.add(d);
                preCleanup(d);
            });
        }
        return found;
    }

    /** The second phase for devices {@link #preCleanup(List)} returned, in its order. */
    public void finishCleanup(List<ObdDevice> devs) {
        for (ObdDevice d : devs) {
            finishCleanup(d);
        }
    }

    /** The first teardown phase ({@code class_cleanup} up to {@code obd_precleanup}): the device is stopping. */
    public synchronized void preCleanup(ObdDevice dev) {
        dev.status(ObdDevice.Status.STOPPING);
        Obd obd = dev.impl(Obd.class);
        if (obd != null) {
            obd.preCleanup();
        }
    }

    /** The second phase ({@code obd_cleanup}) and the removal from the table ({@code class_detach}). */
    public synchronized void finishCleanup(ObdDevice dev) {
        Obd obd = dev.impl(Obd.class);
        if (obd != null) {
            obd.cleanup();
        }
        devices().detach(dev);
    }

    private void detach(ObdDevice dev) {
        if (dev.status() == ObdDevice.Status.ATTACHED) {
            Obd obd = dev.impl(Obd.class);
            if (obd != null) {
                obd.cleanup();
            }
            devices().detach(dev);
        } else {
            cleanup(dev);
        }
    }

    private void addUuid(LustreCfg cfg) throws LustreException {
        String uuid = buf(cfg, 1, "uuid");
        long nid = cfg.nid();
        if (nid == 0 && cfg.bufcount() > 2) {
            nid = Nid.parse(cfg.string(2)).toLnetNid(); // large NIDs come as a string in buffer 2
        }
        if (nid == 0) {
            throw new LustreException(Errno.EINVAL, "add_uuid " + uuid + ": no NID");
        }
        List<Long> nids = uuids.computeIfAbsent(uuid, k -> new ArrayList<>());
        if (!nids.contains(nid)) {
            nids.add(nid);
        }
    }

    private void delUuid(LustreCfg cfg) throws LustreException {
        String uuid = optBuf(cfg, 1);
        if (uuid == null) {
            uuids.clear();
        } else if (uuids.remove(uuid) == null) {
            throw new LustreException(Errno.EINVAL, "del_uuid: no uuid " + uuid);
        }
    }

    /**
     * {@code LCFG_PARAM}: {@code sys.*} (no device) changes node-wide settings; a device's
     * {@code <type>.<key>=<value>} goes to that device's parameter
     * {@code <type>.<device>.<key>}. Unknown parameters are reported and skipped, as Lustre
     * does, so a newer log does not stop an older node.
     */
    private void param(LustreCfg cfg) throws LustreException {
        String dev = optBuf(cfg, 0);
        String param = buf(cfg, 1, "param");
        int eq = param.indexOf('=');
        if (eq <= 0) {
            throw new LustreException(Errno.EINVAL, "param '" + param + "' has no '='");
        }
        String key = param.substring(0, eq);
        String value = param.substring(eq + 1);
        if (dev == null || key.startsWith("sys.")) {
            setOrWarn(key.startsWith("sys.") ? key.substring(4) : key, value, param);
            return;
        }
        ObdDevice d = devices().find(dev).orElseThrow(() -> new LustreException(Errno.ENODEV,
                "param " + param + ": no device " + dev));
        int dot = key.indexOf('.');
        String leaf = dot >= 0 ? key.substring(dot + 1) : key;
        PassiveObd passive = d.impl(PassiveObd.class);
        if (passive != null) {
            passive.setting(key, value);
            return;
        }
        setOrWarn(d.type() + "." + d.name() + "." + leaf, value, param);
    }

    /** {@code LCFG_SET_PARAM} (the params log, {@code set_param -P}): like {@code lctl set_param}, wildcards and all. */
    private void setParam(LustreCfg cfg) throws LustreException {
        String param = buf(cfg, 1, "param");
        int eq = param.indexOf('=');
        if (eq <= 0) {
            // "set_param -P -d name" leaves the name alone: there is no default to go back to here
            libcfs.debug().logf(DebugMask.S_CLASS, DebugMask.D_CONFIG, "set_param %s: nothing to set", param);
            return;
        }
        setOrWarn(param.substring(0, eq), param.substring(eq + 1), param);
    }

    private void setOrWarn(String name, String value, String what) {
        try {
            libcfs.params().set(name, value);
        } catch (LustreException e) {
            libcfs.debug().logf(DebugMask.S_CLASS, DebugMask.D_WARNING, "config param %s not applied: %s (%d)", what, e.getMessage(),
                    e.rc());
        }
    }

    private ObdDevice device(LustreCfg cfg, String op) throws LustreException {
        String name = buf(cfg, 0, "device name");
        return devices().find(name).orElseThrow(() -> new LustreException(Errno.ENODEV, op + ": no device " + name));
    }

    private static Obd impl(ObdDevice dev) throws LustreException {
        Obd obd = dev.impl(Obd.class);
        if (obd == null) {
            throw new LustreException(Errno.ENODEV, "device " + dev.name() + " has no implementation");
        }
        return obd;
    }

    private static int positive(int v, String what) throws LustreException {
        if (v <= 0) {
            throw new LustreException(Errno.EINVAL, what + " " + v + " must be positive");
        }
        return v;
    }

    /** Buffer {@code i} as a string, required non-empty. */
    static String buf(LustreCfg cfg, int i, String what) throws LustreException {
        String s = optBuf(cfg, i);
        if (s == null) {
            throw new LustreException(Errno.EINVAL, (cfg.knownCommand() != null ? cfg.knownCommand().name() : "?")
                    .toLowerCase(java.util.Locale.ROOT) + ": no " + what + " in buffer " + i);
        }
        return s;
    }

    /** Buffer {@code i} as a string, null when absent or empty. */
    static String optBuf(LustreCfg cfg, int i) {
        if (i >= cfg.bufcount() || cfg.buffer(i).length == 0) {
            return null;
        }
        String s = cfg.string(i);
        return s.isEmpty() ? null : s;
    }
}
