package org.jlustre.common;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where storage and protocol code read the time. Nothing below the tools reads the wall
 * clock directly, so tests can run with a {@link #manual(long) manual} source.
 */
public interface TimeSource {

    /** Wall-clock time in nanoseconds since the epoch ({@code ktime_get_real_ns}). */
    long realNanos();

    /** Monotonic nanoseconds for intervals ({@code ktime_get_ns}). */
    long monotonicNanos();

    /** Wall-clock seconds since the epoch ({@code ktime_get_real_seconds}). */
    default long realSeconds() {
        return Math.floorDiv(realNanos(), 1_000_000_000L);
    }

    /** The system clocks. */
    static TimeSource system() {
        return SystemTime.INSTANCE;
    }

    /** A source that moves only when told to, starting at {@code startNanos} since the epoch. */
    static Manual manual(long startNanos) {
        return new Manual(startNanos);
    }

    /** The system clock. */
    enum SystemTime implements TimeSource {
        /** The one instance. */
        INSTANCE;

        @Override
        public long realNanos() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }
    }

    /** A clock for tests: both readings advance together, only through {@link #advance}. */
    final class Manual implements TimeSource {
        private final AtomicLong nanos;

        private Manual(long startNanos) {
            this.nanos = new AtomicLong(startNanos);
        }

        /** Moves both readings forward. */
        public void advance(long amount, TimeUnit unit) {
            if (amount < 0) {
                throw new IllegalArgumentException("cannot move time backwards by " + amount + " " + unit);
            }
            nanos.addAndGet(unit.toNanos(amount));
        }

        @Override
        public long realNanos() {
            return nanos.get();
        }

        @Override
        public long monotonicNanos() {
            return nanos.get();
        }
    }
}
