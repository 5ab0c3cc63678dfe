package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_changelog_user_rec} (40 bytes, {@link LlogRecType#CHANGELOG_USER_REC}):
 * a registered changelog reader and the last record it cleared.
 *
 * <pre>
 *  0  16  cur_hdr
 * 16   4  cur_id
 * 20   4  cur_time
 * 24   8  cur_endrec
 * 32   8  cur_tail
 * </pre>
 *
 * @param id {@code lrh_id}
 * @param userId {@code cur_id}
 * @param time {@code cur_time}, seconds, for relative comparisons only
 * @param endRecord {@code cur_endrec}
 */
public record ChangelogUserRecord(int id, int userId, int time, long endRecord) implements LlogRecord {

    /** {@code sizeof(struct llog_changelog_user_rec)}. */
    public static final int SIZE = 40;
    /** Offset of {@code cur_id}. */
    public static final int OFF_ID = 16;
    /** Offset of {@code cur_time}. */
    public static final int OFF_TIME = 20;
    /** Offset of {@code cur_endrec}. */
    public static final int OFF_ENDREC = 24;
    /** Offset of {@code cur_tail}. */
    public static final int OFF_TAIL = 32;

    @Override
    public int type() {
        return LlogRecType.CHANGELOG_USER_REC;
    }

    @Override
    public int length() {
        return SIZE;
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        long base = offset - LlogRecordHeader.SIZE;
        dst.set(Le.U32, base + OFF_ID, userId);
        dst.set(Le.U32, base + OFF_TIME, time);
        dst.set(Le.U64, base + OFF_ENDREC, endRecord);
    }

    /** Decodes one whole 40-byte record. */
    public static ChangelogUserRecord decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.fixed(rec, LlogRecType.CHANGELOG_USER_REC, "llog_changelog_user_rec", SIZE);
        return new ChangelogUserRecord(h.id(), RecordCodec.u32(rec, OFF_ID), RecordCodec.u32(rec, OFF_TIME),
                RecordCodec.u64(rec, OFF_ENDREC));
    }
}
