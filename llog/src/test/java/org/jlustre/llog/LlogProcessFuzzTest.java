package org.jlustre.llog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.TimeSource;
import org.jlustre.llog.test.LlogObjectSurgery;
import org.jlustre.osd.Body;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded random damage to llogs on osd-mem: a plain log of mixed-size records (with padding
 * records and cancelled ones), and a catalog over a few small plain logs (capped with
 * OBD_FAIL_PLAIN_RECORDS). Each round builds the log afresh on a new device, flips or
 * overwrites random bytes, plants interesting values in header and record fields, sets stray
 * bitmap bits or truncates, then runs init, reverse processing, forward processing (twice) and,
 * for the catalog, catalog processing both ways and the entry walk. Every step must succeed or
 * throw {@link LustreException} with a message: no other exception, no hang (each round runs
 * under a preemptive timeout, and the device is wrapped so a thread left running by a timeout
 * stops at its next OSD call). Forward processing must only deliver sane records: lrh_index
 * equal to the bit being delivered and set, lrh_len a multiple of 8 within the chunk, a record
 * magic. When only one plain log of a catalog is damaged, the other logs must come through
 * whole: all their records delivered when catalog processing succeeds, their objects and
 * counts untouched in any case.
 *
 * <p>One seed per run, printed; rerun with {@code -Djlustre.seed=N}.
 */
class LlogProcessFuzzTest {

    private static final long SEED = Long.getLong("jlustre.seed", System.nanoTime());
    private static final int CHUNK = LlogHeader.MIN_CHUNK_SIZE;
    private static final String UUID = "fuzz_uuid";
    /** Rounds per test; {@code -Djlustre.fuzz.rounds=N} runs more (or fewer) of each. */
    private static final int PLAIN_ROUNDS = Integer.getInteger("jlustre.fuzz.rounds", 600);
    private static final int CATALOG_ROUNDS = Integer.getInteger("jlustre.fuzz.rounds", 500);
    /** The first round to run: {@code -Djlustre.fuzz.first=N -Djlustre.fuzz.rounds=N+1} replays round N alone. */
    private static final int FIRST_ROUND = Integer.getInteger("jlustre.fuzz.first", 0);
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(8);
    private static final long STEP_TIMEOUT_MS = 2000;

    private static ExecutorService steps;

    @BeforeAll
    static void printSeed() {
        System.out.println("LlogProcessFuzzTest seed " + SEED + " (rerun with -Djlustre.seed=" + SEED + ")");
        steps = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "llog-fuzz-step");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stopSteps() {
        steps.shutdownNow();
    }

    @Test
    void randomDamageToPlainLog() {
        new Fuzz("plain", SEED).plainRounds(PLAIN_ROUNDS);
    }

    @Test
    void randomDamageToCatalog() {
        new Fuzz("catalog", SEED ^ 0x5deece66dL).catalogRounds(CATALOG_ROUNDS);
    }

    /** One fuzz run: rounds of build, damage, check. */
    private static final class Fuzz {
        private final String kind;
        private final long seed;
        /** How the steps ended, for the summary. */
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private int round;
        private String damage;

        Fuzz(String kind, long seed) {
            this.kind = kind;
            this.seed = seed;
        }

        private String where() {
            return kind + " seed " + SEED + " round " + round + " (" + damage + ")";
        }

        void plainRounds(int rounds) {
            long start = System.nanoTime();
            for (round = FIRST_ROUND; round < rounds; round++) {
                long roundSeed = seed + 0x9e3779b97f4a7c15L * round;
                assertTimeoutPreemptively(ROUND_TIMEOUT, () -> plainRound(roundSeed), this::where);
            }
            summary(start);
        }

        void catalogRounds(int rounds) {
            long start = System.nanoTime();
            for (round = FIRST_ROUND; round < rounds; round++) {
                long roundSeed = seed + 0x9e3779b97f4a7c15L * round;
                assertTimeoutPreemptively(ROUND_TIMEOUT, () -> catalogRound(roundSeed), this::where);
            }
            summary(start);
        }

        private void summary(long start) {
            System.out.printf("LlogProcessFuzzTest %s: %d rounds in %d ms; outcomes %s%n", kind, round - FIRST_ROUND,
                    (System.nanoTime() - start) / 1_000_000, outcomes);
        }

        // ---- plain log rounds ----

        private void plainRound(long roundSeed) throws Exception {
            Random rnd = new Random(roundSeed);
            damage = "";
            try (Env env = new Env("fz-plain-" + round)) {
                Plain p = env.writePlain("fuzzed", rnd);
                damage = env.damage(p.fid, p.offsets, p.lastIdx, rnd);
                LlogHandle h = init(env, "fuzzed");
                if (h == null) {
                    return;
                }
                h.close();
                reverse(env, "fuzzed");
                forward(env, "fuzzed", "forward");
                forward(env, "fuzzed", "forward again");
            }
        }

        /** Init on a fresh handle: success, or a LustreException with a message (null). */
        private LlogHandle init(Env env, String name) throws Exception {
            return step("init", () -> {
                LlogHandle h = env.ctx.open(name, Llog.OpenMode.EXISTS);
                try {
                    h.init(LlogFlags.IS_PLAIN, UUID);
                    return h;
                } catch (LustreException | RuntimeException e) {
                    h.close();
                    throw e;
                }
            });
        }

        private void forward(Env env, String name, String what) throws Exception {
            LlogHandle h = init(env, name);
            if (h == null) {
                return;
            }
            try (h) {
                Checker c = new Checker(what);
                Integer rc = step(what, () -> h.process(c));
                assertThat(c.bad).as(where() + ": " + what + " delivered records failing sanity").isEmpty();
                if (rc != null) {
                    assertThat(rc).as(where() + ": " + what + " result").isLessThanOrEqualTo(0);
                }
            }
        }

        private void reverse(Env env, String name) throws Exception {
            LlogHandle h = init(env, name);
            if (h == null) {
                return;
            }
            try (h) {
                Checker c = new Checker("reverse");
                Integer rc = step("reverse", () -> h.reverseProcess(c));
                assertThat(c.bad).as(where() + ": reverse delivered records failing sanity").isEmpty();
                if (rc != null) {
                    assertThat(rc).as(where() + ": reverse result").isLessThanOrEqualTo(0);
                }
            }
        }

        /**
         * Runs one step on another thread with a timeout: its result, or null when it threw a
         * LustreException (whose message must say something). A hang or any other exception
         * fails the round; a hang's error carries the stuck thread's stack.
         */
        private <T> T step(String what, Callable<T> body) throws Exception {
            Thread[] runner = new Thread[1];
            Future<T> f = steps.submit(() -> {
                runner[0] = Thread.currentThread();
                return body.call();
            });
            try {
                T result = f.get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                outcomes.merge(what + " ok", 1, Integer::sum);
                return result;
            } catch (TimeoutException e) {
                StackTraceElement[] stack = runner[0] != null ? runner[0].getStackTrace() : new StackTraceElement[0];
                f.cancel(true);
                AssertionError hang = new AssertionError(where() + ": " + what + " did not end in " + STEP_TIMEOUT_MS
                        + " ms (its stack is this error's)");
                hang.setStackTrace(stack);
                throw hang;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof LustreException le) {
                    assertThat(le.getMessage()).as(where() + ": " + what + " error message").isNotBlank();
                    outcomes.merge(what + " " + le.errno(), 1, Integer::sum);
                    return null;
                }
                throw new AssertionError(where() + ": " + what + " threw " + cause, cause);
            }
        }

        // ---- catalog rounds ----

        private void catalogRound(long roundSeed) throws Exception {
            Random rnd = new Random(roundSeed);
            damage = "";
            try (Env env = new Env("fz-cat-" + round)) {
                Catalog c = env.writeCatalog(rnd);
                int target = rnd.nextInt(c.plains.size() + 1) - 1; // -1: the catalog itself
                if (target < 0) {
                    damage = "catalog: " + env.damage(c.fid, c.entryOffsets(), c.plains.size(), rnd);
                } else {
                    Plain p = c.plains.get(target);
                    damage = "plain #" + target + ": " + env.damage(p.fid, p.offsets, p.lastIdx, rnd);
                    reversePlain(env, p.fid);
                }
                catalogReverse(env, c);
                Map<Fid, List<Integer>> seen = catalogForward(env, c, "cat forward");
                if (target >= 0) {
                    checkOthersWhole(env, c, target, seen);
                }
                catalogForward(env, c, "cat forward again");
                Integer rc = step("cat entries", () -> {
                    try (LlogCatalog cat = env.openCatalog(c)) {
                        return cat.processEntries((h, rec) -> 0);
                    }
                });
                if (rc != null) {
                    assertThat(rc).as(where() + ": entry walk result").isLessThanOrEqualTo(0);
                }
            }
        }

        /** The damaged plain log of a catalog alone: init, then reverse processing. */
        private void reversePlain(Env env, Fid fid) throws Exception {
            LlogHandle h = step("plain init", () -> {
                LlogHandle l = env.ctx.open(LlogLogid.of(fid));
                try {
                    l.init(LlogFlags.IS_PLAIN, null);
                    return l;
                } catch (LustreException | RuntimeException e) {
                    l.close();
                    throw e;
                }
            });
            if (h == null) {
                return;
            }
            try (h) {
                Checker c = new Checker("plain reverse");
                Integer rc = step("plain reverse", () -> h.reverseProcess(c));
                assertThat(c.bad).as(where() + ": reverse delivered records failing sanity").isEmpty();
                if (rc != null) {
                    assertThat(rc).as(where() + ": plain reverse result").isLessThanOrEqualTo(0);
                }
            }
        }

        private Map<Fid, List<Integer>> catalogForward(Env env, Catalog c, String what) throws Exception {
            Checker checker = new Checker(what);
            Integer rc = step(what, () -> {
                try (LlogCatalog cat = env.openCatalog(c)) {
                    return cat.process(checker);
                }
            });
            assertThat(checker.bad).as(where() + ": " + what + " delivered records failing sanity").isEmpty();
            if (rc == null) {
                return null;
            }
            assertThat(rc).as(where() + ": " + what + " result").isLessThanOrEqualTo(0);
            return checker.byLog;
        }

        private void catalogReverse(Env env, Catalog c) throws Exception {
            Checker checker = new Checker("cat reverse");
            Integer rc = step("cat reverse", () -> {
                try (LlogCatalog cat = env.openCatalog(c)) {
                    return cat.reverseProcess(checker);
                }
            });
            assertThat(checker.bad).as(where() + ": reverse delivered records failing sanity").isEmpty();
            if (rc != null) {
                assertThat(rc).as(where() + ": cat reverse result").isLessThanOrEqualTo(0);
            }
        }

        /**
         * Only plain log {@code target} was damaged: every other log still exists with its count,
         * and when catalog processing succeeded it delivered all their records, in order.
         */
        private void checkOthersWhole(Env env, Catalog c, int target, Map<Fid, List<Integer>> seen)
                throws LustreException {
            for (int i = 0; i < c.plains.size(); i++) {
                if (i == target) {
                    continue;
                }
                Plain p = c.plains.get(i);
                try (LlogHandle h = env.ctx.open(LlogLogid.of(p.fid))) {
                    h.init(LlogFlags.IS_PLAIN, UUID);
                    assertThat(h.count()).as(where() + ": count of undamaged plain #" + i).isEqualTo(p.indices.size() + 1);
                }
                if (seen != null) {
                    assertThat(seen.get(p.fid)).as(where() + ": records of undamaged plain #" + i)
                            .isEqualTo(p.indices);
                }
            }
        }
    }

    /**
     * Checks each delivery: the record's lrh_index is the bit being delivered (the handle's
     * current index) and set; its lrh_len is a multiple of 8 within [24, chunk] and the bytes
     * handed over are that long, inside one chunk; its type has the llog magic.
     */
    private static final class Checker implements LlogCallback {
        private final String what;
        final List<String> bad = new ArrayList<>();
        final Map<Fid, List<Integer>> byLog = new LinkedHashMap<>();

        Checker(String what) {
            this.what = what;
        }

        @Override
        public int process(LlogHandle h, LlogRecordRef r) {
            byLog.computeIfAbsent(h.fid(), k -> new ArrayList<>()).add(r.index());
            int chunk = h.header().chunkSize();
            long bytes = r.bytes().byteSize();
            int hdrLen = bytes >= LlogRecordHeader.SIZE ? r.bytes().get(Le.U32, LlogRecordHeader.OFF_LEN) : -1;
            int hdrIndex = bytes >= LlogRecordHeader.SIZE ? r.bytes().get(Le.U32, LlogRecordHeader.OFF_INDEX) : -1;
            boolean offsetOk = what.contains("reverse") || (r.offset() % chunk) + r.len() <= chunk;
            if (r.index() != h.currentIndex() || !h.header().isSet(r.index()) || hdrIndex != r.index()
                    || hdrLen != r.len() || r.len() < LlogRecordHeader.MIN_REC_SIZE || r.len() > chunk
                    || r.len() % 8 != 0 || bytes != r.len() || !offsetOk || !LlogRecType.hasMagic(r.type())) {
                bad.add(what + ": record index " + r.index() + " len " + r.len() + " type 0x"
                        + Integer.toHexString(r.type()) + " at " + r.offset() + " (" + bytes + " bytes) for bit "
                        + h.currentIndex() + (h.header().isSet(h.currentIndex()) ? "" : " (clear)") + " of " + h);
            }
            return 0;
        }
    }

    /** A plain log as written. */
    private record Plain(Fid fid, List<Integer> indices, Map<Integer, int[]> offsets, int lastIdx) {
    }

    /** A catalog as written. */
    private record Catalog(String name, Fid fid, List<Plain> plains) {

        /** The catalog's entries: offset and length, by index. */
        Map<Integer, int[]> entryOffsets() {
            Map<Integer, int[]> m = new HashMap<>();
            for (int i = 1; i <= plains.size(); i++) {
                m.put(i, new int[] {CHUNK + (i - 1) * LlogCatalog.LOGID_REC_SIZE, LlogCatalog.LOGID_REC_SIZE});
            }
            return m;
        }
    }

    /** A fresh osd-mem device and llog context, wrapped so that an interrupted thread stops at its next OSD call. */
    private static final class Env implements AutoCloseable {
        final Libcfs libcfs;
        final OsdDevice raw;
        final OsdDevice dev;
        final LlogContext ctx;

        Env(String name) throws LustreException {
            libcfs = new Libcfs(TimeSource.manual(1_700_000_000L * 1_000_000_000L), new SplittableRandom(name.hashCode()));
            libcfs.debug().setConsole(null);
            raw = OsdMem.create(MemOsdConfig.defaults(name).withLibcfs(libcfs));
            dev = interruptible(OsdDevice.class, raw);
            ctx = LlogContext.of(dev, libcfs, null);
        }

        Plain writePlain(String name, Random rnd) throws LustreException {
            try (LlogHandle h = ctx.openCreate(name)) {
                h.init(LlogFlags.IS_PLAIN, UUID);
                int n = 20 + rnd.nextInt(230);
                List<Integer> indices = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    indices.add(h.append(record(randomLength(rnd), i, rnd)));
                }
                List<Integer> cancelled = new ArrayList<>();
                for (int idx : indices) {
                    if (rnd.nextInt(10) == 0) {
                        cancelled.add(idx);
                    }
                }
                if (!cancelled.isEmpty()) {
                    h.cancel(cancelled.stream().mapToInt(Integer::intValue).toArray());
                }
                return describe(h);
            }
        }

        private static int randomLength(Random rnd) {
            int r = rnd.nextInt(100);
            int len;
            if (r < 60) {
                len = 24 + 8 * rnd.nextInt(20);
            } else if (r < 95) {
                len = 24 + 8 * rnd.nextInt(150);
            } else {
                len = 1024 + 8 * rnd.nextInt(600);
            }
            return len;
        }

        /** The live records of a log and where they are (offset, length), by index. */
        private static Plain describe(LlogHandle h) throws LustreException {
            List<Integer> indices = new ArrayList<>();
            Map<Integer, int[]> offsets = new HashMap<>();
            h.process((lh, r) -> {
                indices.add(r.index());
                offsets.put(r.index(), new int[] {(int) r.offset(), r.len()});
                return 0;
            });
            return new Plain(h.fid(), indices, offsets, h.lastIndex());
        }

        Catalog writeCatalog(Random rnd) throws LustreException {
            int perLog = 2 + rnd.nextInt(7);
            int logs = 2 + rnd.nextInt(4);
            libcfs.failLoc().setVal(perLog);
            libcfs.failLoc().setLoc(Llog.OBD_FAIL_PLAIN_RECORDS);
            try (LlogCatalog cat = LlogCatalog.open(ctx.openCreate("fuzzed-catalog"), UUID)) {
                for (int i = 0; i < logs * perLog; i++) {
                    cat.add(record(64, i, rnd));
                }
                libcfs.failLoc().reset();
                List<Fid> ids = new ArrayList<>();
                cat.processEntries((h, rec) -> {
                    ids.add(LlogLogid.read(rec.bytes(), LlogRecordHeader.SIZE).fid());
                    return 0;
                });
                assertThat(ids).hasSize(logs);
                List<Plain> plains = new ArrayList<>();
                for (Fid fid : ids) {
                    try (LlogHandle h = ctx.open(LlogLogid.of(fid))) {
                        h.init(LlogFlags.IS_PLAIN, UUID);
                        plains.add(describe(h));
                    }
                }
                return new Catalog("fuzzed-catalog", cat.handle().fid(), plains);
            } finally {
                libcfs.failLoc().reset();
            }
        }

        LlogCatalog openCatalog(Catalog c) throws LustreException {
            LlogHandle h = ctx.open(c.name(), Llog.OpenMode.EXISTS);
            try {
                return LlogCatalog.open(h, UUID);
            } catch (LustreException | RuntimeException e) {
                h.close();
                throw e;
            }
        }

        /** One to three kinds of damage to object {@code fid}; returns what was done. */
        String damage(Fid fid, Map<Integer, int[]> records, int lastIdx, Random rnd) throws LustreException {
            StringBuilder what = new StringBuilder();
            int kinds = 1 + rnd.nextInt(3);
            List<int[]> recs = new ArrayList<>(records.values());
            recs.sort((a, b) -> Integer.compare(a[0], b[0]));
            for (int k = 0; k < kinds; k++) {
                long size = size(fid);
                if (size == 0) {
                    break;
                }
                if (what.length() > 0) {
                    what.append("; ");
                }
                switch (rnd.nextInt(9)) {
                    case 0 -> {
                        int n = 1 + rnd.nextInt(8);
                        what.append("flip ").append(n).append(" bytes at");
                        for (int i = 0; i < n; i++) {
                            long at = rnd.nextLong(size);
                            byte[] b = read(fid, at, 1);
                            b[0] ^= (byte) (1 + rnd.nextInt(255));
                            write(fid, at, b);
                            what.append(' ').append(at);
                        }
                    }
                    case 1 -> {
                        long at = rnd.nextInt(4) == 0 ? CHUNK - 8 + 4L * rnd.nextInt(2) : 4L * rnd.nextInt(24);
                        int v = interesting(rnd, lastIdx);
                        putU32(fid, at, v);
                        what.append("header u32 at ").append(at).append(" = ").append(v);
                    }
                    case 2, 3 -> {
                        if (recs.isEmpty()) {
                            what.append("no record");
                            break;
                        }
                        int[] rec = recs.get(rnd.nextInt(recs.size()));
                        int[] fields = {0, 4, 8, rec[1] - 8, rec[1] - 4};
                        long at = rec[0] + fields[rnd.nextInt(fields.length)];
                        int v = interesting(rnd, lastIdx);
                        putU32(fid, at, v);
                        what.append("record at ").append(rec[0]).append(" u32 at ").append(at).append(" = ").append(v);
                    }
                    case 4 -> {
                        long to;
                        if (rnd.nextBoolean() && !recs.isEmpty()) {
                            int[] rec = recs.get(rnd.nextInt(recs.size()));
                            to = rec[0] + (rnd.nextBoolean() ? 0 : rnd.nextInt(rec[1]));
                        } else {
                            to = rnd.nextLong(size);
                        }
                        truncate(fid, to);
                        what.append("truncate to ").append(to);
                    }
                    case 5 -> {
                        int index = 1 + rnd.nextInt(lastIdx + 10);
                        long at = LlogHeader.BITMAP_OFFSET + 4L * (index / 32);
                        putU32(fid, at, getU32(fid, at) ^ (1 << (index % 32)));
                        if (rnd.nextBoolean()) {
                            putU32(fid, LlogHeader.OFF_COUNT, getU32(fid, LlogHeader.OFF_COUNT) + 1);
                        }
                        what.append("flip bit ").append(index);
                    }
                    case 6 -> {
                        long at = rnd.nextInt(3) == 0 ? CHUNK * (1 + rnd.nextLong(Math.max(1, size / CHUNK))) : rnd.nextLong(size);
                        int len = (int) Math.min(size - Math.min(at, size), 1 + rnd.nextInt(rnd.nextBoolean() ? 64 : CHUNK));
                        byte[] junk = new byte[Math.max(len, 0)];
                        rnd.nextBytes(junk);
                        write(fid, at, junk);
                        what.append("random bytes [").append(at).append(", +").append(junk.length).append(')');
                    }
                    case 7 -> {
                        long at = rnd.nextLong(size);
                        int len = (int) Math.min(size - at, 8 + rnd.nextInt(512));
                        byte[] fill = new byte[len];
                        if (rnd.nextBoolean()) {
                            Arrays.fill(fill, (byte) 0xff);
                        }
                        write(fid, at, fill);
                        what.append(fill.length > 0 && fill[0] != 0 ? "0xff" : "zeros").append(" [").append(at)
                                .append(", +").append(len).append(')');
                    }
                    default -> {
                        // a whole record turned into zeros or moved: lengths stay plausible
                        if (recs.isEmpty()) {
                            what.append("no record");
                            break;
                        }
                        int[] rec = recs.get(rnd.nextInt(recs.size()));
                        write(fid, rec[0], new byte[rec[1]]);
                        what.append("zeroed record at ").append(rec[0]);
                    }
                }
            }
            return what.toString();
        }

        private static int interesting(Random rnd, int lastIdx) {
            int[] values = {0, 1, 4, 7, 8, 16, 23, 24, 25, 64, 104, 4096, CHUNK - 8, CHUNK - 1, CHUNK, CHUNK + 8,
                2 * CHUNK, 65535, 64767, 64768, Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -8,
                LlogRecType.LLOG_PAD_MAGIC, LlogRecType.LLOG_HDR_MAGIC, LlogRecType.LLOG_LOGID_MAGIC,
                LlogRecType.OBD_CFG_REC, Integer.reverseBytes(LlogRecType.LLOG_HDR_MAGIC),
                LlogFlags.IS_PLAIN | LlogFlags.IS_FIXSIZE, LlogFlags.IS_CAT};
            int r = rnd.nextInt(10);
            if (r < 6) {
                return values[rnd.nextInt(values.length)];
            }
            if (r < 9) {
                return Math.max(0, lastIdx + rnd.nextInt(11) - 5);
            }
            return rnd.nextInt();
        }

        long size(Fid fid) throws LustreException {
            try (OsdObject o = raw.find(fid)) {
                return o.exists() ? o.attrGet().size() : 0;
            }
        }

        byte[] read(Fid fid, long at, int len) throws LustreException {
            try (OsdObject o = raw.find(fid)) {
                byte[] b = new byte[len];
                o.body().read(at, MemorySegment.ofArray(b));
                return b;
            }
        }

        int getU32(Fid fid, long at) throws LustreException {
            return MemorySegment.ofArray(read(fid, at, 4)).get(Le.U32, 0);
        }

        void putU32(Fid fid, long at, int v) throws LustreException {
            byte[] b = new byte[4];
            MemorySegment.ofArray(b).set(Le.U32, 0, v);
            write(fid, at, b);
        }

        void write(Fid fid, long at, byte[] bytes) throws LustreException {
            if (bytes.length == 0) {
                return;
            }
            try (OsdObject o = raw.find(fid)) {
                LlogObjectSurgery.overwrite(o, at, MemorySegment.ofArray(bytes));
            }
        }

        void truncate(Fid fid, long newSize) throws LustreException {
            try (OsdObject o = raw.find(fid)) {
                LlogObjectSurgery.truncate(o, newSize);
            }
        }

        @Override
        public void close() {
            ctx.close();
            raw.close();
        }
    }

    private static MemorySegment record(int len, int seq, Random rnd) {
        byte[] b = new byte[len];
        rnd.nextBytes(b);
        MemorySegment rec = MemorySegment.ofArray(b);
        LlogRecordHeader.write(rec, 0, len, 0, LlogRecType.OBD_CFG_REC, 0);
        if (len >= LlogRecordHeader.MIN_REC_SIZE + 4) {
            rec.set(Le.U32, LlogRecordHeader.SIZE, seq);
        }
        LlogRecordHeader.writeTail(rec, 0, len, 0);
        return rec;
    }

    /** Thrown into a thread that goes on calling the OSD after its step timed out and interrupted it. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("step abandoned after its timeout", null, false, false);
        }
    }

    /**
     * A proxy of an OSD interface that refuses calls from an interrupted thread, and wraps the
     * objects and bodies it hands out the same way, so that a processing loop left running by a
     * timeout ends at its next read.
     */
    @SuppressWarnings("unchecked")
    static <T> T interruptible(Class<T> type, T target) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            // unlocking and closing always go through, so an abandoned thread leaves no lock held
            boolean release = m.getName().endsWith("Unlock") || m.getName().equals("close");
            if (!release && Thread.currentThread().isInterrupted()) {
                throw new Abandoned();
            }
            Object result;
            try {
                result = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (m.getReturnType() == OsdObject.class && result != null) {
                return interruptible(OsdObject.class, (OsdObject) result);
            }
            if (m.getReturnType() == Body.class && result != null) {
                return interruptible(Body.class, (Body) result);
            }
            return result;
        });
    }
}
