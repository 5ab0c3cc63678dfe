package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogCookie;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * Writing records to a local llog ({@code llog_osd_declare_write_rec} and
 * {@code llog_osd_write_rec} in lustre/obdclass/llog_osd.c; reference 4.4): appending with
 * the chunk padding rule, header first and record after, and rewriting a record's body in
 * place. {@link LlogHandle} checks the handle is local before it calls in.
 *
 * <p>Locking: an append or a rewrite holds the handle's write lock ({@code lgh_lock}) and the
 * object's dt write lock from the header update to the record write; the methods taking a
 * {@link Transaction} of their own, or none, take both, the {@code do*} ones assume them.
 */
final class LlogRecordWriter {

    /** lgc_subsys of records the MDS writes for OSTs ({@code LLOG_MDS_OST_ORIG_CTXT}). */
    static final int LLOG_MDS_OST_ORIG_CTXT = 2;
    /** lgc_subsys of size-change records ({@code LLOG_SIZE_ORIG_CTXT}). */
    static final int LLOG_SIZE_ORIG_CTXT = 4;

    private final LlogHandle h;
    /** Writes the header an append changes. */
    private final LlogHeaderWriter headerWriter;

    /** Only keeps its arguments: the handle builds this while it is itself being built. */
    LlogRecordWriter(LlogHandle h, LlogHeaderWriter headerWriter) {
        this.h = h;
        this.headerWriter = headerWriter;
    }

    /**
     * Declares an append ({@link Llog#NEXT_IDX}) or a rewrite of record {@code idx}
     * ({@code llog_osd_declare_write_rec}): the header chunk, and but for the header two
     * chunks from the object's end.
     */
    void declareWrite(int idx, Transaction th) throws LustreException {
        OsdObject obj = h.object();
        obj.body().declareWrite(0, h.context().chunkSize(), th);
        if (idx != Llog.HEADER_IDX) {
            obj.body().declareWrite(Math.max(0, obj.exists() ? h.size() : 0), 2L * h.context().chunkSize(), th);
        }
    }

    /** Appends a record in its own local transaction and returns its index. */
    int appendLocal(MemorySegment record) throws LustreException {
        try (Transaction th = h.context().device().transCreate()) {
            h.declareWrite(Llog.NEXT_IDX, th);
            th.startLocal();
            return append(record, th).index();
        }
    }

    /** Appends a record in the caller's transaction, taking the handle's and the object's write locks. */
    LlogCookie append(MemorySegment record, Transaction th) throws LustreException {
        h.lock.writeLock().lock();
        h.object().writeLock(ObjectRole.SRC_CHILD);
        try {
            return doAppend(record, th);
        } finally {
            h.object().writeUnlock();
            h.lock.writeLock().unlock();
        }
    }

    /**
     * Checks a record against the log before it is written: the log exists, {@code lrh_len}
     * matches the record and is 8-byte aligned, and a chunk can hold it with room for a pad.
     *
     * @return the record's length
     */
    private int checkRecord(MemorySegment record) throws LustreException {
        h.requireHeader();
        if (!h.exists()) {
            throw new LustreException(Errno.ENOENT, h.describe() + " does not exist");
        }
        if (record.byteSize() < LlogRecordHeader.MIN_REC_SIZE) {
            throw new LustreException(Errno.EINVAL, "llog record of " + record.byteSize() + " bytes for "
                    + h.describe());
        }
        int reclen = record.get(Le.U32, LlogRecordHeader.OFF_LEN);
        if (reclen != record.byteSize() || reclen % 8 != 0 || reclen < LlogRecordHeader.MIN_REC_SIZE) {
            throw new LustreException(Errno.EINVAL, "llog record lrh_len " + reclen + " for a record of "
                    + record.byteSize() + " bytes (" + h.describe() + ")");
        }
        LlogHeader hdr = h.header();
        if (reclen > hdr.chunkSize()) {
            throw new LustreException(Errno.E2BIG, "llog record of " + reclen + " bytes is larger than the chunk of "
                    + h.describe());
        }
        if (reclen < hdr.chunkSize() && reclen > hdr.chunkSize() - LlogRecordHeader.MIN_REC_SIZE) {
            // it would leave 8 or 16 bytes of a chunk, too few for a padding record
            // (llog_osd_pad asserts len >= LLOG_MIN_REC_SIZE)
            throw new LustreException(Errno.EINVAL, "llog record of " + reclen + " bytes would leave "
                    + (hdr.chunkSize() - reclen) + " bytes of a " + hdr.chunkSize() + "-byte chunk, too few to pad ("
                    + h.describe() + ")");
        }
        return reclen;
    }

    /**
     * The append path of {@code llog_osd_write_rec} (reference 4.4), under the handle's and the
     * object's write locks: pad to the chunk's end when the record would not fit, take the next
     * index (a full catalog wraps), update the header, then write the record.
     *
     * <p>A failure after the index was taken leaves the log as Lustre's error path does: the
     * bit cleared and {@code llh_count} back, {@code lgh_last_idx} one lower (so a pad written
     * before keeps its index, and the next record does not take it again), the header's tail
     * index equal to it, {@code llh_size} as the append set it. What was written stays written,
     * as it does in Lustre's transaction.
     */
    private LlogCookie doAppend(MemorySegment record, Transaction th) throws LustreException {
        int reclen = checkRecord(record);
        LlogHeader hdr = h.header();
        int chunk = hdr.chunkSize();
        boolean fixsize = (hdr.flags() & LlogFlags.IS_FIXSIZE) != 0;
        if (fixsize && reclen != hdr.size()) {
            throw new LustreException(Errno.EINVAL, "record of " + reclen + " bytes in fixed-size " + h.describe()
                    + " of " + hdr.size() + "-byte records");
        }
        long size = h.size();
        long offset = size;
        long maxSize = h.maxSize();
        if (maxSize > 0 && offset >= maxSize) {
            h.setLastIndex(hdr.bitmapBits() - 1); // signal that this log is full
            throw new LustreException(Errno.ENOSPC, h.describe() + " is too large: " + offset + " >= " + maxSize);
        }
        boolean bitSet = false;
        int left = chunk - (int) (offset & (chunk - 1));
        if (!fixsize && left != 0 && left != reclen && left < reclen + LlogRecordHeader.MIN_REC_SIZE) {
            writePad(offset, left, h.lastIndex() + 1, th);
            offset += left;
            h.setLastIndex(h.lastIndex() + 1);
        }
        if (h.isFull()) {
            if ((hdr.flags() & LlogFlags.IS_CAT) == 0) {
                throw new LustreException(Errno.ENOSPC, h.describe() + " is full at index " + h.lastIndex());
            }
            h.setLastIndex(0); // a catalog wraps around
        }
        int index = h.lastIndex() + 1;
        h.setLastIndex(index);
        try {
            hdr.setLastIndex(index);
            LlogRecordHeader.write(record, 0, reclen, index, record.get(Le.U32, LlogRecordHeader.OFF_TYPE),
                    record.get(Le.U32, LlogRecordHeader.OFF_ID));
            LlogRecordHeader.writeTail(record, 0, reclen, index);
            if (!hdr.set(index)) {
                throw new IllegalStateException("index " + index + " already set in the bitmap of " + h.describe());
            }
            bitSet = true;
            hdr.setCount(hdr.count() + 1);
            if (!fixsize && (hdr.size() == 0 || reclen < hdr.size())) {
                hdr.setSize(reclen);
            }
            if (size == 0) {
                headerWriter.writeWhole(th);
            } else {
                headerWriter.writeBits(index, true, th);
            }
            pauseForTest();
            // a new log's first record follows the header just written
            long at = fixsize ? chunk + (long) (index - 1) * reclen : size == 0 ? chunk : offset;
            h.object().body().writeRecord(at, record, th);
        } catch (LustreException | RuntimeException e) {
            undoAppend(index, bitSet);
            throw e;
        }
        return new LlogCookie(h.logid(), subsystemOf(record.get(Le.U32, LlogRecordHeader.OFF_TYPE)), index);
    }

    /**
     * The {@code out:} path of {@code llog_osd_write_rec} for a local object, once {@code index}
     * was taken: clear its bit (if set) and count it out, step {@code lgh_last_idx} back by one
     * (to {@code LLOG_HDR_BITMAP_SIZE - 1} when that undoes a catalog's wrap to index 1), and
     * make the header's tail index agree; {@code llh_size} keeps the minimum the append set.
     */
    private void undoAppend(int index, boolean bitSet) {
        LlogHeader hdr = h.header();
        if (bitSet) {
            hdr.clear(index);
            hdr.setCount(hdr.count() - 1);
        }
        int last = h.lastIndex() - 1;
        if (last == 0 && (hdr.flags() & LlogFlags.IS_CAT) != 0 && hdr.catIdx() != 0) {
            last = hdr.bitmapBits() - 1; // the catalog had just wrapped around
        }
        h.setLastIndex(last);
        hdr.setLastIndex(last);
    }

    /** The {@code lgc_subsys} a cookie of a record of {@code type} carries; -1 for none. */
    private static int subsystemOf(int type) {
        if (type == LlogRecType.MDS_UNLINK_REC || type == LlogRecType.MDS_SETATTR64_REC) {
            return LLOG_MDS_OST_ORIG_CTXT;
        }
        return type == LlogRecType.OST_SZ_REC ? LLOG_SIZE_ORIG_CTXT : -1;
    }

    /**
     * The OBD_FAIL_LLOG_PROCESS_TIMEOUT pause of {@code llog_osd_write_rec}: while it is set
     * with {@code fail_val} equal to this log's oid, an append sleeps a second after updating
     * the header and before writing the record (llog test 10h).
     */
    private void pauseForTest() {
        FailLoc fl = h.context().libcfs().failLoc();
        if (fl.precheck(Llog.OBD_FAIL_LLOG_PROCESS_TIMEOUT) && fl.val() == h.object().fid().oid()) {
            fl.race(Llog.OBD_FAIL_LLOG_PROCESS_TIMEOUT);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code llog_osd_pad}: a padding record of {@code len} bytes, index set, bit not set. */
    private void writePad(long offset, int len, int index, Transaction th) throws LustreException {
        MemorySegment pad = MemorySegment.ofArray(new byte[len]);
        LlogRecordHeader.write(pad, 0, len, index, LlogRecType.LLOG_PAD_MAGIC, 0);
        LlogRecordHeader.writeTail(pad, 0, len, index);
        h.object().body().writeRecord(offset, pad, th);
    }

    /** Rewrites record {@code idx}'s body in its own local transaction, taking both write locks. */
    void modifyLocal(MemorySegment record, int idx) throws LustreException {
        try (Transaction th = h.context().device().transCreate()) {
            h.declareWrite(idx, th);
            th.startLocal();
            h.lock.writeLock().lock();
            h.object().writeLock(ObjectRole.SRC_CHILD);
            try {
                doModify(record, idx, th);
            } finally {
                h.object().writeUnlock();
                h.lock.writeLock().unlock();
            }
        }
    }

    /**
     * The in-place path of {@code llog_osd_write_rec}, under the handle's and the object's
     * write locks: the body only, at the offset a fixed-size log computes or processing is on.
     */
    private void doModify(MemorySegment record, int idx, Transaction th) throws LustreException {
        int reclen = checkRecord(record);
        LlogHeader hdr = h.header();
        if (!hdr.isSet(idx)) {
            throw new LustreException(Errno.ENOENT, h.describe() + ": modify unset record " + idx);
        }
        int recIndex = record.get(Le.U32, LlogRecordHeader.OFF_INDEX);
        if (idx != recIndex) {
            throw new LustreException(Errno.EFAULT, h.describe() + ": modify index mismatch " + idx + " " + recIndex);
        }
        long offset;
        if ((hdr.flags() & LlogFlags.IS_FIXSIZE) != 0) {
            offset = hdr.chunkSize() + (long) (idx - 1) * reclen;
        } else if (h.currentIndex() == idx && h.currentIndex() > 0) {
            offset = h.currentOffset();
        } else {
            throw new LustreException(Errno.EFAULT, h.describe() + ": can't get record offset, idx:" + idx + ", len:"
                    + reclen);
        }
        int bodyLen = reclen - LlogRecordHeader.SIZE - LlogRecordHeader.TAIL_SIZE;
        h.object().body().writeRecord(offset + LlogRecordHeader.SIZE, record.asSlice(LlogRecordHeader.SIZE, bodyLen),
                th);
    }
}
