package org.jlustre.wire.mgs;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.wire.CString;
import org.jlustre.wire.Le;

/**
 * {@code struct lustre_disk_data} (12288 bytes, little-endian): a target's mount data as
 * mkfs.lustre writes it to {@code CONFIGS/mountdata} and the mount reads it back
 * (lustre/include/uapi/linux/lustre/lustre_disk.h; reference 6.1, 1.7).
 *
 * <pre>
 *     0     4  ldd_magic             LDD_MAGIC 0x1dd00001
 *     4     4  ldd_feature_compat
 *     8     4  ldd_feature_rocompat
 *    12     4  ldd_feature_incompat
 *    16     4  ldd_config_ver
 *    20     4  ldd_flags             LDD_F_*
 *    24     4  ldd_svindex
 *    28     4  ldd_mount_type        LDD_MT_*; osd-mem's is LDD_MT_MEM (6)
 *    32    64  ldd_fsname
 *    96    64  ldd_svname            lustre:OST0000 before registration, lustre-OST0000 after
 *   160    40  ldd_uuid
 *   200   824  ldd_userdata
 *  1024  3072  ldd_padding
 *  4096  4096  ldd_mount_opts
 *  8192  4096  ldd_params            space-separated key=value, mgsnode= included
 * </pre>
 *
 * @param compat {@code ldd_feature_compat}
 * @param rocompat {@code ldd_feature_rocompat}
 * @param incompat {@code ldd_feature_incompat}
 * @param configVer {@code ldd_config_ver}
 * @param flags {@code ldd_flags}
 * @param svindex {@code ldd_svindex}
 * @param mountType {@code ldd_mount_type}
 * @param fsname {@code ldd_fsname}
 * @param svname {@code ldd_svname}
 * @param uuid {@code ldd_uuid} as text
 * @param mountOpts {@code ldd_mount_opts}
 * @param params {@code ldd_params}
 */
public record LustreDiskData(int compat, int rocompat, int incompat, int configVer, int flags, int svindex,
        int mountType, String fsname, String svname, String uuid, String mountOpts, String params) {

    /** {@code sizeof(struct lustre_disk_data)}. */
    public static final int SIZE = 12288;
    /** {@code LDD_MAGIC}. */
    public static final int MAGIC = 0x1dd00001;
    /** {@code LDD_MT_LDISKFS}. */
    public static final int MT_LDISKFS = 1;
    /** {@code LDD_MT_ZFS}. */
    public static final int MT_ZFS = 5;
    /** {@code LDD_MT_MEM}: the seed's osd-mem (scripts/lustre.patch). */
    public static final int MT_MEM = 6;
    /**
     * The OSD type a target of mount type {@code mountType} runs on ({@code mt_type},
     * lustre/include/lustre_disk.h: ext3, ldiskfs and ldiskfs2 all mount as osd-ldiskfs);
     * {@link #MT_MEM} is osd-mem.
     *
     * @throws IllegalArgumentException for a mount type Lustre does not define
     */
    public static String osdType(int mountType) {
        return switch (mountType) {
            case 0, MT_LDISKFS, 4 -> "osd-ldiskfs";
            case 2 -> "osd-smfs";
            case 3 -> "osd-reiserfs";
            case MT_ZFS -> "osd-zfs";
            case MT_MEM -> "osd-mem";
            default -> throw new IllegalArgumentException("ldd_mount_type " + mountType + " (0.." + MT_MEM + ")");
        };
    }

    /**
     * The mount type recorded for a target formatted on {@code osdType} (the inverse of
     * {@link #osdType}, ldiskfs for osd-ldiskfs).
     *
     * @throws IllegalArgumentException for an OSD type with no mount type
     */
    public static int mountType(String osdType) {
        return switch (osdType) {
            case "osd-ldiskfs" -> MT_LDISKFS;
            case "osd-smfs" -> 2;
            case "osd-reiserfs" -> 3;
            case "osd-zfs" -> MT_ZFS;
            case "osd-mem" -> MT_MEM;
            default -> throw new IllegalArgumentException("OSD type '" + osdType
                    + "' has no ldd_mount_type (osd-ldiskfs, osd-zfs, osd-mem)");
        };
    }

    /** Offset of {@code ldd_magic}. */
    public static final int OFF_MAGIC = 0;
    /** Offset of {@code ldd_feature_compat}. */
    public static final int OFF_FEATURE_COMPAT = 4;
    /** Offset of {@code ldd_feature_rocompat}. */
    public static final int OFF_FEATURE_ROCOMPAT = 8;
    /** Offset of {@code ldd_feature_incompat}. */
    public static final int OFF_FEATURE_INCOMPAT = 12;
    /** Offset of {@code ldd_config_ver}. */
    public static final int OFF_CONFIG_VER = 16;
    /** Offset of {@code ldd_flags}. */
    public static final int OFF_FLAGS = 20;
    /** Offset of {@code ldd_svindex}. */
    public static final int OFF_SVINDEX = 24;
    /** Offset of {@code ldd_mount_type}. */
    public static final int OFF_MOUNT_TYPE = 28;
    /** Offset of {@code ldd_fsname}. */
    public static final int OFF_FSNAME = 32;
    /** Offset of {@code ldd_svname}. */
    public static final int OFF_SVNAME = 96;
    /** Offset of {@code ldd_uuid}. */
    public static final int OFF_UUID = 160;
    /** Offset of {@code ldd_userdata}. */
    public static final int OFF_USERDATA = 200;
    /** Offset of {@code ldd_padding}. */
    public static final int OFF_PADDING = 1024;
    /** Offset of {@code ldd_mount_opts}. */
    public static final int OFF_MOUNT_OPTS = 4096;
    /** Offset of {@code ldd_params}. */
    public static final int OFF_PARAMS = 8192;
    /** Size of the name fields. */
    public static final int NAME_SIZE = 64;
    /** Size of {@code ldd_uuid}. */
    public static final int UUID_SIZE = 40;
    /** Size of {@code ldd_mount_opts} and {@code ldd_params}. */
    public static final int TEXT_SIZE = 4096;

    /** Checks that every string fits with its NUL. */
    public LustreDiskData {
        CString.bytes(fsname, NAME_SIZE, "ldd_fsname");
        CString.bytes(svname, NAME_SIZE, "ldd_svname");
        CString.bytes(uuid, UUID_SIZE, "ldd_uuid");
        CString.bytes(mountOpts, TEXT_SIZE, "ldd_mount_opts");
        CString.bytes(params, TEXT_SIZE, "ldd_params");
    }

    /** The 12288 encoded bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        MemorySegment s = MemorySegment.ofArray(b);
        s.set(Le.U32, OFF_MAGIC, MAGIC);
        s.set(Le.U32, OFF_FEATURE_COMPAT, compat);
        s.set(Le.U32, OFF_FEATURE_ROCOMPAT, rocompat);
        s.set(Le.U32, OFF_FEATURE_INCOMPAT, incompat);
        s.set(Le.U32, OFF_CONFIG_VER, configVer);
        s.set(Le.U32, OFF_FLAGS, flags);
        s.set(Le.U32, OFF_SVINDEX, svindex);
        s.set(Le.U32, OFF_MOUNT_TYPE, mountType);
        CString.put(s, OFF_FSNAME, NAME_SIZE, fsname, "ldd_fsname");
        CString.put(s, OFF_SVNAME, NAME_SIZE, svname, "ldd_svname");
        CString.put(s, OFF_UUID, UUID_SIZE, uuid, "ldd_uuid");
        CString.put(s, OFF_MOUNT_OPTS, TEXT_SIZE, mountOpts, "ldd_mount_opts");
        CString.put(s, OFF_PARAMS, TEXT_SIZE, params, "ldd_params");
        return b;
    }

    /**
     * Decodes mount data ({@code ldd_parse}).
     *
     * @throws IllegalArgumentException for a short buffer, a wrong magic or a string without
     *     its NUL, naming what is wrong
     */
    public static LustreDiskData decode(MemorySegment src) {
        if (src.byteSize() < SIZE) {
            throw new IllegalArgumentException("lustre_disk_data: " + src.byteSize() + " bytes, needs " + SIZE);
        }
        int magic = src.get(Le.U32, OFF_MAGIC);
        if (magic != MAGIC) {
            throw new IllegalArgumentException(String.format("lustre_disk_data: bad magic %#x (expected %#x)", magic,
                    MAGIC));
        }
        return new LustreDiskData(src.get(Le.U32, OFF_FEATURE_COMPAT), src.get(Le.U32, OFF_FEATURE_ROCOMPAT),
                src.get(Le.U32, OFF_FEATURE_INCOMPAT), src.get(Le.U32, OFF_CONFIG_VER), src.get(Le.U32, OFF_FLAGS),
                src.get(Le.U32, OFF_SVINDEX), src.get(Le.U32, OFF_MOUNT_TYPE),
                CString.get(src, OFF_FSNAME, NAME_SIZE, "ldd_fsname"),
                CString.get(src, OFF_SVNAME, NAME_SIZE, "ldd_svname"), uuid(src),
                CString.get(src, OFF_MOUNT_OPTS, TEXT_SIZE, "ldd_mount_opts"),
                CString.get(src, OFF_PARAMS, TEXT_SIZE, "ldd_params"));
    }

    /** {@code ldd_uuid} is bytes: up to the first NUL, all 40 when there is none. */
    private static String uuid(MemorySegment src) {
        int n = 0;
        while (n < UUID_SIZE && src.get(ValueLayout.JAVA_BYTE, OFF_UUID + n) != 0) {
            n++;
        }
        return n == UUID_SIZE ? CString.get(src, OFF_UUID, UUID_SIZE, "ldd_uuid")
                : new String(src.asSlice(OFF_UUID, n).toArray(ValueLayout.JAVA_BYTE),
                        java.nio.charset.StandardCharsets.UTF_8);
    }
}
