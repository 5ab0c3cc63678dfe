package org.jlustre.wire.ost;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct ost_lvb} (56 bytes, lustre_idl.h): the lock value block of an OST extent lock,
 * how a client learns an object's size and times from a glimpse or a lock. Peers that did not
 * negotiate OBD_CONNECT_LVB_TYPE get the first 40 bytes ({@code struct ost_lvb_v1},
 * {@code ofd_lvbo_size}). An error travels in {@code lvb_blocks} as {@link #ERR_INIT} + rc.
 *
 * <pre>
 *   0 8 lvb_size        32 8 lvb_blocks
 *   8 8 lvb_mtime       40 4 lvb_mtime_ns
 *  16 8 lvb_atime       44 4 lvb_atime_ns
 *  24 8 lvb_ctime       48 4 lvb_ctime_ns
 *                       52 4 lvb_padding
 * </pre>
 *
 * @param size object size
 * @param mtime seconds
 * @param atime seconds
 * @param ctime seconds
 * @param blocks 512-byte blocks
 * @param mtimeNs nanoseconds of mtime
 * @param atimeNs nanoseconds of atime
 * @param ctimeNs nanoseconds of ctime
 */
public record OstLvb(long size, long mtime, long atime, long ctime, long blocks, int mtimeNs, int atimeNs,
        int ctimeNs) {

    /** {@code sizeof(struct ost_lvb)}. */
    public static final int SIZE = 56;
    /** {@code sizeof(struct ost_lvb_v1)}: the form without nanoseconds. */
    public static final int SIZE_V1 = 40;
    /** Offset of {@code lvb_size}. */
    public static final int OFF_SIZE = 0;
    /** Offset of {@code lvb_mtime}. */
    public static final int OFF_MTIME = 8;
    /** Offset of {@code lvb_atime}. */
    public static final int OFF_ATIME = 16;
    /** Offset of {@code lvb_ctime}. */
    public static final int OFF_CTIME = 24;
    /** Offset of {@code lvb_blocks}. */
    public static final int OFF_BLOCKS = 32;
    /** Offset of {@code lvb_mtime_ns}. */
    public static final int OFF_MTIME_NS = 40;
    /** Offset of {@code lvb_atime_ns}. */
    public static final int OFF_ATIME_NS = 44;
    /** Offset of {@code lvb_ctime_ns}. */
    public static final int OFF_CTIME_NS = 48;
    /** Offset of {@code lvb_padding}. */
    public static final int OFF_PADDING = 52;
    /** {@code OST_LVB_ERR_INIT}: lvb_blocks = this + rc says the LVB is an error. */
    public static final long ERR_INIT = 0xffbadbad80000000L;
    /** {@code OST_LVB_ERR_MASK}. */
    public static final long ERR_MASK = 0xffbadbad00000000L;

    /** An LVB standing for the error {@code rc} (negative errno), as {@code OST_LVB_SET_ERR} builds it. */
    public static OstLvb error(int rc) {
        return new OstLvb(0, 0, 0, 0, ERR_INIT + rc, 0, 0, 0);
    }

    /** True if {@link #blocks} carries an error ({@code OST_LVB_IS_ERR}). */
    public boolean isError() {
        return (blocks & ERR_MASK) == ERR_MASK;
    }

    /** The error an error LVB carries ({@code OST_LVB_GET_ERR}). */
    public int errorRc() {
        return (int) (blocks - ERR_INIT);
    }

    /** Writes {@code length} bytes ({@link #SIZE} or {@link #SIZE_V1}) little-endian at {@code offset}. */
    public void write(MemorySegment dst, long offset, int length) {
        if (length != SIZE && length != SIZE_V1) {
            throw new IllegalArgumentException("ost_lvb is " + SIZE + " or " + SIZE_V1 + " bytes, not " + length);
        }
        dst.set(Le.U64, offset + OFF_SIZE, size);
        dst.set(Le.U64, offset + OFF_MTIME, mtime);
        dst.set(Le.U64, offset + OFF_ATIME, atime);
        dst.set(Le.U64, offset + OFF_CTIME, ctime);
        dst.set(Le.U64, offset + OFF_BLOCKS, blocks);
        if (length == SIZE) {
            dst.set(Le.U32, offset + OFF_MTIME_NS, mtimeNs);
            dst.set(Le.U32, offset + OFF_ATIME_NS, atimeNs);
            dst.set(Le.U32, offset + OFF_CTIME_NS, ctimeNs);
            dst.set(Le.U32, offset + OFF_PADDING, 0);
        }
    }

    /** Reads an LVB of {@code length} bytes (56 or 40; nanoseconds 0 in the short form). */
    public static OstLvb read(MemorySegment src, long offset, int length, boolean swab) {
        if (length != SIZE && length != SIZE_V1) {
            throw new IllegalArgumentException("ost_lvb is " + SIZE + " or " + SIZE_V1 + " bytes, not " + length);
        }
        var u32 = swab ? Be.U32 : Le.U32;
        var u64 = swab ? Be.U64 : Le.U64;
        boolean full = length == SIZE;
        return new OstLvb(src.get(u64, offset + OFF_SIZE), src.get(u64, offset + OFF_MTIME),
                src.get(u64, offset + OFF_ATIME), src.get(u64, offset + OFF_CTIME), src.get(u64, offset + OFF_BLOCKS),
                full ? src.get(u32, offset + OFF_MTIME_NS) : 0, full ? src.get(u32, offset + OFF_ATIME_NS) : 0,
                full ? src.get(u32, offset + OFF_CTIME_NS) : 0);
    }
}
