package org.jlustre.osd.mem;

import java.util.Locale;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.jlustre.common.TimeSource;
import org.jlustre.common.param.LprocfsStats;

/**
 * Per-operation counters of one device, shown by {@code lctl get_param osd-mem.*.stats} in
 * the lprocfs layout ({@code lprocfs_stats_seq_show}, lustre/obdclass/lprocfs_status.c):
 * a header of snapshot, start and elapsed time, then one line per counter that was hit,
 * {@code name count samples [unit]} and, for byte counters, {@code min max sum}. Writing
 * anything to the parameter clears the counters, as with Lustre's stats files.
 *
 * <p>Thread-safe and cheap: striped adders, no locks.
 */
final class MemStats {

    /** The counters. */
    enum Counter {
        CACHE_HIT("cache_hit", "reqs"),
        CACHE_MISS("cache_miss", "reqs"),
        TRANS_START("trans_start", "reqs"),
        TRANS_STOP("trans_stop", "reqs"),
        CREATE("create", "reqs"),
        DESTROY("destroy", "reqs"),
        ATTR_GET("attr_get", "reqs"),
        ATTR_SET("attr_set", "reqs"),
        XATTR_GET("xattr_get", "reqs"),
        XATTR_SET("xattr_set", "reqs"),
        XATTR_DEL("xattr_del", "reqs"),
        XATTR_LIST("xattr_list", "reqs"),
        REF_ADD("ref_add", "reqs"),
        REF_DEL("ref_del", "reqs"),
        INDEX_TRY("index_try", "reqs"),
        LOOKUP("lookup", "reqs"),
        INSERT("insert", "reqs"),
        DELETE("delete", "reqs"),
        ITERATE("iterate", "reqs"),
        READ_BYTES("read_bytes", "bytes", true),
        WRITE_BYTES("write_bytes", "bytes", true),
        BUFS_GET("get_page", "pages", true),
        WRITE_COMMIT_BYTES("write_commit", "bytes", true),
        PUNCH("punch", "reqs");

        final String label;
        final String unit;
        final boolean minMax;

        Counter(String label, String unit) {
            this(label, unit, false);
        }

        Counter(String label, String unit, boolean minMax) {
            this.label = label;
            this.unit = unit;
            this.minMax = minMax;
        }
    }

    private static final Counter[] ALL = Counter.values();

    private final TimeSource time;
    private final LongAdder[] counts = new LongAdder[ALL.length];
    private final LongAdder[] sums = new LongAdder[ALL.length];
    private final LongAccumulator[] mins = new LongAccumulator[ALL.length];
    private final LongAccumulator[] maxs = new LongAccumulator[ALL.length];
    private volatile long startNanos;

    MemStats(TimeSource time) {
        this.time = time;
        for (Counter c : ALL) {
            counts[c.ordinal()] = new LongAdder();
            if (c.minMax) {
                sums[c.ordinal()] = new LongAdder();
                mins[c.ordinal()] = new LongAccumulator(Math::min, Long.MAX_VALUE);
                maxs[c.ordinal()] = new LongAccumulator(Math::max, Long.MIN_VALUE);
            }
        }
        startNanos = time.realNanos();
    }

    /** Counts one event. */
    void inc(Counter c) {
        counts[c.ordinal()].increment();
    }

    /** Counts one sample of {@code amount} (bytes or pages). */
    void add(Counter c, long amount) {
        int i = c.ordinal();
        counts[i].increment();
        if (c.minMax) {
            sums[i].add(amount);
            mins[i].accumulate(amount);
            maxs[i].accumulate(amount);
        }
    }

    /** The count of one counter. */
    long count(Counter c) {
        return counts[c.ordinal()].sum();
    }

    /** Clears every counter and restarts the elapsed time. */
    void clear() {
        for (Counter c : ALL) {
            int i = c.ordinal();
            counts[i].reset();
            if (c.minMax) {
                sums[i].reset();
                mins[i].reset();
                maxs[i].reset();
            }
        }
        startNanos = time.realNanos();
    }

    /** The lprocfs rendering. */
    String render() {
        long now = time.realNanos();
        long start = startNanos;
        StringBuilder sb = new StringBuilder();
        LprocfsStats.header(sb, "snapshot_time", now);
        LprocfsStats.header(sb, "start_time", start);
        LprocfsStats.header(sb, "elapsed_time", now - start);
        for (Counter c : ALL) {
            int i = c.ordinal();
            long n = counts[i].sum();
            if (n == 0) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-25s %d samples [%s]", c.label, n, c.unit));
            if (c.minMax) {
                sb.append(' ').append(mins[i].get()).append(' ').append(maxs[i].get()).append(' ')
                        .append(sums[i].sum());
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
