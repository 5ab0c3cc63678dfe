package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * At least 100,000 random and mutated frames fed to one live echo server over TCP by several
 * raw connections at once, reconnecting whenever the server drops one: random bytes, mutated
 * acceptor requests and hellos, mutated ksock and LNet headers, valid LNet PUTs carrying
 * mutated ptlrpc messages, and well-formed requests with random opcodes. A normal client pings
 * and echoes all the while. Afterwards: nothing escaped (no uncaught exception, no handler
 * failure or exception text in the server's log, no Netty warning or buffer leak), the heap is
 * sane, the server's queues and request buffers are back to idle, it holds no connection to a
 * fuzzing peer, and a new client connects, pings and echoes.
 *
 * <p>Each fuzzing thread draws from its own {@link Random} seeded from the printed seed; rerun
 * one with {@code -Djlustre.seed=<seed>}.
 */
class WireFuzzTest {

    private static final int TARGET_FRAMES = Integer.getInteger("jlustre.fuzz.frames", 100_000);
    private static final int WORKERS = 3;
    private static final Duration HARD_LIMIT = Duration.ofSeconds(150);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
    private static final int[] INTERESTING = {0, 1, 7, 8, 0x7fffffff, 0x80000000, 0xffffffff, 152, 184, 192, 19,
        20, 39, 40, 0x1000, 0xffff, (1 << 20), (1 << 20) + 1};
    private static final int[] OPCODES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 16, 17, 23, 24, 33, 36, 38, 39, 41, 64,
        101, 103, 250, 253, 256, 400, 401, 403, 501, 601, 700, 801, 900, 1000, 1101, 4242, 16000, 16001, 16002,
        16003, 16004, -1, Integer.MIN_VALUE};
    private static final int[] VERSIONS = {MsgFlags.LUSTRE_OBD_VERSION | 3, MsgFlags.LUSTRE_OST_VERSION | 3,
        MsgFlags.LUSTRE_MDS_VERSION | 3, MsgFlags.LUSTRE_DLM_VERSION | 3, 3, 2, 0, -1};
    /** A transport reset reported by Netty: not an exception escaping our code. */
    private static final Pattern TRANSPORT_RESET = Pattern.compile(
            ": closing connection (from|to) \\S+: (IOException|SocketException|NativeIoException): .*"
                    + "(Broken pipe|Connection reset by peer)$");

    // what the run did
    private final AtomicLong frames = new AtomicLong();
    private final LongAdder connections = new LongAdder();
    private final LongAdder droppedByServer = new LongAdder();
    private final LongAdder probes = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> kinds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextNid = new AtomicInteger();

    private TcpEchoServer srv;
    private volatile long deadline;

    @Test
    @Timeout(300)
    void aHundredThousandBadFramesLeaveTheServerServing() throws Exception {
        long seed = Long.getLong("jlustre.seed", System.nanoTime() ^ 0x5deece66dL);
        System.out.println("WireFuzzTest seed " + seed + " (rerun with -Djlustre.seed=" + seed + ")");
        List<String> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler oldHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(t.getName() + ": " + e));
        long started = System.nanoTime();
        try (JvmWatch netty = JvmWatch.netty(true);
                TcpEchoServer s = new TcpEchoServer(Duration.ofSeconds(2), 4, 1 << 14)) {
            srv = s;
            srv.echo.service().bulkTimeout(Duration.ofSeconds(2));
            DebugLog log = srv.log();
            log.setDebugMb(64);
            List<String> console = new CopyOnWriteArrayList<>();
            log.setConsole(console::add);
            Import monitor = srv.client("fuzz-monitor", Duration.ofSeconds(20));
            monitor.connectSync();
            long heapBefore = JvmWatch.usedHeapAfterGc();
            LogScanner scanner = new LogScanner(log);

            deadline = System.nanoTime() + HARD_LIMIT.toNanos();
            BackgroundPinger pinger = new BackgroundPinger(monitor, Duration.ofMillis(20), 10);
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Random rnd = new Random(seed + 0x9e3779b97f4a7c15L * (w + 1));
                workers.add(Thread.ofPlatform().name("fuzz-" + w).start(() -> fuzz(rnd)));
            }
            for (Thread t : workers) {
                t.join();
            }
            long fuzzNanos = System.nanoTime() - started;
            pinger.close();

            // the server settles: no queued requests, every request buffer posted again, no raw peer left
            awaitTrue("the service queue drains", () -> srv.echo.service().queueDepth() == 0);
            awaitTrue("all request buffers are posted again", () -> param("echo.ECHO.echo.req_buffer_history")
                    .contains("posted: 32"));
            String peersParam = "socklnd." + org.jlustre.common.Nid.toString(srv.nid()).replace('.', '_') + ".peers";
            awaitTrue("only the monitor's connection is up", () -> param(peersParam).lines()
                    .filter(l -> l.contains(" up ")).count() == 1);

            long heapAfter = JvmWatch.usedHeapAfterGc();

            // a new client works; its traffic after the collection also makes Netty report leaked buffers
            Import fresh = srv.client("fuzz-after", Duration.ofSeconds(10));
            fresh.connectSync();
            assertThat(fresh.ping().status()).isZero();
            byte[] payload = new byte[3000];
            new Random(seed).nextBytes(payload);
            Reply echo = RpcRoundTripTest.echo(fresh, payload);
            assertThat(echo.status()).isZero();
            assertThat(echo.buf(1, payload.length, "echo").mismatch(MemorySegment.ofArray(payload))).isEqualTo(-1);
            assertThat(monitor.ping().status()).isZero();
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
                assertThat(fresh.ping().status()).isZero();
                assertThat(monitor.ping().status()).isZero();
            }
            scanner.close();

            System.out.printf(Locale.ROOT, "WireFuzzTest: %,d frames on %,d connections (%s) in %.1f s; the server"
                    + " dropped %,d; %,d probes; reply statuses %s%n", frames.get(), connections.sum(),
                    new TreeMap<>(counts(kinds)), fuzzNanos / 1e9, droppedByServer.sum(), probes.sum(),
                    new TreeMap<>(counts(statuses)));
            System.out.printf(Locale.ROOT, "WireFuzzTest: server log %,d lines %s; monitor %,d ok, slowest %d ms;"
                    + " heap %d -> %d MiB%n", scanner.lines.sum(), new TreeMap<>(counts(scanner.byKind)),
                    pinger.ok.get(), pinger.maxMicros.get() / 1000, heapBefore >> 20, heapAfter >> 20);

            assertThat(frames.get()).as("frames sent").isGreaterThanOrEqualTo(TARGET_FRAMES);
            assertThat(failures).as("probe and framing failures (seed %d)", seed).isEmpty();
            assertThat(pinger.failures).as("the monitor client during the run").isEmpty();
            assertThat(pinger.ok.get()).isPositive();
            assertThat(uncaught).as("uncaught exceptions").isEmpty();
            assertThat(console).as("D_ERROR/D_WARNING/D_EMERG lines on the server's console").isEmpty();
            assertThat(scanner.suspicious).as("server log lines showing an exception").isEmpty();
            assertThat(scanner.brokenLines).as("server log records spanning several lines").isEmpty();
            assertThat(scanner.dropped.sum()).as("log lines lost before they were scanned").isZero();
            assertThat(netty.nettyWarnings()).as("Netty warnings and leak reports").isEmpty();
            assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(256L << 20);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(oldHandler);
        }
    }

    private String param(String name) {
        try {
            return srv.server.libcfs().params().get(name).getFirst().value();
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static Map<Object, Long> counts(Map<?, LongAdder> m) {
        Map<Object, Long> out = new java.util.HashMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    // ------------------------------------------------------------------ the fuzzing loop

    private boolean more() {
        return frames.get() < TARGET_FRAMES && System.nanoTime() < deadline;
    }

    private void fuzz(Random rnd) {
        while (more()) {
            double k = rnd.nextDouble();
            connections.increment();
            String kind = k < 0.38 ? "garbage" : k < 0.70 ? "handshake" : k < 0.94 ? "lnet" : k < 0.98 ? "message"
                    : "opcode";
            kinds.computeIfAbsent(kind, x -> new LongAdder()).increment();
            try {
                switch (kind) {
                    case "garbage" -> garbage(rnd);
                    case "handshake" -> handshake(rnd);
                    case "lnet" -> lnet(rnd);
                    case "message" -> messages(rnd, false);
                    default -> messages(rnd, true);
                }
            } catch (IOException e) {
                // the server dropped the connection under us: what bad input earns; take another
                droppedByServer.increment();
            } catch (RuntimeException e) {
                failures.add("fuzzer " + e);
            }
        }
    }

    /** A NID for a fuzzing connection: 127.77.x.y, far (in bits) from the real nodes' 127.0.0.n. */
    private long rawNid() {
        int n = nextNid.incrementAndGet();
        return RawPeer.tcpNid(127, 77, (n >> 8) & 0xff, n & 0xff);
    }

    private RawPeer open() throws IOException {
        return RawPeer.open(srv.port(), srv.nid(), rawNid());
    }

    private void sent(int n) {
        frames.addAndGet(n);
    }

    private static byte[] random(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static int interesting(Random rnd) {
        return rnd.nextInt(8) == 0 ? rnd.nextInt() : INTERESTING[rnd.nextInt(INTERESTING.length)];
    }

    private static void putInt(byte[] b, int at, int v) {
        if (at >= 0 && at + 4 <= b.length) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
        }
    }

    private static void putLong(byte[] b, int at, long v) {
        if (at >= 0 && at + 8 <= b.length) {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
        }
    }

    private static void flipBits(Random rnd, byte[] b, int from, int to, int n) {
        if (to <= from) {
            return;
        }
        for (int i = 0; i < n; i++) {
            int at = from + rnd.nextInt(to - from);
            b[at] ^= (byte) (1 << rnd.nextInt(8));
        }
    }

    /** Random bytes from the first byte: the acceptor sees garbage, or a magic followed by garbage. */
    private void garbage(Random rnd) throws IOException {
        try (RawPeer p = open()) {
            int chunks = 1 + rnd.nextInt(3);
            for (int i = 0; i < chunks && more(); i++) {
                byte[] b = switch (i == 0 ? rnd.nextInt(4) : 0) {
                    case 0 -> random(rnd, 1 + rnd.nextInt(512));
                    case 1 -> RawPeer.concat(RawPeer.connreq(RawPeer.ACCEPTOR_MAGIC, rnd.nextInt(3), rnd.nextLong()),
                            random(rnd, rnd.nextInt(300)));
                    case 2 -> RawPeer.concat(RawPeer.connreq(RawPeer.ACCEPTOR_MAGIC, RawPeer.ACCEPTOR_VERSION,
                            srv.nid()), random(rnd, 1 + rnd.nextInt(300)));
                    default -> RawPeer.concat(RawPeer.connreq(RawPeer.ACCEPTOR_MAGIC, RawPeer.ACCEPTOR_VERSION,
                            srv.nid()), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                                    .putInt(RawPeer.HELLO_MAGIC).array(), random(rnd, rnd.nextInt(300)));
                };
                p.write(b);
                sent(1);
            }
        }
    }

    /** A mutated connreq + hello, then a few valid requests. */
    private void handshake(Random rnd) throws IOException {
        try (RawPeer p = open()) {
            byte[] hs = RawPeer.concat(RawPeer.connreq(RawPeer.ACCEPTOR_MAGIC, RawPeer.ACCEPTOR_VERSION, srv.nid()),
                    p.hello());
            int[] fields = {0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68};
            int ops = 1 + rnd.nextInt(3);
            for (int i = 0; i < ops; i++) {
                switch (rnd.nextInt(4)) {
                    case 0 -> flipBits(rnd, hs, 0, hs.length, 1 + rnd.nextInt(4));
                    case 1 -> putInt(hs, fields[rnd.nextInt(fields.length)], interesting(rnd));
                    case 2 -> hs = Arrays.copyOf(hs, rnd.nextInt(hs.length + 1));
                    default -> putInt(hs, 16 + 4, rnd.nextInt(6)); // hello version 0..5
                }
            }
            if (hs.length >= 32) {
                // never claim to be one of the real nodes (127.0.0.n): that is impersonation, not garbage
                long src = ByteBuffer.wrap(hs).order(ByteOrder.LITTLE_ENDIAN).getLong(24);
                if ((src & 0xffffff00L) == 0x7f000000L) {
                    putLong(hs, 24, p.nid);
                }
            }
            p.write(hs);
            sent(1);
            int n = rnd.nextInt(5);
            if (n > 0) {
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int i = 0; i < n; i++) {
                    batch.writeBytes(p.requestFrame(p.nextXid(), RawPeer.ping(0)));
                }
                p.write(batch.toByteArray());
                sent(n);
            }
        }
    }

    /** A valid handshake, then valid frames mixed with ones whose ksock or LNet header is mutated. */
    private void lnet(Random rnd) throws IOException {
        try (RawPeer p = RawPeer.connect(srv.port(), srv.nid(), rawNid())) {
            p.startDraining();
            int n = 5 + rnd.nextInt(60);
            for (int i = 0; i < n && more(); i++) {
                byte[] f = rnd.nextInt(10) < 6 ? p.requestFrame(p.nextXid(), template(rnd, 0))
                        : mutatedFrame(rnd, p);
                p.write(f);
                sent(1);
            }
            checkFraming(p);
        }
    }

    private byte[] mutatedFrame(Random rnd, RawPeer p) {
        byte[] f = p.requestFrame(p.nextXid(), template(rnd, 0));
        int lnet = RawPeer.KSOCK_HDR_SIZE;
        int ops = 1 + rnd.nextInt(2);
        for (int i = 0; i < ops; i++) {
            switch (rnd.nextInt(16)) {
                case 0 -> putInt(f, 0, new int[] {RawPeer.KSOCK_NOOP, 0x77, 0xc1000000, rnd.nextInt()}[rnd.nextInt(4)]);
                case 1 -> putInt(f, 4, rnd.nextInt());
                case 2 -> putLong(f, 8, rnd.nextLong());
                case 3 -> putLong(f, 16, rnd.nextLong());
                case 4 -> putLong(f, lnet, rnd.nextBoolean() ? rnd.nextLong() : -1L);
                case 5 -> putLong(f, lnet + 8, rnd.nextBoolean() ? rnd.nextLong() : srv.nid());
                case 6 -> putInt(f, lnet + 16 + 4 * rnd.nextInt(2), rnd.nextInt());
                case 7 -> putInt(f, lnet + 24, rnd.nextInt(3) == 0 ? rnd.nextInt() : rnd.nextInt(6));
                case 8 -> putInt(f, lnet + 28, rnd.nextInt(3) == 0
                        ? f.length - RawPeer.KSOCK_HDR_SIZE - RawPeer.LNET_HDR_SIZE + rnd.nextInt(3) - 1
                        : interesting(rnd));
                case 9 -> {
                    putLong(f, lnet + 32, rnd.nextLong());
                    putLong(f, lnet + 40, rnd.nextLong());
                }
                case 10 -> putLong(f, lnet + 48, rnd.nextLong());
                case 11 -> putInt(f, lnet + 64, new int[] {rnd.nextInt(64), 64, -1, rnd.nextInt(), 4, 8}[rnd.nextInt(6)]);
                case 12 -> putInt(f, lnet + 68, interesting(rnd));
                case 13 -> f = Arrays.copyOf(f, rnd.nextInt(f.length + 1));
                case 14 -> f = RawPeer.concat(f, random(rnd, 1 + rnd.nextInt(200)));
                default -> flipBits(rnd, f, 0, Math.min(f.length, RawPeer.KSOCK_HDR_SIZE + RawPeer.LNET_HDR_SIZE),
                        1 + rnd.nextInt(8));
            }
        }
        return f;
    }

    /**
     * A valid handshake and CONNECT, then valid LNet PUTs carrying mutated requests (or, with
     * {@code opcodes}, well-formed requests with random opcodes, types and buffers), probed
     * every 150 frames with a ping that must be answered.
     */
    private void messages(Random rnd, boolean opcodes) throws IOException {
        try (RawPeer p = RawPeer.connect(srv.port(), srv.nid(), rawNid())) {
            p.startDraining();
            long handle;
            try {
                handle = p.connectExport("fuzz-" + Long.toHexString(p.nid) + "_UUID");
            } catch (IOException e) {
                failures.add("CONNECT on a fresh connection failed: " + e);
                return;
            }
            int n = 200 + rnd.nextInt(400);
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            int inBatch = 0;
            for (int i = 1; i <= n && more(); i++) {
                long h = rnd.nextInt(8) == 0 ? rnd.nextLong() : rnd.nextInt(8) == 0 ? 0 : handle;
                byte[] msg = opcodes ? randomRequest(rnd, h) : mutate(rnd, template(rnd, h));
                int portal = rnd.nextInt(60) == 0 ? rnd.nextInt(64) : RawPeer.OST_REQUEST_PORTAL;
                byte[] f = p.putFrame(portal, p.nextXid(), rnd.nextInt(40) == 0 ? interesting(rnd) : 0, msg);
                if (rnd.nextInt(60) == 0) {
                    // ask for an ACK: the server sends one back
                    putLong(f, RawPeer.KSOCK_HDR_SIZE + 32, rnd.nextLong());
                    putLong(f, RawPeer.KSOCK_HDR_SIZE + 40, rnd.nextLong());
                }
                batch.writeBytes(f);
                inBatch++;
                if (inBatch == 32 || i % 150 == 0 || i == n) {
                    p.write(batch.toByteArray());
                    sent(inBatch);
                    batch.reset();
                    inBatch = 0;
                }
                if (i % 150 == 0) {
                    probe(p);
                }
            }
            probe(p);
            checkFraming(p);
            p.takeReplies().forEach(r -> statuses.computeIfAbsent(r.status(), x -> new LongAdder()).increment());
        }
    }

    /** A ping the server must answer (-ENOTCONN, it names no export): the connection is still served. */
    private void probe(RawPeer p) throws IOException {
        probes.increment();
        long xid = p.send(RawPeer.ping(0));
        try {
            RawPeer.Reply r = p.awaitReply(xid, PROBE_TIMEOUT);
            if (r.status() != -107 || r.type() != RawPeer.PTL_RPC_MSG_ERR) {
                failures.add("probe x" + xid + " answered " + r);
            }
        } catch (IOException e) {
            failures.add("probe x" + xid + " on " + p + ": " + e);
            throw e;
        }
    }

    private void checkFraming(RawPeer p) {
        if (p.serverGarbage() != null) {
            failures.add("the server sent a bad frame: " + p.serverGarbage());
        }
    }

    /** A valid request: ping, CONNECT, echo, or another opcode with random buffers. */
    private static byte[] template(Random rnd, long handle) {
        return switch (rnd.nextInt(5)) {
            case 0 -> RawPeer.ping(handle);
            case 1 -> RawPeer.connectRequest("fz" + Integer.toHexString(rnd.nextInt()) + "_UUID", rnd.nextLong());
            case 2, 3 -> RawPeer.request(RawPeer.ECHO, RawPeer.LUSTRE_OST_VERSION, handle,
                    random(rnd, rnd.nextInt(2048)));
            default -> randomRequest(rnd, handle);
        };
    }

    /** A well-formed lustre_msg with a random opcode, version, type, flags and buffers. */
    private static byte[] randomRequest(Random rnd, long handle) {
        int opc = rnd.nextInt(4) == 0 ? rnd.nextInt() : OPCODES[rnd.nextInt(OPCODES.length)];
        int type = rnd.nextInt(10) > 0 ? RawPeer.PTL_RPC_MSG_REQUEST
                : new int[] {RawPeer.PTL_RPC_MSG_REPLY, RawPeer.PTL_RPC_MSG_ERR, 0, rnd.nextInt()}[rnd.nextInt(4)];
        int version = rnd.nextInt(4) > 0 ? VERSIONS[rnd.nextInt(2)] : VERSIONS[rnd.nextInt(VERSIONS.length)];
        int connCnt = rnd.nextInt(6) > 0 ? 1 : new int[] {0, 2, -1, rnd.nextInt()}[rnd.nextInt(4)];
        int nbufs = rnd.nextInt(7);
        int[] lens = new int[nbufs + 1];
        byte[][] bufs = new byte[nbufs + 1][];
        lens[0] = rnd.nextInt(8) > 0 ? RawPeer.BODY_SIZE : new int[] {152, 160, 0, 8, 183, 200}[rnd.nextInt(6)];
        bufs[0] = RawPeer.body(handle, type, version, opc, connCnt);
        byte[] b0 = Arrays.copyOf(bufs[0], Math.max(lens[0], RawPeer.BODY_SIZE));
        if (rnd.nextInt(4) == 0) {
            putLong(b0, RawPeer.PB_MBITS, rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(64));
        }
        bufs[0] = b0;
        for (int i = 1; i <= nbufs; i++) {
            lens[i] = rnd.nextInt(4) == 0 ? interestingSmall(rnd) : rnd.nextInt(300);
            bufs[i] = random(rnd, lens[i]);
            if (rnd.nextBoolean() && lens[i] >= 8) {
                // small numbers where handlers read lengths and counts
                putLong(bufs[i], 0, rnd.nextInt(1 << 21));
            }
        }
        int flags = new int[] {RawPeer.MSGHDR_AT_SUPPORT, 0, 3, rnd.nextInt()}[rnd.nextInt(4)];
        return RawPeer.lustreMsg(RawPeer.MSG_MAGIC_V2, flags, lens, bufs);
    }

    private static int interestingSmall(Random rnd) {
        return new int[] {0, 1, 7, 8, 39, 40, 184, 192, 1024}[rnd.nextInt(9)];
    }

    /** 1 to 3 mutations of a request: bit flips, interesting values in header and body fields, counts, cuts. */
    private static byte[] mutate(Random rnd, byte[] msg) {
        int count = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        int body = RawPeer.round8(32 + 4 * count);
        int[] bodyFields = {0, 4, 8, 12, 16, 20, 24, 56, 60, 64, 68, 72, 120, 124};
        int ops = 1 + rnd.nextInt(3);
        for (int i = 0; i < ops; i++) {
            switch (rnd.nextInt(10)) {
                case 0 -> flipBits(rnd, msg, 0, msg.length, 1 + rnd.nextInt(8));
                case 1 -> putInt(msg, new int[] {0, 4, 8, 12, 16, 20, 24, 28}[rnd.nextInt(8)], interesting(rnd));
                case 2 -> putInt(msg, 32 + 4 * rnd.nextInt(Math.max(1, count)), interesting(rnd));
                case 3 -> putInt(msg, body + bodyFields[rnd.nextInt(bodyFields.length)], interesting(rnd));
                case 4 -> putInt(msg, 0, rnd.nextInt(21)); // lm_bufcount 0..20
                case 5 -> putInt(msg, 8, Integer.reverseBytes(RawPeer.MSG_MAGIC_V2)); // a big-endian sender's
                case 6 -> msg = Arrays.copyOf(msg, rnd.nextInt(msg.length + 1));
                case 7 -> msg = RawPeer.concat(msg, random(rnd, 1 + rnd.nextInt(256)));
                case 8 -> {
                    if (msg.length > 0) {
                        int at = rnd.nextInt(msg.length);
                        byte[] junk = random(rnd, Math.min(msg.length - at, 1 + rnd.nextInt(64)));
                        System.arraycopy(junk, 0, msg, at, junk.length);
                    }
                }
                default -> {
                    if (rnd.nextInt(20) == 0) {
                        msg = random(rnd, rnd.nextInt(1024));
                    } else {
                        putInt(msg, body + 16, OPCODES[rnd.nextInt(OPCODES.length)]);
                    }
                }
            }
        }
        return msg;
    }

    // ------------------------------------------------------------------ the server's log

    /**
     * Empties the server's log every 200 ms and looks at every line: counts them by kind and
     * keeps those that show an exception (a handler or event callback that failed, an exception
     * text other than a transport reset) or an error mask.
     */
    private static final class LogScanner implements AutoCloseable {
        private final DebugLog log;
        private final Thread thread;
        private volatile boolean stop;
        final LongAdder lines = new LongAdder();
        final LongAdder dropped = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> byKind = new ConcurrentHashMap<>();
        final List<String> suspicious = new CopyOnWriteArrayList<>();
        final List<String> brokenLines = new CopyOnWriteArrayList<>();

        LogScanner(DebugLog log) {
            this.log = log;
            this.thread = Thread.ofPlatform().daemon().name("fuzz-log-scanner").start(() -> {
                while (!stop) {
                    scan();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        private void scan() {
            StringBuilder sb = new StringBuilder();
            DebugLog.DumpSummary sum;
            try {
                sum = log.dump(sb);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            dropped.add(sum.dropped());
            sb.toString().lines().forEach(this::look);
        }

        private void look(String line) {
            lines.increment();
            // subsys:mask:cpu.type:sec.usec:stack:pid:extpid:(file:line:function()) text
            String[] f = line.split(":", 3);
            if (f.length < 3 || !f[0].matches("[0-9a-f]{8}") || !f[1].matches("[0-9a-f]{8}")) {
                // not the start of a record: a message with a line break in it
                if (brokenLines.size() < 50) {
                    brokenLines.add(line);
                }
                return;
            }
            int mask = (int) Long.parseLong(f[1], 16);
            int close = line.indexOf("()) ");
            String text = close >= 0 ? line.substring(close + 4) : line;
            byKind.computeIfAbsent(kind(text), k -> new LongAdder()).increment();
            boolean errorMask = (mask & (DebugMask.D_ERROR | DebugMask.D_EMERG | DebugMask.D_WARNING)) != 0;
            boolean exception = (text.contains("Exception") || text.contains("Error") || text.contains("failed: java."))
                    && !TRANSPORT_RESET.matcher(text).find();
            if ((errorMask || exception) && suspicious.size() < 50) {
                suspicious.add(line);
            }
        }

        private static String kind(String text) {
            String[] known = {"closed by the peer in the middle", "closing connection", "error unpacking",
                "not printable ASCII", "Dropping PUT", "Dropping GET", "Dropping REPLY", "Dropping HELLO",
                "no handler for opcode", "unknown connection", "cannot connect", "unknown target", "wrong packet type",
                "wrong lustre_msg version", "unsupported rpc flavor", "with 0 timeout", "connection from",
                "disconnect of", "peer", "truncated"};
            for (String k : known) {
                if (text.contains(k)) {
                    return k;
                }
            }
            return text.length() > 40 ? text.substring(0, 40) : text;
        }

        @Override
        public void close() {
            stop = true;
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scan();
        }
    }
}
