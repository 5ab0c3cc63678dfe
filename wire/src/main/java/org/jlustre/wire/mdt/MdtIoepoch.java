package org.jlustre.wire.mdt;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct mdt_ioepoch} (24 bytes, lustre_idl.h; wiretest.c {@code check_mdt_ioepoch}):
 * the first buffer of MDS_CLOSE, naming the open handle to close. The 2.8 SOM fields that
 * followed are unused and sent as zeroes.
 *
 * <pre>
 *  0 8 mio_open_handle   the cookie the open's reply gave in mbo_open_handle
 *  8 8 mio_unused1
 * 16 4 mio_unused2
 * 20 4 mio_padding
 * </pre>
 *
 * @param openHandle the open handle's cookie
 */
public record MdtIoepoch(long openHandle) {

    /** {@code sizeof(struct mdt_ioepoch)}. */
    public static final int SIZE = 24;
    /** Offset of {@code mio_open_handle}. */
    public static final int OFF_OPEN_HANDLE = 0;
    /** Offset of {@code mio_unused1}. */
    public static final int OFF_UNUSED1 = 8;
    /** Offset of {@code mio_unused2}. */
    public static final int OFF_UNUSED2 = 16;
    /** Offset of {@code mio_padding}. */
    public static final int OFF_PADDING = 20;

    /** Writes the 24 bytes little-endian at {@code offset}, unused fields zero. */
    public void write(MemorySegment dst, long offset) {
        dst.asSlice(offset, SIZE).fill((byte) 0);
        dst.set(Le.U64, offset + OFF_OPEN_HANDLE, openHandle);
    }

    /**
     * Reads 24 bytes at {@code offset}. The handle is an opaque cookie, never swabbed
     * ({@code lustre_swab_mdt_ioepoch} leaves it alone).
     *
     * @throws IndexOutOfBoundsException if fewer than 24 bytes follow {@code offset}
     */
    public static MdtIoepoch read(MemorySegment src, long offset) {
        return new MdtIoepoch(src.asSlice(offset, SIZE).get(Le.U64, OFF_OPEN_HANDLE));
    }
}
