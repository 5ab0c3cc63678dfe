package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_gen_rec} (64 bytes, {@link LlogRecType#LLOG_GEN_REC}): a generation
 * marker, as OSP sync logs start with and as llog_test 3a fills a fixed-size log with.
 *
 * <pre>
 *  0  16  lgr_hdr
 * 16   8  lgr_gen.mnt_cnt
 * 24   8  lgr_gen.conn_cnt
 * 32   8  padding1
 * 40   8  padding2
 * 48   8  padding3
 * 56   8  lgr_tail
 * </pre>
 *
 * @param id {@code lrh_id}
 * @param mountCount {@code mnt_cnt}
 * @param connectionCount {@code conn_cnt}
 * @param padding1 {@code padding1}
 * @param padding2 {@code padding2}
 * @param padding3 {@code padding3}
 */
public record GenRecord(int id, long mountCount, long connectionCount, long padding1, long padding2, long padding3)
        implements LlogRecord {

    /** {@code sizeof(struct llog_gen_rec)}. */
    public static final int SIZE = 64;
    /** Offset of {@code lgr_gen.mnt_cnt}. */
    public static final int OFF_MNT_CNT = 16;
    /** Offset of {@code lgr_gen.conn_cnt}. */
    public static final int OFF_CONN_CNT = 24;
    /** Offset of {@code padding1}. */
    public static final int OFF_PADDING1 = 32;
    /** Offset of {@code padding2}. */
    public static final int OFF_PADDING2 = 40;
    /** Offset of {@code padding3}. */
    public static final int OFF_PADDING3 = 48;
    /** Offset of {@code lgr_tail}. */
    public static final int OFF_TAIL = 56;

    /** A record with zero paddings. */
    public GenRecord(int id, long mountCount, long connectionCount) {
        this(id, mountCount, connectionCount, 0, 0, 0);
    }

    @Override
    public int type() {
        return LlogRecType.LLOG_GEN_REC;
    }

    @Override
    public int length() {
        return SIZE;
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        long base = offset - LlogRecordHeader.SIZE;
        dst.asSlice(offset, SIZE - RecordCodec.OVERHEAD).fill((byte) 0);
        dst.set(Le.U64, base + OFF_MNT_CNT, mountCount);
        dst.set(Le.U64, base + OFF_CONN_CNT, connectionCount);
        dst.set(Le.U64, base + OFF_PADDING1, padding1);
        dst.set(Le.U64, base + OFF_PADDING2, padding2);
        dst.set(Le.U64, base + OFF_PADDING3, padding3);
    }

    /** Decodes one whole 64-byte record. */
    public static GenRecord decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.fixed(rec, LlogRecType.LLOG_GEN_REC, "llog_gen_rec", SIZE);
        return new GenRecord(h.id(), RecordCodec.u64(rec, OFF_MNT_CNT), RecordCodec.u64(rec, OFF_CONN_CNT),
                RecordCodec.u64(rec, OFF_PADDING1), RecordCodec.u64(rec, OFF_PADDING2), RecordCodec.u64(rec, OFF_PADDING3));
    }
}
