package org.jlustre.osd.mem;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.Osd;

/** Validation of directory entry and xattr names, with errors that name the bad value. */
final class Names {

    private Names() {
    }

    /**
     * Checks a directory entry name (any bytes but NUL and '/') and returns its length.
     *
     * @throws LustreException EINVAL for empty names or names with a NUL or '/' byte;
     *     ENAMETOOLONG past {@code max} bytes
     */
    static int checkEntryName(byte[] name, int max) throws LustreException {
        if (name == null || name.length == 0) {
            throw new LustreException(Errno.EINVAL, "empty directory entry name");
        }
        for (byte b : name) {
            if (b == 0 || b == '/') {
                throw new LustreException(Errno.EINVAL,
                        "name '" + DirEntry.display(name) + "' contains " + (b == '/' ? "'/'" : "a NUL"));
            }
        }
        if (name.length > max) {
            throw new LustreException(Errno.ENAMETOOLONG,
                    "name '" + DirEntry.display(name) + "' is " + name.length + " bytes, the limit is " + max);
        }
        return name.length;
    }

    /** Whether a name is "." or "..", which directories answer without storing. */
    static boolean isDot(byte[] name) {
        return name[0] == '.' && name.length == 1;
    }

    /** Whether a name is "..". */
    static boolean isDotDot(byte[] name) {
        return name.length == 2 && name[0] == '.' && name[1] == '.';
    }

    /**
     * Checks an xattr name as the Linux xattr calls do.
     *
     * @throws LustreException ERANGE for an empty name or one over {@link Osd#XATTR_NAME_MAX}
     *     bytes; EINVAL for a name with a NUL
     */
    static void checkXattrName(String name) throws LustreException {
        if (name == null || name.isEmpty()) {
            throw new LustreException(Errno.ERANGE, "empty xattr name");
        }
        int len = utf8Length(name);
        if (len > Osd.XATTR_NAME_MAX) {
            throw new LustreException(Errno.ERANGE,
                    "xattr name '" + abbreviate(name) + "' is " + len + " bytes, the limit is " + Osd.XATTR_NAME_MAX);
        }
        if (name.indexOf('\0') >= 0) {
            throw new LustreException(Errno.EINVAL, "xattr name '" + name.replace("\0", "\\0") + "' contains a NUL");
        }
    }

    /** UTF-8 length without encoding (names are mostly ASCII). */
    static int utf8Length(String s) {
        int n = s.length();
        int len = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    len += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    len += 2; // 4 bytes for the pair
                    i++;
                } else {
                    len += 2;
                }
            }
        }
        return len;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
