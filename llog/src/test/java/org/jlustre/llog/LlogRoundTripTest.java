package org.jlustre.llog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.TimeSource;
import org.jlustre.llog.IndependentLlogDecoder.CfgBody;
import org.jlustre.llog.IndependentLlogDecoder.ChangelogBody;
import org.jlustre.llog.IndependentLlogDecoder.GenBody;
import org.jlustre.llog.IndependentLlogDecoder.Header;
import org.jlustre.llog.IndependentLlogDecoder.LogidBody;
import org.jlustre.llog.IndependentLlogDecoder.LuFid;
import org.jlustre.llog.IndependentLlogDecoder.Marker;
import org.jlustre.llog.IndependentLlogDecoder.Rec;
import org.jlustre.llog.IndependentLlogDecoder.Result;
import org.jlustre.llog.IndependentLlogDecoder.Setattr64Body;
import org.jlustre.llog.IndependentLlogDecoder.SizeChangeBody;
import org.jlustre.llog.IndependentLlogDecoder.Unlink64Body;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.wire.llog.CfgMarker;
import org.jlustre.wire.llog.ChangelogExtensions;
import org.jlustre.wire.llog.ChangelogRecord;
import org.jlustre.wire.llog.ConfigRecord;
import org.jlustre.wire.llog.GenRecord;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LlogCookie;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecord;
import org.jlustre.wire.llog.LogidRecord;
import org.jlustre.wire.llog.LustreCfg;
import org.jlustre.wire.llog.Setattr64Record;
import org.jlustre.wire.llog.SizeChangeRecord;
import org.jlustre.wire.llog.Unlink64Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trip of the llog writer through the file system into an independent decoder: logs are
 * written with the llog API on osd-mem (records of every type with random field values, mixed
 * sizes so padding records appear, cancels, a FIXSIZE log, a catalog over several plain logs,
 * a 32 KiB-chunk log), each log object's bytes are dumped to a file, read back and parsed by
 * {@link IndependentLlogDecoder}, which knows only the reference text, and every header field,
 * every record position (pads exactly where reference 4.4 puts them, FIXSIZE offsets) and every
 * body field is compared with what was written.
 *
 * <p>One seed per run, printed; rerun a failure with {@code -Djlustre.seed=N}.
 */
class LlogRoundTripTest {

    private static final long SEED = Long.getLong("jlustre.seed", System.nanoTime());
    private static final int CHUNK = 8192;

    @TempDir
    Path tmp;

    private Random random;
    private long startSeconds;
    private Libcfs libcfs;
    private OsdDevice dev;
    private LlogContext ctx;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<LlogRecord, Integer> crTypes = new IdentityHashMap<>();

    @BeforeAll
    static void printSeed() {
        System.out.println("LlogRoundTripTest seed " + SEED + " (rerun with -Djlustre.seed=" + SEED + ")");
    }

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        String test = info.getTestMethod().orElseThrow().getName();
        random = new Random(SEED ^ test.hashCode());
        startSeconds = 1_500_000_000L + random.nextInt(400_000_000);
        libcfs = new Libcfs(TimeSource.manual(startSeconds * 1_000_000_000L), new SplittableRandom(SEED));
        libcfs.debug().setConsole(null);
        dev = OsdMem.create(MemOsdConfig.defaults("rt-" + test).withLibcfs(libcfs));
        ctx = LlogContext.of(dev, libcfs, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        ctx.close();
        dev.close();
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    // ---- the tests ----

    @Test
    void mixedPlainLogIsLustreFormat() throws Exception {
        String uuid = randomUuid();
        LlogHandle h = ctx.openNew();
        h.create();
        h.init(LlogFlags.IS_PLAIN, uuid);
        Fid fid = h.fid();
        assertThat(fid.seq()).as("unnamed llogs come from FID_SEQ_LLOG (reference 4.8)").isEqualTo(Fid.SEQ_LLOG);
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < 260; i++) {
            written.add(append(h, randomRecord(700)));
            if (i == 90) {
                // A record that exactly fills what is left of the chunk: no pad (left == reclen).
                exactFit(h, written, 0);
            } else if (i == 140) {
                // A record leaving exactly 24 bytes, then any record: a pad of LLOG_MIN_REC_SIZE.
                exactFit(h, written, 24);
                written.add(append(h, randomRecord(200)));
            } else if (i == 200) {
                // A record of a whole chunk: pad to the boundary, then the record fills a chunk.
                written.add(append(h, configOfLength(CHUNK)));
            }
        }
        cancelSome(h, written, 0.25);
        // a multi-index cancel rewrites the whole header
        int[] many = written.stream().filter(w -> w.live).mapToInt(w -> w.index).limit(5).toArray();
        h.cancel(many);
        markCancelled(written, many);
        h.close();

        // reopen from disk and keep appending: the layout and header must continue seamlessly
        LlogHandle again = closeLater(ctx.open(LlogLogid.of(fid)));
        again.init(LlogFlags.IS_PLAIN, uuid);
        for (int i = 0; i < 40; i++) {
            written.add(append(again, randomRecord(700)));
        }
        cancelSome(again, written, 0.1);

        Result res = dumpAndDecode(again, "mixed.llog");
        verifyLog(res, new Expected(CHUNK, LlogFlags.IS_PLAIN, minLen(written), 0, uuid), written, "mixed plain log");
        assertThat(res.pads()).as("mixed sizes must have produced padding records").hasSizeGreaterThanOrEqualTo(4);
        assertThat(res.fileSize()).as("several chunks").isGreaterThan(8L * CHUNK);
        assertThat(res.pads()).as("a minimum-size pad").anyMatch(p -> p.len() == 24);
    }

    @Test
    void fixsizeLogPutsRecordsAtFixedOffsets() throws Exception {
        String uuid = randomUuid();
        LlogHandle h = closeLater(ctx.openNew());
        h.create();
        h.init(LlogFlags.IS_PLAIN, uuid);
        // as llog_test 3a: llh_size 64 and IS_FIXSIZE before the first record
        h.header().setSize(64);
        h.setHeaderFlags(h.header().flags() | LlogFlags.IS_FIXSIZE);
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            written.add(append(h, random64()));
        }
        cancelSome(h, written, 0.3);

        Result res = dumpAndDecode(h, "fixsize.llog");
        verifyLog(res, new Expected(CHUNK, LlogFlags.IS_PLAIN | LlogFlags.IS_FIXSIZE, 64, 0, uuid), written,
                "FIXSIZE log");
        for (Rec r : res.records()) {
            assertThat(r.offset()).as("FIXSIZE record %d at chunk + (idx-1)*64", r.index())
                    .isEqualTo(CHUNK + (r.index() - 1) * 64L);
        }
        assertThat(res.pads()).isEmpty();
        assertThat(res.fileSize()).isEqualTo(CHUNK + 300 * 64L);
    }

    @Test
    void catalogOfSeveralPlainLogsIsLustreFormat() throws Exception {
        String uuid = randomUuid();
        String catName = "rt_catalog_" + Long.toHexString(random.nextLong() >>> 16);
        LlogHandle ch = ctx.openCreate(catName);
        LlogCatalog cat = closeLater(LlogCatalog.open(ch, uuid));
        assertThat(ch.fid().seq()).as("named llogs come from FID_SEQ_LLOG_NAME (reference 4.8)")
                .isEqualTo(Fid.SEQ_LLOG_NAME);
        // cap the plain logs at header + n*64 bytes (OBD_FAIL_PLAIN_RECORDS, llog_test 13)
        int perLog = 16 + random.nextInt(16);
        long cap = CHUNK + perLog * 64L;
        libcfs.failLoc().setVal(perLog);
        libcfs.failLoc().setLoc(Llog.OBD_FAIL_PLAIN_RECORDS);
        Map<Fid, List<Written>> byLog = new LinkedHashMap<>();
        Map<Written, LlogCookie> cookies = new HashMap<>();
        for (int i = 0; i < 150; i++) {
            LlogRecord r = randomRecord(120);
            LlogCookie c = cat.add(MemorySegment.ofArray(r.encode(0)));
            Written w = new Written(r, c.index());
            byLog.computeIfAbsent(c.logid().fid(), f -> new ArrayList<>()).add(w);
            cookies.put(w, c);
        }
        libcfs.failLoc().reset();
        List<Fid> logs = new ArrayList<>(byLog.keySet());
        assertThat(logs).as("the cap must have spread the records over several plain logs")
                .hasSizeGreaterThanOrEqualTo(4);

        // empty plain logs 1 and 3 (destroyed, their catalog entries cancelled), thin out the others
        for (int n : new int[] {0, 2}) {
            List<Written> ws = byLog.get(logs.get(n));
            cat.cancel(ws.stream().map(cookies::get).toList());
            ws.forEach(w -> w.live = false);
        }
        for (int n = 1; n < logs.size(); n++) {
            if (n == 2) {
                continue;
            }
            List<Written> ws = byLog.get(logs.get(n));
            List<LlogCookie> some = new ArrayList<>();
            for (int k = 1; k < ws.size(); k++) { // keep the first record of each log live
                if (random.nextDouble() < 0.3) {
                    some.add(cookies.get(ws.get(k)));
                    ws.get(k).live = false;
                }
            }
            if (!some.isEmpty()) {
                cat.cancel(some);
            }
        }

        // the catalog: one llog_logid_rec per plain log, slots 1..n at fixed offsets
        List<Written> entries = new ArrayList<>();
        for (int n = 0; n < logs.size(); n++) {
            Written w = new Written(LogidRecord.of(LlogLogid.of(logs.get(n))), n + 1);
            w.live = n != 0 && n != 2;
            entries.add(w);
        }
        Result catRes = dumpAndDecode(ch, "catalog.llog");
        verifyLog(catRes, new Expected(CHUNK, LlogFlags.IS_CAT | LlogFlags.IS_FIXSIZE, 64, 1, uuid), entries,
                "catalog");
        for (Rec r : catRes.records()) {
            LogidBody b = (LogidBody) r.body();
            assertThat(b.fid()).as("catalog slot %d names plain log %s", r.index(), logs.get(r.index() - 1))
                    .isEqualTo(new LuFid(logs.get(r.index() - 1).seq(), logs.get(r.index() - 1).oid(), 0));
            assertThat(b.oiSeq()).as("plain logs are unnamed: FID_SEQ_LLOG").isEqualTo(Fid.SEQ_LLOG);
        }

        // each plain log
        for (int n = 0; n < logs.size(); n++) {
            Fid f = logs.get(n);
            List<Written> ws = byLog.get(f);
            if (n == 0 || n == 2) {
                assertThatThrownBy(() -> ctx.open(LlogLogid.of(f))).as("emptied plain log %s is destroyed", f)
                        .isInstanceOfSatisfying(LustreException.class,
                                e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
                continue;
            }
            try (LlogHandle p = ctx.open(LlogLogid.of(f))) {
                Result res = dumpAndDecode(p, "plain-" + (n + 1) + ".llog");
                String what = "plain log " + (n + 1) + " " + f;
                int flags = LlogFlags.IS_PLAIN | LlogFlags.ZAP_WHEN_EMPTY;
                verifyLog(res, new Expected(CHUNK, flags, minLen(ws), n + 1, uuid), ws, what);
                if (n < logs.size() - 1) {
                    // reference 4.4 step 2: a log is full once its size reaches lgh_max_size; its
                    // last append started below the cap
                    List<Rec> recs = res.records();
                    Rec last = recs.getLast();
                    long lastAppendAt = recs.size() > 1 && recs.get(recs.size() - 2).isPad()
                            ? recs.get(recs.size() - 2).offset() : last.offset();
                    assertThat(res.fileSize()).as(what + " size reaches the cap %d", cap).isGreaterThanOrEqualTo(cap);
                    assertThat(lastAppendAt).as(what + " last append started below the cap %d", cap).isLessThan(cap);
                }
            }
        }
    }

    @Test
    void bigChunkLogIsLustreFormat() throws Exception {
        int chunk = 32768;
        try (LlogContext big = new LlogContext(dev, libcfs, null, chunk, "rt32k")) {
            String uuid = randomUuid();
            String name = "rt-32k-" + Integer.toHexString(random.nextInt());
            LlogHandle h = closeLater(big.openCreate(name));
            h.init(LlogFlags.IS_PLAIN, uuid);
            assertThat(h.fid().seq()).isEqualTo(Fid.SEQ_LLOG_NAME);
            List<Written> written = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                written.add(append(h, random.nextInt(4) == 0 ? randomConfig(2800) : randomRecord(400)));
                if (i == 80) {
                    written.add(append(h, configOfLength(chunk)));
                }
            }
            cancelSome(h, written, 0.2);
            Result res = dumpAndDecode(h, "chunk32k.llog");
            verifyLog(res, new Expected(chunk, LlogFlags.IS_PLAIN, minLen(written), 0, uuid), written, "32 KiB log");
            assertThat(res.header().bitmapBits()).isEqualTo((chunk - 96) * 8);
            assertThat(res.pads()).as("pads at 32 KiB boundaries").isNotEmpty();
            assertThat(res.fileSize()).isGreaterThan(4L * chunk);
            try (LlogHandle byName = big.open(name, Llog.OpenMode.EXISTS)) {
                assertThat(byName.fid()).isEqualTo(h.fid());
            }
        }
    }

    @Test
    void decoderReportsDamage() throws Exception {
        String uuid = randomUuid();
        LlogHandle h = closeLater(ctx.openNew());
        h.create();
        h.init(LlogFlags.IS_PLAIN, uuid);
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            written.add(append(h, i % 3 == 0 ? randomConfig(500) : randomRecord(300)));
        }
        exactFit(h, written, 24);
        written.add(append(h, random64())); // after a 24-byte pad
        byte[] good = dump(h);
        Result clean = decodeViaFile(good, "good.llog");
        verifyLog(clean, new Expected(CHUNK, LlogFlags.IS_PLAIN, minLen(written), 0, uuid), written, "undamaged");
        Rec victim = clean.nonPads().get(random.nextInt(clean.nonPads().size()));
        int tail = (int) (victim.offset() + victim.len() - 8);

        byte[] b = good.clone();
        b[tail + 4 + random.nextInt(4)] ^= (byte) (1 + random.nextInt(255)); // lrt_index
        assertThat(decodeViaFile(b, "bad-tail-index.llog").problems())
                .as("corrupt lrt_index of record %d", victim.index())
                .anyMatch(p -> p.contains("lrt_index") && p.contains("at " + victim.offset()));

        b = good.clone();
        b[tail + random.nextInt(4)] ^= (byte) (1 + random.nextInt(255)); // lrt_len
        assertThat(decodeViaFile(b, "bad-tail-len.llog").problems()).as("corrupt lrt_len of record %d", victim.index())
                .anyMatch(p -> p.contains("lrt_len") && p.contains("at " + victim.offset()));

        b = good.clone();
        b[CHUNK - 4] ^= 0x01; // header tail lrt_index
        assertThat(decodeViaFile(b, "bad-hdr-tail.llog").problems()).isNotEmpty()
                .anyMatch(p -> p.contains("header tail lrt_index"));

        b = good.clone();
        b[88 + victim.index() / 8] ^= (byte) (1 << (victim.index() % 8)); // a bitmap bit
        assertThat(decodeViaFile(b, "bad-bitmap.llog").problems()).anyMatch(p -> p.contains("llh_count"));

        b = good.clone();
        b[24] ^= 0x02; // llh_count
        assertThat(decodeViaFile(b, "bad-count.llog").problems()).anyMatch(p -> p.contains("llh_count"));

        Rec cfg = clean.nonPads().stream().filter(r -> r.body() instanceof CfgBody).findFirst().orElseThrow();
        b = good.clone();
        b[(int) cfg.offset() + 16] ^= 0x10; // lcfg_version
        assertThat(decodeViaFile(b, "bad-lcfg.llog").problems()).anyMatch(p -> p.contains("lcfg_version"));

        b = good.clone();
        b[(int) victim.offset()] ^= 0x08; // lrh_len: now the walk loses its footing
        assertThat(decodeViaFile(b, "bad-len.llog").problems()).isNotEmpty();

        Rec pad = clean.pads().getLast();
        b = good.clone();
        b[88 + pad.index() / 8] |= (byte) (1 << (pad.index() % 8)); // a pad's bit, with llh_count to match
        MemorySegment.ofArray(b).set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 24,
                clean.header().count() + 1);
        assertThat(decodeViaFile(b, "bad-pad-bit.llog").problems()).as("pad %d marked live", pad.index())
                .containsExactly("at " + pad.offset() + ": padding record " + pad.index() + " has its bitmap bit set");

        b = good.clone();
        b[9] ^= 0x01; // header magic
        assertThat(decodeViaFile(b, "bad-magic.llog").problems()).anyMatch(p -> p.contains("LLOG_HDR_MAGIC"));

        assertThat(decodeViaFile(Arrays.copyOf(good, good.length - 8), "truncated.llog").problems())
                .as("a truncated last record").isNotEmpty();
    }

    // ---- writing ----

    /** One record written: the value, the index the log gave it, whether it is still live. */
    static final class Written {
        final LlogRecord rec;
        final int index;
        boolean live = true;

        Written(LlogRecord rec, int index) {
            this.rec = rec;
            this.index = index;
        }

        @Override
        public String toString() {
            return "#" + index + (live ? "" : " (cancelled)") + " " + rec;
        }
    }

    private static Written append(LlogHandle h, LlogRecord r) throws LustreException {
        int idx = h.append(MemorySegment.ofArray(r.encode(0)));
        return new Written(r, idx);
    }

    /** Appends a config record of exactly what is left of the chunk minus {@code leave} bytes. */
    private void exactFit(LlogHandle h, List<Written> written, int leave) throws LustreException {
        int chunk = h.header().chunkSize();
        while (true) {
            int left = chunk - (int) (h.size() % chunk);
            if (left - leave >= 64) {
                written.add(append(h, configOfLength(left - leave)));
                assertThat(h.size() % chunk).as("exact fit").isEqualTo((chunk - leave) % chunk);
                return;
            }
            written.add(append(h, random64()));
        }
    }

    /** A config record of exactly {@code len} bytes (>= 64, a multiple of 8): one buffer. */
    private ConfigRecord configOfLength(int len) {
        byte[] buf = new byte[len - 24 - 40];
        random.nextBytes(buf);
        LustreCfg cfg = new LustreCfg(LcfgCommand.PARAM.value(), random.nextInt(), random.nextInt(), random.nextLong(),
                random.nextInt(), List.of(buf));
        ConfigRecord r = new ConfigRecord(random.nextInt(), cfg);
        assertThat(r.length()).isEqualTo(len);
        return r;
    }

    private void cancelSome(LlogHandle h, List<Written> written, double fraction) throws LustreException {
        for (Written w : written) {
            if (w.live && random.nextDouble() < fraction) {
                assertThat(h.cancel(w.index)).isZero();
                w.live = false;
            }
        }
        // never cancel the last one, so the log keeps one live record for sure
        if (written.stream().noneMatch(w -> w.live)) {
            throw new AssertionError("everything cancelled");
        }
    }

    private static void markCancelled(List<Written> written, int[] indexes) {
        for (int i : indexes) {
            written.stream().filter(w -> w.index == i).forEach(w -> w.live = false);
        }
    }

    // ---- random records ----

    private LlogRecord randomRecord(int maxCfgBuf) {
        return switch (random.nextInt(8)) {
            case 0 -> randomConfig(maxCfgBuf);
            case 1 -> randomMarker();
            case 2 -> randomChangelog();
            default -> random64();
        };
    }

    /** One of the 64-byte types. */
    private LlogRecord random64() {
        return switch (random.nextInt(5)) {
            case 0 -> new GenRecord(random.nextInt(), random.nextLong(), random.nextLong(), random.nextLong(),
                    random.nextLong(), random.nextLong());
            case 1 -> new Unlink64Record(random.nextInt(), randomFid(), random.nextInt(), random.nextInt(),
                    random.nextLong(), random.nextLong());
            case 2 -> new Setattr64Record(random.nextInt(), randomFid(), random.nextInt(), random.nextInt(),
                    random.nextInt(), random.nextInt(), random.nextLong());
            case 3 -> new SizeChangeRecord(random.nextInt(), randomFid(), random.nextInt(), random.nextInt(),
                    random.nextLong(), random.nextLong());
            default -> new LogidRecord(random.nextInt(), LlogLogid.of(new Fid(random.nextLong(), random.nextInt(), 0)),
                    random.nextInt(), random.nextLong(), random.nextLong());
        };
    }

    private ConfigRecord randomConfig(int maxBuf) {
        LcfgCommand[] cmds = LcfgCommand.values();
        int bufcount = random.nextInt(LustreCfg.MAX_BUFCOUNT + 1);
        List<byte[]> bufs = new ArrayList<>();
        for (int i = 0; i < bufcount; i++) {
            byte[] b = new byte[random.nextInt(maxBuf + 1)];
            random.nextBytes(b);
            bufs.add(b);
        }
        LcfgCommand cmd;
        do {
            cmd = cmds[random.nextInt(cmds.length)];
        } while (cmd == LcfgCommand.MARKER); // markers come from randomMarker, with a cfg_marker in buffer 1
        LustreCfg cfg = new LustreCfg(cmd.value() | (random.nextBoolean() ? LcfgCommand.REQUIRED : 0), random.nextInt(),
                random.nextInt(), random.nextLong(), random.nextInt(), bufs);
        return new ConfigRecord(random.nextInt(), cfg);
    }

    private ConfigRecord randomMarker() {
        CfgMarker m = new CfgMarker(random.nextInt(), random.nextInt(), random.nextInt(), random.nextLong(),
                random.nextLong(), randomAscii(1 + random.nextInt(63)), randomAscii(random.nextInt(64)));
        byte[] dev = (randomAscii(1 + random.nextInt(30)) + "\0").getBytes(StandardCharsets.UTF_8);
        LustreCfg cfg = new LustreCfg(LcfgCommand.MARKER.value(), random.nextInt(), random.nextInt(), random.nextLong(),
                random.nextInt(), List.of(dev, m.encode()));
        return new ConfigRecord(random.nextInt(), cfg);
    }

    private ChangelogRecord randomChangelog() {
        int flags = ChangelogRecord.CLF_VERSION | random.nextInt(0x1000);
        flags |= random.nextBoolean() ? ChangelogRecord.CLF_RENAME : 0;
        flags |= random.nextBoolean() ? ChangelogRecord.CLF_JOBID : 0;
        flags |= random.nextBoolean() ? ChangelogRecord.CLF_EXTRA_FLAGS : 0;
        long extra = random.nextInt(16); // UIDGID, NID, OPEN, XATTR
        byte[] nid = new byte[ChangelogExtensions.NID_SIZE];
        random.nextBytes(nid);
        ChangelogExtensions ext = new ChangelogExtensions(randomFid(), randomFid(), randomAscii(1 + random.nextInt(31)),
                extra, random.nextLong(), random.nextLong(), nid, random.nextInt(),
                randomAscii(1 + random.nextInt(120)));
        byte[] name = new byte[random.nextInt(256)];
        random.nextBytes(name);
        int crType = random.nextInt(ChangelogRecord.typeCount());
        ChangelogRecord c = new ChangelogRecord(random.nextInt(), flags, crType, random.nextLong(), random.nextLong(),
                random.nextLong(), randomFid(), randomFid(), ext, name);
        // ChangelogRecord.type() is the llog lrh_type (it overrides the cr_type component's accessor), so the
        // cr_type written is remembered here
        crTypes.put(c, crType);
        return c;
    }

    private Fid randomFid() {
        return new Fid(random.nextLong(), random.nextInt(), random.nextInt());
    }

    private String randomAscii(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('!' + random.nextInt(94)));
        }
        return sb.toString();
    }

    private String randomUuid() {
        return randomAscii(1 + random.nextInt(26)) + "_UUID";
    }

    // ---- dumping and decoding ----

    private byte[] dump(LlogHandle h) throws LustreException {
        long size = h.size();
        byte[] bytes = new byte[Math.toIntExact(size)];
        MemorySegment seg = MemorySegment.ofArray(bytes);
        long done = 0;
        while (done < size) {
            int n = h.object().body().read(done, seg.asSlice(done));
            assertThat(n).as("read of %s at %d", h, done).isPositive();
            done += n;
        }
        return bytes;
    }

    private Result decodeViaFile(byte[] bytes, String fileName) throws Exception {
        Path file = tmp.resolve(fileName);
        Files.write(file, bytes);
        return IndependentLlogDecoder.decode(Files.readAllBytes(file));
    }

    private Result dumpAndDecode(LlogHandle h, String fileName) throws Exception {
        return decodeViaFile(dump(h), fileName);
    }

    // ---- expectations ----

    /** The header a log must carry. */
    record Expected(int chunk, int flags, int size, int catIdx, String uuid) {
    }

    /** A position the padding rule gives: a record or a pad. */
    record Slot(long offset, int len, int index, boolean pad) {
    }

    /**
     * Where reference 4.4 puts records appended in this order (steps 3, 5, 7): FIXSIZE at
     * chunk + (idx-1)*size; otherwise at the end, after a pad of {@code left} bytes when
     * {@code left != reclen && left < reclen + 24}, the pad consuming an index.
     */
    static List<Slot> layout(List<Integer> lens, int chunk, boolean fixsize) {
        List<Slot> slots = new ArrayList<>();
        long off = chunk;
        int last = 0;
        for (int len : lens) {
            if (fixsize) {
                last++;
                slots.add(new Slot(chunk + (long) (last - 1) * len, len, last, false));
                continue;
            }
            int left = (int) (chunk - off % chunk);
            if (left != 0 && left != len && left < len + 24) {
                last++;
                slots.add(new Slot(off, left, last, true));
                off += left;
            }
            last++;
            slots.add(new Slot(off, len, last, false));
            off += len;
        }
        return slots;
    }

    private static int minLen(List<Written> written) {
        return written.stream().mapToInt(w -> w.rec.length()).min().orElse(0);
    }

    private void verifyLog(Result res, Expected e, List<Written> written, String what) {
        assertThat(res.problems()).as(what + ": the independent decoder's findings").isEmpty();
        boolean fixsize = (e.flags() & LlogFlags.IS_FIXSIZE) != 0;
        List<Slot> slots = layout(written.stream().map(w -> w.rec.length()).toList(), e.chunk(), fixsize);
        List<Slot> recordSlots = slots.stream().filter(s -> !s.pad()).toList();
        for (int i = 0; i < written.size(); i++) {
            assertThat(written.get(i).index).as(what + ": index the log gave append #%d", i)
                    .isEqualTo(recordSlots.get(i).index());
        }
        int lastIndex = slots.isEmpty() ? 0 : slots.getLast().index();
        long fileSize = slots.stream().mapToLong(s -> s.offset() + s.len()).max().orElse(e.chunk());

        // the header (reference 4.2)
        Header h = res.header();
        assertThat(h).as(what + " header").isNotNull();
        assertThat(h.lrhLen()).as(what + " llh_hdr.lrh_len = chunk size").isEqualTo(e.chunk());
        assertThat(h.lrhIndex()).as(what + " llh_hdr.lrh_index").isZero();
        assertThat(h.lrhType()).as(what + " llh_hdr.lrh_type").isEqualTo(IndependentLlogDecoder.LLOG_HDR_MAGIC);
        assertThat(h.timestamp()).as(what + " llh_timestamp").isEqualTo(startSeconds);
        assertThat(h.bitmapOffset()).as(what + " llh_bitmap_offset").isEqualTo(88);
        assertThat(h.size()).as(what + " llh_size").isEqualTo(e.size());
        assertThat(h.flags()).as(what + " llh_flags").isEqualTo(e.flags());
        assertThat(h.catIdx()).as(what + " llh_cat_idx").isEqualTo(e.catIdx());
        assertThat(h.tgtUuid()).as(what + " llh_tgtuuid").isEqualTo(e.uuid());
        byte[] uuidRaw = new byte[40];
        byte[] u = e.uuid().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(u, 0, uuidRaw, 0, u.length);
        assertThat(h.tgtUuidRaw()).as(what + " llh_tgtuuid NUL-padded").isEqualTo(uuidRaw);
        assertThat(h.reserved()).as(what + " llh_reserved").isZero();
        assertThat(h.bitmapBits()).as(what + " bitmap bits").isEqualTo((e.chunk() - 96) * 8);
        assertThat(h.tailLen()).as(what + " llh_tail.lrt_len").isEqualTo(e.chunk());
        assertThat(h.tailIndex()).as(what + " llh_tail.lrt_index = last index").isEqualTo(lastIndex);
        long live = written.stream().filter(w -> w.live).count();
        assertThat(h.count()).as(what + " llh_count = live records + 1").isEqualTo(live + 1);
        BitSet bits = new BitSet();
        bits.set(0);
        written.stream().filter(w -> w.live).forEach(w -> bits.set(w.index));
        assertThat(h.bitmap()).as(what + " bitmap = the header and the live indexes").isEqualTo(bits);

        // the records, pads included, exactly where the rule puts them
        assertThat(res.fileSize()).as(what + " file size").isEqualTo(fileSize);
        assertThat(res.records()).as(what + " records and pads").hasSize(slots.size());
        Map<Integer, Written> byIndex = new HashMap<>();
        written.forEach(w -> byIndex.put(w.index, w));
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            Rec r = res.records().get(i);
            String at = what + " slot " + i + " (index " + s.index() + ")";
            assertThat(r.offset()).as(at + " offset").isEqualTo(s.offset());
            assertThat(r.len()).as(at + " lrh_len").isEqualTo(s.len());
            assertThat(r.index()).as(at + " lrh_index").isEqualTo(s.index());
            assertThat(r.tailLen()).as(at + " lrt_len").isEqualTo(s.len());
            assertThat(r.tailIndex()).as(at + " lrt_index").isEqualTo(s.index());
            assertThat(r.isPad()).as(at + " is a pad").isEqualTo(s.pad());
            if (s.pad()) {
                assertThat(r.type()).as(at + " pad lrh_type").isEqualTo(IndependentLlogDecoder.LLOG_PAD_MAGIC);
                assertThat(r.id()).as(at + " pad lrh_id").isZero();
                assertThat(r.bitSet()).as(at + " pad bit").isFalse();
                assertThat((r.offset() + r.len()) % e.chunk()).as(at + " pad ends the chunk").isZero();
            } else {
                Written w = byIndex.get(s.index());
                assertThat(r.bitSet()).as(at + " bit = live").isEqualTo(w.live);
                assertBody(w.rec, r, at + " " + w.rec.getClass().getSimpleName());
            }
        }
    }

    /** Every field of {@code r} as decoded independently equals what {@code exp} wrote. */
    private void assertBody(LlogRecord exp, Rec r, String what) {
        assertThat(r.type()).as(what + " lrh_type").isEqualTo(exp.type());
        assertThat(r.id()).as(what + " lrh_id").isEqualTo(exp.id());
        switch (exp) {
            case GenRecord g -> {
                assertThat(r.type()).isEqualTo(IndependentLlogDecoder.LLOG_GEN_REC);
                assertThat(r.len()).isEqualTo(64);
                GenBody b = (GenBody) r.body();
                assertThat(b.mntCnt()).as(what + " mnt_cnt").isEqualTo(g.mountCount());
                assertThat(b.connCnt()).as(what + " conn_cnt").isEqualTo(g.connectionCount());
                assertThat(b.padding1()).as(what + " padding1").isEqualTo(g.padding1());
                assertThat(b.padding2()).as(what + " padding2").isEqualTo(g.padding2());
                assertThat(b.padding3()).as(what + " padding3").isEqualTo(g.padding3());
            }
            case Unlink64Record u -> {
                assertThat(r.type()).isEqualTo(IndependentLlogDecoder.MDS_UNLINK64_REC);
                assertThat(r.len()).isEqualTo(64);
                Unlink64Body b = (Unlink64Body) r.body();
                assertThat(b.fid()).as(what + " lur_fid").isEqualTo(luFid(u.fid()));
                assertThat(b.count()).as(what + " lur_count").isEqualTo(u.count());
                assertThat(b.padding1()).as(what + " lur_padding1").isEqualTo(u.padding1());
                assertThat(b.padding2()).as(what + " lur_padding2").isEqualTo(u.padding2());
                assertThat(b.padding3()).as(what + " lur_padding3").isEqualTo(u.padding3());
            }
            case Setattr64Record s -> {
                assertThat(r.type()).isEqualTo(IndependentLlogDecoder.MDS_SETATTR64_REC);
                assertThat(r.len()).isEqualTo(64);
                Setattr64Body b = (Setattr64Body) r.body();
                assertThat(b.oiFid()).as(what + " lsr_oi (lu_fid view)").isEqualTo(luFid(s.oi()));
                assertThat(b.oiId()).as(what + " lsr_oi.oi_id (first u64)").isEqualTo(s.oi().seq());
                assertThat(b.uid()).as(what + " lsr_uid").isEqualTo(s.uid());
                assertThat(b.uidH()).as(what + " lsr_uid_h").isEqualTo(s.uidHigh());
                assertThat(b.gid()).as(what + " lsr_gid").isEqualTo(s.gid());
                assertThat(b.gidH()).as(what + " lsr_gid_h").isEqualTo(s.gidHigh());
                assertThat(b.valid()).as(what + " lsr_valid").isEqualTo(s.valid());
            }
            case SizeChangeRecord s -> {
                assertThat(r.type()).isEqualTo(IndependentLlogDecoder.OST_SZ_REC);
                assertThat(r.len()).isEqualTo(64);
                SizeChangeBody b = (SizeChangeBody) r.body();
                assertThat(b.fidId()).as(what + " lsc_fid.id").isEqualTo(s.fid().seq());
                assertThat(b.fidGeneration()).as(what + " lsc_fid.generation").isEqualTo(s.fid().oid());
                assertThat(b.fidType()).as(what + " lsc_fid.f_type").isEqualTo(s.fid().ver());
                assertThat(b.ioepoch()).as(what + " lsc_ioepoch").isEqualTo(s.ioepoch());
                assertThat(b.padding1()).as(what + " lsc_padding1").isEqualTo(s.padding1());
                assertThat(b.padding2()).as(what + " lsc_padding2").isEqualTo(s.padding2());
                assertThat(b.padding3()).as(what + " lsc_padding3").isEqualTo(s.padding3());
            }
            case LogidRecord l -> {
                assertThat(r.type()).isEqualTo(IndependentLlogDecoder.LLOG_LOGID_MAGIC);
                assertThat(r.len()).isEqualTo(64);
                LogidBody b = (LogidBody) r.body();
                // fid_to_logid: oi_id = f_oid, oi_seq = f_seq, lgl_ogen = 0
                assertThat(b.oiId()).as(what + " lgl_oi.oi_id = f_oid").isEqualTo(l.logid().fid().oidUnsigned());
                assertThat(b.oiSeq()).as(what + " lgl_oi.oi_seq = f_seq").isEqualTo(l.logid().fid().seq());
                assertThat(b.ogen()).as(what + " lgl_ogen").isEqualTo(l.logid().ogen()).isZero();
                assertThat(b.fid()).as(what + " logid_to_fid").isEqualTo(luFid(l.logid().fid()));
                assertThat(b.padding1()).as(what + " lid_padding1").isEqualTo(l.padding1());
                assertThat(b.padding2()).as(what + " lid_padding2").isEqualTo(l.padding2());
                assertThat(b.padding3()).as(what + " lid_padding3").isEqualTo(l.padding3());
            }
            case ChangelogRecord c -> {
                assertThat(r.type()).isEqualTo(IndependentLlogDecoder.CHANGELOG_REC);
                ChangelogBody b = (ChangelogBody) r.body();
                ChangelogExtensions x = c.extensions();
                long expectLen = 16 + round8(IndependentLlogDecoder.changelogRecOffset(c.flags(), x.extraFlags())
                        + (long) c.name().length) + 8;
                assertThat(r.len()).as(what + " lrh_len").isEqualTo(expectLen);
                assertThat(b.namelen()).as(what + " cr_namelen").isEqualTo(c.name().length);
                assertThat(b.flags()).as(what + " cr_flags").isEqualTo(c.flags());
                assertThat(b.crType()).as(what + " cr_type").isEqualTo(crTypes.get(c));
                assertThat(b.crIndex()).as(what + " cr_index").isEqualTo(c.index());
                assertThat(b.prev()).as(what + " cr_prev").isEqualTo(c.prev());
                assertThat(b.time()).as(what + " cr_time").isEqualTo(c.time());
                assertThat(b.tfid()).as(what + " cr_tfid").isEqualTo(luFid(c.targetFid()));
                assertThat(b.pfid()).as(what + " cr_pfid").isEqualTo(luFid(c.parentFid()));
                boolean rename = (c.flags() & ChangelogRecord.CLF_RENAME) != 0;
                boolean extra = (c.flags() & ChangelogRecord.CLF_EXTRA_FLAGS) != 0;
                long xf = extra ? x.extraFlags() : 0;
                assertThat(b.sfid()).as(what + " cr_sfid")
                        .isEqualTo(rename ? luFid(x.sourceFid()) : new LuFid(0, 0, 0));
                assertThat(b.spfid()).as(what + " cr_spfid")
                        .isEqualTo(rename ? luFid(x.sourceParentFid()) : new LuFid(0, 0, 0));
                assertThat(b.jobid()).as(what + " cr_jobid")
                        .isEqualTo((c.flags() & ChangelogRecord.CLF_JOBID) != 0 ? x.jobid() : "");
                assertThat(b.extraFlags()).as(what + " cr_extra_flags").isEqualTo(xf);
                if ((xf & ChangelogRecord.CLFE_UIDGID) != 0) {
                    assertThat(b.uid()).as(what + " cr_uid").isEqualTo(x.uid());
                    assertThat(b.gid()).as(what + " cr_gid").isEqualTo(x.gid());
                }
                if ((xf & ChangelogRecord.CLFE_NID) != 0) {
                    assertThat(b.nid()).as(what + " cr_nid").isEqualTo(x.nid());
                }
                if ((xf & ChangelogRecord.CLFE_OPEN) != 0) {
                    assertThat(b.openFlags()).as(what + " cr_openflags").isEqualTo(x.openFlags());
                }
                if ((xf & ChangelogRecord.CLFE_XATTR) != 0) {
                    assertThat(b.xattr()).as(what + " cr_xattr").isEqualTo(x.xattr());
                }
                assertThat(b.name()).as(what + " name").isEqualTo(c.name());
            }
            case ConfigRecord cr -> {
                assertThat(r.type()).isEqualTo(IndependentLlogDecoder.OBD_CFG_REC);
                LustreCfg cfg = cr.cfg();
                CfgBody b = (CfgBody) r.body();
                long cfgLen = round8(32 + 4L * cfg.bufcount());
                for (byte[] buf : cfg.buffers()) {
                    cfgLen += round8(buf.length);
                }
                assertThat(r.len()).as(what + " lrh_len = 16 + round8(lustre_cfg_len) + 8")
                        .isEqualTo(16 + round8(cfgLen) + 8);
                assertThat(b.cfgLen()).as(what + " lustre_cfg_len").isEqualTo(cfgLen);
                assertThat(b.version()).as(what + " lcfg_version").isEqualTo(IndependentLlogDecoder.LUSTRE_CFG_VERSION);
                assertThat(b.command()).as(what + " lcfg_command").isEqualTo(cfg.command());
                assertThat(b.num()).as(what + " lcfg_num").isEqualTo(cfg.num());
                assertThat(b.flags()).as(what + " lcfg_flags").isEqualTo(cfg.flags());
                assertThat(b.nid()).as(what + " lcfg_nid").isEqualTo(cfg.nid());
                assertThat(b.nal()).as(what + " lcfg_nal").isEqualTo(cfg.nal());
                assertThat(b.bufcount()).as(what + " lcfg_bufcount").isEqualTo(cfg.bufcount());
                for (int i = 0; i < cfg.bufcount(); i++) {
                    assertThat(b.buflens()[i]).as(what + " lcfg_buflens[%d]", i).isEqualTo(cfg.buffer(i).length);
                    assertThat(b.buffers().get(i)).as(what + " buffer %d", i).isEqualTo(cfg.buffer(i));
                }
                if (cfg.command() == LcfgCommand.MARKER.value()) {
                    CfgMarker m = cr.marker();
                    Marker d = IndependentLlogDecoder.marker(b.buffers().get(1));
                    assertThat(d).as(what + " cfg_marker").isNotNull();
                    assertThat(d.step()).as(what + " cm_step").isEqualTo(m.step());
                    assertThat(d.flags()).as(what + " cm_flags").isEqualTo(m.flags());
                    assertThat(d.vers()).as(what + " cm_vers").isEqualTo(m.version());
                    assertThat(d.padding()).as(what + " cm_padding").isZero();
                    assertThat(d.createTime()).as(what + " cm_createtime").isEqualTo(m.createTime());
                    assertThat(d.cancelTime()).as(what + " cm_canceltime").isEqualTo(m.cancelTime());
                    assertThat(d.tgtName()).as(what + " cm_tgtname").isEqualTo(m.targetName());
                    assertThat(d.comment()).as(what + " cm_comment").isEqualTo(m.comment());
                }
            }
            default -> throw new AssertionError(what + ": no expectation for " + exp);
        }
    }

    private static LuFid luFid(Fid f) {
        return new LuFid(f.seq(), f.oid(), f.ver());
    }

    private static long round8(long n) {
        return (n + 7) & ~7L;
    }
}
