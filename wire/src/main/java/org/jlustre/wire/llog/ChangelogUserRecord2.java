package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_changelog_user_rec2} (80 bytes, {@link LlogRecType#CHANGELOG_USER_REC2}):
 * a changelog reader with its event mask and name.
 *
 * <pre>
 *  0  16  cur_hdr
 * 16   4  cur_id
 * 20   4  cur_time
 * 24   8  cur_endrec
 * 32   4  cur_mask
 * 36   4  cur_padding1
 * 40  16  cur_name      (CHANGELOG_USER_NAMELEN, NUL-terminated)
 * 56   8  cur_padding2
 * 64   8  cur_padding3
 * 72   8  cur_tail
 * </pre>
 *
 * @param id {@code lrh_id}
 * @param userId {@code cur_id}
 * @param time {@code cur_time}
 * @param endRecord {@code cur_endrec}
 * @param mask {@code cur_mask}, the changelog record types the user wants
 * @param name {@code cur_name}, at most 16 bytes
 * @param padding1 {@code cur_padding1}
 * @param padding2 {@code cur_padding2}
 * @param padding3 {@code cur_padding3}
 */
public record ChangelogUserRecord2(int id, int userId, int time, long endRecord, int mask, String name, int padding1,
        long padding2, long padding3) implements LlogRecord {

    /** {@code sizeof(struct llog_changelog_user_rec2)}. */
    public static final int SIZE = 80;
    /** {@code CHANGELOG_USER_NAMELEN}. */
    public static final int NAME_SIZE = 16;
    /** Offset of {@code cur_mask}. */
    public static final int OFF_MASK = 32;
    /** Offset of {@code cur_padding1}. */
    public static final int OFF_PADDING1 = 36;
    /** Offset of {@code cur_name}. */
    public static final int OFF_NAME = 40;
    /** Offset of {@code cur_padding2}. */
    public static final int OFF_PADDING2 = 56;
    /** Offset of {@code cur_padding3}. */
    public static final int OFF_PADDING3 = 64;
    /** Offset of {@code cur_tail}. */
    public static final int OFF_TAIL = 72;

    /** Validates the name's length. */
    public ChangelogUserRecord2 {
        RecordCodec.stringBytes(name, NAME_SIZE, "cur_name");
    }

    /** A record with zero paddings. */
    public ChangelogUserRecord2(int id, int userId, int time, long endRecord, int mask, String name) {
        this(id, userId, time, endRecord, mask, name, 0, 0, 0);
    }

    @Override
    public int type() {
        return LlogRecType.CHANGELOG_USER_REC2;
    }

    @Override
    public int length() {
        return SIZE;
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        long base = offset - LlogRecordHeader.SIZE;
        dst.asSlice(offset, SIZE - RecordCodec.OVERHEAD).fill((byte) 0);
        dst.set(Le.U32, base + ChangelogUserRecord.OFF_ID, userId);
        dst.set(Le.U32, base + ChangelogUserRecord.OFF_TIME, time);
        dst.set(Le.U64, base + ChangelogUserRecord.OFF_ENDREC, endRecord);
        dst.set(Le.U32, base + OFF_MASK, mask);
        RecordCodec.putString(dst, base + OFF_NAME, NAME_SIZE, name, "cur_name");
        dst.set(Le.U32, base + OFF_PADDING1, padding1);
        dst.set(Le.U64, base + OFF_PADDING2, padding2);
        dst.set(Le.U64, base + OFF_PADDING3, padding3);
    }

    /** Decodes one whole 80-byte record. */
    public static ChangelogUserRecord2 decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.fixed(rec, LlogRecType.CHANGELOG_USER_REC2, "llog_changelog_user_rec2", SIZE);
        return new ChangelogUserRecord2(h.id(), RecordCodec.u32(rec, ChangelogUserRecord.OFF_ID),
                RecordCodec.u32(rec, ChangelogUserRecord.OFF_TIME), RecordCodec.u64(rec, ChangelogUserRecord.OFF_ENDREC),
                RecordCodec.u32(rec, OFF_MASK), RecordCodec.string(rec, OFF_NAME, NAME_SIZE),
                RecordCodec.u32(rec, OFF_PADDING1), RecordCodec.u64(rec, OFF_PADDING2), RecordCodec.u64(rec, OFF_PADDING3));
    }
}
