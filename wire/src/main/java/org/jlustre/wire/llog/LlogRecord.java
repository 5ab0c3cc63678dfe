package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;

/**
 * The body of one llog record of a known layout (reference 4.1; the {@code llog_*_rec} structs
 * of include/uapi/linux/lustre/lustre_idl.h). A record on disk is a {@link LlogRecordHeader}
 * (16 bytes), the body, and the 8-byte tail repeating length and index; its length is a
 * multiple of 8. A value of this type carries everything but the index, which the log assigns
 * when the record is appended, so the same value can be written at any index.
 *
 * <p>Decoding is strict: {@link LlogRecords#decode} and each type's {@code decode} take the
 * bytes of exactly one whole record and throw {@link IllegalArgumentException} naming the bad
 * field when they do not hold that type's layout. Types this package does not know decode to
 * {@link UnknownRecord}, keeping the body.
 */
public sealed interface LlogRecord permits PadRecord, ConfigRecord, LogidRecord, UnlinkRecord, Unlink64Record,
        Setattr64Record, Setattr64V2Record, SizeChangeRecord, ChangelogRecord, ChangelogUserRecord,
        ChangelogUserRecord2, GenRecord, AgentRequestRecord, UpdateRecord, UnknownRecord {

    /** {@code lrh_type}, one of {@link LlogRecType}. */
    int type();

    /** {@code lrh_id}: unused by most types; OSP sync and changelog records number themselves with it. */
    int id();

    /** {@code lrh_len}: the whole record, header and tail included, a multiple of 8. */
    int length();

    /**
     * Writes the body, the {@code length() - 24} bytes between header and tail, at
     * {@code offset}; bytes the layout leaves unused (paddings) are written as zeros.
     */
    void writeBody(MemorySegment dst, long offset);

    /** Writes the whole record, header and tail with {@code index}, at {@code offset}. */
    default void encode(MemorySegment dst, long offset, int index) {
        int len = length();
        dst.asSlice(offset, len).fill((byte) 0);
        LlogRecordHeader.write(dst, offset, len, index, type(), id());
        writeBody(dst, offset + LlogRecordHeader.SIZE);
        LlogRecordHeader.writeTail(dst, offset, len, index);
    }

    /** The whole record with {@code index}, as {@code llog_write_rec} puts it on disk. */
    default byte[] encode(int index) {
        byte[] bytes = new byte[length()];
        encode(MemorySegment.ofArray(bytes), 0, index);
        return bytes;
    }
}
