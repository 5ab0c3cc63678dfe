package org.jlustre.osd;

import java.util.List;
import java.util.ServiceLoader;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;

/**
 * A kind of OSD a node can mount targets on, known by its type name ({@code osd-ldiskfs},
 * {@code osd-zfs}, {@code osd-mem}), as each Lustre OSD module registers its type with
 * {@code class_register_type} and a server mount finds it by the name its mount data implies
 * ({@code mt_type(ldd_mount_type)}, lustre/include/lustre_disk.h).
 *
 * <p>Implementations are found with {@link ServiceLoader}: an OSD module {@code provides}
 * this interface (and lists it in {@code META-INF/services} for class-path use), so a server
 * mounts targets on any OSD on its module or class path without naming its classes.
 */
public interface OsdType {

    /** The type name, as {@link OsdDevice#type()} of its devices and {@code lctl dl} give it. */
    String name();

    /**
     * A new, empty device called {@code deviceName} on the node {@code libcfs} (a freshly
     * formatted target's storage): only the root directory and what the OSD itself keeps
     * exist, as {@link OsdDevice} describes.
     *
     * @throws LustreException EEXIST if the node already has a device of that name
     */
    OsdDevice format(String deviceName, Libcfs libcfs) throws LustreException;

    /** Every OSD type on the module or class path, in the order they are found. */
    static List<OsdType> available() {
        return ServiceLoader.load(OsdType.class, OsdType.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }

    /**
     * The OSD type called {@code name}.
     *
     * @throws LustreException ENODEV, naming the types there are, when none is called that
     */
    static OsdType find(String name) throws LustreException {
        List<OsdType> all = available();
        for (OsdType t : all) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new LustreException(Errno.ENODEV, "no OSD of type '" + name + "' on this node (types: "
                + String.join(", ", all.stream().map(OsdType::name).toList()) + ")");
    }
}
