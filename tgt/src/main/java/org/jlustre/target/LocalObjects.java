package org.jlustre.target;

import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;

/**
 * Regular files a target keeps at a well-known FID under a name in the OSD root
 * ({@code local_file_find_or_create_with_fid}, lustre/obdclass/local_storage.c): last_rcvd at
 * {@code [0x200000001:0xb:0x0]}, reply_data at {@code [0x200000001:0x15:0x0]}.
 */
final class LocalObjects {

    private LocalObjects() {
    }

    /**
     * Opens the object {@code fid}, creating it empty (mode 0644, in one local transaction with
     * the name {@code name} in the root) when it does not exist. The caller closes it.
     *
     * @throws LustreException EEXIST when the root's {@code name} points at another object;
     *     what the OSD reports (EROFS on a read-only device, ENOSPC)
     */
    static OsdObject findOrCreate(OsdDevice dev, Fid fid, String name) throws LustreException {
        OsdObject o = dev.find(fid);
        try (OsdObject root = dev.find(dev.rootFid())) {
            DirectoryIndex dir = root.indexTry(IndexFeatures.DIRECTORY);
            var entry = dir.lookup(name);
            if (entry.isPresent() && !entry.get().fid().equals(fid)) {
                throw new LustreException(Errno.EEXIST, "'" + name + "' in the OSD root of " + dev.name()
                        + " is " + entry.get().fid() + ", not " + fid);
            }
            if (o.exists() && entry.isPresent()) {
                return o;
            }
            LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644);
            AllocationHint hint = AllocationHint.parent(dev.rootFid());
            try (Transaction th = dev.transCreate()) {
                if (!o.exists()) {
                    o.declareCreate(attr, hint, ObjectFormat.REGULAR, th);
                }
                if (entry.isEmpty()) {
                    dir.declareInsert(name, th);
                }
                th.startLocal();
                if (!o.exists()) {
                    o.create(attr, hint, ObjectFormat.REGULAR, th);
                }
                if (entry.isEmpty()) {
                    dir.insert(name, fid, FileMode.S_IFREG, th);
                }
            }
            return o;
        } catch (LustreException | RuntimeException e) {
            o.close();
            throw e;
        }
    }
}
