package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.jlustre.wire.Le;

/** Checks and helpers the record decoders share; every failure names the struct and field. */
final class RecordCodec {

    private RecordCodec() {
    }

    /** Size of header plus tail: what a record's length adds to its body. */
    static final int OVERHEAD = LlogRecordHeader.SIZE + LlogRecordHeader.TAIL_SIZE;

    /**
     * Reads the header of the one record {@code rec} holds and checks that its {@code lrh_len}
     * is the segment's size, that its type is {@code type} and that it is at least
     * {@code minLength} bytes long.
     */
    static LlogRecordHeader header(MemorySegment rec, int type, String struct, int minLength) {
        if (rec.byteSize() < OVERHEAD) {
            throw new IllegalArgumentException(struct + ": " + rec.byteSize() + " bytes cannot hold a record header and tail");
        }
        LlogRecordHeader h = LlogRecordHeader.read(rec, 0);
        if (Integer.toUnsignedLong(h.len()) != rec.byteSize()) {
            throw new IllegalArgumentException(struct + ": lrh_len " + Integer.toUnsignedString(h.len())
                    + " is not the record's " + rec.byteSize() + " bytes");
        }
        if (h.type() != type) {
            throw new IllegalArgumentException(struct + ": lrh_type 0x" + Integer.toHexString(h.type())
                    + " is not 0x" + Integer.toHexString(type));
        }
        if (h.len() < minLength) {
            throw new IllegalArgumentException(struct + ": lrh_len " + h.len() + " is shorter than " + minLength);
        }
        return h;
    }

    /** As {@link #header}, for a fixed-size struct whose records are exactly {@code size} bytes. */
    static LlogRecordHeader fixed(MemorySegment rec, int type, String struct, int size) {
        LlogRecordHeader h = header(rec, type, struct, size);
        if (h.len() != size) {
            throw new IllegalArgumentException(struct + ": lrh_len " + h.len() + " is not " + size);
        }
        return h;
    }

    /** A NUL-terminated string in a char array of {@code max} bytes (the whole array if no NUL). */
    static String string(MemorySegment seg, long offset, int max) {
        int n = 0;
        while (n < max && seg.get(ValueLayout.JAVA_BYTE, offset + n) != 0) {
            n++;
        }
        return new String(seg.asSlice(offset, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** The UTF-8 bytes of {@code s} for a {@code max}-byte char array, which may be filled without a NUL. */
    static byte[] stringBytes(String s, int max, String field) {
        byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
        if (b.length > max) {
            throw new IllegalArgumentException(field + " '" + s + "' is " + b.length + " bytes, longer than " + max);
        }
        return b;
    }

    /** Writes {@code s} into a {@code max}-byte char array at {@code offset}, NUL-padded. */
    static void putString(MemorySegment seg, long offset, int max, String s, String field) {
        byte[] b = stringBytes(s, max, field);
        seg.asSlice(offset, max).fill((byte) 0);
        MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, offset, b.length);
    }

    /** Writes the u32, u64, u64 padding trio most 64-byte records end with, starting at {@code offset}. */
    static void putPaddings(MemorySegment seg, long offset, int padding1, long padding2, long padding3) {
        seg.set(Le.U32, offset, padding1);
        seg.set(Le.U64, offset + 4, padding2);
        seg.set(Le.U64, offset + 12, padding3);
    }

    /** A copy of {@code len} bytes at {@code offset}. */
    static byte[] bytes(MemorySegment seg, long offset, long len) {
        return seg.asSlice(offset, len).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Copies {@code b} to {@code offset}. */
    static void put(MemorySegment seg, long offset, byte[] b) {
        MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, offset, b.length);
    }

    /** The record length of a body of {@code bodyLength} bytes: header, body rounded to 8, tail. */
    static int recordLength(long bodyLength) {
        long len = OVERHEAD + ((bodyLength + 7) & ~7L);
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("record body of " + bodyLength + " bytes is too long for lrh_len");
        }
        return (int) len;
    }

    /** u32 little-endian. */
    static int u32(MemorySegment seg, long offset) {
        return seg.get(Le.U32, offset);
    }

    /** u64 little-endian. */
    static long u64(MemorySegment seg, long offset) {
        return seg.get(Le.U64, offset);
    }
}
