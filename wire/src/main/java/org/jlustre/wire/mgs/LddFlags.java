package org.jlustre.wire.mgs;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code LDD_F_*}: the target flags of {@code lustre_disk_data} and {@code mgs_target_info}
 * (lustre/include/uapi/linux/lustre/lustre_disk.h, reference 6.1): the server type, and the
 * registration state a target carries to the MGS.
 */
public final class LddFlags {

    private LddFlags() {
    }

    /** The target is an MDT. */
    public static final int SV_TYPE_MDT = 0x0001;
    /** The target is an OST. */
    public static final int SV_TYPE_OST = 0x0002;
    /** The target is an MGS. */
    public static final int SV_TYPE_MGS = 0x0004;
    /** Applies to every target ({@code LDD_F_SV_ALL}). */
    public static final int SV_ALL = 0x0008;
    /** The MGS is to choose the index. */
    public static final int NEED_INDEX = 0x0010;
    /** Never registered. */
    public static final int VIRGIN = 0x0020;
    /** The MGS is to (re)write this target's logs. */
    public static final int UPDATE = 0x0040;
    /** The target must rewrite its mount data (set by the MGS in the reply). */
    public static final int REWRITE_LDD = 0x0080;
    /** Regenerate the logs (tunefs --writeconf). */
    public static final int WRITECONF = 0x0100;
    /** The params are to be written to the logs. */
    public static final int PARAM = 0x0400;
    /** No primary node NID given. */
    public static final int NO_PRIMNODE = 0x1000;
    /** The target understands imperative recovery. */
    public static final int IR_CAPABLE = 0x2000;
    /** The MGS found the registration in error. */
    public static final int ERROR = 0x4000;
    /** Params are "set_param -P" style (LCFG_SET_PARAM). */
    public static final int PARAM2 = 0x8000;
    /** The target keeps no local copy of its logs. */
    public static final int NO_LOCAL_LOGS = 0x10000;
    /** NIDs come as strings after the fixed structure (large NIDs). */
    public static final int LARGE_NID = 0x20000;

    /** The type bits. */
    public static final int SV_TYPE_MASK = SV_TYPE_MDT | SV_TYPE_OST | SV_TYPE_MGS;

    private static final String[] NAMES = {"MDT", "OST", "MGS", "SV_ALL", "NEED_INDEX", "VIRGIN", "UPDATE",
        "REWRITE_LDD", "WRITECONF", "0x200", "PARAM", "0x800", "NO_PRIMNODE", "IR_CAPABLE", "ERROR", "PARAM2",
        "NO_LOCAL_LOGS", "LARGE_NID"};

    /** The flags as names joined by '|', unknown bits in hex ({@code 0} for none). */
    public static String describe(int flags) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            if ((flags & (1 << bit)) != 0) {
                out.add(bit < NAMES.length ? NAMES[bit] : "0x" + Integer.toHexString(1 << bit));
            }
        }
        return out.isEmpty() ? "0" : String.join("|", out);
    }
}
