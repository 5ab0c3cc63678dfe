package org.jlustre.fid;

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
 * The FID layer's files at well-known FIDs under a name in the OSD root, as ldiskfs shows them
 * ({@code dt_find_or_create} of fid_store.c {@code seq_store_init} and fld_index.c
 * {@code fld_index_init}, named by osd-ldiskfs's local object table): {@code fld}
 * {@code [0x200000001:0x3:0x0]}, {@code seq_ctl} {@code [..:0x4:0x0]}, {@code seq_srv}
 * {@code [..:0x5:0x0]}, all mode {@code S_IFREG | 0666}.
 */
final class LocalFile {

    /** {@code FLD_INDEX_OID}. */
    static final Fid FLD = Fid.localFile(3);
    /** {@code FID_SEQ_CTL_OID}. */
    static final Fid SEQ_CTL = Fid.localFile(4);
    /** {@code FID_SEQ_SRV_OID}. */
    static final Fid SEQ_SRV = Fid.localFile(5);

    private LocalFile() {
    }

    /**
     * Opens {@code fid}, creating it with {@code format} (and {@code name} in the root) in one
     * local transaction when missing. The caller closes it.
     *
     * @throws LustreException EEXIST when the root's {@code name} is another object; ENOTDIR-like
     *     misuse is the OSD's; EROFS on a read-only device that lacks the file
     */
    static OsdObject findOrCreate(OsdDevice dev, Fid fid, String name, ObjectFormat format) throws LustreException {
        OsdObject o = dev.find(fid);
        try (OsdObject root = dev.find(dev.rootFid())) {
            DirectoryIndex dir = root.indexTry(IndexFeatures.DIRECTORY);
            var entry = dir.lookup(name);
            if (entry.isPresent() && !entry.get().fid().equals(fid)) {
                throw new LustreException(Errno.EEXIST, "'" + name + "' in the OSD root of " + dev.name() + " is "
                        + entry.get().fid() + ", not " + fid);
            }
            if (o.exists() && entry.isPresent()) {
                return o;
            }
            // seq_store_init / fld_index_init: la_mode = S_IFREG | 0666
            LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0666);
            AllocationHint hint = AllocationHint.parent(dev.rootFid());
            try (Transaction th = dev.transCreate()) {
                if (!o.exists()) {
                    o.declareCreate(attr, hint, format, th);
                }
                if (entry.isEmpty()) {
                    dir.declareInsert(name, th);
                }
                th.startLocal();
                if (!o.exists()) {
                    o.create(attr, hint, format, th);
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
