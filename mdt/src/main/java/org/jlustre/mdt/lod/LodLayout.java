package org.jlustre.mdt.lod;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;
import org.jlustre.wire.mdt.LovMdsMd;
import org.jlustre.wire.mdt.LovOstData;
import org.jlustre.wire.mdt.LovUserMd;

/**
 * What LOD checks and builds of the wire layouts ({@link LovUserMd} requests and directory
 * defaults, {@link LovMdsMd} stored layouts): the checks of {@code lod_verify_striping} on a
 * request (magic, pattern, stripe size, count) and the file's {@code trusted.lov} as
 * {@code lod_gen_component_ea} writes it.
 */
final class LodLayout {

    /** {@code LOV_MAX_STRIPE_SIZE}: under 4 GiB, a multiple of 64 KiB. */
    static final long MAX_STRIPE_SIZE = (1L << 32) - LovMdsMd.LOV_MIN_STRIPE_SIZE;
    /** {@code LOV_V1_INSANE_STRIPE_COUNT}. */
    static final int INSANE_STRIPE_COUNT = 65532;

    /**
     * One stripe's object.
     *
     * @param ostIndex {@code l_ost_idx}
     * @param object the object's FID ({@code l_ost_oi} through {@code ostid_to_fid})
     */
    record Stripe(int ostIndex, Fid object) {
    }

    private LodLayout() {
    }

    /**
     * A client's request or a directory's default, checked.
     *
     * @throws LustreException EINVAL naming the bad field (length, magic, pattern, stripe size
     *     or count); EOPNOTSUPP for composite, foreign and OST-list layouts, which this LOD
     *     does not build
     */
    static LovUserMd request(byte[] b, String what) throws LustreException {
        if (b.length >= 4) {
            int magic = MemorySegment.ofArray(b).get(Le.U32, 0);
            if (magic == LovMdsMd.LOV_MAGIC_COMP_V1 || magic == LovMdsMd.LOV_MAGIC_FOREIGN
                    || magic == LovMdsMd.LOV_MAGIC_SPECIFIC) {
                throw new LustreException(Errno.EOPNOTSUPP, what + ": layout magic 0x" + Integer.toHexString(magic)
                        + " (composite, foreign or OST list) is not supported, only plain v1/v3");
            }
        }
        LovUserMd u;
        try {
            u = LovUserMd.parse(b);
        } catch (LustreException e) {
            throw new LustreException(e.errno(), what + ": " + e.getMessage(), e);
        }
        if (u.pattern() != LovMdsMd.LOV_PATTERN_NONE && u.pattern() != LovMdsMd.LOV_PATTERN_RAID0
                && u.pattern() != LovMdsMd.LOV_PATTERN_DEFAULT) {
            throw new LustreException(Errno.EINVAL, what + ": stripe pattern 0x" + Integer.toHexString(u.pattern())
                    + " is not RAID0");
        }
        long size = Integer.toUnsignedLong(u.stripeSize());
        if (size % LovMdsMd.LOV_MIN_STRIPE_SIZE != 0 || size > MAX_STRIPE_SIZE) {
            throw new LustreException(Errno.EINVAL, what + ": stripe size " + size + " is not a multiple of "
                    + LovMdsMd.LOV_MIN_STRIPE_SIZE + " up to " + MAX_STRIPE_SIZE);
        }
        if (u.stripeCount() > INSANE_STRIPE_COUNT && u.stripeCount() != LovMdsMd.LOV_ALL_STRIPES) {
            throw new LustreException(Errno.EINVAL, what + ": stripe count " + u.stripeCount() + " is insane (max "
                    + INSANE_STRIPE_COUNT + ")");
        }
        return u;
    }

    /** The pool of a request, or null. */
    static String pool(LovUserMd u) {
        return u == null || u.poolName().isEmpty() ? null : u.poolName();
    }

    /** The {@code trusted.lov} of file {@code file}: v1, or v3 with {@code pool}; layout generation 0. */
    static byte[] forFile(Fid file, long stripeSize, String pool, List<Stripe> stripes) {
        List<LovOstData> objs = new ArrayList<>(stripes.size());
        for (Stripe s : stripes) {
            objs.add(LovOstData.of(s.object(), s.ostIndex()));
        }
        return LovMdsMd.raid0(file, (int) stripeSize, 0, pool, objs).toBytes();
    }

    /**
     * The stripes of a stored {@code trusted.lov}.
     *
     * @throws LustreException EINVAL for a layout that does not parse or names a bad object
     */
    static List<Stripe> stripes(byte[] ea, String what) throws LustreException {
        LovMdsMd m;
        try {
            m = LovMdsMd.parse(ea);
        } catch (LustreException e) {
            throw new LustreException(e.errno(), what + ": " + e.getMessage(), e);
        }
        List<Stripe> out = new ArrayList<>(m.objects().size());
        for (LovOstData o : m.objects()) {
            try {
                out.add(new Stripe(o.ostIndex(), o.oi().toFid(o.ostIndex())));
            } catch (LustreException e) {
                throw new LustreException(Errno.EINVAL, what + ": stripe on OST " + o.ostIndex() + ": "
                        + e.getMessage(), e);
            }
        }
        return out;
    }
}
