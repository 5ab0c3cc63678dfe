package org.jlustre.bench;

import java.lang.management.ManagementFactory;

/**
 * Full collections at chosen points. Benchmarks collect after building their data, so it
 * sits compacted in the old generation as a long-running server's does, and before each
 * create iteration, so it does not pay for the previous iteration's garbage. (JMH's own
 * between-iteration GC is not used: on this kind of VM the heap it shrinks has to be
 * faulted in again at about 11.5 us per page, which would be measured.)
 */
final class Heaps {

    private Heaps() {
    }

    /** Runs full collections until reference processing has settled. */
    static void collect() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Used heap bytes after {@link #collect()}. */
    static long usedAfterCollect() {
        collect();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
