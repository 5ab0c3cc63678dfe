package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;

/**
 * A padding record ({@link LlogRecType#LLOG_PAD_MAGIC}): fills the end of a chunk so that no
 * record crosses it (reference 4.4 step 3, {@code llog_osd_pad}). It uses an index but its
 * bitmap bit is never set; its body is left unwritten, so it reads as zeros.
 *
 * @param length the record length, at least {@link LlogRecordHeader#MIN_REC_SIZE}, a multiple of 8
 * @param id {@code lrh_id}, 0 as Lustre writes it
 */
public record PadRecord(int length, int id) implements LlogRecord {

    /** Validates the length. */
    public PadRecord {
        if (length < LlogRecordHeader.MIN_REC_SIZE || length % 8 != 0) {
            throw new IllegalArgumentException("padding record length " + length + " is not a multiple of 8 >= "
                    + LlogRecordHeader.MIN_REC_SIZE);
        }
    }

    /** A padding record of {@code length} bytes, as {@code llog_osd_pad} writes it. */
    public static PadRecord of(int length) {
        return new PadRecord(length, 0);
    }

    @Override
    public int type() {
        return LlogRecType.LLOG_PAD_MAGIC;
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        dst.asSlice(offset, length - RecordCodec.OVERHEAD).fill((byte) 0);
    }

    /** Decodes one whole padding record; its body is not looked at. */
    public static PadRecord decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.header(rec, LlogRecType.LLOG_PAD_MAGIC, "llog padding",
                LlogRecordHeader.MIN_REC_SIZE);
        return new PadRecord(h.len(), h.id());
    }
}
