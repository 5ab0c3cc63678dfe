package org.jlustre.llog.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.llog.LlogHandle;
import org.jlustre.llog.reader.LlogReader;
import org.jlustre.llog.reader.LlogReaderResult;
import org.jlustre.llog.test.LlogTestSuite;
import org.jlustre.osd.OsdDevice;
import org.jlustre.wire.llog.LlogLogid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream's llog test suite ({@link LlogTestSuite}) as JUnit tests, one per upstream test, in
 * upstream order on one device. An OSD runs it by extending this class with its device; a
 * failed test skips the rest, which depend on it, as {@code llog_run_tests} stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class LlogSuiteConformance {

    private OsdDevice dev;
    private LlogTestSuite suite;
    private boolean broken;

    /** A fresh device of at least 1 GiB on {@code libcfs}. */
    protected abstract OsdDevice newDevice(Libcfs libcfs) throws Exception;

    /** Checks after the suite's cleanup, e.g. that a wrapper saw no open transaction. */
    protected void afterSuite(OsdDevice device) {
    }

    @BeforeAll
    void setUp() throws Exception {
        long seed = Long.getLong("jlustre.seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + ": llog_test_rand from seed " + seed
                + " (rerun with -Djlustre.seed=" + seed + ")");
        Libcfs libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        dev = newDevice(libcfs);
        suite = new LlogTestSuite(dev, libcfs, new SplittableRandom(seed).nextInt(1, 1 << 28));
        suite.setUp();
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            suite.cleanup();
            afterSuite(dev);
        } finally {
            dev.close();
        }
    }

    private void step(int n) throws Exception {
        assumeFalse(broken, "an earlier llog test failed");
        try {
            suite.run(n);
        } catch (Throwable t) {
            broken = true;
            throw t;
        }
    }

    /** Test 1: named log create and close; one live record (the header). */
    @Test
    @Order(1)
    void test1NamedCreateClose() throws Exception {
        step(1);
    }

    /** Test 2: reopen by name; unnamed log with one record, counted in memory and on disk; DEL_RECORD; destroy. */
    @Test
    @Order(2)
    void test2ReopenAndCounts() throws Exception {
        step(2);
    }

    /** Test 3: 1023 fixed records then processing from 501 sees 525; variable records from 1026 see 568; ENOSPC. */
    @Test
    @Order(3)
    void test3PlainLog() throws Exception {
        step(3);
    }

    /** Test 4: catalog add returns a cookie; cancel by cookie; recnum (64767) adds need a second plain log. */
    @Test
    @Order(4)
    void test4CatalogAddCancel() throws Exception {
        step(4);
        assertThat(suite.recnum()).isEqualTo(64767);
    }

    /** Test 5: 2 entries; cancelling recnum ends with -LLOG_EEMPTY and 1 entry; 6 records both ways. */
    @Test
    @Order(5)
    void test5CatalogProcessing() throws Exception {
        step(5);
    }

    /** Test 6: the client API through an in-process llog service, forward and reverse. */
    @Test
    @Order(6)
    void test6ClientApi() throws Exception {
        step(6);
    }

    /** Test 7: eight record types filled to ENOSPC, processed, cancelled in reverse, zapped. */
    @Test
    @Order(7)
    void test7EveryRecordType() throws Exception {
        step(7);
    }

    /** Test 8: damaged catalog entry and plain chunks: orig + 40 records survive. */
    @Test
    @Order(8)
    void test8Corruption() throws Exception {
        step(8);
    }

    /** Test 9: one record of four types each, kept for llog_reader, announced by a 9_sub line. */
    @Test
    @Order(9)
    void test9RecordsForLlogReader() throws Exception {
        step(9);
        assertThat(suite.messages()).filteredOn(m -> m.startsWith("9_sub: record type "))
                .hasSize(4)
                .allMatch(m -> m.matches("9_sub: record type [0-9a-f]+ in log 0x1:0x[0-9a-f]+:0x0"));
    }

    /** Test 10: catalog wrap-around with four slots, llh_cat_idx wrapping, no stale entry under a race. */
    @Test
    @Order(10)
    void test10CatalogWrap() throws Exception {
        step(10);
    }

    /** Test 11: size survives dropping the object from the cache. */
    @Test
    @Order(11)
    void test11SizeAfterReload() throws Exception {
        step(11);
    }

    /** Test 12: a truncated plain log is dropped whole; the next add starts a new one. */
    @Test
    @Order(12)
    void test12TruncatedPlain() throws Exception {
        step(12);
    }

    /** Test 13: erased plain logs are skipped forward and in reverse. */
    @Test
    @Order(13)
    void test13MissingPlains() throws Exception {
        step(13);
    }

    private static final Pattern RECORDS = Pattern.compile("^Number of records: (\\d+)\t", Pattern.MULTILINE);

    /**
     * What {@code llog_test --keep} writes: every llog left, as a file named by FID, which
     * llog_reader reads with the header's record count and prints the records processing
     * delivers. (Where test 8 left garbage in the catalog, llog_reader abandons the rest of that
     * chunk while processing steps over one fixed-size record, so it prints fewer.)
     */
    @Test
    @Order(14)
    void keptLogsReadBackWithTheirCounts(@TempDir Path dir) throws Exception {
        assumeFalse(broken, "an earlier llog test failed");
        List<Path> files = suite.keep(dir);
        assertThat(files).hasSizeGreaterThanOrEqualTo(15);
        LlogReader reader = LlogReader.defaults();
        for (Path file : files) {
            Fid fid = Fid.parse("[" + file.getFileName() + "]");
            int count;
            AtomicInteger live = new AtomicInteger();
            try (LlogHandle h = suite.context().open(LlogLogid.of(fid))) {
                h.init(0, null);
                count = h.count();
                assertThat(h.process((x, rec) -> {
                    live.incrementAndGet();
                    return 0;
                })).isZero();
            }
            LlogReaderResult r = reader.read(file);
            Matcher m = RECORDS.matcher(r.out());
            assertThat(m.find()).as("llog_reader header of %s:%n%s", file, r.out()).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as("llog_reader record count of %s", file).isEqualTo(count - 1);
            long printed = r.out().lines().filter(l -> l.matches("#\\d+ \\(\\d+\\).*")).count();
            if (r.err().contains("The llog is corrupted")) {
                assertThat(printed).as("records llog_reader prints of damaged %s", file).isLessThanOrEqualTo(live.get());
            } else {
                assertThat(r.crashed()).isFalse();
                assertThat(printed).as("records llog_reader prints of %s", file).isEqualTo(live.get());
            }
        }
    }
}
