package org.jlustre.ost;

import java.util.List;
import org.jlustre.common.param.LprocfsStats;

/** The counters of {@code obdfilter.*.stats}, in Lustre's order ({@code ofd_stats_counter_init}). */
final class OfdStats {

    private OfdStats() {
    }

    /** Byte counters. */
    static final List<String> BYTES = List.of("read_bytes", "write_bytes");
    /** Latency counters, in microseconds. */
    static final List<String> LATENCY = List.of("read", "write", "getattr", "setattr", "punch", "sync", "destroy",
            "create", "statfs", "get_info", "set_info", "quotactl", "prealloc");

    /** Declares every counter, so they print in Lustre's order. */
    static void declare(LprocfsStats stats) {
        for (String c : BYTES) {
            stats.counter(c, "bytes");
        }
        for (String c : LATENCY) {
            stats.counter(c, "usecs");
        }
    }
}
