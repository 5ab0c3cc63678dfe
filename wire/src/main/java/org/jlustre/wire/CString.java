package org.jlustre.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.common.Utf8;

/**
 * Fixed-size, NUL-padded C string fields ({@code char name[64]}) as Lustre structures hold
 * them: written with at least one NUL, read strictly (a field with no NUL is malformed, as
 * the MGS's checks on {@code mgs_target_info} names treat it).
 */
public final class CString {

    private CString() {
    }

    /**
     * The string in the {@code size}-byte field at {@code offset}, up to its first NUL.
     *
     * @throws IllegalArgumentException when the field holds no NUL (the string would be
     *     {@code size} bytes or longer), naming {@code field}
     */
    public static String get(MemorySegment seg, long offset, int size, String field) {
        for (int i = 0; i < size; i++) {
            if (seg.get(ValueLayout.JAVA_BYTE, offset + i) == 0) {
                byte[] b = new byte[i];
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, b, 0, i);
                return Utf8.decode(b);
            }
        }
        throw new IllegalArgumentException(field + " is not NUL-terminated within its " + size + " bytes");
    }

    /**
     * Writes {@code s} into the {@code size}-byte field at {@code offset}, NUL-padded.
     *
     * @throws IllegalArgumentException when {@code s} needs {@code size} bytes or more
     */
    public static void put(MemorySegment seg, long offset, int size, String s, String field) {
        byte[] b = bytes(s, size, field);
        seg.asSlice(offset, size).fill((byte) 0);
        MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, offset, b.length);
    }

    /** The UTF-8 bytes of {@code s}, checked to leave room for the NUL of a {@code size}-byte field. */
    public static byte[] bytes(String s, int size, String field) {
        byte[] b = Utf8.encode(s);
        if (b.length >= size) {
            throw new IllegalArgumentException(field + " '" + s + "' is " + b.length + " bytes, at most "
                    + (size - 1) + " fit");
        }
        return b;
    }
}
