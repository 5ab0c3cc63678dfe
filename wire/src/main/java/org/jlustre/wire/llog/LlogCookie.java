package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_cookie} (36 bytes, packed): names one record of one log, as an append
 * returns it and a cancel takes it. Its first 20 bytes are a union of the log's id and, while
 * a log is processed, the record's file offset ({@code lgc_offset}).
 *
 * <pre>
 *  0  20  lgc_lgl      (union lgc_offset, 8 bytes)
 * 20   4  lgc_subsys
 * 24   4  lgc_index
 * 28   4  lgc_padding
 * </pre>
 *
 * @param logid {@code lgc_lgl}
 * @param subsys {@code lgc_subsys}
 * @param index {@code lgc_index}
 */
public record LlogCookie(LlogLogid logid, int subsys, int index) {

    /** {@code sizeof(struct llog_cookie)}. */
    public static final int SIZE = 36;
    /** Offset of {@code lgc_lgl} and {@code lgc_offset}. */
    public static final int OFF_LGL = 0;
    /** Offset of {@code lgc_subsys}. */
    public static final int OFF_SUBSYS = 20;
    /** Offset of {@code lgc_index}. */
    public static final int OFF_INDEX = 24;
    /** Offset of {@code lgc_padding}. */
    public static final int OFF_PADDING = 28;

    /** Writes the 36 bytes at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        dst.asSlice(offset, SIZE).fill((byte) 0);
        logid.write(dst, offset + OFF_LGL);
        dst.set(Le.U32, offset + OFF_SUBSYS, subsys);
        dst.set(Le.U32, offset + OFF_INDEX, index);
    }

    /** Reads 36 bytes at {@code offset}. */
    public static LlogCookie read(MemorySegment src, long offset) {
        return new LlogCookie(LlogLogid.read(src, offset + OFF_LGL), src.get(Le.U32, offset + OFF_SUBSYS),
                src.get(Le.U32, offset + OFF_INDEX));
    }
}
