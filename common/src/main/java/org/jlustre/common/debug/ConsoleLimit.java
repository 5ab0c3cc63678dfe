package org.jlustre.common.debug;

/**
 * The rate limit of one repeated console message ({@code struct cfs_debug_limit_state} and
 * {@code CDEBUG_LIMIT}, libcfs/libcfs/debug.c {@code libcfs_debug_msg}): the first occurrence is
 * printed, later ones only once the current delay has passed, and each printed one doubles the
 * delay ({@code libcfs_console_backoff} 2), from {@code libcfs_console_min_delay} (0.5 s) up to
 * {@code libcfs_console_max_delay} (600 s). A message quiet for longer than the maximum delay
 * starts again from a short delay. So something that keeps failing says so at once, then at
 * growing intervals, with the count of what was skipped in between.
 *
 * <p>Thread-safe.
 */
public final class ConsoleLimit {

    /** {@code libcfs_console_min_delay}: HZ / 2. */
    public static final long MIN_DELAY_NANOS = 500_000_000L;
    /** {@code libcfs_console_max_delay}: 600 s. */
    public static final long MAX_DELAY_NANOS = 600_000_000_000L;
    /** {@code libcfs_console_backoff}. */
    private static final int BACKOFF = 2;

    /** {@code cdls_next}: when the next message may print; 0 before the first. */
    private long next;
    /** {@code cdls_delay}. */
    private long delay;
    /** {@code cdls_count}: messages skipped since the last one printed. */
    private int skipped;

    /**
     * Whether a message occurring at {@code nowNanos} ({@link System#nanoTime}) prints; if not,
     * it is counted as skipped.
     */
    public synchronized boolean allow(long nowNanos) {
        if (next != 0 && nowNanos - next < 0) {
            skipped++;
            return false;
        }
        if (next != 0 && nowNanos - next > MAX_DELAY_NANOS + 10_000_000_000L) {
            delay /= BACKOFF * 4; // the last one was long ago
        } else {
            delay *= BACKOFF;
        }
        delay = Math.clamp(delay, MIN_DELAY_NANOS, MAX_DELAY_NANOS);
        next = nowNanos + delay;
        return true;
    }

    /**
     * How many messages were skipped before the one {@link #allow} just let through, for its
     * "skipped N previous similar messages"; resets the count.
     */
    public synchronized int takeSkipped() {
        int n = skipped;
        skipped = 0;
        return n;
    }

    /** Starts again as if nothing was printed (the condition it reported is over). */
    public synchronized void reset() {
        next = 0;
        delay = 0;
        skipped = 0;
    }
}
