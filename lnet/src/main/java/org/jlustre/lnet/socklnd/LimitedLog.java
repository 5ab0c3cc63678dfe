package org.jlustre.lnet.socklnd;

import java.util.concurrent.TimeUnit;
import org.jlustre.common.TimeSource;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;

/**
 * One kind of log line that a flood repeats (a refused or idle connection): at most one a
 * second, the next one saying how many were skipped, as libcfs's {@code CDEBUG_LIMIT} keeps the
 * console from drowning ("Skipped N previous similar messages"). The counts in
 * {@code socklnd.<nid>.acceptor} stay exact.
 */
final class LimitedLog {

    static {
        DebugLog.hideFrames(LimitedLog.class);
    }

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DebugLog log;
    private final TimeSource time;
    private final int mask;
    /** Guarded by this: whether a line was written, when the last was, and how many were skipped since. */
    private boolean logged;
    private long lastNanos;
    private long skipped;

    LimitedLog(DebugLog log, TimeSource time, int mask) {
        this.log = log;
        this.time = time;
        this.mask = mask;
    }

    /** Logs the message unless one of this kind went less than a second ago. */
    void logf(String format, Object... args) {
        long now = time.monotonicNanos();
        long before;
        synchronized (this) {
            if (logged && now - lastNanos < INTERVAL_NANOS) {
                skipped++;
                return;
            }
            logged = true;
            lastNanos = now;
            before = skipped;
            skipped = 0;
        }
        String text = String.format(format, args);
        log.log(DebugMask.S_LND, mask, before == 0 ? text : text + " (skipped " + before
                + " previous similar messages)");
    }
}
