package org.jlustre.target;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;

/**
 * Copies an object's data out of a running target's OSD, as {@code debugfs -c -R "dump NAME
 * FILE"} does on an ldiskfs target: the bytes from 0 to the object's size, holes as zeros. The
 * read runs beside the target's own updates, so an object being written may be copied half old,
 * half new, as debugfs on a mounted device would copy it.
 */
public final class ObjectDump {

    /** How much is read at once. */
    private static final int CHUNK = 64 * 1024;

    private ObjectDump() {
    }

    /**
     * Writes the data of {@code name} ({@link TargetObjects}) on {@code dev} to {@code out}.
     *
     * @return the bytes copied
     * @throws LustreException ENOENT naming an unknown name; EISDIR for a directory or index;
     *     EIO when {@code out} fails
     */
    public static long dump(OsdDevice dev, TargetObjects names, String name, OutputStream out) throws LustreException {
        Fid fid = names.resolve(dev, name);
        try (OsdObject o = dev.find(fid)) {
            if (!FileMode.isReg(o.fileType())) {
                throw new LustreException(Errno.EISDIR, "'" + name + "' (" + fid + ") on " + dev.name()
                        + " is not a regular file (mode " + Integer.toOctalString(o.fileType()) + ")");
            }
            long size = o.attrGet().size();
            byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(size, 1))];
            long pos = 0;
            while (pos < size) {
                MemorySegment seg = MemorySegment.ofArray(buf).asSlice(0, Math.min(buf.length, size - pos));
                int n = o.body().read(pos, seg);
                if (n <= 0) {
                    break; // truncated while we read
                }
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    throw new LustreException(Errno.EIO, "cannot write the copy of '" + name + "': " + e.getMessage());
                }
                pos += n;
            }
            return pos;
        }
    }
}
