package org.jlustre.mdt.osp;

import java.lang.foreign.MemorySegment;
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
import org.jlustre.wire.Le;

/**
 * The MDT's {@code lov_objid} and {@code lov_objseq} files: one little-endian u64 per OST index,
 * the last object id the MDT used on that OST and its sequence ({@code osp_init_last_objid},
 * {@code osp_init_last_seq}, {@code osp_write_last_oid_seq_files} in lustre/osp). They live in
 * the OSD root under those names with their fixed FIDs, as {@code local_file_find_or_create_with_fid}
 * makes them (S_IFREG 0644). A slot past the end of a file reads as 0: an OST never used.
 */
final class LastUsedFiles implements AutoCloseable {

    /** {@code MDD_LOV_OBJ_OID}. */
    static final Fid LOV_OBJID = Fid.localFile(8);
    /** {@code MDD_LOV_OBJ_OSEQ}. */
    static final Fid LOV_OBJSEQ = Fid.localFile(0x1019);
    /** {@code LOV_OBJID}. */
    static final String LOV_OBJID_NAME = "lov_objid";
    /** {@code LOV_OBJSEQ}. */
    static final String LOV_OBJSEQ_NAME = "lov_objseq";

    private final OsdObject objid;
    private final OsdObject objseq;

    private LastUsedFiles(OsdObject objid, OsdObject objseq) {
        this.objid = objid;
        this.objseq = objseq;
    }

    /** Opens both files on {@code dev}, creating them when missing. */
    static LastUsedFiles open(OsdDevice dev) throws LustreException {
        OsdObject id = findOrCreate(dev, LOV_OBJID, LOV_OBJID_NAME);
        try {
            return new LastUsedFiles(id, findOrCreate(dev, LOV_OBJSEQ, LOV_OBJSEQ_NAME));
        } catch (LustreException | RuntimeException e) {
            id.close();
            throw e;
        }
    }

    private static OsdObject findOrCreate(OsdDevice dev, Fid fid, String name) throws LustreException {
        OsdObject o = dev.find(fid);
        try {
            if (!o.exists()) {
                LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644);
                try (OsdObject root = dev.find(dev.rootFid())) {
                    DirectoryIndex dir = root.indexTry(IndexFeatures.DIRECTORY);
                    boolean named = dir.lookup(name).isPresent();
                    try (Transaction th = dev.transCreate()) {
                        o.declareCreate(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                        if (!named) {
                            dir.declareInsert(name, th);
                        }
                        th.startLocal();
                        o.create(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                        if (!named) {
                            dir.insert(name, fid, FileMode.S_IFREG, th);
                        }
                    }
                }
            }
            if ((o.attrGet().mode() & FileMode.S_IFMT) != FileMode.S_IFREG) {
                throw new LustreException(Errno.EINVAL, dev.name() + ": " + name + " " + fid + " is not a regular file");
            }
            return o;
        } catch (LustreException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    /** The last used object id of OST {@code index}, 0 when never written. */
    long readId(int index) throws LustreException {
        return readSlot(objid, index);
    }

    /** The sequence of OST {@code index}, 0 when never written. */
    long readSeq(int index) throws LustreException {
        return readSlot(objseq, index);
    }

    private static long readSlot(OsdObject o, int index) throws LustreException {
        long off = 8L * index;
        if (o.attrGet().size() < off + 8) {
            return 0;
        }
        MemorySegment b = MemorySegment.ofArray(new byte[8]);
        if (o.body().read(off, b) != 8) {
            return 0;
        }
        return b.get(Le.U64, 0);
    }

    /** Declares the write of OST {@code index}'s last used id. */
    void declareWriteId(int index, Transaction th) throws LustreException {
        objid.body().declareWrite(8L * index, 8, th);
    }

    /** Writes OST {@code index}'s last used id in {@code th}. */
    void writeId(int index, long id, Transaction th) throws LustreException {
        objid.body().writeRecord(8L * index, u64(id), th);
    }

    /** Writes OST {@code index}'s sequence in a local transaction of its own. */
    void writeSeq(int index, long seq) throws LustreException {
        try (Transaction th = objseq.device().transCreate()) {
            objseq.body().declareWrite(8L * index, 8, th);
            th.startLocal();
            objseq.body().writeRecord(8L * index, u64(seq), th);
        }
    }

    private static MemorySegment u64(long v) {
        MemorySegment b = MemorySegment.ofArray(new byte[8]);
        b.set(Le.U64, 0, v);
        return b;
    }

    @Override
    public void close() {
        objid.close();
        objseq.close();
    }
}
