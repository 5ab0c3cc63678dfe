package org.jlustre.osd.mem;

import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdType;

/**
 * osd-mem as an {@link OsdType}, found by servers through {@link java.util.ServiceLoader}:
 * {@link #format} mounts a new device with {@link MemOsdConfig#defaults} on the given node.
 */
public final class MemOsdType implements OsdType {

    /** The service loader's constructor. */
    public MemOsdType() {
    }

    @Override
    public String name() {
        return OsdMem.TYPE;
    }

    @Override
    public OsdDevice format(String deviceName, Libcfs libcfs) throws LustreException {
        return OsdMem.create(MemOsdConfig.defaults(deviceName).withLibcfs(libcfs));
    }

    @Override
    public String toString() {
        return name();
    }
}
