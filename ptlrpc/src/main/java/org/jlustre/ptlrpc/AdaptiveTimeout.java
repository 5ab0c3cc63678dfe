package org.jlustre.ptlrpc;

import java.util.Locale;

/**
 * An adaptive timeout estimate ({@code struct adaptive_timeout}, lustre/include/lustre_import.h,
 * {@code at_measured} in lustre/ptlrpc/import.c): the worst of the values measured over the
 * last {@link #HISTORY_SECONDS}, kept in {@link #BINS} bins of a quarter of that each. A
 * service keeps one of how long its requests take and reports it in every reply's
 * {@code pb_timeout}; an import keeps one per service it talks to, from those replies, with
 * {@link #NO_HISTORY} (only the last value counts: the server already took the worst), and
 * asks for {@link #estimateToTimeout} of it in its requests' {@code pb_timeout}.
 *
 * <p>Values are whole seconds, never below 1 once measured; 0 and negative values are ignored,
 * as Lustre ignores them ("0 could mean an error"). Times are the caller's wall-clock seconds,
 * passed in so that the clock stays injectable. Thread-safe: the monitor is {@code at_lock};
 * reading the estimate, and measuring a value that changes nothing (the usual case: a request
 * as quick as the others), take no lock, since a service measures every reply.
 */
final class AdaptiveTimeout {

    /** {@code AT_BINS}: bins of history. */
    static final int BINS = 4;
    /** {@code at_history}: seconds of history kept (default 600). */
    static final int HISTORY_SECONDS = 600;
    /** {@code at_min}: the least estimate reported (default 0). */
    static final int AT_MIN = 0;
    /** {@code at_max}: the greatest estimate, and the longest service time reported (default 600). */
    static final int AT_MAX = 600;
    /** {@code AT_FLG_NOHIST}: keep only the last value measured. */
    static final int NO_HISTORY = 0x1;

    /** {@code at_flags}. */
    private final int flags;
    /** {@code at_hist}: the worst value of each bin, the newest first; guarded by this. */
    private final int[] hist = new int[BINS];
    /** {@code at_binstart}: when bin 0 began, 0 while the initial value stands; guarded by this. */
    private long binStart;
    /** {@code at_current_timeout}; written under the monitor, read without it. */
    private volatile int current;
    /** When bin 0 ends (0 before the first value), for the lock-free test; written under the monitor. */
    private volatile long binEnd;
    /** {@code at_hist[0]}, for the lock-free test; written under the monitor. */
    private volatile int worstOfBin;
    /** {@code at_worst_timeout_ever}; guarded by this. */
    private int worst;
    /** {@code at_worst_timestamp}; guarded by this. */
    private long worstAt;

    /** {@code at_init(at, initial, flags)} at wall-clock second {@code now}. */
    AdaptiveTimeout(int initial, int flags, long now) {
        this.flags = flags;
        this.current = initial;
        this.worst = initial;
        this.worstAt = now;
    }

    /** {@code at_get}: the estimate, at least {@link #AT_MIN}. No lock. */
    int get() {
        return Math.max(current, AT_MIN);
    }

    /**
     * {@code at_measured}: takes a value measured at second {@code now}; the first replaces the
     * initial estimate. Returns the estimate it replaced if it changed, else 0.
     */
    int measured(int value, long now) {
        if (value <= 0) {
            return 0;
        }
        // within bin 0 and no worse than it, a value changes nothing: not the bin, not the
        // estimate (unless only the last value counts and this one differs), not the worst
        if (now < binEnd && value <= worstOfBin
                && ((flags & NO_HISTORY) == 0 ? value <= current : value == current)) {
            return 0;
        }
        synchronized (this) {
            return measuredLocked(value, now);
        }
    }

    /** {@link #measured}, with the monitor held. */
    private int measuredLocked(int value, long now) {
        int old = current;
        long binLimit = Math.max(HISTORY_SECONDS / BINS, 1);
        if (binStart == 0) {
            // the special case that removes the default from the history
            current = value;
            worst = value;
            worstAt = now;
            hist[0] = value;
            binStart = now;
        } else if (now - binStart < binLimit) {
            hist[0] = Math.max(value, hist[0]);
            current = Math.max(value, current);
        } else {
            long shift = (now - binStart) / binLimit;
            int max = value;
            for (int i = BINS - 1; i >= 0; i--) {
                if (i >= shift) {
                    hist[i] = hist[i - (int) shift];
                    max = Math.max(max, hist[i]);
                } else {
                    hist[i] = 0;
                }
            }
            hist[0] = value;
            current = max;
            binStart += shift * binLimit;
        }
        if (current > worst) {
            worst = current;
            worstAt = now;
        }
        if ((flags & NO_HISTORY) != 0) {
            current = value;
        }
        current = Math.max(Math.min(current, AT_MAX), AT_MIN);
        worstOfBin = hist[0];
        binEnd = binStart + binLimit;
        return current != old ? old : 0;
    }

    /** {@code at_est2timeout}: the time to allow for a service estimate, 125% + 5 s. */
    static int estimateToTimeout(int estimate) {
        return estimate + (estimate >> 2) + 5;
    }

    /** {@code at_timeout2est}: the estimate a timeout was made from, {@code 4/5 (t - 5)}. */
    static int timeoutToEstimate(int timeout) {
        if (timeout <= 0) {
            throw new IllegalArgumentException("timeout " + timeout + " must be positive");
        }
        return Math.max((timeout << 2) / 5, 5) - 4;
    }

    /**
     * The line of a {@code timeouts} parameter ({@code ptlrpc_lprocfs_timeouts_seq_show}):
     * {@code "   service : cur   1  worst   1 (at 1733600000, 5s ago)   1   0   0   0 "}.
     */
    synchronized String render(String name, long now) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%10s : cur %3d  worst %3d (at %d, %ds ago) ",
                name, Math.max(current, AT_MIN), worst, worstAt, now - worstAt));
        for (int h : hist) {
            sb.append(String.format(Locale.ROOT, "%3d ", h));
        }
        return sb.append('\n').toString();
    }
}
