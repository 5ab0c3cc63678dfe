package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * Writing a local handle's header to its object: the whole chunk, or only what an append or a
 * single cancel changes (the fixed fields, one bitmap word, the tail), as
 * {@code llog_osd_write_rec} does in lustre/obdclass/llog_osd.c.
 *
 * <p>Locking: {@link #writeBits} writes from buffers of this writer (one per handle), so its
 * callers hold the handle's write lock; {@link #writeWhole} allocates its own.
 */
final class LlogHeaderWriter {

    private final LlogHandle h;
    /** The header parts {@link #writeBits} writes; used under the handle's write lock. */
    private final MemorySegment headerFixed = MemorySegment.ofArray(new byte[LlogHeader.FIXED_SIZE]);
    private final MemorySegment headerWord = MemorySegment.ofArray(new byte[4]);
    private final MemorySegment headerTail = MemorySegment.ofArray(new byte[LlogRecordHeader.TAIL_SIZE]);

    /** Only keeps {@code h}: the handle builds this while it is itself being built. */
    LlogHeaderWriter(LlogHandle h) {
        this.h = h;
    }

    /** Writes the whole chunk-size header as the handle holds it. */
    void writeWhole(Transaction th) throws LustreException {
        LlogHeader hdr = h.header();
        MemorySegment buf = MemorySegment.ofArray(new byte[hdr.chunkSize()]);
        hdr.write(buf);
        h.object().body().writeRecord(0, buf, th);
    }

    /**
     * Writes the fixed part of the header and the bitmap word of {@code index} (and the tail
     * when {@code withTail}), as an append or a single cancel updates it; under the handle's
     * write lock.
     */
    void writeBits(int index, boolean withTail, Transaction th) throws LustreException {
        LlogHeader hdr = h.header();
        MemorySegment fixed = headerFixed;
        hdr.writeFixed(fixed);
        h.object().body().writeRecord(0, fixed, th);
        MemorySegment word = headerWord;
        word.set(Le.U32, 0, hdr.bitmapWord(index));
        h.object().body().writeRecord(hdr.bitmapWordOffset(index), word, th);
        if (withTail) {
            MemorySegment tail = headerTail;
            tail.set(Le.U32, LlogRecordHeader.OFF_TAIL_LEN, hdr.tailLen());
            tail.set(Le.U32, LlogRecordHeader.OFF_TAIL_INDEX, hdr.lastIndex());
            h.object().body().writeRecord(hdr.tailOffset(), tail, th);
        }
    }

    /**
     * Rewrites the whole header in its own local transaction; like the handle's
     * {@code writeHeader} always has, it takes no handle or object lock.
     */
    void writeWholeLocal() throws LustreException {
        try (Transaction th = h.context().device().transCreate()) {
            h.declareWrite(Llog.HEADER_IDX, th);
            th.startLocal();
            writeWhole(th);
        }
    }
}
