package org.jlustre.client;

import java.util.Objects;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/** The checks llite makes on a name before any RPC ({@code ll_lookup_it}, {@code NAME_MAX}). */
final class Names {

    /** {@code NAME_MAX}. */
    static final int NAME_MAX = 255;

    private Names() {
    }

    /**
     * Checks {@code name}: EINVAL for an empty name or one holding '/' or NUL, ENAMETOOLONG
     * past {@link #NAME_MAX} bytes.
     */
    static byte[] check(byte[] name) throws LustreException {
        Objects.requireNonNull(name, "name");
        if (name.length == 0) {
            throw new LustreException(Errno.EINVAL, "empty name");
        }
        if (name.length > NAME_MAX) {
            throw new LustreException(Errno.ENAMETOOLONG, "name of " + name.length + " bytes (NAME_MAX " + NAME_MAX
                    + ")");
        }
        for (byte b : name) {
            if (b == '/' || b == 0) {
                throw new LustreException(Errno.EINVAL, "name '" + shown(name) + "' holds a " + (b == 0 ? "NUL" : "'/'"));
            }
        }
        return name;
    }

    /** A name for messages: UTF-8 where it decodes, with malformed bytes replaced. */
    static String shown(byte[] name) {
        return new String(name, java.nio.charset.StandardCharsets.UTF_8);
    }
}
