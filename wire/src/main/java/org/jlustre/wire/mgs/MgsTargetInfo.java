package org.jlustre.wire.mgs;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.jlustre.wire.CString;
import org.jlustre.wire.Le;

/**
 * {@code struct mgs_target_info} (4544 bytes, packed): what a target tells the MGS in
 * MGS_TARGET_REG and what the MGS answers (reference 6.1; lustre/include/uapi/linux/lustre/
 * lustre_idl.h, checked by wiretest.c).
 *
 * <pre>
 *    0     4  mti_lustre_ver
 *    4     4  mti_stripe_index
 *    8     4  mti_config_ver
 *   12     4  mti_flags          LDD_F_*
 *   16     4  mti_nid_count
 *   20     4  mti_instance
 *   24    64  mti_fsname
 *   88    64  mti_svname
 *  152    40  mti_uuid
 *  192   256  mti_nids[32]       lnet_nid_t
 *  448  4096  mti_params         space-separated key=value
 * </pre>
 *
 * @param lustreVer the target's version ({@code OBD_OCD_VERSION})
 * @param stripeIndex the target's index ({@code 0xffff}: none yet)
 * @param configVer the config generation
 * @param flags {@link LddFlags}
 * @param instance the mount instance
 * @param fsname the filesystem name
 * @param svname the service name: {@code lustre:OST0000} before registration,
 *     {@code lustre-OST0000} after, or {@code lustre-OSTffff} with NEED_INDEX
 * @param uuid the target's UUID (may be empty)
 * @param nids the target's NIDs (4-byte-address form), at most 32
 * @param params the target's parameters, {@code key=value} separated by spaces
 */
public record MgsTargetInfo(int lustreVer, int stripeIndex, int configVer, int flags, int instance, String fsname,
        String svname, String uuid, long[] nids, String params) {

    /** {@code sizeof(struct mgs_target_info)}. */
    public static final int SIZE = 4544;
    /** {@code MTI_NAME_MAXLEN}: the size of the name fields. */
    public static final int NAME_MAXLEN = 64;
    /** Size of {@code mti_uuid}. */
    public static final int UUID_SIZE = 40;
    /** {@code MTI_NIDS_MAX}. */
    public static final int NIDS_MAX = 32;
    /** {@code MTI_PARAM_MAXLEN}. */
    public static final int PARAM_MAXLEN = 4096;
    /** Offset of {@code mti_lustre_ver}. */
    public static final int OFF_LUSTRE_VER = 0;
    /** Offset of {@code mti_stripe_index}. */
    public static final int OFF_STRIPE_INDEX = 4;
    /** Offset of {@code mti_config_ver}. */
    public static final int OFF_CONFIG_VER = 8;
    /** Offset of {@code mti_flags}. */
    public static final int OFF_FLAGS = 12;
    /** Offset of {@code mti_nid_count}. */
    public static final int OFF_NID_COUNT = 16;
    /** Offset of {@code mti_instance}. */
    public static final int OFF_INSTANCE = 20;
    /** Offset of {@code mti_fsname}. */
    public static final int OFF_FSNAME = 24;
    /** Offset of {@code mti_svname}. */
    public static final int OFF_SVNAME = 88;
    /** Offset of {@code mti_uuid}. */
    public static final int OFF_UUID = 152;
    /** Offset of {@code mti_nids}. */
    public static final int OFF_NIDS = 192;
    /** Offset of {@code mti_params}. */
    public static final int OFF_PARAMS = 448;
    /** The index of a target that has none. */
    public static final int NO_INDEX = 0xffff;

    /** Validates counts and lengths so that every record that exists encodes. */
    public MgsTargetInfo {
        nids = nids.clone();
        if (nids.length > NIDS_MAX) {
            throw new IllegalArgumentException("mti_nid_count " + nids.length + " is over " + NIDS_MAX);
        }
        CString.bytes(fsname, NAME_MAXLEN, "mti_fsname");
        CString.bytes(svname, NAME_MAXLEN, "mti_svname");
        CString.bytes(uuid, UUID_SIZE, "mti_uuid");
        CString.bytes(params, PARAM_MAXLEN, "mti_params");
    }

    /** The NIDs (a copy). */
    @Override
    public long[] nids() {
        return nids.clone();
    }

    /** Whether {@code flag} is set. */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** A copy with other flags. */
    public MgsTargetInfo withFlags(int newFlags) {
        return new MgsTargetInfo(lustreVer, stripeIndex, configVer, newFlags, instance, fsname, svname, uuid, nids,
                params);
    }

    /** A copy with another index and service name, as the MGS answers a registration. */
    public MgsTargetInfo withIndex(int index, String newSvname) {
        return new MgsTargetInfo(lustreVer, index, configVer, flags, instance, fsname, newSvname, uuid, nids, params);
    }

    /** A copy with another UUID. */
    public MgsTargetInfo withUuid(String newUuid) {
        return new MgsTargetInfo(lustreVer, stripeIndex, configVer, flags, instance, fsname, svname, newUuid, nids,
                params);
    }

    /** A copy with other params. */
    public MgsTargetInfo withParams(String newParams) {
        return new MgsTargetInfo(lustreVer, stripeIndex, configVer, flags, instance, fsname, svname, uuid, nids,
                newParams);
    }

    /** Writes the 4544 bytes at {@code offset}. */
    public void encode(MemorySegment dst, long offset) {
        dst.asSlice(offset, SIZE).fill((byte) 0);
        dst.set(Le.U32, offset + OFF_LUSTRE_VER, lustreVer);
        dst.set(Le.U32, offset + OFF_STRIPE_INDEX, stripeIndex);
        dst.set(Le.U32, offset + OFF_CONFIG_VER, configVer);
        dst.set(Le.U32, offset + OFF_FLAGS, flags);
        dst.set(Le.U32, offset + OFF_NID_COUNT, nids.length);
        dst.set(Le.U32, offset + OFF_INSTANCE, instance);
        CString.put(dst, offset + OFF_FSNAME, NAME_MAXLEN, fsname, "mti_fsname");
        CString.put(dst, offset + OFF_SVNAME, NAME_MAXLEN, svname, "mti_svname");
        CString.put(dst, offset + OFF_UUID, UUID_SIZE, uuid, "mti_uuid");
        for (int i = 0; i < nids.length; i++) {
            dst.set(Le.U64, offset + OFF_NIDS + 8L * i, nids[i]);
        }
        CString.put(dst, offset + OFF_PARAMS, PARAM_MAXLEN, params, "mti_params");
    }

    /** The 4544 encoded bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        encode(MemorySegment.ofArray(b), 0);
        return b;
    }

    /**
     * Decodes the structure at the start of {@code src} (little-endian, or swabbed when the
     * sender's byte order differs: {@code lustre_swab_mgs_target_info}).
     *
     * @throws IllegalArgumentException for a short buffer, a NID count over 32 or a name or
     *     the params without their NUL, naming the field
     */
    public static MgsTargetInfo decode(MemorySegment src, boolean swabbed) {
        if (src.byteSize() < SIZE) {
            throw new IllegalArgumentException("mgs_target_info: " + src.byteSize() + " bytes, needs " + SIZE);
        }
        var u32 = swabbed ? org.jlustre.wire.Be.U32 : Le.U32;
        var u64 = swabbed ? org.jlustre.wire.Be.U64 : Le.U64;
        int nidCount = src.get(u32, OFF_NID_COUNT);
        if (nidCount < 0 || nidCount > NIDS_MAX) {
            throw new IllegalArgumentException("mti_nid_count " + Integer.toUnsignedString(nidCount) + " is over "
                    + NIDS_MAX);
        }
        long[] nids = new long[nidCount];
        for (int i = 0; i < nidCount; i++) {
            nids[i] = src.get(u64, OFF_NIDS + 8L * i);
        }
        return new MgsTargetInfo(src.get(u32, OFF_LUSTRE_VER), src.get(u32, OFF_STRIPE_INDEX),
                src.get(u32, OFF_CONFIG_VER), src.get(u32, OFF_FLAGS), src.get(u32, OFF_INSTANCE),
                CString.get(src, OFF_FSNAME, NAME_MAXLEN, "mti_fsname"),
                CString.get(src, OFF_SVNAME, NAME_MAXLEN, "mti_svname"),
                CString.get(src, OFF_UUID, UUID_SIZE, "mti_uuid"), nids,
                CString.get(src, OFF_PARAMS, PARAM_MAXLEN, "mti_params"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MgsTargetInfo m && lustreVer == m.lustreVer && stripeIndex == m.stripeIndex
                && configVer == m.configVer && flags == m.flags && instance == m.instance && fsname.equals(m.fsname)
                && svname.equals(m.svname) && uuid.equals(m.uuid) && Arrays.equals(nids, m.nids)
                && params.equals(m.params);
    }

    @Override
    public int hashCode() {
        return svname.hashCode() * 31 + Arrays.hashCode(nids);
    }

    @Override
    public String toString() {
        return "mgs_target_info[" + svname + " fs=" + fsname + " index=" + stripeIndex + " flags="
                + LddFlags.describe(flags) + " nids=" + nids.length + " params='" + params + "']";
    }
}
