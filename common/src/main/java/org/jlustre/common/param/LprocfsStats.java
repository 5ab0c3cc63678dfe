package org.jlustre.common.param;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jlustre.common.TimeSource;

/**
 * A set of counters shown like a Lustre stats file ({@code lprocfs_stats_seq_show},
 * lustre/obdclass/lprocfs_status.c): a header of snapshot, start and elapsed times, then one
 * line per counter that has samples, {@code name count samples [unit] min max sum sumsq}.
 * Counters are made on first use, so per-opcode counters appear as opcodes are seen; they are
 * listed in the order they were declared or first used. Writing the parameter clears them.
 *
 * <p>Thread-safe and lock-free on the sampling path.
 */
public final class LprocfsStats {

    private final TimeSource time;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Integer, Counter> order = new ConcurrentSkipListMap<>();
    private volatile long startNanos;

    /**
     * One counter. A sample takes the counter's lock once: cheaper than five atomic updates,
     * and the five values stay consistent with each other.
     */
    public static final class Counter {
        private final String name;
        private final String unit;
        private long count;
        private long sum;
        private long sumsq;
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;

        private Counter(String name, String unit) {
            this.name = name;
            this.unit = unit;
        }

        /** Adds one sample ({@code lprocfs_counter_add}). */
        public synchronized void add(long value) {
            count++;
            sum += value;
            sumsq += value * value;
            if (value < min) {
                min = value;
            }
            if (value > max) {
                max = value;
            }
        }

        /** Samples so far. */
        public synchronized long count() {
            return count;
        }

        /** Sum of the samples. */
        public synchronized long sum() {
            return sum;
        }

        /** The smallest sample, or 0 with none. */
        public synchronized long min() {
            return count == 0 ? 0 : min;
        }

        /** The largest sample, or 0 with none. */
        public synchronized long max() {
            return count == 0 ? 0 : max;
        }

        private synchronized long sumsq() {
            return sumsq;
        }

        private synchronized void clear() {
            count = 0;
            sum = 0;
            sumsq = 0;
            min = Long.MAX_VALUE;
            max = Long.MIN_VALUE;
        }
    }

    /** Counters on this time source. */
    public LprocfsStats(TimeSource time) {
        this.time = time;
        this.startNanos = time.realNanos();
    }

    /** The counter {@code name}, made with {@code unit} on first use. */
    public Counter counter(String name, String unit) {
        Counter c = counters.get(name);
        if (c != null) {
            return c;
        }
        return counters.computeIfAbsent(name, n -> {
            Counter made = new Counter(n, unit);
            order.put(order.isEmpty() ? 0 : order.lastKey() + 1, made);
            return made;
        });
    }

    /** The counter {@code name} if it exists. */
    public Counter find(String name) {
        return counters.get(name);
    }

    /** Clears every counter and restarts the elapsed time. */
    public void clear() {
        for (Counter c : counters.values()) {
            c.clear();
        }
        startNanos = time.realNanos();
    }

    /** The stats file text. */
    public String render() {
        long now = time.realNanos();
        long start = startNanos;
        StringBuilder sb = new StringBuilder();
        header(sb, "snapshot_time", now);
        header(sb, "start_time", start);
        header(sb, "elapsed_time", now - start);
        for (Counter c : order.values()) {
            long n = c.count();
            if (n == 0) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-25s %d samples [%s] %d %d %d %d%n", c.name, n, c.unit, c.min(),
                    c.max(), c.sum(), c.sumsq()));
        }
        return sb.toString();
    }

    /** The parameter: reads {@link #render}, any write clears. */
    public Param param() {
        return Param.ofString(this::render, v -> clear());
    }

    /** Appends a header line of a stats file: {@code name seconds.nanoseconds secs.nsecs}. */
    public static void header(StringBuilder sb, String name, long nanos) {
        sb.append(String.format(Locale.ROOT, "%-25s %d.%09d secs.nsecs%n", name, Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L)));
    }
}
