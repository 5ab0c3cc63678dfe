package org.jlustre.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jlustre.common.Nid;

/**
 * What {@code mount -t lustre MGSNID:/fsname} says: where the MGS is and which filesystem, plus
 * how long a request may wait for its reply.
 *
 * @param fsname the filesystem name (the client log is {@code <fsname>-client})
 * @param mgsNids the MGS's NIDs (failover NIDs after the first)
 * @param timeout how long one request waits for its reply before it is resent or fails
 *        ({@code obd_timeout}); every operation fails within a bounded multiple of it
 */
public record MountOptions(String fsname, List<Nid> mgsNids, Duration timeout) {

    /** Lustre's default {@code obd_timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** Checks the values. */
    public MountOptions {
        Objects.requireNonNull(fsname, "fsname");
        if (fsname.isEmpty() || fsname.length() > 8 || !fsname.chars().allMatch(c -> c == '_' || c == '-'
                || Character.isLetterOrDigit(c))) {
            throw new IllegalArgumentException("fsname '" + fsname + "': 1 to 8 letters, digits, '_' or '-'");
        }
        mgsNids = List.copyOf(mgsNids);
        if (mgsNids.isEmpty()) {
            throw new IllegalArgumentException("no MGS NID for " + fsname);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " is not positive");
        }
    }

    /** {@code fsname} on the MGS at {@code mgsNids}, with the default timeout. */
    public static MountOptions of(String fsname, List<Nid> mgsNids) {
        return new MountOptions(fsname, mgsNids, DEFAULT_TIMEOUT);
    }

    /** The same with another request timeout. */
    public MountOptions withTimeout(Duration t) {
        return new MountOptions(fsname, mgsNids, t);
    }
}
