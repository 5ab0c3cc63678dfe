package org.jlustre.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./jlustre bench llog}: llog on osd-mem against the OSD it writes through, all measured
 * in one run. Appends of 64-byte records, to plain logs and through a catalog, are compared
 * with the OSD's own 64-byte body appends in a local transaction each (what an append costs
 * on top of the bytes it stores); processing is compared with reading the same log's bytes a
 * chunk at a time. The catalog target is performance.md's: a million adds a second on one
 * thread.
 */
final class LlogSuite implements Suite {

    private static final String RECORDS = "records/s";
    private static final String RAW_APPEND = "osd 64 B append, own transaction";
    private static final String RAW_READ = "osd 8 KiB reads of the log, per 64 B";

    @Override
    public String name() {
        return "llog";
    }

    @Override
    public String summary() {
        return "llog plain/catalog appends and processing of 64-byte records against raw osd-mem body I/O";
    }

    @Override
    public List<Figure> run(RunLength length, PrintStream progress) throws Exception {
        return figures(JmhRun.run(length, progress, List.of(LlogBench.class)));
    }

    /** The rows, from the benchmarks' results. */
    static List<Figure> figures(JmhRun jmh) {
        Measurement rawAppend = jmh.opsPerSecond(LlogBench.class, "rawAppend");
        Measurement rawRead = jmh.opsPerSecond(LlogBench.class, "rawRead");
        return List.of(
                new Figure("plain append", RECORDS, jmh.opsPerSecond(LlogBench.class, "plainAppend"), RAW_APPEND,
                        rawAppend, Target.REPORT),
                new Figure("catalog add", RECORDS, jmh.opsPerSecond(LlogBench.class, "catalogAdd"), RAW_APPEND,
                        rawAppend, Target.valueAtLeast(1e6)),
                new Figure("osd 64 B append, " + LlogBench.BATCH + " per transaction", RECORDS,
                        jmh.opsPerSecond(LlogBench.class, "rawAppendBatched"), RAW_APPEND, rawAppend, Target.REPORT),
                new Figure("plain process", RECORDS, jmh.opsPerSecond(LlogBench.class, "plainProcess"), RAW_READ,
                        rawRead, Target.REPORT),
                new Figure("catalog process", RECORDS, jmh.opsPerSecond(LlogBench.class, "catalogProcess"), RAW_READ,
                        rawRead, Target.REPORT));
    }
}
