package org.jlustre.llog;

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
 * Named local objects a server keeps on its own OSD ({@code local_file_find_or_create} and
 * {@code local_index_find_or_create}, lustre/obdclass/local_storage.c): looked up by name in
 * a directory and, when missing, created with a FID of {@code FID_SEQ_LOCAL_NAME} and inserted
 * in one local transaction. The MGS's CONFIGS and NIDTBL_VERSIONS, the MGC's local CONFIGS and
 * the llog test suite's directory are made this way.
 */
public final class LocalFiles {

    private LocalFiles() {
    }

    /**
     * The FID of {@code name} in directory {@code parent}, creating it with {@code mode} and
     * {@code format} (a directory gets the parent's link count raised) when it is not there.
     */
    public static Fid findOrCreate(OsdDevice dev, Fid parent, String name, int mode, ObjectFormat format)
            throws LustreException {
        try (OsdObject dir = dev.find(parent)) {
            DirectoryIndex index = dir.indexTry(IndexFeatures.DIRECTORY);
            var existing = index.lookup(name);
            if (existing.isPresent()) {
                return existing.get().fid();
            }
            boolean isDir = format.type() == ObjectFormat.Type.DIR;
            try (LocalOidStorage los = LocalOidStorage.open(dev, Fid.SEQ_LOCAL_NAME);
                    OsdObject o = dev.find(los.generate())) {
                LuAttr attr = new LuAttr().mode(mode);
                AllocationHint hint = AllocationHint.parent(parent);
                try (Transaction th = dev.transCreate()) {
                    o.declareCreate(attr, hint, format, th);
                    los.declareUpdate(th);
                    index.declareInsert(name, th);
                    if (isDir) {
                        dir.declareRefAdd(th);
                    }
                    th.startLocal();
                    o.create(attr, hint, format, th);
                    los.update(th);
                    index.insert(name, o.fid(), mode & FileMode.S_IFMT, th);
                    if (isDir) {
                        dir.refAdd(th);
                    }
                }
                return o.fid();
            }
        }
    }
}
