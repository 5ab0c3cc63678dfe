package org.jlustre.ost;

import java.lang.foreign.MemorySegment;
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
import org.jlustre.wire.Le;

/**
 * One object sequence of an OST and its {@code LAST_ID} object ({@code struct ofd_seq},
 * {@code ofd_seq_load}, lustre/ofd/ofd_fs.c): the object {@code [seq:0:0]} (for the legacy
 * group 0 the IDIF FID {@code [0x100000000 | idx<<16 : 0 : 0]}) holding the last object id
 * created, a u64 little-endian. A missing one is created (S_IFREG 0644) holding 0, one of size 0
 * is initialised to 0, one of 8 bytes is read, and any other size is refused as corrupt rather
 * than trusted.
 *
 * <p>The last id and every change of it are guarded by this object's monitor, which is also the
 * sequence's create lock ({@code os_create_lock}): precreate, orphan destroy and the last id
 * readers serialize on it.
 */
final class OfdSeq {

    /** The u64 of a {@code LAST_ID}. */
    static final int LAST_ID_SIZE = 8;

    /** The sequence (0 for the legacy group and every IDIF sequence, as {@code ostid_seq} folds them). */
    private final long seq;
    /** The {@code LAST_ID} object's FID. */
    private final Fid lastIdFid;
    /** The OSD. */
    private final OsdDevice osd;
    /** The last object id created; guarded by this. */
    private long lastId;

    private OfdSeq(long seq, Fid lastIdFid, OsdDevice osd, long lastId) {
        this.seq = seq;
        this.lastIdFid = lastIdFid;
        this.osd = osd;
        this.lastId = lastId;
    }

    /** The FID of sequence {@code seq}'s {@code LAST_ID} on the OST of index {@code ostIndex}. */
    static Fid lastIdFid(long seq, int ostIndex) {
        return seq == Fid.SEQ_OST_MDT0 ? Fid.idif(0, ostIndex) : new Fid(seq, Fid.LASTID_OID, 0);
    }

    /**
     * Loads (creating it if missing) the {@code LAST_ID} of {@code seq} ({@code ofd_seq_load}).
     *
     * @throws LustreException EINVAL naming the size of a corrupt {@code LAST_ID}
     */
    static OfdSeq load(OsdDevice osd, String ofdName, long seq, int ostIndex) throws LustreException {
        Fid fid = lastIdFid(seq, ostIndex);
        try (OsdObject o = osd.find(fid)) {
            if (!o.exists()) {
                LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644).valid(LuAttr.LA_MODE | LuAttr.LA_TYPE);
                MemorySegment zero = MemorySegment.ofArray(new byte[LAST_ID_SIZE]);
                try (Transaction th = osd.transCreate()) {
                    o.declareCreate(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                    o.body().declareWrite(0, LAST_ID_SIZE, th);
                    th.startLocal();
                    o.create(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                    o.body().writeRecord(0, zero, th);
                }
                return new OfdSeq(seq, fid, osd, 0);
            }
            long size = o.attrGet().size();
            if (size == 0) {
                try (Transaction th = osd.transCreate()) {
                    o.body().declareWrite(0, LAST_ID_SIZE, th);
                    th.startLocal();
                    o.body().writeRecord(0, MemorySegment.ofArray(new byte[LAST_ID_SIZE]), th);
                }
                return new OfdSeq(seq, fid, osd, 0);
            }
            if (size != LAST_ID_SIZE) {
                throw new LustreException(Errno.EINVAL, ofdName + ": corrupted size " + size + " LAST_ID " + fid
                        + " of seq 0x" + Long.toHexString(seq) + " (must be 0 or 8 bytes): not trusted");
            }
            MemorySegment b = MemorySegment.ofArray(new byte[LAST_ID_SIZE]);
            o.body().readRecord(0, b);
            return new OfdSeq(seq, fid, osd, b.get(Le.U64, 0));
        }
    }

    /** The sequence. */
    long seq() {
        return seq;
    }

    /** The {@code LAST_ID} object's FID. */
    Fid lastIdFid() {
        return lastIdFid;
    }

    /** The last object id created ({@code ofd_seq_last_oid}). */
    synchronized long lastId() {
        return lastId;
    }

    /** Sets the in-memory last id; caller holds this and writes it in its transaction. */
    void lastIdSet(long id) {
        assert Thread.holdsLock(this);
        lastId = id;
    }

    /** Declares the {@code LAST_ID} write in {@code th}. */
    void declareWrite(Transaction th) throws LustreException {
        try (OsdObject o = osd.find(lastIdFid)) {
            o.body().declareWrite(0, LAST_ID_SIZE, th);
        }
    }

    /**
     * Writes the in-memory last id to {@code LAST_ID} in {@code th} under the object's
     * {@code DT_LASTID} write lock, as {@code ofd_seq_last_oid_write} does; caller holds this.
     */
    void write(Transaction th) throws LustreException {
        assert Thread.holdsLock(this);
        MemorySegment b = MemorySegment.ofArray(new byte[LAST_ID_SIZE]);
        b.set(Le.U64, 0, lastId);
        try (OsdObject o = osd.find(lastIdFid)) {
            o.writeLock(ObjectRole.LASTID);
            try {
                o.body().writeRecord(0, b, th);
            } finally {
                o.writeUnlock();
            }
        }
    }

    /** Writes the in-memory last id in a transaction of its own, recorded by {@code rec}; caller holds this. */
    void writeAlone(TxnRecord rec) throws LustreException {
        try (Transaction th = osd.transCreate()) {
            declareWrite(th);
            rec.declare(th);
            th.start();
            write(th);
            rec.record(th);
        }
    }

    @Override
    public String toString() {
        return "seq 0x" + Long.toHexString(seq) + " LAST_ID " + lastIdFid;
    }
}
