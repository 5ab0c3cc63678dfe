package org.jlustre.wire.ost;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct niobuf_remote} (16 bytes, lustre_idl.h): one contiguous byte range of an object
 * in a BRW. The client merges adjacent pages into one ({@code can_merge_pages}, osc_request.c);
 * the array is sorted by offset and never overlaps.
 *
 * <pre>
 *   0 8 rnb_offset   object byte offset
 *   8 4 rnb_len
 *  12 4 rnb_flags    OBD_BRW_* ({@link ObdBrw})
 * </pre>
 *
 * @param offset object byte offset
 * @param len bytes (unsigned 32-bit)
 * @param flags OBD_BRW_* bits
 */
public record NiobufRemote(long offset, int len, int flags) {

    /** {@code sizeof(struct niobuf_remote)}. */
    public static final int SIZE = 16;
    /** Offset of {@code rnb_offset}. */
    public static final int OFF_OFFSET = 0;
    /** Offset of {@code rnb_len}. */
    public static final int OFF_LEN = 8;
    /** Offset of {@code rnb_flags}. */
    public static final int OFF_FLAGS = 12;

    /** The length as an unsigned value. */
    public long length() {
        return Integer.toUnsignedLong(len);
    }

    /** One past the last byte (offset + length). */
    public long end() {
        return offset + length();
    }

    /** Writes the 16 bytes little-endian at {@code offset}. */
    public void write(MemorySegment dst, long at) {
        dst.set(Le.U64, at + OFF_OFFSET, offset);
        dst.set(Le.U32, at + OFF_LEN, len);
        dst.set(Le.U32, at + OFF_FLAGS, flags);
    }

    /** Reads 16 bytes at {@code at}, big-endian when {@code swab} ({@code lustre_swab_niobuf_remote}). */
    public static NiobufRemote read(MemorySegment src, long at, boolean swab) {
        var u32 = swab ? Be.U32 : Le.U32;
        var u64 = swab ? Be.U64 : Le.U64;
        return new NiobufRemote(src.get(u64, at + OFF_OFFSET), src.get(u32, at + OFF_LEN),
                src.get(u32, at + OFF_FLAGS));
    }
}
