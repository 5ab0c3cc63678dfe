package org.jlustre.bench;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.LustreException;
import org.jlustre.llog.LlogCatalog;
import org.jlustre.llog.LlogHandle;
import org.jlustre.osd.Body;
import org.jlustre.wire.llog.LlogCookie;
import org.jlustre.wire.llog.LlogHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * llog on osd-mem, one thread, 64-byte records: appends to plain logs and through a catalog,
 * each in its own local transaction as {@code llog_write} and {@code llog_cat_add} do, and
 * processing of a full plain log and of a catalog. The references are the OSD's own body
 * writes and reads of the same bytes.
 *
 * <p>Every append benchmark gets a fresh device per iteration, so what one iteration wrote
 * (about 100 MB at a million records a second) is not carried into the next. Before its first
 * iteration each append benchmark also appends {@link #WARM_UP_RECORDS} records on a scratch
 * device: the llog append path takes 3 to 5 s to be compiled fully on this machine (at first it
 * runs at a tenth of its speed), longer than {@code --quick}'s two warm-up iterations.
 */
public class LlogBench {

    /** Plain logs of the catalog processed by {@link #catalogProcess}: about a million records. */
    static final int CATALOG_LOGS = 16;
    /** Records the catalog processing walks. */
    static final int CATALOG_RECORDS = CATALOG_LOGS * LlogFixture.PLAIN_RECORDS;
    /** Records per transaction of {@link #rawAppendBatched}: one 8 KiB chunk's worth. */
    static final int BATCH = LlogHeader.MIN_CHUNK_SIZE / LlogFixture.RECORD_BYTES;
    /** Records every append benchmark writes on a scratch device before it is measured. */
    static final int WARM_UP_RECORDS = 1_000_000;

    /** Appends to unnamed plain logs, a fresh log when one is full. */
    @State(Scope.Thread)
    public static class PlainAppends {
        LlogFixture llog;
        LlogFixture.PlainAppender appender;

        @Setup(Level.Trial)
        public void warmUp() throws LustreException {
            try (LlogFixture scratch = LlogFixture.mount("bench-llog-warm-up");
                    LlogFixture.PlainAppender a = scratch.new PlainAppender()) {
                for (int i = 0; i < WARM_UP_RECORDS; i++) {
                    a.append();
                }
            }
        }

        @Setup(Level.Iteration)
        public void mount() throws LustreException {
            Heaps.collect();
            llog = LlogFixture.mount("bench-llog-plain");
            appender = llog.new PlainAppender();
        }

        @TearDown(Level.Iteration)
        public void unmount() {
            appender.close();
            llog.close();
            appender = null;
            llog = null;
        }
    }

    /** A catalog on a fresh device; it creates its plain logs itself. */
    @State(Scope.Thread)
    public static class CatalogAdds {
        final MemorySegment record = LlogFixture.record();
        LlogFixture llog;
        LlogCatalog catalog;

        @Setup(Level.Trial)
        public void warmUp() throws LustreException {
            try (LlogFixture scratch = LlogFixture.mount("bench-llog-warm-up");
                    LlogCatalog c = scratch.newCatalog()) {
                for (int i = 0; i < WARM_UP_RECORDS; i++) {
                    c.add(record);
                }
            }
        }

        @Setup(Level.Iteration)
        public void mount() throws LustreException {
            Heaps.collect();
            llog = LlogFixture.mount("bench-llog-cat");
            catalog = llog.newCatalog();
        }

        @TearDown(Level.Iteration)
        public void unmount() {
            catalog.close();
            llog.close();
            catalog = null;
            llog = null;
        }
    }

    /** The reference appends: one regular object on a fresh device. */
    @State(Scope.Thread)
    public static class RawAppends {
        LlogFixture llog;
        LlogFixture.RawAppender appender;

        @Setup(Level.Trial)
        public void warmUp() throws LustreException {
            try (LlogFixture scratch = LlogFixture.mount("bench-llog-warm-up");
                    LlogFixture.RawAppender a = scratch.new RawAppender()) {
                for (int i = 0; i < WARM_UP_RECORDS / 2; i++) {
                    a.append(1);
                }
                for (int i = 0; i < WARM_UP_RECORDS / 2 / BATCH; i++) {
                    a.append(BATCH);
                }
            }
        }

        @Setup(Level.Iteration)
        public void mount() throws LustreException {
            Heaps.collect();
            llog = LlogFixture.mount("bench-llog-raw");
            appender = llog.new RawAppender();
        }

        @TearDown(Level.Iteration)
        public void unmount() {
            appender.close();
            llog.close();
            appender = null;
            llog = null;
        }
    }

    /** One full plain log, and a catalog of {@link #CATALOG_LOGS} full plain logs. */
    @State(Scope.Thread)
    public static class Full {
        final byte[] chunk = new byte[LlogHeader.MIN_CHUNK_SIZE];
        final MemorySegment chunkSegment = MemorySegment.ofArray(chunk);
        LlogFixture llog;
        LlogHandle plain;
        LlogCatalog catalog;

        @Setup(Level.Trial)
        public void fill() throws LustreException {
            llog = LlogFixture.mount("bench-llog-process");
            plain = llog.fullPlainLog();
            if (plain.lastIndex() != LlogFixture.PLAIN_RECORDS || plain.count() != LlogFixture.PLAIN_RECORDS + 1) {
                throw new IllegalStateException("a full plain log has " + plain.count() + " records, last index "
                        + plain.lastIndex() + ", not " + LlogFixture.PLAIN_RECORDS);
            }
            catalog = llog.newCatalog();
            MemorySegment rec = LlogFixture.record();
            for (int i = 0; i < CATALOG_RECORDS; i++) {
                catalog.add(rec);
            }
            if (catalog.openLogs().size() < CATALOG_LOGS) {
                throw new IllegalStateException("the catalog has " + catalog.openLogs().size() + " plain logs, not "
                        + CATALOG_LOGS);
            }
            Heaps.collect();
        }

        @TearDown(Level.Trial)
        public void unmount() {
            plain.close();
            catalog.close();
            llog.close();
        }
    }

    /** {@code LlogHandle.append} of one 64-byte record in its own local transaction. */
    @Benchmark
    public int plainAppend(PlainAppends s) throws LustreException {
        return s.appender.append();
    }

    /** {@code LlogCatalog.add} of one 64-byte record in its own local transaction. */
    @Benchmark
    public LlogCookie catalogAdd(CatalogAdds s) throws LustreException {
        return s.catalog.add(s.record);
    }

    /** The reference: {@code Body.write} of 64 bytes at the end of one object, in its own local transaction. */
    @Benchmark
    public int rawAppend(RawAppends s) throws LustreException {
        return s.appender.append(1);
    }

    /** {@code Body.write} of 64 bytes at the end of one object, {@link #BATCH} writes per local transaction. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int rawAppendBatched(RawAppends s) throws LustreException {
        return s.appender.append(BATCH);
    }

    /** {@code LlogHandle.process} of a full plain log; one operation is one record. */
    @Benchmark
    @OperationsPerInvocation(LlogFixture.PLAIN_RECORDS)
    public long plainProcess(Full s) throws LustreException {
        LlogFixture.Counter c = new LlogFixture.Counter();
        s.plain.process(c);
        return c.indexSum;
    }

    /** {@code LlogCatalog.process} over {@link #CATALOG_LOGS} full plain logs; one operation is one record. */
    @Benchmark
    @OperationsPerInvocation(CATALOG_RECORDS)
    public long catalogProcess(Full s) throws LustreException {
        LlogFixture.Counter c = new LlogFixture.Counter();
        s.catalog.process(c);
        return c.indexSum;
    }

    /**
     * The reference of processing: the full plain log's bytes read with {@code Body.read}, a
     * chunk at a time into one heap buffer, as processing reads them; one operation is one
     * record's worth of bytes.
     */
    @Benchmark
    @OperationsPerInvocation(LlogFixture.PLAIN_RECORDS)
    public long rawRead(Full s) throws LustreException {
        Body body = s.plain.object().body();
        long pos = 0;
        long sum = 0;
        int n;
        while ((n = body.read(pos, s.chunkSegment)) > 0) {
            pos += n;
            sum += s.chunk[n - 1];
        }
        return sum + pos;
    }
}
