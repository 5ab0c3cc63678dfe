package org.jlustre.wire.target;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.common.Utf8;

/**
 * The {@code __u8 uuid[40]} fields of last_rcvd, read as Lustre reads them ({@code %.40s},
 * {@code strcmp}): up to the first NUL or the end of the field, whichever comes first, so a
 * damaged field without a NUL still reads. Bytes that are not UTF-8 survive a round trip
 * ({@link Utf8}).
 */
final class FixedChars {

    private FixedChars() {
    }

    /** The bytes of the {@code size}-byte field at {@code offset} before its first NUL. */
    static byte[] raw(MemorySegment seg, long offset, int size) {
        int n = 0;
        while (n < size && seg.get(ValueLayout.JAVA_BYTE, offset + n) != 0) {
            n++;
        }
        byte[] b = new byte[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, b, 0, n);
        return b;
    }

    /** The field as a string. */
    static String get(MemorySegment seg, long offset, int size) {
        return Utf8.decode(raw(seg, offset, size));
    }

    /**
     * Writes {@code s} NUL-padded into the field; Lustre's UUIDs ({@code UUID_MAX} 40) keep a NUL.
     *
     * @throws IllegalArgumentException when {@code s} needs {@code size} bytes or more, naming {@code field}
     */
    static void put(MemorySegment seg, long offset, int size, String s, String field) {
        byte[] b = Utf8.encode(s);
        if (b.length >= size) {
            throw new IllegalArgumentException(field + " '" + s + "' is " + b.length + " bytes, at most "
                    + (size - 1) + " fit");
        }
        seg.asSlice(offset, size).fill((byte) 0);
        MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, offset, b.length);
    }
}
