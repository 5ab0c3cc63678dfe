package org.jlustre.wire.mdt;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;

/**
 * The LOV EA {@code trusted.lov} of a plain (RAID0) layout: {@code struct lov_mds_md_v1} (32-byte
 * header) or {@code lov_mds_md_v3} (48 bytes, with a pool name), then one
 * {@link LovOstData} per stripe (lustre_idl.h; wiretest.c {@code check_lov_mds_md_v1/v3};
 * written by {@code lod_gen_component_ea}, lustre/lod/lod_lov.c, v3 only when a pool is set).
 * The MDT also returns it to clients in {@code RMF_MDT_MD}.
 *
 * <pre>
 *  0  4 lmm_magic          LOV_MAGIC_V1 0x0BD10BD0 / LOV_MAGIC_V3 0x0BD30BD0
 *  4  4 lmm_pattern        LOV_PATTERN_RAID0 ...
 *  8 16 lmm_oi             the file's FID as u64 oid then u64 seq ({@code fid_to_lmm_oi})
 * 24  4 lmm_stripe_size
 * 28  2 lmm_stripe_count
 * 30  2 lmm_layout_gen     (a directory's default layout: the stripe offset, 0xffff = any)
 * 32 16 lmm_pool_name      v3 only, NUL-padded, at most 15 bytes
 * 32/48 lmm_objects[]      24 bytes each
 * </pre>
 *
 * A directory's default layout is the header alone, with no objects.
 *
 * @param magic {@link #LOV_MAGIC_V1} or {@link #LOV_MAGIC_V3}
 * @param pattern {@code lmm_pattern}
 * @param oi the file's FID (version not stored)
 * @param stripeSize bytes per stripe
 * @param stripeCount stripes (0 = the default; 0xffff = every OST, directories only)
 * @param layoutGen {@code lmm_layout_gen}, or the stripe offset of a default layout
 * @param poolName the pool (v3), "" for none
 * @param objects the stripes' objects, empty for a default layout
 */
public record LovMdsMd(int magic, int pattern, Fid oi, int stripeSize, int stripeCount, int layoutGen,
        String poolName, List<LovOstData> objects) {

    /** {@code LOV_MAGIC_V1} = {@code LOV_USER_MAGIC_V1}. */
    public static final int LOV_MAGIC_V1 = 0x0BD10BD0;
    /** {@code LOV_MAGIC_V3} = {@code LOV_USER_MAGIC_V3}. */
    public static final int LOV_MAGIC_V3 = 0x0BD30BD0;
    /** {@code LOV_USER_MAGIC_SPECIFIC}: a v3 request naming the OSTs. */
    public static final int LOV_MAGIC_SPECIFIC = 0x0BD50BD0;
    /** {@code LOV_MAGIC_COMP_V1}: a composite (PFL/FLR) layout. */
    public static final int LOV_MAGIC_COMP_V1 = 0x0BD60BD0;
    /** {@code LOV_MAGIC_FOREIGN}. */
    public static final int LOV_MAGIC_FOREIGN = 0x0BD70BD0;
    /** {@code LOV_PATTERN_NONE}. */
    public static final int LOV_PATTERN_NONE = 0;
    /** {@code LOV_PATTERN_RAID0}: plain striping. */
    public static final int LOV_PATTERN_RAID0 = 0x001;
    /** {@code LOV_PATTERN_RAID1}. */
    public static final int LOV_PATTERN_RAID1 = 0x002;
    /** {@code LOV_PATTERN_MDT}: Data-on-MDT. */
    public static final int LOV_PATTERN_MDT = 0x100;
    /** {@code LOV_PATTERN_OVERSTRIPING}. */
    public static final int LOV_PATTERN_OVERSTRIPING = 0x200;
    /** {@code LOV_PATTERN_FOREIGN}. */
    public static final int LOV_PATTERN_FOREIGN = 0x400;
    /** {@code LOV_PATTERN_F_HOLE}: a stripe is missing. */
    public static final int LOV_PATTERN_F_HOLE = 0x40000000;
    /** {@code LOV_PATTERN_F_RELEASED}: HSM released. */
    public static final int LOV_PATTERN_F_RELEASED = 0x80000000;
    /** {@code LOV_PATTERN_DEFAULT}: "the filesystem's default" in a request. */
    public static final int LOV_PATTERN_DEFAULT = 0xffffffff;
    /** {@code LOV_MAXPOOLNAME}. */
    public static final int LOV_MAXPOOLNAME = 15;
    /** {@code LOV_MIN_STRIPE_SIZE}: stripe sizes are multiples of 64 KiB. */
    public static final int LOV_MIN_STRIPE_SIZE = 1 << 16;
    /** {@code LOV_MAX_STRIPE_COUNT}. */
    public static final int LOV_MAX_STRIPE_COUNT = 2000;
    /** {@code LOV_ALL_STRIPES}: stripe over every OST (directories' defaults). */
    public static final int LOV_ALL_STRIPES = 0xffff;
    /** A stripe offset of "any OST" ({@code (__u16)-1}). */
    public static final int STRIPE_OFFSET_ANY = 0xffff;
    /** {@code LOV_DESC_STRIPE_SIZE_DEFAULT}: 1 MiB. */
    public static final int DEFAULT_STRIPE_SIZE = 1 << 20;
    /** The xattr's name. */
    public static final String XATTR_NAME = "trusted.lov";

    /** {@code sizeof(struct lov_mds_md_v1)}. */
    public static final int V1_SIZE = 32;
    /** {@code sizeof(struct lov_mds_md_v3)}. */
    public static final int V3_SIZE = 48;
    /** Offset of {@code lmm_magic}. */
    public static final int OFF_MAGIC = 0;
    /** Offset of {@code lmm_pattern}. */
    public static final int OFF_PATTERN = 4;
    /** Offset of {@code lmm_oi}. */
    public static final int OFF_OI = 8;
    /** Offset of {@code lmm_stripe_size}. */
    public static final int OFF_STRIPE_SIZE = 24;
    /** Offset of {@code lmm_stripe_count}. */
    public static final int OFF_STRIPE_COUNT = 28;
    /** Offset of {@code lmm_layout_gen} (= {@code lmm_stripe_offset} of lov_user_md). */
    public static final int OFF_LAYOUT_GEN = 30;
    /** Offset of {@code lmm_pool_name} (v3). */
    public static final int OFF_POOL_NAME = 32;

    /** Checks the magic, the 16-bit fields and the pool name; copies the list. */
    public LovMdsMd {
        if (magic != LOV_MAGIC_V1 && magic != LOV_MAGIC_V3) {
            throw new IllegalArgumentException("lov_mds_md magic 0x" + Integer.toHexString(magic));
        }
        if ((stripeCount & ~0xffff) != 0 || (layoutGen & ~0xffff) != 0) {
            throw new IllegalArgumentException("stripe count " + stripeCount + " / layout gen " + layoutGen
                    + " beyond 16 bits");
        }
        poolName = poolName == null ? "" : poolName;
        if (poolName.getBytes(StandardCharsets.UTF_8).length > LOV_MAXPOOLNAME) {
            throw new IllegalArgumentException("pool name '" + poolName + "' longer than " + LOV_MAXPOOLNAME);
        }
        if (magic == LOV_MAGIC_V1 && !poolName.isEmpty()) {
            throw new IllegalArgumentException("a v1 layout has no pool ('" + poolName + "')");
        }
        objects = List.copyOf(objects);
    }

    /** A RAID0 layout of {@code objects}, v3 when {@code poolName} is set (as LOD writes it). */
    public static LovMdsMd raid0(Fid file, int stripeSize, int layoutGen, String poolName, List<LovOstData> objects) {
        boolean pool = poolName != null && !poolName.isEmpty();
        return new LovMdsMd(pool ? LOV_MAGIC_V3 : LOV_MAGIC_V1, LOV_PATTERN_RAID0, file, stripeSize, objects.size(),
                layoutGen, poolName, objects);
    }

    /** The header's size: 32 (v1) or 48 (v3). */
    public int headerSize() {
        return magic == LOV_MAGIC_V3 ? V3_SIZE : V1_SIZE;
    }

    /** {@code lov_mds_md_size}: header plus 24 bytes per object present. */
    public int size() {
        return headerSize() + LovOstData.SIZE * objects.size();
    }

    /** The EA's little-endian bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[size()];
        MemorySegment s = MemorySegment.ofArray(b);
        s.set(Le.U32, OFF_MAGIC, magic);
        s.set(Le.U32, OFF_PATTERN, pattern);
        s.set(Le.U64, OFF_OI, Integer.toUnsignedLong(oi.oid()));
        s.set(Le.U64, OFF_OI + 8, oi.seq());
        s.set(Le.U32, OFF_STRIPE_SIZE, stripeSize);
        s.set(Le.U16, OFF_STRIPE_COUNT, (short) stripeCount);
        s.set(Le.U16, OFF_LAYOUT_GEN, (short) layoutGen);
        if (magic == LOV_MAGIC_V3) {
            byte[] pool = poolName.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(pool, 0, b, OFF_POOL_NAME, pool.length);
        }
        int at = headerSize();
        for (LovOstData o : objects) {
            o.write(s, at);
            at += LovOstData.SIZE;
        }
        return b;
    }

    /**
     * Parses a v1 or v3 EA: the header alone (a default layout) or the header and
     * {@code lmm_stripe_count} objects.
     *
     * @throws LustreException EINVAL naming the field when the magic is not v1/v3 or the length
     *         matches neither form
     */
    public static LovMdsMd parse(byte[] value) throws LustreException {
        if (value.length < V1_SIZE) {
            throw new LustreException(Errno.EINVAL, "lov_mds_md of " + value.length + " bytes");
        }
        MemorySegment s = MemorySegment.ofArray(value);
        int magic = s.get(Le.U32, OFF_MAGIC);
        if (magic != LOV_MAGIC_V1 && magic != LOV_MAGIC_V3) {
            throw new LustreException(Errno.EINVAL, "lov_mds_md magic 0x" + Integer.toHexString(magic));
        }
        int header = magic == LOV_MAGIC_V3 ? V3_SIZE : V1_SIZE;
        if (value.length < header) {
            throw new LustreException(Errno.EINVAL, "lov_mds_md_v3 of " + value.length + " bytes");
        }
        int count = Short.toUnsignedInt(s.get(Le.U16, OFF_STRIPE_COUNT));
        int objects = value.length == header ? 0 : count;
        if (objects > 0 && value.length < header + (long) LovOstData.SIZE * count) {
            throw new LustreException(Errno.EINVAL, "lov_mds_md of " + value.length + " bytes for " + count + " stripes");
        }
        List<LovOstData> list = new ArrayList<>(objects);
        for (int i = 0; i < objects; i++) {
            list.add(LovOstData.read(s, header + (long) i * LovOstData.SIZE));
        }
        Fid oi = Fid.of(s.get(Le.U64, OFF_OI + 8), (int) s.get(Le.U64, OFF_OI), 0);
        String pool = magic == LOV_MAGIC_V3 ? poolName(value, OFF_POOL_NAME) : "";
        try {
            return new LovMdsMd(magic, s.get(Le.U32, OFF_PATTERN), oi, s.get(Le.U32, OFF_STRIPE_SIZE), count,
                    Short.toUnsignedInt(s.get(Le.U16, OFF_LAYOUT_GEN)), pool, list);
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EINVAL, e.getMessage());
        }
    }

    /** The NUL-padded pool name at {@code off} (16 bytes; a name filling all 16 is cut at 15). */
    static String poolName(byte[] value, int off) {
        int n = 0;
        while (n < LOV_MAXPOOLNAME && value[off + n] != 0) {
            n++;
        }
        return new String(value, off, n, StandardCharsets.UTF_8);
    }
}
