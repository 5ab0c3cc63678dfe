package org.jlustre.llog.test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.llog.Llog;
import org.jlustre.llog.LlogCallback;
import org.jlustre.llog.LlogCatalog;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogHandle;
import org.jlustre.llog.LlogRecordRef;
import org.jlustre.llog.LocalFiles;
import org.jlustre.llog.LocalLlogService;
import org.jlustre.llog.LlogService;
import org.jlustre.llog.LocalOidStorage;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.ChangelogUserRecord2;
import org.jlustre.wire.llog.GenRecord;
import org.jlustre.wire.llog.LlogCookie;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;
import org.jlustre.wire.llog.LogidRecord;
import org.jlustre.wire.llog.Setattr64Record;
import org.jlustre.wire.llog.Setattr64V2Record;
import org.jlustre.wire.llog.SizeChangeRecord;
import org.jlustre.wire.llog.Unlink64Record;

/**
 * Lustre's llog test suite ({@code llog_test.c}, run by sanity test 60a and sanity-osd; reference
 * section 5) on any OSD: the thirteen tests in upstream order, with upstream's counts, indexes,
 * return codes and sizes, each a method named after its number. The tests share state as
 * upstream's do (the named log of test 2 stays open through test 6, the catalog of test 4 is
 * reopened by tests 5 and 8), so they run in order on one suite object: {@link #setUp}, then
 * {@link #test1} to {@link #test13}, then {@link #cleanup}; {@link #runAll} does exactly that.
 *
 * <p>Logs live where upstream's do: the context's named logs in a {@code CONFIGS} directory in
 * the OSD root (the MGS's, created here when missing), unnamed ones by FID. Upstream's
 * {@code CWARN} lines go to the debug log as D_WARNING and to {@link #messages()}; a failed check
 * throws {@link LlogTestFailure} with upstream's {@code CERROR} text.
 *
 * <p>Not thread-safe: one suite runs its tests on one thread (test 10h starts its own).
 */
public final class LlogTestSuite {

    /** {@code llog_test_recnum} before test 4 sets it: {@code LLOG_MIN_CHUNK_SIZE * 8}. */
    public static final int INITIAL_RECNUM = LlogHeader.MIN_CHUNK_SIZE * 8;
    /** The uuid every test log carries. */
    public static final String UUID = "test_uuid";
    /** The directory named test logs live in, as on an MGS. */
    public static final String CONFIGS = "CONFIGS";
    /** Each test's number and title, in run order. */
    public static final List<String> TITLES = List.of(
            "named log create and close",
            "reopen by name, unnamed log, llh_count on disk",
            "plain log: fixed and variable records, in-place rewrite, re-read while processing, ENOSPC",
            "catalog add and cancel",
            "catalog processing, cancel to empty, reverse",
            "client API: process through an llog service",
            "every record type: fill, process, cancel in reverse, zap",
            "corruption tolerance",
            "records for llog_reader",
            "catalog wrap-around",
            "plain log size survives reload",
            "truncated plain log in a catalog",
            "missing plain logs in a catalog");

    private final OsdDevice dev;
    private final Libcfs libcfs;
    private final int rand;
    private final String name;
    private final List<String> messages = new ArrayList<>();
    private final Set<Fid> keptUnnamed = new LinkedHashSet<>();

    private LlogContext ctx;
    private Fid configs;
    private java.util.function.Function<LlogContext, LlogService> clientService = LocalLlogService::new;
    /** The named log of test 2, open until {@link #cleanup} (upstream's {@code llh}). */
    private LlogHandle namedLog;
    /** The catalog of test 4, reopened by 5 and 8 (and replaced by test 10's, as upstream). */
    private LlogLogid catLogid;
    private int recnum = INITIAL_RECNUM;

    /** A result of {@link #runAll}: test number, pass or failure text, elapsed time. */
    public record Result(int number, String title, String failure, long nanos) {

        /** Whether the test passed. */
        public boolean passed() {
            return failure == null;
        }
    }

    /**
     * A suite on {@code dev}, whose named logs get names from {@code rand} ({@code llog_test_rand}:
     * hex of rand, rand+1, rand+2, rand+3).
     */
    public LlogTestSuite(OsdDevice dev, Libcfs libcfs, int rand) {
        this.dev = dev;
        this.libcfs = libcfs;
        this.rand = rand & 0x7fffffff;
        this.name = Integer.toHexString(this.rand);
    }

    /**
     * How test 6 reaches the logs as a client: by default in-process
     * ({@link LocalLlogService} on the suite's context); the MGS's tests pass an MGC's llog
     * RPC client, so test 6 reads through a real MGC from a real MGS.
     */
    public LlogTestSuite clientService(java.util.function.Function<LlogContext, LlogService> service) {
        this.clientService = java.util.Objects.requireNonNull(service);
        return this;
    }

    /** The llog context the tests use (named logs in CONFIGS). */
    public LlogContext context() {
        return ctx;
    }

    /** Upstream's {@code CWARN} lines so far. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** {@code llog_test_recnum}: 65536 until test 4 sizes it to the plain log (64767 on an 8 KiB chunk). */
    public int recnum() {
        return recnum;
    }

    // ---- setup, run, cleanup ----

    /**
     * What {@code llog_test_setup} does: the context on the MGS's CONFIGS directory (created in
     * the OSD root when missing, as the MGS does at setup).
     */
    public void setUp() throws LustreException {
        configs = findOrCreateConfigs();
        ctx = new LlogContext(dev, libcfs, configs, LlogHeader.MIN_CHUNK_SIZE, dev.name());
        warn("setup: llog_test_rand %x, named logs in %s %s", rand, CONFIGS, configs);
    }

    private Fid findOrCreateConfigs() throws LustreException {
        return LocalFiles.findOrCreate(dev, dev.rootFid(), CONFIGS, FileMode.S_IFDIR | 0755, ObjectFormat.DIR);
    }

    /**
     * Runs setup, the thirteen tests in order and cleanup, reporting each test to {@code out} as it
     * ends. Like {@code llog_run_tests}, a failed test stops the run (later tests depend on it);
     * cleanup still runs.
     */
    public List<Result> runAll(Consumer<Result> out) throws LustreException {
        setUp();
        List<Result> results = new ArrayList<>();
        try {
            for (int n = 1; n <= TITLES.size(); n++) {
                long start = System.nanoTime();
                String failure = null;
                try {
                    run(n);
                } catch (LlogTestFailure e) {
                    failure = e.getMessage();
                } catch (LustreException e) {
                    failure = "unexpected error: " + e.getMessage() + " (rc = " + e.rc() + ")";
                } catch (RuntimeException e) {
                    failure = "unexpected " + e;
                }
                Result r = new Result(n, TITLES.get(n - 1), failure, System.nanoTime() - start);
                results.add(r);
                out.accept(r);
                if (failure != null) {
                    break;
                }
            }
        } finally {
            cleanup();
        }
        return results;
    }

    /** Runs test {@code n} (1..13). */
    public void run(int n) throws LustreException {
        switch (n) {
            case 1 -> test1();
            case 2 -> test2();
            case 3 -> test3();
            case 4 -> test4();
            case 5 -> test5();
            case 6 -> test6();
            case 7 -> test7();
            case 8 -> test8();
            case 9 -> test9();
            case 10 -> test10();
            case 11 -> test11();
            case 12 -> test12();
            case 13 -> test13();
            default -> throw new IllegalArgumentException("no llog test " + n + " (1.." + TITLES.size() + ")");
        }
    }

    /** The end of {@code llog_run_tests}: destroys and closes the named log of test 2; the rest stays. */
    public void cleanup() throws LustreException {
        if (namedLog != null) {
            try {
                if (namedLog.exists()) {
                    namedLog.destroy();
                }
            } finally {
                namedLog.close();
                namedLog = null;
                libcfs.failLoc().reset();
            }
        }
        libcfs.failLoc().reset();
    }

    // ---- test 1 ----

    /** Test 1: create a named log and close it ({@code llog_test_1}): one live record, the header. */
    public void test1() throws LustreException {
        warn("1a: create a log with name: %s", name);
        try (LlogHandle llh = ctx.openCreate(name)) {
            llh.init(LlogFlags.IS_PLAIN, UUID);
            verify("1", llh, 1);
            warn("1b: close newly-created log");
        }
    }

    // ---- test 2 ----

    /**
     * Test 2: reopen the named log (kept open for test 3); an unnamed log gets one record, which
     * is counted in memory and on disk, then cancelled by a callback returning LLOG_DEL_RECORD,
     * which shows on disk too; then it is destroyed ({@code llog_test_2}).
     */
    public void test2() throws LustreException {
        warn("2a: re-open a log with name: %s", name);
        namedLog = ctx.open(name, Llog.OpenMode.EXISTS);
        namedLog.init(LlogFlags.IS_PLAIN, UUID);
        verify("2", namedLog, 1);

        warn("2b: create a log without specified NAME & LOGID");
        LlogLogid logid;
        try (LlogHandle lgh = ctx.openNew()) {
            lgh.create();
            lgh.init(LlogFlags.IS_PLAIN, UUID);
            logid = lgh.logid();
            warn("2b: write 1 llog records, check llh_count");
            lgh.append(miniRecord());
            verify("2b", lgh, 2);
        }

        warn("2c: re-open the log by LOGID and verify llh_count");
        try (LlogHandle lgh = ctx.open(logid)) {
            lgh.init(LlogFlags.IS_PLAIN, UUID);
            verify("2c", lgh, 2);
            int rc = lgh.process((h, rec) -> Llog.DEL_RECORD);
            check(rc >= 0, "2c: process with a LLOG_DEL_RECORD callback failed: " + rc);
            verify("2c", lgh, 1);
        }
        try (LlogHandle lgh = ctx.open(logid)) {
            lgh.init(LlogFlags.IS_PLAIN, UUID);
            verify("2c", lgh, 1);
            warn("2d: destroy this log");
            lgh.destroy();
            check(!lgh.exists(), "2d: destroy log failed");
        }
        expectErrno(Errno.ENOENT, "2d: the destroyed log can still be opened", () -> ctx.open(logid).close());
    }

    // ---- test 3 ----

    /** What test 3's callbacks track across one processing run. */
    private static final class Test3State {
        int recNum;
        int paddings;
        int startIdx;
        long recOff;
        int lastRec;
        final List<String> errors = new ArrayList<>();
    }

    /**
     * Test 3 on the named log ({@code llog_test_3}). 3a: 1023 fixed-size 64-byte records; process
     * from 501 with a callback that checks offsets and indexes, rewrites every record in place
     * and appends two records when it reaches the last index: 525 records; again checking the
     * rewrites: 525. 3b: variable size, 566 records of 80 and 120 bytes, processed from 1026:
     * 568 twice (pads explain the offset jumps). 3c: alternating 80 and 128 bytes until the
     * bitmap is full: ENOSPC.
     */
    public void test3() throws LustreException {
        LlogHandle llh = requireNamedLog("3");
        int numRecs = 1; // the header
        MemorySegment gen = MemorySegment.ofArray(new GenRecord(0, 0, 0).encode(0));
        llh.setHeaderSize(GenRecord.SIZE);
        llh.setHeaderFlags(llh.header().flags() | LlogFlags.IS_FIXSIZE);

        warn("3a: write 1023 fixed-size llog records");
        for (int i = 0; i < 1023; i++) {
            appendOrFail(llh, gen, "3a: write 1023 records failed at #" + (i + 1));
            numRecs++;
        }
        verify("3a", llh, numRecs);

        Test3State st = new Test3State();
        int expected = 525;
        int n = test3Process(llh, st, this::test3CheckAndAdd, 501);
        check(n == expected, "3a: process total " + n + " records but expect " + expected);
        numRecs += 2;
        n = test3Process(llh, st, this::test3Check, 501);
        check(n == expected, "3a: process total " + n + " records but expect " + expected);

        warn("3b: write 566 variable size llog records");
        llh.setHeaderFlags(llh.header().flags() & ~LlogFlags.IS_FIXSIZE);
        llh.writeHeader();
        // 1025 64-byte records fill eight chunks and one record of the ninth; pairs of 80 + 120
        // bytes then leave pads of 48, 72, 112, 72, ... bytes: 6 * 81 + 80 = 566 records.
        for (int i = 0; i < 566; i++) {
            appendOrFail(llh, cfgRecord(i % 2 == 0 ? 80 : 120), "3b: write 566 records failed at #" + (i + 1));
            numRecs++;
        }
        verify("3b", llh, numRecs);
        expected = 568;
        n = test3Process(llh, st, this::test3CheckAndAdd, 1026);
        check(n == expected, "3b: process total " + n + " records but expect " + expected);
        numRecs += 2;
        n = test3Process(llh, st, this::test3Check, 1026);
        check(n == expected, "3b: process total " + n + " records but expect " + expected);

        warn("3c: write records with variable size until BITMAP_SIZE, return -ENOSPC");
        int bits = llh.header().bitmapBits();
        boolean enospc = false;
        while (numRecs < bits) {
            try {
                llh.append(cfgRecord(numRecs % 2 == 0 ? 80 : 128));
            } catch (LustreException e) {
                if (e.errno() == Errno.ENOSPC) {
                    enospc = true;
                    break;
                }
                throw failure("3c: write recs failed at #" + numRecs, e);
            }
            numRecs++;
        }
        check(enospc, "3c: write record more than BITMAP size!");
        warn("3c: wrote %d more records before end of llog is reached", numRecs);
        verify("3c", llh, numRecs);
    }

    /** {@code llog_test3_process}: processes from {@code start}, returns the records the callback saw. */
    private int test3Process(LlogHandle llh, Test3State st, Test3Callback cb, int start) throws LustreException {
        warn("test3: processing records from index %d to the end", start);
        st.recNum = 0;
        st.paddings = 0;
        st.recOff = 0;
        st.startIdx = start;
        st.lastRec = llh.lastIndex();
        st.errors.clear();
        int rc = llh.process((h, rec) -> cb.process(h, rec, st), start - 1, 0);
        check(rc >= 0, "test3: process failed: " + rc);
        check(st.errors.isEmpty(), "test3: " + String.join("; ", st.errors));
        warn("test3: total %d records processed with %d paddings", st.recNum, st.paddings);
        return st.recNum;
    }

    @FunctionalInterface
    private interface Test3Callback {
        int process(LlogHandle h, LlogRecordRef rec, Test3State st) throws LustreException;
    }

    /**
     * {@code test3_check_n_add_cb}: the offset is where it must be (fixed: from the index;
     * variable: where the previous record ended, or the next chunk after a pad), the index
     * follows, the record is rewritten in place with {@code conn_cnt} = its index, and at the
     * last index known when processing began and the one after, a record is appended.
     */
    private int test3CheckAndAdd(LlogHandle lgh, LlogRecordRef rec, Test3State st) throws LustreException {
        int curIdx = st.startIdx + st.recNum;
        LlogHeader hdr = lgh.header();
        int chunk = hdr.chunkSize();
        if ((hdr.flags() & LlogFlags.IS_FIXSIZE) != 0) {
            long want = chunk + (long) (curIdx - 1) * hdr.size();
            if (lgh.currentOffset() != want) {
                st.errors.add("Wrong record offset in cur_off: " + lgh.currentOffset() + ", should be " + want);
            }
        } else {
            if (st.recOff == 0) {
                st.recOff = lgh.currentOffset();
            }
            if (lgh.currentOffset() != st.recOff) {
                if (lgh.currentOffset() % chunk == 0
                        && lgh.currentOffset() - st.recOff < rec.len() + LlogRecordHeader.MIN_REC_SIZE) {
                    st.recOff = lgh.currentOffset(); // a pad filled the rest of the chunk
                    st.paddings++;
                } else {
                    st.errors.add("Wrong record offset in cur_off: " + lgh.currentOffset() + ", should be " + st.recOff
                            + " (rec len " + rec.len() + ")");
                }
            }
            st.recOff += rec.len();
        }
        curIdx += st.paddings;
        if (curIdx != rec.index()) {
            st.errors.add("Record with wrong index was read: " + rec.index() + ", expected " + curIdx);
        }
        MemorySegment copy = MemorySegment.ofArray(rec.toArray());
        copy.set(Le.U64, GenRecord.OFF_CONN_CNT, rec.index());
        lgh.modify(copy, rec.index());
        if (curIdx == st.lastRec || curIdx == st.lastRec + 1) {
            lgh.append(copy);
        }
        st.recNum++;
        return 0;
    }

    /** {@code test3_check_cb}: every record was rewritten in place. */
    private int test3Check(LlogHandle lgh, LlogRecordRef rec, Test3State st) {
        long connCnt = rec.bytes().get(Le.U64, GenRecord.OFF_CONN_CNT);
        if (connCnt != rec.index()) {
            st.errors.add("cb_test_3: record " + rec.index() + " is not modified");
            return -Errno.EINVAL.value();
        }
        st.recNum++;
        return 0;
    }

    // ---- test 4 ----

    /**
     * Test 4: a named catalog (rand+1); one record added returns its cookie; recnum is sized to
     * the plain log ((lgh_max_size - 8192) / 24, at most the bitmap less one: 64767); the record
     * is cancelled by cookie; recnum more records need a second plain log; five records of a
     * whole chunk each ({@code llog_test_4}).
     */
    public void test4() throws LustreException {
        String catName = Integer.toHexString(rand + 1);
        warn("4a: create a catalog log with name: %s", catName);
        LlogHandle cath = ctx.openCreate(catName);
        try (LlogCatalog cat = LlogCatalog.open(cath, UUID)) {
            int numRecs = 1;
            catLogid = cath.logid();

            warn("4b: write 1 record into the catalog");
            LlogCookie cookie = cat.add(miniRecord());
            LlogHandle plain = cat.currentLog();
            check(cookie != null && cookie.index() == 1 && cookie.logid().equals(plain.logid()),
                    "4b: write 1 catalog record failed at: " + cookie);
            numRecs++;
            verify("4b", cath, 2);
            verify("4b", plain, numRecs);

            if (plain.maxSize() != 0) {
                recnum = (int) ((plain.maxSize() - LlogHeader.MIN_CHUNK_SIZE) / LlogRecordHeader.MIN_REC_SIZE);
            }
            if (recnum >= plain.header().bitmapBits()) {
                recnum = plain.header().bitmapBits() - 1;
            }

            warn("4c: cancel 1 log record");
            cat.cancel(List.of(cookie));
            numRecs--;
            verify("4c", cat.currentLog(), numRecs);

            warn("4d: write %d more log records", recnum);
            for (int i = 0; i < recnum; i++) {
                catAddOrFail(cat, miniRecord(), "4d: write " + recnum + " records failed at #" + (i + 1));
            }
            verify("4d", cath, 3);

            warn("4e: add 5 large records, one record per block");
            for (int i = 0; i < 5; i++) {
                catAddOrFail(cat, cfgRecord(LlogHeader.MIN_CHUNK_SIZE), "4e: write 5 records failed at #" + (i + 1));
            }
            warn("4f: put newly-created catalog");
        }
    }

    // ---- test 5 ----

    /**
     * Test 5: reopen test 4's catalog: 2 entries; cancelling recnum records through the catalog
     * ends with -LLOG_EEMPTY and leaves 1 entry (the first plain log is zapped); one more record;
     * 6 records forward and 6 in reverse ({@code llog_test_5}).
     */
    public void test5() throws LustreException {
        warn("5a: re-open catalog by id");
        try (LlogCatalog cat = openCatalog(catLogid)) {
            LlogHandle cath = cat.handle();
            warn("5b: print the catalog entries.. we expect 2");
            int entries = countEntries(cath, "5b");
            check(entries == 2, "5b: " + entries + " entries in catalog");

            warn("5c: Cancel %d records, see one log zapped", recnum);
            int rc = cat.process(cancelRecords(cat));
            check(rc == -Llog.EEMPTY, "5c: process with llog_cancel_rec_cb failed: " + rc);

            warn("5c: print the catalog entries.. we expect 1");
            entries = countEntries(cath, "5c");
            check(entries == 1, "5c: " + entries + " entries in catalog");

            warn("5d: add 1 record to the log with many canceled empty pages");
            catAddOrFail(cat, miniRecord(), "5d: add record to the log with many canceled empty pages failed");

            warn("5e: print plain log entries.. expect 6");
            AtomicInteger plain = new AtomicInteger();
            rc = cat.process(plainPrint(plain));
            check(rc == 0, "5e: process with plain_print_cb failed: " + rc);
            check(plain.get() == 6, "5e: found " + plain.get() + " records");

            warn("5f: print plain log entries reversely.. expect 6");
            plain.set(0);
            rc = cat.reverseProcess(plainPrint(plain));
            check(rc == 0, "5f: reversely process with plain_print_cb failed: " + rc);
            check(plain.get() == 6, "5f: found " + plain.get() + " records");
            warn("5g: close re-opened catalog");
        }
    }

    // ---- test 6 ----

    /**
     * Test 6: the client API ({@code llog_test_6}): the named log opened by name through an
     * llog service, as a client reads it from the MGS, and processed forward and in reverse;
     * each time the count (header included) matches the live records. The service is
     * in-process ({@link LocalLlogService}) unless {@link #clientService} gave an MGC's llog RPC
     * client. (Upstream also checks that connecting the connected MGC again gives -EALREADY;
     * the MGS's own tests check that on the MGC.)
     */
    public void test6() throws LustreException {
        warn("6a: re-open log %s using client API", name);
        LlogContext client = LlogContext.remote(clientService.apply(ctx), libcfs, "MGC-llog_test");
        try (LlogHandle llh = client.open(name, Llog.OpenMode.EXISTS)) {
            llh.init(LlogFlags.IS_PLAIN, null);
            AtomicInteger plain = new AtomicInteger(1); // the header is the first record
            warn("6b: process log %s using client API", name);
            int rc = llh.process(plainPrint(plain));
            check(rc == 0, "6b: llog_process failed " + rc);
            warn("6b: processed %d records", plain.get());
            verify("6b", llh, plain.get());

            plain.set(1);
            warn("6c: process log %s reversely using client API", name);
            rc = llh.reverseProcess(plainPrint(plain));
            check(rc == 0, "6c: llog_reverse_process failed " + rc);
            warn("6c: processed %d records", plain.get());
            verify("6c", llh, plain.get());
        }
    }

    // ---- test 7 ----

    /**
     * Test 7: for each record type (logid, unlink64, setattr64, size change, changelog,
     * changelog user 2, gen, setattr64 v2) an unnamed ZAP_WHEN_EMPTY log is filled until
     * ENOSPC, processed forward, then every record cancelled from a reverse walk: the counts
     * agree and the emptied log is gone ({@code llog_test_7}).
     */
    public void test7() throws LustreException {
        Fid someFid = Fid.of(0x200000400L, 1, 0);
        test7Sub("7a", "llog_logid_rec", new LogidRecord(0, LlogLogid.of(someFid)).encode(0));
        test7Sub("7b", "llog_unlink64_rec", new Unlink64Record(0, someFid, 1).encode(0));
        test7Sub("7c", "llog_setattr64_rec", new Setattr64Record(0, someFid, 500, 0, 500, 0, 0x600).encode(0));
        test7Sub("7d", "llog_size_change_rec", new SizeChangeRecord(0, someFid, 1).encode(0));
        test7Sub("7e", "llog_changelog_rec", rawRecord(LlogRecType.CHANGELOG_REC, 88));
        test7Sub("7f", "llog_changelog_user_rec2",
                new ChangelogUserRecord2(0, 1, 0, 0, 0, "cl1").encode(0));
        test7Sub("7g", "llog_gen_rec", new GenRecord(0, 1, 2).encode(0));
        test7Sub("7h", "llog_setattr64_rec_v2",
                new Setattr64V2Record(0, someFid, 500, 0, 500, 0, 0x600, 0, 0).encode(0));
    }

    private void test7Sub(String step, String what, byte[] record) throws LustreException {
        warn("%s: test %s", step, what);
        MemorySegment rec = MemorySegment.ofArray(record);
        try (LlogHandle llh = ctx.openNew()) {
            llh.create();
            boolean ok = false;
            try {
                llh.init(LlogFlags.IS_PLAIN | LlogFlags.ZAP_WHEN_EMPTY, UUID);
                int bits = llh.header().bitmapBits();
                int numRecs = 0;
                boolean enospc = false;
                for (int i = 0; i < bits; i++) {
                    try {
                        llh.append(rec);
                    } catch (LustreException e) {
                        if (e.errno() == Errno.ENOSPC) {
                            enospc = true;
                            break;
                        }
                        throw failure("7_sub: write recs failed at #" + (i + 1), e);
                    }
                    numRecs++;
                }
                check(enospc, "7_sub: write record more than BITMAP size!");
                verify("7_sub", llh, numRecs + 1);
                if (numRecs < bits - 1) {
                    warn("7_sub: records are not aligned, written %d from %d", numRecs, bits - 1);
                }
                AtomicInteger plain = new AtomicInteger();
                int rc = llh.process((h, r) -> {
                    plain.incrementAndGet();
                    return 0;
                });
                check(rc == 0, "7_sub: llog process failed: " + rc);
                int processCount = plain.get();
                check(processCount == numRecs, "7_sub: processed " + processCount + " records from " + numRecs + " total");
                plain.set(0);
                rc = llh.reverseProcess((h, r) -> {
                    plain.incrementAndGet();
                    return Llog.DEL_RECORD;
                });
                check(rc == 0 || rc == Llog.DEL_PLAIN, "7_sub: reverse llog process failed: " + rc);
                check(processCount == plain.get(), "7_sub: Reverse/direct processing found different number of records: "
                        + plain.get() + "/" + processCount);
                check(!llh.exists(), "7_sub: llog exists but should be zapped");
                verify("7_sub", llh, 1);
                ok = true;
            } finally {
                if (!ok && llh.exists()) {
                    llh.destroy();
                }
            }
        }
    }

    // ---- test 8 ----

    /**
     * Test 8: corruption tolerance ({@code llog_test_8}). 20 records of 256 bytes go into a new
     * plain log of test 4's catalog, which is then destroyed behind the catalog's back and its
     * entry overwritten with garbage; 100 more go into another plain log, whose first chunk is
     * damaged from record 5 and whose second chunk loses its first record. Processing the
     * catalog finds the records it had before plus 40 (120 written, 80 lost).
     */
    public void test8() throws LustreException {
        MemorySegment rec = rawRecordSegment(LlogRecType.LLOG_OP_MAGIC, 256);
        int reclen = 256;
        int chunk = LlogHeader.MIN_CHUNK_SIZE;
        AtomicInteger plain = new AtomicInteger();
        int origCounter;
        long plainPos;

        warn("8a: fill the first plain llog");
        try (LlogCatalog cat = openCatalog(catLogid)) {
            int rc = cat.process(plainPrint(plain));
            check(rc == 0, "8a: process with test_8_cb failed: " + rc);
            origCounter = plain.get();
            for (int i = 0; i < 20; i++) {
                catAddOrFail(cat, rec, "8a: add record failed");
            }
            LlogHandle first = cat.currentLog();
            warn("8b: first llog %s", first.fid());
            plainPos = (long) (cat.handle().lastIndex() - 1) * LlogCatalog.LOGID_REC_SIZE;
            first.destroy(); // gone, but its catalog entry stays
        }

        warn("8b: fill the second plain llog");
        OsdObject pinned;
        try (LlogCatalog cat = openCatalog(catLogid)) {
            for (int i = 0; i < 100; i++) {
                catAddOrFail(cat, rec, "8b: add record failed");
            }
            pinned = dev.find(cat.currentLog().fid());
            warn("8b: pin llog %s", pinned.fid());
            warn("8b: clean first llog record in catalog");
            fillBytes(cat.handle().object(), chunk + plainPos, chunk + plainPos + LlogCatalog.LOGID_REC_SIZE, (byte) 0x5a);
        }
        try {
            warn("8c: corrupt first chunk in the middle");
            fillBytes(pinned, chunk + reclen * 4L, chunk + reclen * 10L, (byte) 0xff);
            warn("8c: corrupt second chunk at start");
            fillBytes(pinned, 2L * chunk, 2L * chunk + reclen, (byte) 0x01);
        } finally {
            pinned.close();
        }

        warn("8d: count survived records");
        try (LlogCatalog cat = openCatalog(catLogid)) {
            plain.set(0);
            int rc = cat.process(plainPrint(plain));
            check(rc == 0, "8d: process with test_8_cb failed: " + rc);
            int want = origCounter + 120 - 80;
            check(plain.get() == want, "found " + plain.get() + " records (expected " + want + ")");
            warn("8d: close re-opened catalog");
        }
    }

    /** {@code llog_fill_bytes}: overwrites [start, end) of an llog object in a local transaction. */
    private void fillBytes(OsdObject o, long start, long end, byte value) throws LustreException {
        long size = o.attrGet().size();
        if (size < end) {
            error("llog size %d is small for punch at [%d;%d]", size, start, end);
            return;
        }
        MemorySegment buf = MemorySegment.ofArray(new byte[(int) (end - start)]);
        buf.fill(value);
        LlogObjectSurgery.overwrite(o, start, buf);
    }

    // ---- test 9 ----

    /**
     * Test 9: one record of each of four types in its own unnamed log, kept for llog_reader
     * (sanity test 60a parses the {@code 9_sub} lines to find them) ({@code llog_test_9}). Each
     * body starts with the logid of its own log, as upstream's union of records leaves it.
     */
    public void test9() throws LustreException {
        warn("9a: test llog_logid_rec");
        test9Sub(LlogRecType.LLOG_LOGID_MAGIC, LogidRecord.SIZE);
        warn("9b: test llog_obd_cfg_rec");
        test9Sub(LlogRecType.OBD_CFG_REC, SizeChangeRecord.SIZE);
        warn("9c: test llog_changelog_rec");
        test9Sub(LlogRecType.CHANGELOG_REC, 88);
        warn("9d: test llog_changelog_user_rec2");
        test9Sub(LlogRecType.CHANGELOG_USER_REC, ChangelogUserRecord2.SIZE);
    }

    private void test9Sub(int type, int len) throws LustreException {
        try (LlogHandle llh = ctx.openNew()) {
            llh.create();
            llh.init(LlogFlags.IS_PLAIN | LlogFlags.ZAP_WHEN_EMPTY, UUID);
            MemorySegment rec = rawRecordSegment(type, len);
            llh.logid().write(rec, LlogRecordHeader.SIZE);
            llh.append(rec);
            keptUnnamed.add(llh.fid());
            // The message sanity test 60a (run-llog.sh) looks for.
            warn("9_sub: record type %x in log %s", type, llh.fid().toStringNoBrace());
        }
    }

    // ---- test 10 ----

    /**
     * Test 10: catalog wrap-around ({@code llog_test_10}). With OBD_FAIL_CAT_RECORDS the catalog
     * has four slots; plain logs fill them until adds fail with ENOSPC; cancelling a plain log's
     * records frees its slot, which the next plain log takes after wrapping, and
     * {@code llh_cat_idx} follows and wraps too; the catalog file never grows after the wrap.
     * 10h: catalog processing in another thread, paused by OBD_FAIL_LLOG_PROCESS_TIMEOUT while
     * records are added, never sees a stale entry.
     */
    public void test10() throws LustreException {
        String catName = Integer.toHexString(rand + 2);
        warn("10a: create a catalog log with name: %s", catName);
        FailLoc fl = libcfs.failLoc();
        LlogHandle cath = ctx.openCreate(catName);
        try (LlogCatalog cat = LlogCatalog.open(cath, UUID)) {
            catLogid = cath.logid();
            dev.sync();
            // force catalog wrap for the 5th plain llog
            fl.setVal(4);
            fl.setLoc(FailLoc.SKIP | Llog.OBD_FAIL_CAT_RECORDS);

            warn("10b: write %d log records", recnum);
            addMini(cat, recnum, "10b");
            verify("10b", cath, 3);
            dev.sync();

            warn("10c: write %d more log records", 2 * recnum);
            addMini(cat, 2 * recnum, "10c");
            verify("10c", cath, 5);
            dev.sync();

            warn("10c: write %d more log records", recnum);
            addUntilEnospc(cat, "10c");
            verify("10c", cath, 5);
            long catMaxSize = cath.size();

            warn("10d: Cancel %d records, see one log zapped", recnum);
            cancelAll(cat, "10d");
            warn("10d: print the catalog entries.. we expect 3");
            int entries = countEntries(cath, "10d");
            check(entries == 3, "10d: " + entries + " entries in catalog");
            verify("10d", cath, 4);
            dev.sync();

            warn("10e: write %d more log records", recnum);
            addUntilEnospc(cat, "10e");
            warn("10e: print the catalog entries.. we expect 4");
            entries = countCatalogEntries(cat, "10e");
            check(entries == 4, "10e: " + entries + " entries in catalog");
            verify("10e", cath, 5);
            check(cath.lastIndex() <= cath.header().catIdx(), "10e: catalog failed to wrap around");
            check(cath.size() == catMaxSize, "10e: catalog size has changed after it has wrap around, current size = "
                    + cath.size() + ", expected size = " + catMaxSize);
            warn("10e: catalog successfully wrap around, last_idx %d, first %d", cath.lastIndex(),
                    cath.header().catIdx());
            dev.sync();

            warn("10f: Cancel %d records, see one log zapped", recnum);
            cancelAll(cat, "10f");
            warn("10f: print the catalog entries.. we expect 3");
            entries = countCatalogEntries(cat, "10f");
            check(entries == 3, "10f: " + entries + " entries in catalog");
            verify("10f", cath, 4);
            dev.sync();

            warn("10f: write %d more log records", recnum);
            addUntilEnospc(cat, "10f");
            verify("10f", cath, 5);
            check(cath.lastIndex() == cath.header().catIdx() && cath.lastIndex() == 2, "10f: lgh_last_idx = "
                    + cath.lastIndex() + " vs 2, llh_cat_idx = " + cath.header().catIdx() + " vs 2");
            check(cath.size() == catMaxSize, "10f: catalog size has changed after it has wrap around, current size = "
                    + cath.size() + ", expected size = " + catMaxSize);
            dev.sync();

            warn("10g: Cancel %d records, see one log zapped", recnum);
            cancelAll(cat, "10g");
            warn("10g: print the catalog entries.. we expect 3");
            entries = countCatalogEntries(cat, "10g");
            check(entries == 3, "10g: " + entries + " entries in catalog");
            verify("10g", cath, 4);
            dev.sync();

            warn("10g: Cancel %d records, see one log zapped", recnum);
            cancelAll(cat, "10g");
            warn("10g: print the catalog entries.. we expect 2");
            entries = countCatalogEntries(cat, "10g");
            check(entries == 2, "10g: " + entries + " entries in catalog");
            verify("10g", cath, 3);
            check(cath.header().catIdx() == 0 && cath.lastIndex() == 2, "10g: lgh_last_idx = " + cath.lastIndex()
                    + " vs 2, llh_cat_idx = " + cath.header().catIdx() + " vs 0");
            dev.sync();

            warn("10g: Cancel %d records, see one log zapped", recnum);
            cancelAll(cat, "10g");
            warn("10g: print the catalog entries.. we expect 1");
            entries = countCatalogEntries(cat, "10g");
            check(entries == 1, "10g: " + entries + " entries in catalog");
            verify("10g", cath, 2);
            check(cath.header().catIdx() == 1 && cath.lastIndex() == 2, "10g: lgh_last_idx = " + cath.lastIndex()
                    + " vs 2, llh_cat_idx = " + cath.header().catIdx() + " vs 1");
            warn("10g: llh_cat_idx has also successfully wrapped!");

            test10h(cat);
        } finally {
            fl.reset();
            warn("10: put newly-created catalog");
        }
    }

    /**
     * 10h: the catalog has one live entry and stale records in its other slots. A thread walks
     * the entries; at the first it arms OBD_FAIL_LLOG_PROCESS_TIMEOUT on the catalog, so an
     * add pauses between setting the bitmap bit and writing the entry, and sleeps a second;
     * meanwhile this thread adds records. The walk must never meet a plain log older than the
     * one before (a stale slot read as live).
     */
    private void test10h(LlogCatalog cat) throws LustreException {
        FailLoc fl = libcfs.failLoc();
        AtomicReference<Fid> prev = new AtomicReference<>(Fid.of(0, 0, 0));
        AtomicInteger threadRc = new AtomicInteger(Integer.MIN_VALUE);
        AtomicReference<Throwable> threadError = new AtomicReference<>();
        long catOid = cat.handle().fid().oid() & 0xffffffffL;
        LlogCallback checkOld = (llh, rec) -> {
            if (rec.type() != LlogRecType.LLOG_LOGID_MAGIC) {
                error("invalid record in catalog");
                return -Errno.EINVAL.value();
            }
            Fid fid = LlogLogid.read(rec.bytes(), LlogRecordHeader.SIZE).fid();
            warn("seeing record at index %d - %s in log %s", rec.index(), fid, llh.fid());
            Fid before = prev.get();
            if (Integer.toUnsignedLong(before.oid()) > Integer.toUnsignedLong(fid.oid())) {
                warn("processing old record, fail");
                prev.set(Fid.of(before.seq(), 0xbad, 0));
                return -Llog.EEMPTY;
            }
            if (before.oid() == 0) {
                fl.setVal((int) catOid);
                fl.setLoc(FailLoc.ONCE | Llog.OBD_FAIL_LLOG_PROCESS_TIMEOUT);
                sleep(1000);
            }
            prev.set(fid);
            return 0;
        };
        Thread walker = Thread.ofPlatform().name("llog_test_process_thread").start(() -> {
            try {
                threadRc.set(cat.processEntries(checkOld));
            } catch (LustreException | RuntimeException e) {
                threadError.set(e);
            }
            if (threadRc.get() != 0) {
                warn("10h: Error during catalog processing %d", threadRc.get());
            }
        });
        sleep(500);
        warn("10h: write %d more log records", recnum);
        try {
            addUntilEnospc(cat, "10h");
        } finally {
            try {
                walker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("10h: interrupted waiting for the processing thread", e);
            }
        }
        if (threadError.get() != null) {
            throw failure("10h: catalog processing failed", threadError.get());
        }
        check(threadRc.get() == 0, "10h: race happened, old record was processed");
    }

    private void addMini(LlogCatalog cat, int count, String step) throws LustreException {
        MemorySegment rec = miniRecord();
        for (int i = 0; i < count; i++) {
            catAddOrFail(cat, rec, step + ": write " + count + " records failed at #" + (i + 1));
        }
    }

    /**
     * Adds recnum records where the catalog runs out of slots: once adds fail with ENOSPC,
     * every later one does too.
     */
    private void addUntilEnospc(LlogCatalog cat, String step) throws LustreException {
        MemorySegment rec = miniRecord();
        int enospc = 0;
        int eok = 0;
        for (int i = 0; i < recnum; i++) {
            try {
                cat.add(rec);
                check(enospc == 0, step + ": a record was added after " + enospc + " failed with ENOSPC");
                eok++;
            } catch (LustreException e) {
                if (e.errno() != Errno.ENOSPC) {
                    throw failure(step + ": write " + recnum + " records failed at #" + (i + 1), e);
                }
                enospc++;
            }
        }
        warn("%s: wrote %d records then %d failed with ENOSPC", step, eok, enospc);
    }

    /** Cancels recnum records through the catalog: processing must end with -LLOG_EEMPTY. */
    private void cancelAll(LlogCatalog cat, String step) throws LustreException {
        int rc = cat.process(cancelRecords(cat));
        if (rc != -Llog.EEMPTY) {
            throw new LlogTestFailure(step + ": process with llog_cancel_rec_cb failed: " + (rc == 0
                    ? -Errno.ERANGE.value() + " (fewer than " + recnum + " records)" : rc));
        }
    }

    // ---- test 11 ----

    /**
     * Test 11: an unnamed log of 101 records keeps its size when it is dropped from the cache
     * and read again ({@code llog_test_11}).
     */
    public void test11() throws LustreException {
        warn("11: create a plain nameless log");
        LlogLogid logid;
        long oldSize;
        int processCount;
        try (LlogHandle llh = ctx.openNew()) {
            llh.create();
            llh.init(LlogFlags.IS_PLAIN | LlogFlags.ZAP_WHEN_EMPTY, UUID);
            logid = llh.logid();
            MemorySegment rec = miniRecord();
            llh.append(rec);
            LuAttr la = llh.object().attrGet();
            warn("11: size %d in %d blocks after 1 rec", la.size(), la.blocks());
            warn("11: add few records");
            int numRecs = 0;
            for (int i = 0; i < 100; i++) {
                try {
                    llh.append(rec);
                } catch (LustreException e) {
                    if (e.errno() == Errno.ENOSPC) {
                        break;
                    }
                    throw failure("11: write recs failed at #" + (i + 1), e);
                }
                numRecs++;
            }
            la = llh.object().attrGet();
            warn("11: size %d in %d blocks with few recs", la.size(), la.blocks());
            oldSize = la.size();
            AtomicInteger plain = new AtomicInteger();
            int rc = llh.process(plainPrint(plain));
            check(rc == 0, "11: llog process failed: " + rc);
            processCount = plain.get();
            check(processCount == numRecs + 1, "11: processed " + processCount + " records of " + (numRecs + 1));
        }
        keptUnnamed.add(logid.fid());
        // upstream sets LU_OBJECT_HEARD_BANSHEE and drops the kernel caches
        int purged = dev.purgeCache();
        warn("11: dropped %d cached objects", purged);
        warn("11: re-open the log by LOGID and verify llh_count");
        try (LlogHandle llh = ctx.open(logid)) {
            llh.init(LlogFlags.IS_PLAIN, UUID);
            LuAttr la = llh.object().attrGet();
            warn("11: size %d in %d blocks after re-open", la.size(), la.blocks());
            check(la.size() == oldSize, "11: size changed after reload - " + oldSize + " != " + la.size());
            check(llh.count() == processCount + 1, "11: llh_count " + llh.count() + " after reload, expected "
                    + (processCount + 1));
        }
    }

    // ---- test 12 ----

    /**
     * Test 12: a plain log of a catalog (rand+3) cut short by 24 down to 4 bytes, losing all or
     * part of its last record ({@code llog_test_12}, LU-19620): before the cut processing counts
     * every record; after it, the log's last chunk no longer ends on its last index, processing
     * treats the log as damaged, cancels its records and drops it, so none of its ten records is
     * found (the first time: 0 records) while the other plain logs' records stay; the next add
     * starts a new plain log (the first time: exactly 1 record). The catalog and its logs are
     * destroyed at the end.
     */
    public void test12() throws LustreException {
        String catName = Integer.toHexString(rand + 3);
        warn("12a: create a catalog log with name: %s", catName);
        LlogLogid cid;
        try (LlogCatalog cat = LlogCatalog.open(ctx.openCreate(catName), UUID)) {
            cid = cat.handle().logid();
        }
        int total = 0;
        for (int bytes = LlogRecordHeader.MIN_REC_SIZE; bytes >= 4; bytes -= 4) {
            Fid plainFid;
            try (LlogCatalog cat = openCatalog(cid)) {
                MemorySegment rec = miniRecord();
                for (int i = 0; i < 10; i++) {
                    LlogCookie cookie = cat.add(rec);
                    check(cookie != null, "12: add did not return a cookie");
                    total++;
                }
                int found = countPlain(cat, "12b");
                check(found == total, "12b: found " + found + " records, expected " + total);
                plainFid = cat.currentLog().fid();
            }
            warn("12c: truncate llog %s by %d bytes", plainFid, bytes);
            truncateBy(plainFid, bytes);
            try (LlogCatalog cat = openCatalog(cid)) {
                int found = countPlain(cat, "12d");
                int left = total - 10; // the truncated log's ten records are lost, the others stay
                check(found == left, "12d: found " + found + " records in a catalog whose plain llog was truncated by "
                        + bytes + " bytes, expected " + left);
                check(!objectExists(plainFid), "12d: the truncated llog " + plainFid + " was not dropped");
                catAddOrFail(cat, miniRecord(), "12d: add after truncation failed");
                found = countPlain(cat, "12d");
                check(found == left + 1, "12d: found " + found + " records after one add, expected " + (left + 1));
                total = left + 1;
            }
        }
        warn("12e: destroy the catalog and its llogs");
        try (LlogCatalog cat = LlogCatalog.open(ctx.open(catName, Llog.OpenMode.EXISTS), UUID)) {
            int rc = cat.process((h, r) -> Llog.DEL_RECORD);
            check(rc == 0, "12e: cancelling every record failed: " + rc);
            int entries = countEntries(cat.handle(), "12e");
            for (LlogLogid plain : catalogEntries(cat)) {
                ctx.erase(plain);
            }
            check(entries <= 1, "12e: " + entries + " catalog entries left after cancelling every record");
            cat.handle().destroy();
        }
    }

    private boolean objectExists(Fid fid) throws LustreException {
        try (OsdObject o = dev.find(fid)) {
            return o.exists();
        }
    }

    /** Cuts {@code bytes} off the end of an llog object: punch to EOF and set the size, in one local transaction. */
    private void truncateBy(Fid fid, int bytes) throws LustreException {
        try (OsdObject o = dev.find(fid)) {
            LlogObjectSurgery.truncate(o, o.attrGet().size() - bytes);
        }
    }

    // ---- test 13 ----

    /**
     * Test 13: plain logs of a catalog (rand+3) go missing ({@code llog_test_13}, LU-19581).
     * OBD_FAIL_PLAIN_RECORDS caps plain logs at 128 64-byte records' worth, so 2048 records
     * spread over several; the third is erased and forward processing skips it (dropping its
     * entry), then the fifth and reverse processing skips it too.
     */
    public void test13() throws LustreException {
        String catName = Integer.toHexString(rand + 3);
        warn("13a: create a catalog log with name: %s", catName);
        FailLoc fl = libcfs.failLoc();
        LlogLogid cid;
        List<LlogLogid> plains;
        Map<LlogLogid, Integer> counts = new LinkedHashMap<>();
        try (LlogCatalog cat = LlogCatalog.open(ctx.openCreate(catName), UUID)) {
            cid = cat.handle().logid();
            fl.setVal(128);
            fl.setLoc(Llog.OBD_FAIL_PLAIN_RECORDS);
            addMini(cat, 2048, "13a");
            fl.reset();
            plains = catalogEntries(cat);
            for (LlogHandle h : cat.openLogs()) {
                if (h.exists()) {
                    counts.put(h.logid(), h.count() - 1);
                }
            }
        } finally {
            fl.reset();
        }
        check(plains.size() >= 5, "13a: 2048 records made only " + plains.size() + " plain llogs");
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        check(total == 2048, "13a: plain llogs hold " + total + " records, expected 2048");

        warn("13b: erase plain llog #3 %s", plains.get(2).fid());
        ctx.erase(plains.get(2));
        total -= counts.get(plains.get(2));
        try (LlogCatalog cat = openCatalog(cid)) {
            int found = countPlain(cat, "13b");
            warn("13b: processed %d records", found);
            check(found == total, "13b: found " + found + " records, expected " + total);
            check(countEntries(cat.handle(), "13b") == plains.size() - 1, "13b: the missing llog's entry was not dropped");
        }
        warn("13c: erase plain llog #5 %s", plains.get(4).fid());
        ctx.erase(plains.get(4));
        total -= counts.get(plains.get(4));
        try (LlogCatalog cat = openCatalog(cid)) {
            AtomicInteger plain = new AtomicInteger();
            int rc = cat.reverseProcess(plainPrint(plain));
            check(rc == 0, "13c: reverse process failed: " + rc);
            warn("13c: processed %d records in reverse", plain.get());
            check(plain.get() == total, "13c: found " + plain.get() + " records, expected " + total);
        }
    }

    // ---- callbacks and helpers ----

    /** {@code cat_print_cb} over a catalog handle: counts entries, which must be logid records. */
    private int countEntries(LlogHandle cath, String step) throws LustreException {
        AtomicInteger n = new AtomicInteger();
        int rc = cath.process(catPrint(n));
        check(rc == 0, step + ": process with cat_print_cb failed: " + rc);
        return n.get();
    }

    /** {@code cat_print_cb} through {@code llog_cat_process_or_fork}: the wrap-aware entry walk. */
    private int countCatalogEntries(LlogCatalog cat, String step) throws LustreException {
        AtomicInteger n = new AtomicInteger();
        int rc = cat.processEntries(catPrint(n));
        check(rc == 0, step + ": process with cat_print_cb failed: " + rc);
        return n.get();
    }

    private LlogCallback catPrint(AtomicInteger counter) {
        return (llh, rec) -> {
            if (rec.type() != LlogRecType.LLOG_LOGID_MAGIC) {
                error("invalid record in catalog");
                return -Errno.EINVAL.value();
            }
            Fid fid = LlogLogid.read(rec.bytes(), LlogRecordHeader.SIZE).fid();
            warn("seeing record at index %d - %s in log %s", rec.index(), fid, llh.fid());
            counter.incrementAndGet();
            return 0;
        };
    }

    /** {@code plain_print_cb}: counts records of plain logs. */
    private static LlogCallback plainPrint(AtomicInteger counter) {
        return (llh, rec) -> {
            if ((llh.header().flags() & LlogFlags.IS_PLAIN) == 0) {
                return -Errno.EINVAL.value();
            }
            counter.incrementAndGet();
            return 0;
        };
    }

    private int countPlain(LlogCatalog cat, String step) throws LustreException {
        AtomicInteger n = new AtomicInteger();
        int rc = cat.process(plainPrint(n));
        check(rc == 0, step + ": catalog process failed: " + rc);
        return n.get();
    }

    /**
     * {@code llog_cancel_rec_cb}: cancels each record through the catalog by cookie, and
     * answers -LLOG_EEMPTY at the recnum-th.
     */
    private LlogCallback cancelRecords(LlogCatalog cat) {
        AtomicInteger cancelCount = new AtomicInteger();
        return (llh, rec) -> {
            if ((llh.header().flags() & LlogFlags.IS_PLAIN) == 0) {
                error("log is not plain");
                return -Errno.EINVAL.value();
            }
            cat.cancel(List.of(new LlogCookie(llh.logid(), 0, rec.index())));
            if (cancelCount.incrementAndGet() == recnum) {
                return -Llog.EEMPTY;
            }
            return 0;
        };
    }

    /** The logids a catalog lists, in slot order. */
    private static List<LlogLogid> catalogEntries(LlogCatalog cat) throws LustreException {
        List<LlogLogid> ids = new ArrayList<>();
        cat.processEntries((h, rec) -> {
            ids.add(LlogLogid.read(rec.bytes(), LlogRecordHeader.SIZE));
            return 0;
        });
        return ids;
    }

    private LlogCatalog openCatalog(LlogLogid id) throws LustreException {
        LlogHandle h = ctx.open(id);
        try {
            return LlogCatalog.open(h, UUID);
        } catch (LustreException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    private LlogHandle requireNamedLog(String step) {
        if (namedLog == null) {
            throw new LlogTestFailure(step + ": the named log of test 2 is not open (run the tests in order)");
        }
        return namedLog;
    }

    /**
     * {@code verify_handle}: the bitmap's set bits (the header's included) equal
     * {@code llh_count}; {@code lgh_last_idx} equals the header tail's index and, for plain
     * logs, is at least the highest set bit; and the live records are {@code expected}.
     */
    private void verify(String test, LlogHandle llh, int expected) {
        LlogHeader hdr = llh.header();
        int active = 0;
        int last = 0;
        for (int i = 0; i < hdr.bitmapBits(); i++) {
            if (hdr.isSet(i)) {
                last = i;
                active++;
            }
        }
        check(hdr.count() == active, test + ": handle->count is " + hdr.count() + ", but there are " + active
                + " recs found");
        check(llh.lastIndex() == hdr.lastIndex()
                && ((hdr.flags() & LlogFlags.IS_CAT) != 0 || llh.lastIndex() >= last), test + ": lgh_last_idx is "
                + llh.lastIndex() + " (" + hdr.lastIndex() + " in the header), last found " + last);
        check(active == expected, test + ": expected " + expected + " active recs after write, found " + active);
    }

    /** A 24-byte record of type LLOG_OP_MAGIC ({@code struct llog_mini_rec}). */
    private static MemorySegment miniRecord() {
        return rawRecordSegment(LlogRecType.LLOG_OP_MAGIC, LlogRecordHeader.MIN_REC_SIZE);
    }

    /** An OBD_CFG_REC record of {@code len} bytes with an empty body, as upstream writes them. */
    private static MemorySegment cfgRecord(int len) {
        return rawRecordSegment(LlogRecType.OBD_CFG_REC, len);
    }

    private static byte[] rawRecord(int type, int len) {
        byte[] b = new byte[len];
        MemorySegment s = MemorySegment.ofArray(b);
        LlogRecordHeader.write(s, 0, len, 0, type, 0);
        LlogRecordHeader.writeTail(s, 0, len, 0);
        return b;
    }

    private static MemorySegment rawRecordSegment(int type, int len) {
        return MemorySegment.ofArray(rawRecord(type, len));
    }

    private static void appendOrFail(LlogHandle h, MemorySegment rec, String what) {
        try {
            h.append(rec);
        } catch (LustreException e) {
            throw failure(what, e);
        }
    }

    private static void catAddOrFail(LlogCatalog cat, MemorySegment rec, String what) {
        try {
            cat.add(rec);
        } catch (LustreException e) {
            throw failure(what, e);
        }
    }

    private static LlogTestFailure failure(String what, Throwable cause) {
        String rc = cause instanceof LustreException le ? ": " + le.rc() + " (" + le.getMessage() + ")" : ": " + cause;
        return new LlogTestFailure(what + rc, cause);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new LlogTestFailure(message);
        }
    }

    @FunctionalInterface
    private interface Action {
        void run() throws LustreException;
    }

    private static void expectErrno(Errno errno, String message, Action action) {
        try {
            action.run();
        } catch (LustreException e) {
            if (e.errno() == errno) {
                return;
            }
            throw failure(message + ": expected " + errno.name(), e);
        }
        throw new LlogTestFailure(message);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warn(String format, Object... args) {
        String text = String.format(format, args);
        synchronized (messages) {
            messages.add(text);
        }
        libcfs.debug().log(DebugMask.S_CLASS, DebugMask.D_WARNING, text);
    }

    private void error(String format, Object... args) {
        libcfs.debug().log(DebugMask.S_CLASS, DebugMask.D_ERROR, String.format(format, args));
    }

    // ---- keeping the logs ----

    /**
     * Writes every llog the tests left (the named logs in CONFIGS, the plain logs their
     * catalogs list, and the logs of tests 9 and 11) into {@code dir}, each as a file named by
     * its FID without brackets ({@code 0xa:0x3:0x0}), the bytes as the OSD holds them.
     *
     * @return the files written, in FID order of discovery
     */
    public List<Path> keep(Path dir) throws LustreException, IOException {
        Files.createDirectories(dir);
        Set<Fid> fids = new LinkedHashSet<>();
        List<Fid> named = new ArrayList<>();
        try (OsdObject d = dev.find(configs); DirectoryIterator it = d.indexTry(IndexFeatures.DIRECTORY).iterator(0)) {
            it.get("");
            while (it.next() == 0) {
                DirEntry e = it.entry();
                if (!e.name().equals(".") && !e.name().equals("..")) {
                    named.add(e.fid());
                }
            }
        }
        for (Fid fid : named) {
            fids.add(fid);
            try (LlogHandle h = ctx.open(LlogLogid.of(fid))) {
                if (h.size() == 0) {
                    continue;
                }
                h.init(0, null);
                if ((h.header().flags() & LlogFlags.IS_CAT) != 0) {
                    try (LlogCatalog cat = LlogCatalog.open(h, null)) {
                        for (LlogLogid id : catalogEntries(cat)) {
                            fids.add(id.fid());
                        }
                    }
                }
            }
        }
        fids.addAll(keptUnnamed);
        List<Path> files = new ArrayList<>();
        for (Fid fid : fids) {
            try (OsdObject o = dev.find(fid)) {
                if (!o.exists()) {
                    continue;
                }
                long size = o.attrGet().size();
                byte[] bytes = new byte[Math.toIntExact(size)];
                o.body().read(0, MemorySegment.ofArray(bytes));
                Path file = dir.resolve(fid.toStringNoBrace());
                Files.write(file, bytes);
                files.add(file);
            }
        }
        return files;
    }
}
