package org.jlustre.fuse.lowlevel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * NUL-terminated C strings as bytes, never decoded: names on Linux are byte strings and a
 * name that is not valid UTF-8 must reach the servers as it is.
 */
final class CStrings {

    /** Longer than any name, path (PATH_MAX 4096) or xattr name the kernel passes. */
    static final int MAX = 64 * 1024;

    private CStrings() {
    }

    /** The bytes of the C string at {@code pointer}, without its NUL. */
    static byte[] bytes(MemorySegment pointer) {
        MemorySegment s = pointer.reinterpret(MAX);
        long n = 0;
        while (s.get(ValueLayout.JAVA_BYTE, n) != 0) {
            n++;
            if (n == MAX) {
                throw new IllegalArgumentException("C string at " + pointer + " has no NUL in " + MAX + " bytes");
            }
        }
        return s.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    /** A NUL-terminated copy of {@code bytes} in {@code arena}. */
    static MemorySegment allocate(Arena arena, byte[] bytes) {
        MemorySegment s = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return s;
    }
}
