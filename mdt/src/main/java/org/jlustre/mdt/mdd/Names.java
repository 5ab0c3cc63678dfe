package org.jlustre.mdt.mdd;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DirEntry;

/**
 * Entry names: Lustre's are byte strings of 1 to 255 bytes without NUL or '/'
 * ({@code lu_name_is_valid_len}, {@code mdd_name_check}).
 */
final class Names {

    private Names() {
    }

    /** "." */
    static final byte[] DOT = {'.'};
    /** ".." */
    static final byte[] DOTDOT = {'.', '.'};

    /**
     * Checks a name as {@code mdd_name_check} does: EINVAL for an empty name or one holding a
     * NUL or '/', ENAMETOOLONG past {@code max} bytes.
     */
    static void check(byte[] name, int max) throws LustreException {
        if (name == null || name.length == 0) {
            throw new LustreException(Errno.EINVAL, "empty entry name");
        }
        for (byte b : name) {
            if (b == 0 || b == '/') {
                throw new LustreException(Errno.EINVAL, "entry name '" + show(name) + "' holds a "
                        + (b == 0 ? "NUL" : "'/'"));
            }
        }
        if (name.length > max) {
            throw new LustreException(Errno.ENAMETOOLONG, "entry name of " + name.length + " bytes is over "
                    + max + ": '" + show(name) + "'");
        }
    }

    /** Whether {@code name} is "." or "..". */
    static boolean isDotOrDotDot(byte[] name) {
        return name.length >= 1 && name.length <= 2 && name[0] == '.' && (name.length == 1 || name[1] == '.');
    }

    /** A name for messages. */
    static String show(byte[] name) {
        return DirEntry.display(name);
    }
}
