package org.jlustre.common;

/**
 * The one checked exception of jlustre: a storage or protocol failure carrying the
 * {@link Errno} that is also its wire status. Programmer errors are unchecked
 * ({@link IllegalArgumentException}, {@link IllegalStateException}); everything a peer, a
 * user or the store can cause is a {@code LustreException}.
 */
public class LustreException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /** A failure with its errno and a message that names the bad value. */
    public LustreException(Errno errno, String message) {
        super(message);
        this.errno = java.util.Objects.requireNonNull(errno, "errno");
    }

    /** A failure with its errno, a message and the cause. */
    public LustreException(Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = java.util.Objects.requireNonNull(errno, "errno");
    }

    /** The errno. */
    public Errno errno() {
        return errno;
    }

    /** The negative return code ({@code -errno}), as Lustre's C functions return it. */
    public int rc() {
        return -errno.value();
    }

    /** "message: strerror (-N)". */
    @Override
    public String toString() {
        return getClass().getSimpleName() + ": " + getMessage() + ": " + errno.message() + " (" + rc() + ")";
    }
}
