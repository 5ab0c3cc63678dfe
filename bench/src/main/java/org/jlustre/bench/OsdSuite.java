package org.jlustre.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./jlustre bench osd}: osd-mem against its references, all measured in one run
 * (performance.md's targets for osd-mem): metadata operations against Jimfs, 1 MiB body I/O
 * against {@code MemorySegment.copy}, heap per empty file against Jimfs and off-heap bytes per
 * data byte.
 */
final class OsdSuite implements Suite {

    private static final String OPS = "ops/s";
    private static final String GBPS = "GB/s";
    private static final String COPY_IN = "MemorySegment.copy 1 MiB";
    private static final String COPY_OUT = "MemorySegment.copy 1 MiB out";
    private static final Target METADATA = Target.ratioAtLeast(1.5);

    @Override
    public String name() {
        return "osd";
    }

    @Override
    public String summary() {
        return "osd-mem metadata, 1 MiB I/O and memory against Jimfs and MemorySegment.copy";
    }

    @Override
    public List<Figure> run(RunLength length, PrintStream progress) throws Exception {
        // The memory figures first, while this JVM's heap holds nothing else.
        long start = System.nanoTime();
        Measurement heap = HeapFootprint.osdMem();
        Measurement jimfsHeap = HeapFootprint.jimfs();
        Measurement offHeap = Measurement.exactly(OffHeapOverhead.osdMem());
        progress.printf(Locale.ROOT, "osd: memory figures took %.1f s; JMH benchmarks follow%n",
                (System.nanoTime() - start) / 1e9);

        JmhRun jmh = JmhRun.run(length, progress, List.of(OsdMetadataBench.class, JimfsMetadataBench.class,
                OsdBodyBench.class, JimfsBodyBench.class, CopyBench.class));
        Measurement jimfsStat = jmh.opsPerSecond(JimfsMetadataBench.class, "stat");
        Measurement copyIn = gbPerSecond(jmh, CopyBench.class, "copyIn");
        Measurement copyOut = gbPerSecond(jmh, CopyBench.class, "copyOut");
        return List.of(
                new Figure("create+insert", OPS, jmh.opsPerSecond(OsdMetadataBench.class, "createInsert"),
                        "jimfs create", jmh.opsPerSecond(JimfsMetadataBench.class, "create"),
                        METADATA.andValueAtLeast(1e6)),
                new Figure("lookup", OPS, jmh.opsPerSecond(OsdMetadataBench.class, "lookup"), "jimfs stat", jimfsStat,
                        METADATA.andValueAtLeast(3e6)),
                new Figure("attr get", OPS, jmh.opsPerSecond(OsdMetadataBench.class, "attrGet"), "jimfs stat",
                        jimfsStat, METADATA.andValueAtLeast(3e6)),
                new Figure("xattr set", OPS, jmh.opsPerSecond(OsdMetadataBench.class, "xattrSet"), "jimfs xattr set",
                        jmh.opsPerSecond(JimfsMetadataBench.class, "xattrSet"), Target.REPORT),
                new Figure("xattr get", OPS, jmh.opsPerSecond(OsdMetadataBench.class, "xattrGet"), "jimfs xattr get",
                        jmh.opsPerSecond(JimfsMetadataBench.class, "xattrGet"), Target.REPORT),
                new Figure("1 MiB write", GBPS, gbPerSecond(jmh, OsdBodyBench.class, "write"), COPY_IN, copyIn,
                        Target.ratioAtLeast(0.6)),
                new Figure("1 MiB read", GBPS, gbPerSecond(jmh, OsdBodyBench.class, "read"), COPY_OUT, copyOut,
                        Target.ratioAtLeast(0.8)),
                new Figure("1 MiB page write", GBPS, gbPerSecond(jmh, OsdBodyBench.class, "pageWrite"), COPY_IN,
                        copyIn, Target.REPORT),
                new Figure("jimfs 1 MiB write", GBPS, gbPerSecond(jmh, JimfsBodyBench.class, "write"), COPY_IN, copyIn,
                        Target.REPORT),
                new Figure("jimfs 1 MiB read", GBPS, gbPerSecond(jmh, JimfsBodyBench.class, "read"), COPY_OUT, copyOut,
                        Target.REPORT),
                new Figure("heap per empty object", "bytes", heap, "jimfs heap per empty file", jimfsHeap,
                        Target.valueAtMost(512)),
                new Figure("off-heap overhead per data byte", "bytes/byte", offHeap, "data bytes",
                        Measurement.exactly(1.0), Target.REPORT));
    }

    private static Measurement gbPerSecond(JmhRun jmh, Class<?> benchmarkClass, String method) {
        return jmh.opsPerSecond(benchmarkClass, method).scaled(BodyCursor.GB_PER_OP);
    }
}
