package org.jlustre.osd.mem;

import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;

/**
 * osd-mem, the in-memory OSD: the public entry point. Mounting a device is
 * {@code OsdMem.create(MemOsdConfig.defaults("lustre-MDT0000"))}; everything else is the
 * {@link OsdDevice} contract.
 */
public final class OsdMem {

    /** The OSD type name ({@code LUSTRE_OSD_MEM_NAME}). */
    public static final String TYPE = "osd-mem";

    private OsdMem() {
    }

    /**
     * Mounts a new, empty device: the root directory and the usage indexes exist, nothing
     * else. Its parameters appear under {@code osd-mem.<name>} in the config's
     * {@code Libcfs} parameter tree until {@link OsdDevice#close()}.
     *
     * @throws LustreException EEXIST if a device of that name is mounted on the same node
     */
    public static OsdDevice create(MemOsdConfig config) throws LustreException {
        return new MemDevice(config);
    }
}
