package org.jlustre.wire.ost;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;

/**
 * {@code trusted.fid} of an OST object, {@code struct filter_fid} (lustre_user.h): which file
 * and stripe the object belongs to, so LFSCK and {@code ll_decode_filter_fid} can find its parent.
 * Always written in the current 52-byte packed form, little-endian; read in any form a Lustre
 * release wrote ({@code ofd_object_ff_load} needs at least 16 bytes):
 *
 * <pre>
 * 16 B  2.4-2.9   filter_fid_24_29: ff_parent
 * 32 B  1.8-2.3   filter_fid_18_23: ff_parent, ff_objid u64, ff_seq u64 (ids ignored here)
 * 44 B  2.10      filter_fid_210:   ff_parent, ff_layout (ost_layout, 28)
 * 52 B  2.11+     filter_fid:       ff_parent @0, ff_layout @16, ff_layout_version @44, ff_range @48
 * </pre>
 *
 * {@code ff_parent.f_ver} is the stripe index, not a version ({@code ofd_object_ff_update}).
 *
 * @param parent the MDT file's FID, its {@code ver} holding the stripe index
 * @param layout the layout, {@link OstLayout#NONE} in the forms without one
 * @param layoutVersion {@code ff_layout_version} (0 in older forms)
 * @param range {@code ff_range} (0 in older forms)
 */
public record FilterFid(Fid parent, OstLayout layout, int layoutVersion, int range) {

    /** Size of the current form. */
    public static final int SIZE = 52;
    /** Size of the 2.10 form. */
    public static final int SIZE_210 = 44;
    /** Size of the 1.8-2.3 form. */
    public static final int SIZE_18_23 = 32;
    /** Size of the 2.4-2.9 form. */
    public static final int SIZE_24_29 = 16;
    /** Offset of {@code ff_parent}. */
    public static final int OFF_PARENT = 0;
    /** Offset of {@code ff_layout}. */
    public static final int OFF_LAYOUT = 16;
    /** Offset of {@code ff_layout_version}. */
    public static final int OFF_LAYOUT_VERSION = 44;
    /** Offset of {@code ff_range}. */
    public static final int OFF_RANGE = 48;

    /** The stripe index (kept in {@code ff_parent.f_ver}). */
    public int stripeIndex() {
        return parent.ver();
    }

    /** The 52 encoded bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        MemorySegment s = MemorySegment.ofArray(b);
        parent.writeLE(s, OFF_PARENT);
        layout.write(s, OFF_LAYOUT);
        s.set(Le.U32, OFF_LAYOUT_VERSION, layoutVersion);
        s.set(Le.U32, OFF_RANGE, range);
        return b;
    }

    /**
     * Decodes a stored {@code trusted.fid} of any known size.
     *
     * @throws LustreException EINVAL naming the size when it is none of 16, 32, 44 or 52
     */
    public static FilterFid read(byte[] value) throws LustreException {
        MemorySegment s = MemorySegment.ofArray(value);
        int n = value.length;
        if (n != SIZE && n != SIZE_210 && n != SIZE_18_23 && n != SIZE_24_29) {
            throw new LustreException(Errno.EINVAL, "trusted.fid of " + n + " bytes is none of the filter_fid forms "
                    + "(16, 32, 44 or 52 bytes)");
        }
        Fid parent = Fid.readLE(s, OFF_PARENT);
        OstLayout layout = n >= SIZE_210 ? OstLayout.read(s, OFF_LAYOUT, false) : OstLayout.NONE;
        int lv = n == SIZE ? s.get(Le.U32, OFF_LAYOUT_VERSION) : 0;
        int range = n == SIZE ? s.get(Le.U32, OFF_RANGE) : 0;
        return new FilterFid(parent, layout, lv, range);
    }
}
