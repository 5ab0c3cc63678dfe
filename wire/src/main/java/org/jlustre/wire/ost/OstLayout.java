package org.jlustre.wire.ost;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct ost_layout} (28 bytes packed, lustre_user.h): the part of a file's layout an
 * OST object keeps in {@code trusted.fid} (and receives in {@code obdo.o_layout} with
 * OBD_MD_FLOSTLAYOUT), so LFSCK can rebuild the layout from the objects.
 *
 * <pre>
 *   0 4 ol_stripe_size
 *   4 4 ol_stripe_count
 *   8 8 ol_comp_start
 *  16 8 ol_comp_end
 *  24 4 ol_comp_id
 * </pre>
 *
 * @param stripeSize bytes per stripe
 * @param stripeCount stripes of the component
 * @param compStart first byte of the PFL component
 * @param compEnd end of the PFL component (exclusive; ~0 = EOF)
 * @param compId the component's id
 */
public record OstLayout(int stripeSize, int stripeCount, long compStart, long compEnd, int compId) {

    /** {@code sizeof(struct ost_layout)}. */
    public static final int SIZE = 28;
    /** Offset of {@code ol_stripe_size}. */
    public static final int OFF_STRIPE_SIZE = 0;
    /** Offset of {@code ol_stripe_count}. */
    public static final int OFF_STRIPE_COUNT = 4;
    /** Offset of {@code ol_comp_start}. */
    public static final int OFF_COMP_START = 8;
    /** Offset of {@code ol_comp_end}. */
    public static final int OFF_COMP_END = 16;
    /** Offset of {@code ol_comp_id}. */
    public static final int OFF_COMP_ID = 24;

    /** The all-zero layout: "none sent". */
    public static final OstLayout NONE = new OstLayout(0, 0, 0, 0, 0);

    /** Writes the 28 bytes little-endian at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        dst.set(Le.U32, offset + OFF_STRIPE_SIZE, stripeSize);
        dst.set(Le.U32, offset + OFF_STRIPE_COUNT, stripeCount);
        dst.set(Le.U64, offset + OFF_COMP_START, compStart);
        dst.set(Le.U64, offset + OFF_COMP_END, compEnd);
        dst.set(Le.U32, offset + OFF_COMP_ID, compId);
    }

    /** Reads 28 bytes at {@code offset}, big-endian when {@code swab} ({@code lustre_swab_ost_layout}). */
    public static OstLayout read(MemorySegment src, long offset, boolean swab) {
        var u32 = swab ? Be.U32 : Le.U32;
        var u64 = swab ? Be.U64 : Le.U64;
        return new OstLayout(src.get(u32, offset + OFF_STRIPE_SIZE), src.get(u32, offset + OFF_STRIPE_COUNT),
                src.get(u64, offset + OFF_COMP_START), src.get(u64, offset + OFF_COMP_END),
                src.get(u32, offset + OFF_COMP_ID));
    }
}
