package org.jlustre.lnet.socklnd;

/**
 * When a peer may be connected to again after a failed connect ({@code ksnr_retry_interval} and
 * {@code ksnr_timeout} of a socklnd connection route, lnet/klnds/socklnd/socklnd_cb.c): none
 * after a success; after a failure {@code min_reconnectms}, doubled by each further failure up
 * to {@code max_reconnectms}. Until then, sends to the peer fail at once instead of each opening
 * a TCP connection ({@code ksocknal_launch_packet}: "No usable routes").
 *
 * <p>Not thread-safe: the peer's monitor guards it.
 */
final class ReconnectBackoff {

    /** {@code min_reconnectms} default: the first wait after a failed connect. */
    static final long DEFAULT_MIN_MS = 1000;
    /** {@code max_reconnectms} default: the longest wait. */
    static final long DEFAULT_MAX_MS = 60_000;

    /** The current interval in ms; 0: connect at any time. */
    private long intervalMs;
    /** When the next connect may start ({@link System#nanoTime}); meaningful while {@link #intervalMs} > 0. */
    private long retryAtNanos;

    /** Whether a connect may start at {@code now} ({@code ksocknal_find_connectable_route_locked}). */
    boolean mayConnect(long now) {
        return intervalMs == 0 || now - retryAtNanos >= 0;
    }

    /** How long until a connect may start, in ms (0 when it may now). */
    long remainingMs(long now) {
        return mayConnect(now) ? 0 : (retryAtNanos - now + 999_999) / 1_000_000;
    }

    /** The current interval in ms, 0 when the last connect succeeded. */
    long intervalMs() {
        return intervalMs;
    }

    /**
     * A connect failed at {@code now}: the interval doubles, at least {@code minMs} and at most
     * {@code maxMs} ({@code ksocknal_connect}'s failure path).
     */
    void failed(long now, long minMs, long maxMs) {
        long next = Math.max(intervalMs * 2, minMs);
        intervalMs = Math.max(1, Math.min(next, maxMs));
        retryAtNanos = now + intervalMs * 1_000_000L;
    }

    /** A connection came up: connect at any time again ({@code ksocknal_associate_cb_conn_locked}). */
    void connected() {
        intervalMs = 0;
    }
}
