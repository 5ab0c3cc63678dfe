package org.jlustre.mdt.lod;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;
import org.jlustre.wire.ost.OstId;

/**
 * A plain RAID0 layout as Lustre stores it in {@code trusted.lov} ({@code lov_mds_md_v1}, or
 * {@code lov_mds_md_v3} with a pool name) and as a client asks for it ({@code lov_user_md_v1/v3},
 * the same bytes with the stripe offset where the file's layout keeps its generation). Little
 * endian; a request in the other byte order is read swabbed ({@code lustre_swab_lov_user_md}).
 *
 * <pre>
 *  0  4  lmm_magic          0x0BD10BD0 (v1) / 0x0BD30BD0 (v3)
 *  4  4  lmm_pattern        LOV_PATTERN_RAID0 (1); 0 in a request: the default
 *  8 16  lmm_oi             the file's FID as {oi_id = oid, oi_seq = seq} (fid_to_lmm_oi)
 * 24  4  lmm_stripe_size
 * 28  2  lmm_stripe_count
 * 30  2  lmm_layout_gen     (a request or a directory default: lmm_stripe_offset)
 * 32 16  lmm_pool_name      (v3 only)
 * 32|48  lov_ost_data_v1[]  l_ost_oi (16, ost_id), l_ost_gen (4), l_ost_idx (4)
 * </pre>
 *
 * @param magic {@link #MAGIC_V1} or {@link #MAGIC_V3}
 * @param pattern {@code lmm_pattern}
 * @param oid the file's oid in {@code lmm_oi} (0 in a request)
 * @param seq the file's sequence in {@code lmm_oi}
 * @param stripeSize bytes, 0 for the default
 * @param stripeCount stripes, 0 for the default, {@link #STRIPE_ALL} for every OST
 * @param genOrOffset {@code lmm_layout_gen}, or in a request the first OST ({@link #OFFSET_ANY})
 * @param pool the pool name, or null
 * @param stripes the objects, empty in a request
 */
record LovEa(int magic, int pattern, long oid, long seq, long stripeSize, int stripeCount, int genOrOffset,
        String pool, List<Stripe> stripes) {

    /** {@code LOV_MAGIC_V1} = {@code LOV_USER_MAGIC_V1}. */
    static final int MAGIC_V1 = 0x0BD10BD0;
    /** {@code LOV_MAGIC_V3} = {@code LOV_USER_MAGIC_V3}. */
    static final int MAGIC_V3 = 0x0BD30BD0;
    /** {@code LOV_USER_MAGIC_SPECIFIC}. */
    static final int MAGIC_SPECIFIC = 0x0BD50BD0;
    /** {@code LOV_MAGIC_COMP_V1}. */
    static final int MAGIC_COMP_V1 = 0x0BD60BD0;
    /** {@code LOV_MAGIC_FOREIGN}. */
    static final int MAGIC_FOREIGN = 0x0BD70BD0;
    /** {@code LOV_PATTERN_RAID0}. */
    static final int PATTERN_RAID0 = 1;
    /** {@code LOV_MIN_STRIPE_SIZE}: stripe sizes are multiples of it. */
    static final long MIN_STRIPE_SIZE = 1L << 16;
    /** {@code LOV_MAX_STRIPE_SIZE}. */
    static final long MAX_STRIPE_SIZE = (1L << 32) - MIN_STRIPE_SIZE;
    /** {@code LOV_V1_INSANE_STRIPE_COUNT}. */
    static final int INSANE_STRIPE_COUNT = 65532;
    /** A stripe count of -1 as u16: every OST. */
    static final int STRIPE_ALL = 0xffff;
    /** A stripe offset of -1 as u16: any OST. */
    static final int OFFSET_ANY = 0xffff;
    /** {@code LOV_MAXPOOLNAME}. */
    static final int MAX_POOL_NAME = 15;
    /** Header size of v1. */
    static final int V1_SIZE = 32;
    /** Header size of v3. */
    static final int V3_SIZE = 48;
    /** {@code sizeof(struct lov_ost_data_v1)}. */
    static final int OST_DATA_SIZE = 24;

    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /**
     * One stripe's object.
     *
     * @param ostIndex {@code l_ost_idx}
     * @param object the object's FID ({@code l_ost_oi} through {@code ostid_to_fid})
     * @param gen {@code l_ost_gen}
     */
    record Stripe(int ostIndex, Fid object, int gen) {
    }

    LovEa {
        stripes = List.copyOf(stripes);
    }

    /** The layout stored for file {@code file}: v1, or v3 when {@code pool} is set. */
    static LovEa forFile(Fid file, long stripeSize, String pool, List<Stripe> stripes) {
        return new LovEa(pool == null ? MAGIC_V1 : MAGIC_V3, PATTERN_RAID0, file.oidUnsigned(), file.seq(), stripeSize,
                stripes.size(), 0, pool, stripes);
    }

    /** The bytes of this layout. */
    byte[] encode() {
        int head = magic == MAGIC_V3 ? V3_SIZE : V1_SIZE;
        byte[] b = new byte[head + OST_DATA_SIZE * stripes.size()];
        MemorySegment m = MemorySegment.ofArray(b);
        m.set(Le.U32, 0, magic);
        m.set(Le.U32, 4, pattern);
        m.set(Le.U64, 8, oid);
        m.set(Le.U64, 16, seq);
        m.set(Le.U32, 24, (int) stripeSize);
        m.set(Le.U16, 28, (short) stripeCount);
        m.set(Le.U16, 30, (short) genOrOffset);
        if (magic == MAGIC_V3 && pool != null) {
            byte[] p = pool.getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(p, 0, m, ValueLayout.JAVA_BYTE, V1_SIZE, p.length);
        }
        for (int i = 0; i < stripes.size(); i++) {
            Stripe s = stripes.get(i);
            long off = head + (long) OST_DATA_SIZE * i;
            OstId.of(s.object()).write(m, off);
            m.set(Le.U32, off + 16, s.gen());
            m.set(Le.U32, off + 20, s.ostIndex());
        }
        return b;
    }

    /**
     * Reads a layout: a stored {@code trusted.lov} ({@code withObjects}: its stripes must all be
     * there) or a request / directory default (objects ignored).
     *
     * @throws LustreException EINVAL naming the bad field (length, magic, pattern, stripe size,
     *     pool name); EOPNOTSUPP for composite, foreign and OST-list layouts
     */
    static LovEa decode(byte[] ea, boolean withObjects, String what) throws LustreException {
        if (ea.length < V1_SIZE) {
            throw new LustreException(Errno.EINVAL, what + ": " + ea.length + " bytes, shorter than lov_user_md_v1 ("
                    + V1_SIZE + ")");
        }
        MemorySegment m = MemorySegment.ofArray(ea);
        int magic = m.get(Le.U32, 0);
        boolean swab = false;
        if (magic != MAGIC_V1 && magic != MAGIC_V3 && (Integer.reverseBytes(magic) == MAGIC_V1
                || Integer.reverseBytes(magic) == MAGIC_V3)) {
            swab = true;
            magic = Integer.reverseBytes(magic);
        }
        if (magic == MAGIC_COMP_V1 || magic == MAGIC_FOREIGN || magic == MAGIC_SPECIFIC) {
            throw new LustreException(Errno.EOPNOTSUPP, what + ": layout magic 0x" + Integer.toHexString(magic)
                    + " (composite, foreign or OST list) is not supported, only plain v1/v3");
        }
        if (magic != MAGIC_V1 && magic != MAGIC_V3) {
            throw new LustreException(Errno.EINVAL, what + ": bad layout magic 0x" + Integer.toHexString(magic));
        }
        int head = magic == MAGIC_V3 ? V3_SIZE : V1_SIZE;
        if (ea.length < head) {
            throw new LustreException(Errno.EINVAL, what + ": " + ea.length + " bytes, shorter than lov_user_md_v3 ("
                    + V3_SIZE + ")");
        }
        int pattern = swab ? m.get(BE32, 4) : m.get(Le.U32, 4);
        long oid = swab ? m.get(BE64, 8) : m.get(Le.U64, 8);
        long seq = swab ? m.get(BE64, 16) : m.get(Le.U64, 16);
        long size = Integer.toUnsignedLong(swab ? m.get(BE32, 24) : m.get(Le.U32, 24));
        int count = Short.toUnsignedInt(swab ? m.get(BE16, 28) : m.get(Le.U16, 28));
        int gen = Short.toUnsignedInt(swab ? m.get(BE16, 30) : m.get(Le.U16, 30));
        if (pattern != 0 && pattern != PATTERN_RAID0) {
            throw new LustreException(Errno.EINVAL, what + ": stripe pattern 0x" + Integer.toHexString(pattern)
                    + " is not RAID0");
        }
        if (size % MIN_STRIPE_SIZE != 0 || size > MAX_STRIPE_SIZE) {
            throw new LustreException(Errno.EINVAL, what + ": stripe size " + size + " is not a multiple of "
                    + MIN_STRIPE_SIZE + " up to " + MAX_STRIPE_SIZE);
        }
        if (count > INSANE_STRIPE_COUNT && count != STRIPE_ALL) {
            throw new LustreException(Errno.EINVAL, what + ": stripe count " + count + " is insane (max "
                    + INSANE_STRIPE_COUNT + ")");
        }
        String pool = null;
        if (magic == MAGIC_V3) {
            int n = 0;
            while (n < 16 && ea[V1_SIZE + n] != 0) {
                n++;
            }
            if (n > MAX_POOL_NAME) {
                throw new LustreException(Errno.EINVAL, what + ": pool name not NUL-terminated within "
                        + (MAX_POOL_NAME + 1) + " bytes");
            }
            pool = n == 0 ? null : new String(ea, V1_SIZE, n, StandardCharsets.UTF_8);
        }
        List<Stripe> stripes = new ArrayList<>();
        if (withObjects) {
            long need = head + (long) OST_DATA_SIZE * count;
            if (count == STRIPE_ALL || ea.length < need) {
                throw new LustreException(Errno.EINVAL, what + ": " + ea.length + " bytes cannot hold " + count
                        + " stripes (" + need + ")");
            }
            for (int i = 0; i < count; i++) {
                long off = head + (long) OST_DATA_SIZE * i;
                int idx = swab ? m.get(BE32, off + 20) : m.get(Le.U32, off + 20);
                if (idx < 0 || idx > 0xffff) {
                    throw new LustreException(Errno.EINVAL, what + ": stripe " + i + " on OST index " + idx);
                }
                OstId oi = OstId.read(m, off, swab);
                stripes.add(new Stripe(idx, oi.toFid(idx), swab ? m.get(BE32, off + 16) : m.get(Le.U32, off + 16)));
            }
        }
        return new LovEa(magic, pattern, oid, seq, size, count, gen, pool, stripes);
    }
}
