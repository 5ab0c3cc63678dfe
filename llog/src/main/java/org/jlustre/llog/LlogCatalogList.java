package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.llog.LlogCatid;

/**
 * The CATALOGS file: a flat array of {@code llog_catid} (32 bytes each) indexed by slot, the
 * logid of the catalog each user (an OSP per OST on an MDT) keeps its records in
 * ({@code llog_osd_get_cat_list}, {@code llog_osd_put_cat_list} in lustre/obdclass/llog_osd.c;
 * reference 4.9). It lives at {@code [0x200000001:0x1016:0x0]} (LLOG_CATALOGS_OID).
 */
public final class LlogCatalogList {

    /** {@code LLOG_CATALOGS_OID}. */
    public static final int CATALOGS_OID = 4118;
    /** The file's FID. */
    public static final Fid FID = Fid.localFile(CATALOGS_OID);

    private LlogCatalogList() {
    }

    /**
     * How many entries the file holds (its size over 32), creating it empty (S_IFREG 0644, in
     * a synchronous transaction) when it does not exist.
     *
     * @throws LustreException ENOENT when the object is not a regular file
     */
    public static int count(OsdDevice dev) throws LustreException {
        try (OsdObject o = findOrCreate(dev, FID)) {
            return (int) (o.attrGet().size() / LlogCatid.SIZE);
        }
    }

    /**
     * Entries {@code idx} to {@code idx + count - 1}; slots past the end of the file, or in a
     * hole, read as zero ids (an OST index never used), like the C code's zero-filled array.
     */
    public static List<LlogCatid> read(OsdDevice dev, int idx, int count) throws LustreException {
        return read(dev, FID, idx, count);
    }

    /**
     * As {@link #read(OsdDevice, int, int)} from the catalog list at {@code fid}: the update logs'
     * lists live at {@code [FID_SEQ_UPDATE_LOG:index:0]} ({@code lod_sub_prep_llog}).
     */
    public static List<LlogCatid> read(OsdDevice dev, Fid fid, int idx, int count) throws LustreException {
        if (idx < 0 || count < 0) {
            throw new LustreException(Errno.EINVAL, "bad catalog list range: index " + idx + " count " + count);
        }
        MemorySegment buf = MemorySegment.ofArray(new byte[count * LlogCatid.SIZE]);
        try (OsdObject o = findOrCreate(dev, fid)) {
            long off = (long) idx * LlogCatid.SIZE;
            long size = o.attrGet().size();
            if (size > off) {
                o.body().read(off, buf.asSlice(0, Math.min(buf.byteSize(), size - off)));
            }
        }
        List<LlogCatid> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(LlogCatid.read(buf, (long) i * LlogCatid.SIZE));
        }
        return ids;
    }

    /**
     * Writes {@code ids} from slot {@code idx} on, in one synchronous local transaction.
     *
     * @throws LustreException ENOENT when the file does not exist or is not a regular file
     */
    public static void write(OsdDevice dev, int idx, List<LlogCatid> ids) throws LustreException {
        write(dev, FID, idx, ids);
    }

    /** As {@link #write(OsdDevice, int, List)} to the catalog list at {@code fid}. */
    public static void write(OsdDevice dev, Fid fid, int idx, List<LlogCatid> ids) throws LustreException {
        if (idx < 0) {
            throw new LustreException(Errno.EINVAL, "bad catalog list index " + idx);
        }
        MemorySegment buf = MemorySegment.ofArray(new byte[ids.size() * LlogCatid.SIZE]);
        for (int i = 0; i < ids.size(); i++) {
            ids.get(i).write(buf, (long) i * LlogCatid.SIZE);
        }
        try (OsdObject o = dev.find(fid)) {
            if (!o.exists()) {
                throw new LustreException(Errno.ENOENT, "no CATALOGS file " + fid + " on " + dev.name());
            }
            requireRegular(dev, o);
            long off = (long) idx * LlogCatid.SIZE;
            try (Transaction th = dev.transCreate()) {
                th.setSync(true);
                o.body().declareWrite(off, buf.byteSize(), th);
                th.startLocal();
                o.body().writeRecord(off, buf, th);
            }
        }
    }

    private static OsdObject findOrCreate(OsdDevice dev, Fid fid) throws LustreException {
        OsdObject o = dev.find(fid);
        try {
            if (!o.exists()) {
                LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644);
                try (Transaction th = dev.transCreate()) {
                    th.setSync(true);
                    o.declareCreate(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                    th.startLocal();
                    o.writeLock(ObjectRole.SRC_CHILD);
                    try {
                        if (!o.exists()) {
                            o.create(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                        }
                    } finally {
                        o.writeUnlock();
                    }
                }
            }
            requireRegular(dev, o);
            return o;
        } catch (LustreException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    private static void requireRegular(OsdDevice dev, OsdObject o) throws LustreException {
        int mode = o.attrGet().mode();
        if ((mode & FileMode.S_IFMT) != FileMode.S_IFREG) {
            throw new LustreException(Errno.ENOENT, dev.name() + ": CATALOGS is not a regular file!: mode = "
                    + Integer.toOctalString(mode));
        }
    }
}
