package org.jlustre.mgs;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * Target and log names as the MGS builds and checks them ({@code server_make_name},
 * {@code server_name2index} in lustre/obdclass/obd_mount.c): {@code <fsname>-MDT0000},
 * {@code <fsname>-OST000a} (four hex digits), with ':' instead of '-' before a first
 * registration, '=' for a writeconf, and index {@code ffff} for "the MGS chooses".
 */
public final class MgsNames {

    /** {@code LUSTRE_MAXFSNAME}: the longest filesystem name. */
    public static final int MAX_FSNAME = 8;

    private MgsNames() {
    }

    /** A target's kind and index parsed from its service name. */
    public record Parsed(String fsname, boolean mdt, int index) {
    }

    /** {@code <fsname>-MDT%04x} or {@code <fsname>-OST%04x}. */
    public static String svname(String fsname, boolean mdt, int index) {
        return fsname + (mdt ? "-MDT" : "-OST") + String.format(Locale.ROOT, "%04x", index);
    }

    /** The part after the filesystem name: {@code MDT0000} of {@code lustre-MDT0000}. */
    static String suffix(String svname) {
        return svname.substring(svname.lastIndexOf('-') + 1);
    }

    /**
     * Checks a filesystem name: 1 to 8 of letters, digits, '_' and '-'.
     *
     * @throws LustreException EINVAL naming the bad name
     */
    public static void checkFsname(String fsname) throws LustreException {
        if (fsname == null || fsname.isEmpty() || fsname.length() > MAX_FSNAME
                || !fsname.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-')) {
            throw new LustreException(Errno.EINVAL, "bad filesystem name '" + fsname + "': 1 to " + MAX_FSNAME
                    + " letters, digits, '_' or '-'");
        }
    }

    /**
     * Parses {@code <fsname>[-:=]{MDT,OST}<4 hex>} ({@code server_name2index}).
     *
     * @throws LustreException EINVAL naming the bad name
     */
    public static Parsed parse(String svname) throws LustreException {
        int sep = Math.max(Math.max(svname.lastIndexOf('-'), svname.lastIndexOf(':')), svname.lastIndexOf('='));
        if (sep <= 0 || svname.length() != sep + 8) {
            throw new LustreException(Errno.EINVAL, "bad target name '" + svname + "': not <fsname>-MDTxxxx or "
                    + "<fsname>-OSTxxxx");
        }
        String kind = svname.substring(sep + 1, sep + 4);
        String hex = svname.substring(sep + 4);
        if (!kind.equals("MDT") && !kind.equals("OST") || !hex.chars().allMatch(HexFormat::isHexDigit)) {
            throw new LustreException(Errno.EINVAL, "bad target name '" + svname + "': not <fsname>-MDTxxxx or "
                    + "<fsname>-OSTxxxx");
        }
        String fs = svname.substring(0, sep);
        checkFsname(fs);
        return new Parsed(fs, kind.equals("MDT"), Integer.parseInt(hex, 16));
    }

    /** The space-separated parameters of {@code mti_params}. */
    static List<String> params(String params) {
        List<String> out = new ArrayList<>();
        for (String p : params.strip().split("\\s+")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }
}
