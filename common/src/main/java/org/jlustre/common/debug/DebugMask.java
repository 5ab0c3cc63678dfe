package org.jlustre.common.debug;

/**
 * The debug mask bits ({@code D_*}) and subsystem bits ({@code S_*}) of libcfs, with the
 * names {@code lctl set_param debug=...} accepts and {@code lctl get_param debug} prints
 * (lnet/include/uapi/linux/lnet/libcfs_debug.h, {@code LIBCFS_DEBUG_MASKS_NAMES} and
 * {@code LIBCFS_DEBUG_SUBSYS_NAMES}).
 */
public final class DebugMask {

    private DebugMask() {
    }

    /** ENTRY/EXIT markers and per-operation traces. */
    public static final int D_TRACE = 1;
    /** Inode (object) operations. */
    public static final int D_INODE = 1 << 1;
    /** Superblock (device) operations. */
    public static final int D_SUPER = 1 << 2;
    /** Notification printed to the TTY. */
    public static final int D_TTY = 1 << 3;
    /** Allocations. */
    public static final int D_MALLOC = 1 << 4;
    /** Caches. */
    public static final int D_CACHE = 1 << 5;
    /** General information. */
    public static final int D_INFO = 1 << 6;
    /** ioctls and lctl commands. */
    public static final int D_IOCTL = 1 << 7;
    /** Network errors. */
    public static final int D_NETERROR = 1 << 8;
    /** Networking. */
    public static final int D_NET = 1 << 9;
    /** Warnings ({@code CWARN}); cannot be masked off. */
    public static final int D_WARNING = 1 << 10;
    /** Buffers. */
    public static final int D_BUFFS = 1 << 11;
    /** Everything else. */
    public static final int D_OTHER = 1 << 12;
    /** Dentries. */
    public static final int D_DENTRY = 1 << 13;
    /** Network tracing. */
    public static final int D_NETTRACE = 1 << 14;
    /** Pages. */
    public static final int D_PAGE = 1 << 15;
    /** Lock manager tracing. */
    public static final int D_DLMTRACE = 1 << 16;
    /** Errors ({@code CERROR}); cannot be masked off. */
    public static final int D_ERROR = 1 << 17;
    /** Emergencies ({@code CEMERG}); cannot be masked off. */
    public static final int D_EMERG = 1 << 18;
    /** Recovery and high availability. */
    public static final int D_HA = 1 << 19;
    /** RPC tracing. */
    public static final int D_RPCTRACE = 1 << 20;
    /** VFS tracing. */
    public static final int D_VFSTRACE = 1 << 21;
    /** Read-ahead. */
    public static final int D_READA = 1 << 22;
    /** mmap. */
    public static final int D_MMAP = 1 << 23;
    /** Configuration. */
    public static final int D_CONFIG = 1 << 24;
    /** Console messages ({@code LCONSOLE}); cannot be masked off. */
    public static final int D_CONSOLE = 1 << 25;
    /** Quota. */
    public static final int D_QUOTA = 1 << 26;
    /** Security. */
    public static final int D_SEC = 1 << 27;
    /** OI scrub and LFSCK. */
    public static final int D_LFSCK = 1 << 28;
    /** HSM. */
    public static final int D_HSM = 1 << 29;
    /** Snapshots. */
    public static final int D_SNAPSHOT = 1 << 30;
    /** Layouts. */
    public static final int D_LAYOUT = 1 << 31;

    /** Messages that are always recorded whatever the mask: error, emerg, warning, console. */
    public static final int D_CANTMASK = D_ERROR | D_EMERG | D_WARNING | D_CONSOLE;
    /** The default {@code debug} mask (lnet/libcfs/debug.c). */
    public static final int D_DEFAULT = D_CANTMASK | D_NETERROR | D_HA | D_CONFIG | D_IOCTL | D_LFSCK | D_TTY;

    /** Names of the mask bits, index = bit number. */
    static final String[] MASK_NAMES = {
        "trace", "inode", "super", "tty", "malloc", "cache", "info", "ioctl", "neterror", "net", "warning",
        "buffs", "other", "dentry", "nettrace", "page", "dlmtrace", "error", "emerg", "ha", "rpctrace",
        "vfstrace", "reada", "mmap", "config", "console", "quota", "sec", "lfsck", "hsm", "snapshot", "layout",
    };

    /** Unknown subsystem. */
    public static final int S_UNDEFINED = 1;
    /** Metadata client. */
    public static final int S_MDC = 1 << 1;
    /** Metadata server (mdt, mdd, lod). */
    public static final int S_MDS = 1 << 2;
    /** Object storage client. */
    public static final int S_OSC = 1 << 3;
    /** Object storage server (ofd). */
    public static final int S_OST = 1 << 4;
    /** obdclass. */
    public static final int S_CLASS = 1 << 5;
    /** llog. */
    public static final int S_LOG = 1 << 6;
    /** The client filesystem. */
    public static final int S_LLITE = 1 << 7;
    /** ptlrpc. */
    public static final int S_RPC = 1 << 8;
    /** Management. */
    public static final int S_MGMT = 1 << 9;
    /** LNet. */
    public static final int S_LNET = 1 << 10;
    /** LNet network drivers. */
    public static final int S_LND = 1 << 11;
    /** The pinger. */
    public static final int S_PINGER = 1 << 12;
    /** The old OST filter. */
    public static final int S_FILTER = 1 << 13;
    /** libcfs itself. */
    public static final int S_LIBCFS = 1 << 14;
    /** The echo client. */
    public static final int S_ECHO = 1 << 15;
    /** The lock manager. */
    public static final int S_LDLM = 1 << 16;
    /** Striping (lov/lod). */
    public static final int S_LOV = 1 << 17;
    /** Quota. */
    public static final int S_LQUOTA = 1 << 18;
    /** Object storage devices. */
    public static final int S_OSD = 1 << 19;
    /** LFSCK. */
    public static final int S_LFSCK = 1 << 20;
    /** Snapshots. */
    public static final int S_SNAPSHOT = 1 << 21;
    /** Metadata striping. */
    public static final int S_LMV = 1 << 23;
    /** Security. */
    public static final int S_SEC = 1 << 25;
    /** GSS. */
    public static final int S_GSS = 1 << 26;
    /** Management client. */
    public static final int S_MGC = 1 << 28;
    /** Management server. */
    public static final int S_MGS = 1 << 29;
    /** FID sequences. */
    public static final int S_FID = 1 << 30;
    /** FID location database. */
    public static final int S_FLD = 1 << 31;

    /** Names of the subsystem bits, index = bit number; empty for unused bits. */
    static final String[] SUBSYS_NAMES = {
        "undefined", "mdc", "mds", "osc", "ost", "class", "log", "llite", "rpc", "mgmt", "lnet", "lnd",
        "pinger", "filter", "libcfs", "echo", "ldlm", "lov", "lquota", "osd", "lfsck", "snapshot", "", "lmv",
        "", "sec", "gss", "", "mgc", "mgs", "fid", "fld",
    };

    /** Prints a debug mask as {@code lctl get_param debug} does: names in bit order, "0" for none. */
    public static String maskToString(int mask) {
        return toNames(mask, MASK_NAMES);
    }

    /** Prints a subsystem mask as {@code lctl get_param subsystem_debug} does. */
    public static String subsystemsToString(int mask) {
        return toNames(mask, SUBSYS_NAMES);
    }

    /** The single name of one subsystem bit, e.g. "osd". */
    public static String subsystemName(int subsys) {
        int bit = Integer.numberOfTrailingZeros(subsys);
        return bit < 32 && !SUBSYS_NAMES[bit].isEmpty() ? SUBSYS_NAMES[bit] : "undefined";
    }

    private static String toNames(int mask, String[] names) {
        if (mask == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < 32; bit++) {
            // Unused subsystem bits have "" (not NULL) names upstream, so they print as empty
            // tokens: the default subsystem_debug reads back with double spaces.
            if ((mask & (1 << bit)) != 0) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(names[bit]);
            }
        }
        return sb.toString();
    }

    /**
     * Parses a mask the way {@code libcfs_debug_str2mask} does: a number ({@code %i} syntax)
     * replaces the mask; otherwise whitespace- or comma-separated names, each optionally
     * prefixed by {@code +} (set) or {@code -} (clear); a first name without a prefix starts
     * from {@code minMask}; {@code all} means every bit.
     *
     * @throws IllegalArgumentException naming the token that is neither a number nor a name
     */
    public static int parseMask(String text, int current, int minMask, boolean subsystems) {
        String[] names = subsystems ? SUBSYS_NAMES : MASK_NAMES;
        String s = text.strip();
        Long number = parseCNumber(s);
        if (number != null) {
            return (int) (long) number;
        }
        int mask = current;
        boolean first = true;
        // cfs_str2mask: an operator applies to every following name up to the next operator,
        // and names end at '+' or '-' as well as at blanks and commas.
        char op = 0;
        for (String token : s.split("[\\s,]+|(?=[+-])")) {
            if (token.isEmpty()) {
                continue;
            }
            char c = token.charAt(0);
            boolean signed = c == '+' || c == '-';
            String name = signed ? token.substring(1) : token;
            if (signed) {
                op = c;
            } else if (first) {
                mask = minMask;
            }
            first = false;
            int bits;
            if (name.equalsIgnoreCase("all")) {
                if (op == '-') {
                    mask = minMask; // "-all" leaves exactly the minimum mask
                    continue;
                }
                bits = -1;
            } else {
                bits = 0;
                for (int bit = 0; bit < 32; bit++) {
                    if (!names[bit].isEmpty() && names[bit].equalsIgnoreCase(name)) {
                        bits = 1 << bit;
                    }
                }
                if (bits == 0) {
                    throw new IllegalArgumentException("unknown " + (subsystems ? "subsystem" : "debug flag")
                            + " '" + name + "'");
                }
            }
            mask = op == '-' ? mask & ~bits : mask | bits;
        }
        return mask;
    }

    /** C {@code %i} syntax: decimal, 0x hex, leading-0 octal, optional sign; null if not a number. */
    static Long parseCNumber(String s) {
        String t = s;
        boolean negative = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0")) {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            return null;
        }
        try {
            long v = Long.parseUnsignedLong(t, radix);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
