package org.jlustre.llog.reader;

import java.nio.charset.StandardCharsets;

/**
 * The llog file as {@code llog_reader} holds it: one malloc'd buffer that it reads through
 * casts and writes into (it marks unset records {@code CANCELLED} and NUL-terminates config
 * strings in place). Addresses are file offsets.
 *
 * <p>llog_reader trusts the lengths, counts and offsets in the file, so a damaged file makes
 * it read outside its buffer, which C leaves undefined. This model makes that deterministic:
 * one page ({@link #GUARD} bytes) on each side of the buffer reads as zeros and takes writes,
 * as heap memory around a small buffer would; anything further out, and any use of a NULL
 * pointer, is a segmentation fault ({@link ProcessCrash}).
 */
final class ReaderMemory {

    /** Bytes of readable memory modelled on each side of the file's buffer. */
    static final int GUARD = 4096;
    /** A NULL pointer: every access through it (at any small offset) faults. */
    static final long NULL = Long.MIN_VALUE / 2;

    private final byte[] heap;
    private final long size;

    /** A buffer holding a copy of {@code file}. */
    ReaderMemory(byte[] file) {
        heap = new byte[file.length + 2 * GUARD];
        System.arraycopy(file, 0, heap, GUARD, file.length);
        size = file.length;
    }

    /** The file's size, {@code st_size}. */
    long size() {
        return size;
    }

    /** The array index of {@code addr}, or a fault when {@code len} bytes there are not modelled. */
    private int at(long addr, int len) {
        if (addr < -GUARD || addr > size + GUARD - len) {
            throw ProcessCrash.segv();
        }
        return (int) (addr + GUARD);
    }

    /** An unsigned byte. */
    int u8(long addr) {
        return heap[at(addr, 1)] & 0xff;
    }

    /** A little-endian u16. */
    int u16(long addr) {
        int i = at(addr, 2);
        return (heap[i] & 0xff) | (heap[i + 1] & 0xff) << 8;
    }

    /** A little-endian u32, as Java's int (signed view of the same bits). */
    int u32(long addr) {
        int i = at(addr, 4);
        return (heap[i] & 0xff) | (heap[i + 1] & 0xff) << 8 | (heap[i + 2] & 0xff) << 16 | (heap[i + 3] & 0xff) << 24;
    }

    /** A little-endian u32 as an unsigned value. */
    long u32u(long addr) {
        return Integer.toUnsignedLong(u32(addr));
    }

    /** A little-endian u64. */
    long u64(long addr) {
        at(addr, 8);
        return u32u(addr) | (long) u32(addr + 4) << 32;
    }

    /** A big-endian u32 ({@code ntohl} of a network-order word). */
    int be32(long addr) {
        return Integer.reverseBytes(u32(addr));
    }

    /** Stores a byte. */
    void putU8(long addr, int value) {
        heap[at(addr, 1)] = (byte) value;
    }

    /** Stores a little-endian u32. */
    void putU32(long addr, int value) {
        int i = at(addr, 4);
        heap[i] = (byte) value;
        heap[i + 1] = (byte) (value >>> 8);
        heap[i + 2] = (byte) (value >>> 16);
        heap[i + 3] = (byte) (value >>> 24);
    }

    /** The NUL-terminated string at {@code addr}, a byte per char, as {@code printf("%s")} reads it. */
    String cString(long addr) {
        return cString(addr, -1);
    }

    /**
     * The string {@code printf("%.*s", precision, addr)} prints: at most {@code precision}
     * bytes up to the first NUL; a negative precision means none. Nothing is read for 0.
     */
    String cString(long addr, int precision) {
        StringBuilder sb = new StringBuilder();
        for (long i = 0; precision < 0 || i < precision; i++) {
            int c = u8(addr + i);
            if (c == 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** The bytes a string built of {@link #cString} chars stands for. */
    static byte[] bytes(String cString) {
        return cString.getBytes(StandardCharsets.ISO_8859_1);
    }
}
