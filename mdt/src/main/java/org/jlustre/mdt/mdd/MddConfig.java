package org.jlustre.mdt.mdd;

import java.util.Objects;
import org.jlustre.common.TimeSource;

/**
 * How an {@link Mdd} runs.
 *
 * @param name the device name for messages, e.g. {@code lustre-MDD0000}
 * @param userXattr whether {@code user.*} xattrs are allowed (the {@code user_xattr} mount
 *     option; EOPNOTSUPP otherwise)
 * @param acl whether POSIX ACLs are stored and enforced (the {@code acl} mount option)
 * @param time the clock for times the client does not give
 * @param mdtIndex the MDT's index: MDT0 holds ROOT and {@code .lustre}, the others not
 */
public record MddConfig(String name, boolean userXattr, boolean acl, TimeSource time, int mdtIndex) {

    /** Checks the fields. */
    public MddConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        if (mdtIndex < 0) {
            throw new IllegalArgumentException("MDT index " + mdtIndex + " < 0");
        }
    }

    /** {@code user_xattr} and {@code acl} on (as a 2.15 MDT mounts by default), the system clock. */
    public static MddConfig defaults(String name) {
        return new MddConfig(name, true, true, TimeSource.system(), 0);
    }

    /** This configuration with another clock. */
    public MddConfig withTime(TimeSource t) {
        return new MddConfig(name, userXattr, acl, t, mdtIndex);
    }

    /** This configuration for MDT {@code index}. */
    public MddConfig withIndex(int index) {
        return new MddConfig(name, userXattr, acl, time, index);
    }
}
