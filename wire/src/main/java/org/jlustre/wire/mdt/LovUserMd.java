package org.jlustre.wire.mdt;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;

/**
 * {@code struct lov_user_md_v1/v3} (lustre_user.h): the striping a client asks for (an open
 * with {@link MdsOpenFlags#HAS_EA}, {@code lfs setstripe}, a directory's default), the same
 * header as {@link LovMdsMd} with {@code lmm_stripe_offset} where a layout has its generation.
 * Zero fields mean "the default": stripe size 0, stripe count 0, offset 0xffff (any OST).
 *
 * @param magic {@link LovMdsMd#LOV_MAGIC_V1} or {@link LovMdsMd#LOV_MAGIC_V3}
 * @param pattern {@code lmm_pattern} (0 or RAID0)
 * @param stripeSize bytes per stripe, 0 = default
 * @param stripeCount stripes, 0 = default, 0xffff = every OST
 * @param stripeOffset the first OST, 0xffff = any
 * @param poolName the pool (v3), "" for none
 */
public record LovUserMd(int magic, int pattern, int stripeSize, int stripeCount, int stripeOffset, String poolName) {

    /** Checks the magic, the 16-bit fields and the pool name. */
    public LovUserMd {
        if (magic != LovMdsMd.LOV_MAGIC_V1 && magic != LovMdsMd.LOV_MAGIC_V3) {
            throw new IllegalArgumentException("lov_user_md magic 0x" + Integer.toHexString(magic));
        }
        if ((stripeCount & ~0xffff) != 0 || (stripeOffset & ~0xffff) != 0) {
            throw new IllegalArgumentException("stripe count " + stripeCount + " / offset " + stripeOffset
                    + " beyond 16 bits");
        }
        poolName = poolName == null ? "" : poolName;
        if (poolName.getBytes(StandardCharsets.UTF_8).length > LovMdsMd.LOV_MAXPOOLNAME) {
            throw new IllegalArgumentException("pool name '" + poolName + "' longer than " + LovMdsMd.LOV_MAXPOOLNAME);
        }
        if (magic == LovMdsMd.LOV_MAGIC_V1 && !poolName.isEmpty()) {
            throw new IllegalArgumentException("a v1 lov_user_md has no pool ('" + poolName + "')");
        }
    }

    /** A RAID0 request, v3 when a pool is named (as {@code llapi_file_open_param} builds it). */
    public static LovUserMd of(int stripeSize, int stripeCount, int stripeOffset, String poolName) {
        boolean pool = poolName != null && !poolName.isEmpty();
        return new LovUserMd(pool ? LovMdsMd.LOV_MAGIC_V3 : LovMdsMd.LOV_MAGIC_V1, LovMdsMd.LOV_PATTERN_RAID0,
                stripeSize, stripeCount, stripeOffset, poolName);
    }

    /** The bytes: 32 (v1) or 48 (v3), {@code lmm_oi} zero. */
    public byte[] toBytes() {
        byte[] b = new byte[magic == LovMdsMd.LOV_MAGIC_V3 ? LovMdsMd.V3_SIZE : LovMdsMd.V1_SIZE];
        MemorySegment s = MemorySegment.ofArray(b);
        s.set(Le.U32, LovMdsMd.OFF_MAGIC, magic);
        s.set(Le.U32, LovMdsMd.OFF_PATTERN, pattern);
        s.set(Le.U32, LovMdsMd.OFF_STRIPE_SIZE, stripeSize);
        s.set(Le.U16, LovMdsMd.OFF_STRIPE_COUNT, (short) stripeCount);
        s.set(Le.U16, LovMdsMd.OFF_LAYOUT_GEN, (short) stripeOffset);
        byte[] pool = poolName.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(pool, 0, b, LovMdsMd.OFF_POOL_NAME, pool.length);
        return b;
    }

    /**
     * Parses a request's striping (the header; objects of a SPECIFIC request are not read).
     *
     * @throws LustreException EINVAL naming the field when shorter than its header or the magic
     *         is not v1/v3
     */
    public static LovUserMd parse(byte[] value) throws LustreException {
        if (value.length < LovMdsMd.V1_SIZE) {
            throw new LustreException(Errno.EINVAL, "lov_user_md of " + value.length + " bytes");
        }
        MemorySegment s = MemorySegment.ofArray(value);
        int magic = s.get(Le.U32, LovMdsMd.OFF_MAGIC);
        if (magic != LovMdsMd.LOV_MAGIC_V1 && magic != LovMdsMd.LOV_MAGIC_V3) {
            throw new LustreException(Errno.EINVAL, "lov_user_md magic 0x" + Integer.toHexString(magic));
        }
        if (magic == LovMdsMd.LOV_MAGIC_V3 && value.length < LovMdsMd.V3_SIZE) {
            throw new LustreException(Errno.EINVAL, "lov_user_md_v3 of " + value.length + " bytes");
        }
        String pool = magic == LovMdsMd.LOV_MAGIC_V3 ? LovMdsMd.poolName(value, LovMdsMd.OFF_POOL_NAME) : "";
        return new LovUserMd(magic, s.get(Le.U32, LovMdsMd.OFF_PATTERN), s.get(Le.U32, LovMdsMd.OFF_STRIPE_SIZE),
                Short.toUnsignedInt(s.get(Le.U16, LovMdsMd.OFF_STRIPE_COUNT)),
                Short.toUnsignedInt(s.get(Le.U16, LovMdsMd.OFF_LAYOUT_GEN)), pool);
    }
}
