package org.jlustre.mdt;

import java.util.List;
import org.jlustre.common.param.LprocfsStats;

/**
 * The counters of {@code mdt.*.md_stats} and of each client NID's {@code exports.<nid>.stats},
 * in Lustre's order and with its names ({@code mdt_stats_counter_init}, lustre/mdt/mdt_lproc.c):
 * latencies in microseconds, the DoM I/O counters in bytes.
 */
final class MdtStats {

    private MdtStats() {
    }

    /** Latency counters, in microseconds, in {@code enum mdt_stat_idx} order up to the I/O ones. */
    static final List<String> LATENCY = List.of("open", "close", "mknod", "link", "unlink", "mkdir", "rmdir",
            "rename", "getattr", "setattr", "getxattr", "setxattr", "statfs", "sync", "samedir_rename",
            "parallel_rename_file", "parallel_rename_dir", "crossdir_rename");
    /** Byte counters of Data-on-MDT I/O. */
    static final List<String> BYTES = List.of("read_bytes", "write_bytes");
    /** The latency counters after the byte ones. */
    static final List<String> LATER = List.of("punch", "migrate", "fallocate");

    /** Declares every counter, so they print in Lustre's order. */
    static LprocfsStats declare(LprocfsStats stats) {
        for (String c : LATENCY) {
            stats.counter(c, "usecs");
        }
        for (String c : BYTES) {
            stats.counter(c, "bytes");
        }
        for (String c : LATER) {
            stats.counter(c, "usecs");
        }
        return stats;
    }
}
