package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_rec_hdr} (16 bytes) and {@code struct llog_rec_tail} (8 bytes), which
 * open and close every llog record (reference 4.1). A record is {@code lrh_len} bytes, a
 * multiple of 8 and at least {@link #MIN_REC_SIZE}; its tail repeats the length and index.
 *
 * <pre>
 * header: 0 lrh_len, 4 lrh_index, 8 lrh_type, 12 lrh_id
 * tail (at lrh_len - 8): 0 lrt_len, 4 lrt_index
 * </pre>
 *
 * @param len {@code lrh_len}
 * @param index {@code lrh_index}
 * @param type {@code lrh_type}
 * @param id {@code lrh_id}
 */
public record LlogRecordHeader(int len, int index, int type, int id) {

    /** Size of {@code llog_rec_hdr}. */
    public static final int SIZE = 16;
    /** Size of {@code llog_rec_tail}. */
    public static final int TAIL_SIZE = 8;
    /** {@code LLOG_MIN_REC_SIZE}: a header and a tail. */
    public static final int MIN_REC_SIZE = SIZE + TAIL_SIZE;
    /** Offset of {@code lrh_len}. */
    public static final int OFF_LEN = 0;
    /** Offset of {@code lrh_index}. */
    public static final int OFF_INDEX = 4;
    /** Offset of {@code lrh_type}. */
    public static final int OFF_TYPE = 8;
    /** Offset of {@code lrh_id}. */
    public static final int OFF_ID = 12;
    /** Offset of {@code lrt_len} within the tail. */
    public static final int OFF_TAIL_LEN = 0;
    /** Offset of {@code lrt_index} within the tail. */
    public static final int OFF_TAIL_INDEX = 4;

    /** Reads the 16-byte header at {@code offset}. */
    public static LlogRecordHeader read(MemorySegment src, long offset) {
        return new LlogRecordHeader(src.get(Le.U32, offset + OFF_LEN), src.get(Le.U32, offset + OFF_INDEX),
                src.get(Le.U32, offset + OFF_TYPE), src.get(Le.U32, offset + OFF_ID));
    }

    /** Writes a 16-byte header at {@code offset}. */
    public static void write(MemorySegment dst, long offset, int len, int index, int type, int id) {
        dst.set(Le.U32, offset + OFF_LEN, len);
        dst.set(Le.U32, offset + OFF_INDEX, index);
        dst.set(Le.U32, offset + OFF_TYPE, type);
        dst.set(Le.U32, offset + OFF_ID, id);
    }

    /** Writes the tail of a record that starts at {@code offset}: {@code lrt_len}, {@code lrt_index}. */
    public static void writeTail(MemorySegment dst, long offset, int len, int index) {
        dst.set(Le.U32, offset + len - TAIL_SIZE + OFF_TAIL_LEN, len);
        dst.set(Le.U32, offset + len - TAIL_SIZE + OFF_TAIL_INDEX, index);
    }

    /** {@code lrt_len} of the record of length {@code len} at {@code offset}. */
    public static int tailLen(MemorySegment src, long offset, int len) {
        return src.get(Le.U32, offset + len - TAIL_SIZE + OFF_TAIL_LEN);
    }

    /** {@code lrt_index} of the record of length {@code len} at {@code offset}. */
    public static int tailIndex(MemorySegment src, long offset, int len) {
        return src.get(Le.U32, offset + len - TAIL_SIZE + OFF_TAIL_INDEX);
    }
}
