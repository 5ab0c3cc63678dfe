package org.jlustre.wire.target;

import java.util.StringJoiner;

/**
 * The feature bits of {@code lr_server_data} (lustre_disk.h {@code OBD_COMPAT_*},
 * {@code OBD_ROCOMPAT_*}, {@code OBD_INCOMPAT_*}) and the sets Lustre 2.15 allows and starts a
 * fresh target with ({@code tgt_scd[]}, lustre/target/tgt_lastrcvd.c). A mount refuses a
 * {@code last_rcvd} carrying an incompat or rocompat bit outside the allowed set.
 */
public final class TargetFeatures {

    private TargetFeatures() {
    }

    /** {@code OBD_COMPAT_OST}: the OST has had a client connect with its index. */
    public static final int COMPAT_OST = 0x2;
    /** {@code OBD_COMPAT_MDT}. */
    public static final int COMPAT_MDT = 0x4;
    /** {@code OBD_COMPAT_20}: a 2.x MDT wrote this file (set at the first mount). */
    public static final int COMPAT_20 = 0x8;

    /** {@code OBD_ROCOMPAT_LOVOBJID}: the MDT keeps lov_objid. */
    public static final int ROCOMPAT_LOVOBJID = 0x1;
    /** {@code OBD_ROCOMPAT_IDX_IN_IDIF}: IDIF FIDs carry the OST index. */
    public static final int ROCOMPAT_IDX_IN_IDIF = 0x2;

    /** {@code OBD_INCOMPAT_GROUPS}. */
    public static final int INCOMPAT_GROUPS = 0x1;
    /** {@code OBD_INCOMPAT_OST}. */
    public static final int INCOMPAT_OST = 0x2;
    /** {@code OBD_INCOMPAT_MDT}. */
    public static final int INCOMPAT_MDT = 0x4;
    /** {@code OBD_INCOMPAT_COMMON_LR}: the common last_rcvd format of 2.x. */
    public static final int INCOMPAT_COMMON_LR = 0x8;
    /** {@code OBD_INCOMPAT_FID}. */
    public static final int INCOMPAT_FID = 0x10;
    /** {@code OBD_INCOMPAT_SOM}. */
    public static final int INCOMPAT_SOM = 0x20;
    /** {@code OBD_INCOMPAT_IAM_DIR}. */
    public static final int INCOMPAT_IAM_DIR = 0x40;
    /** {@code OBD_INCOMPAT_LMA}. */
    public static final int INCOMPAT_LMA = 0x80;
    /** {@code OBD_INCOMPAT_LMM_VER}. */
    public static final int INCOMPAT_LMM_VER = 0x100;
    /** {@code OBD_INCOMPAT_MULTI_OI}. */
    public static final int INCOMPAT_MULTI_OI = 0x200;
    /** {@code OBD_INCOMPAT_MULTI_RPCS}: reply_data is in use (a MULTIMODRPCS client connected). */
    public static final int INCOMPAT_MULTI_RPCS = 0x400;

    /** The rocompat bits an MDT accepts ({@code tgt_scd[MDT].rocompat}). */
    public static final int MDT_ROCOMPAT_ALLOWED = ROCOMPAT_LOVOBJID;
    /** The incompat bits an MDT accepts ({@code tgt_scd[MDT].incompat}, 0x75c). */
    public static final int MDT_INCOMPAT_ALLOWED = INCOMPAT_MDT | INCOMPAT_COMMON_LR | INCOMPAT_FID
            | INCOMPAT_IAM_DIR | INCOMPAT_LMM_VER | INCOMPAT_MULTI_OI | INCOMPAT_MULTI_RPCS;
    /** A fresh MDT's rocompat ({@code tgt_scd[MDT].rocinit}). */
    public static final int MDT_ROCOMPAT_INIT = ROCOMPAT_LOVOBJID;
    /** A fresh MDT's incompat before the mount adds FID ({@code tgt_scd[MDT].incinit}, 0x20c). */
    public static final int MDT_INCOMPAT_INIT = INCOMPAT_MDT | INCOMPAT_COMMON_LR | INCOMPAT_MULTI_OI;

    /** The rocompat bits an OST accepts ({@code tgt_scd[OST].rocompat}). */
    public static final int OST_ROCOMPAT_ALLOWED = ROCOMPAT_IDX_IN_IDIF;
    /** The incompat bits an OST accepts ({@code tgt_scd[OST].incompat}, 0x1a). */
    public static final int OST_INCOMPAT_ALLOWED = INCOMPAT_OST | INCOMPAT_COMMON_LR | INCOMPAT_FID;
    /** A fresh OST's rocompat ({@code tgt_scd[OST].rocinit}). */
    public static final int OST_ROCOMPAT_INIT = ROCOMPAT_IDX_IN_IDIF;
    /** A fresh OST's incompat ({@code tgt_scd[OST].incinit}, 0xa). */
    public static final int OST_INCOMPAT_INIT = INCOMPAT_OST | INCOMPAT_COMMON_LR;

    private static final String[] INCOMPAT_NAMES = {"GROUPS", "OST", "MDT", "COMMON_LR", "FID", "SOM", "IAM_DIR",
        "LMA", "LMM_VER", "MULTI_OI", "MULTI_RPCS"};
    private static final String[] ROCOMPAT_NAMES = {"LOVOBJID", "IDX_IN_IDIF"};

    /** The incompat bits of {@code bits} by name, unknown ones in hex: {@code "SOM|0x1000"}. */
    public static String describeIncompat(int bits) {
        return describe(bits, INCOMPAT_NAMES);
    }

    /** The rocompat bits of {@code bits} by name, unknown ones in hex. */
    public static String describeRocompat(int bits) {
        return describe(bits, ROCOMPAT_NAMES);
    }

    private static String describe(int bits, String[] names) {
        if (bits == 0) {
            return "0";
        }
        StringJoiner j = new StringJoiner("|");
        for (int i = 0; i < 32; i++) {
            int bit = 1 << i;
            if ((bits & bit) != 0) {
                j.add(i < names.length ? names[i] : String.format("%#x", bit));
            }
        }
        return j.toString();
    }
}
