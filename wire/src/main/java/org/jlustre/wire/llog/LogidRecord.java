package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct llog_logid_rec} (64 bytes, {@link LlogRecType#LLOG_LOGID_MAGIC}): a catalog's
 * entry naming one of its plain logs.
 *
 * <pre>
 *  0  16  lid_hdr
 * 16  20  lid_id        (llog_logid)
 * 36   4  lid_padding1
 * 40   8  lid_padding2
 * 48   8  lid_padding3
 * 56   8  lid_tail
 * </pre>
 *
 * @param id {@code lrh_id}
 * @param logid the plain log's id
 * @param padding1 {@code lid_padding1}, 0 as Lustre writes it
 * @param padding2 {@code lid_padding2}
 * @param padding3 {@code lid_padding3}
 */
public record LogidRecord(int id, LlogLogid logid, int padding1, long padding2, long padding3) implements LlogRecord {

    /** {@code sizeof(struct llog_logid_rec)}. */
    public static final int SIZE = 64;
    /** Offset of {@code lid_id}. */
    public static final int OFF_LOGID = 16;
    /** Offset of {@code lid_padding1}. */
    public static final int OFF_PADDING1 = 36;
    /** Offset of {@code lid_padding2}. */
    public static final int OFF_PADDING2 = 40;
    /** Offset of {@code lid_padding3}. */
    public static final int OFF_PADDING3 = 48;
    /** Offset of {@code lid_tail}. */
    public static final int OFF_TAIL = 56;

    /** A record with zero paddings. */
    public LogidRecord(int id, LlogLogid logid) {
        this(id, logid, 0, 0, 0);
    }

    /** A catalog entry for {@code logid}, with {@code lrh_id} 0 as {@code llog_cat_new_log} writes it. */
    public static LogidRecord of(LlogLogid logid) {
        return new LogidRecord(0, logid);
    }

    @Override
    public int type() {
        return LlogRecType.LLOG_LOGID_MAGIC;
    }

    @Override
    public int length() {
        return SIZE;
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        dst.asSlice(offset, SIZE - RecordCodec.OVERHEAD).fill((byte) 0);
        long base = offset - LlogRecordHeader.SIZE;
        logid.write(dst, base + OFF_LOGID);
        RecordCodec.putPaddings(dst, base + OFF_PADDING1, padding1, padding2, padding3);
    }

    /** Decodes one whole 64-byte record. */
    public static LogidRecord decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.fixed(rec, LlogRecType.LLOG_LOGID_MAGIC, "llog_logid_rec", SIZE);
        return new LogidRecord(h.id(), LlogLogid.read(rec, OFF_LOGID), RecordCodec.u32(rec, OFF_PADDING1),
                RecordCodec.u64(rec, OFF_PADDING2), RecordCodec.u64(rec, OFF_PADDING3));
    }
}
