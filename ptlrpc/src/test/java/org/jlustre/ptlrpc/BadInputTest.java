package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.debug.DebugRecord;
import org.jlustre.ptlrpc.RawPeer.Closure;
import org.jlustre.ptlrpc.RawPeer.Hello;
import org.jlustre.ptlrpc.RawPeer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One kind of garbage per test, each sent by a {@link RawPeer} to a live echo server over TCP:
 * the exact outcome (connection closed, the request dropped, or an error reply for that xid),
 * exactly one line in the server's debug log (with its default masks) about it, and afterwards
 * a normal client on the same server still pings.
 */
class BadInputTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    private TcpEchoServer srv;
    private Import client;

    @BeforeEach
    void start() throws Exception {
        srv = new TcpEchoServer(Duration.ofSeconds(5), 2, 1 << 14);
        client = srv.client("bad-input-client", Duration.ofSeconds(10));
        client.connectSync();
        assertThat(srv.log().debugMask()).as("the default debug mask").isEqualTo(DebugMask.D_DEFAULT);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (client != null) {
                assertThat(client.ping().status()).as("the normal client after the bad input").isZero();
            }
        } finally {
            srv.close();
        }
    }

    private static long rawNid() {
        return RawPeer.tcpNid(127, 0, 1, NEXT.getAndIncrement());
    }

    private RawPeer open() throws Exception {
        return RawPeer.open(srv.port(), srv.nid(), rawNid());
    }

    private RawPeer connected() throws Exception {
        return RawPeer.connect(srv.port(), srv.nid(), rawNid());
    }

    /** Starts the window of log lines that belong to the case. */
    private void mark() {
        srv.log().clear();
    }

    /** The lines logged since {@link #mark}, once at least {@code n} came and a moment passed for more. */
    private List<DebugRecord> awaitLines(int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (srv.lines().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(250);
        return srv.lines();
    }

    /** Exactly one line since {@link #mark}, of that mask, saying all of {@code fragments}. */
    private DebugRecord assertOneLine(int mask, String... fragments) throws InterruptedException {
        List<DebugRecord> lines = awaitLines(1);
        assertThat(lines).as("server log lines about the bad input: %s", lines.stream().map(DebugRecord::text).toList())
                .hasSize(1);
        DebugRecord r = lines.getFirst();
        assertThat(r.mask()).as("mask of %s", r.text()).isEqualTo(mask);
        assertThat(r.text()).contains(fragments);
        return r;
    }

    private Closure assertClosed(RawPeer p) throws Exception {
        Closure c = p.awaitClose(WAIT);
        assertThat(c).as("the server closed the connection").isNotNull();
        return c;
    }

    /** A fresh raw connection still works: its unconnected ping gets -ENOTCONN. */
    private void assertRawPeersStillServed() throws Exception {
        try (RawPeer p = connected()) {
            Reply r = p.call(RawPeer.ping(0), WAIT);
            assertThat(r.status()).isEqualTo(-107);
        }
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    private static void putInt(byte[] b, int at, int v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
    }

    // ------------------------------------------------------------------ (a) acceptor

    @ParameterizedTest
    @ValueSource(ints = {0x12345678, 0xeebc0ded, 0})
    void wrongAcceptorMagicIsClosed(int magic) throws Exception {
        mark();
        try (RawPeer p = open()) {
            p.write(RawPeer.connreq(magic, RawPeer.ACCEPTOR_VERSION, srv.nid()));
            Closure c = assertClosed(p);
            assertThat(c.bytesBefore()).as("nothing is answered to a stranger").isEmpty();
        }
        assertOneLine(DebugMask.D_NETERROR, "closing connection from", "bad acceptor magic " + hex(magic));
        assertRawPeersStillServed();
    }

    @Test
    void wrongAcceptorVersionIsAnsweredWithOursAndClosed() throws Exception {
        mark();
        try (RawPeer p = open()) {
            p.write(RawPeer.connreq(RawPeer.ACCEPTOR_MAGIC, 2, srv.nid()));
            Closure c = assertClosed(p);
            assertThat(c.bytesBefore()).isEqualTo(RawPeer.connreq(RawPeer.ACCEPTOR_MAGIC, 1, 0));
        }
        assertOneLine(DebugMask.D_NETERROR, "acceptor protocol version 2");
        assertRawPeersStillServed();
    }

    @Test
    void connreqForAnotherNidIsClosed() throws Exception {
        long other = RawPeer.tcpNid(127, 0, 0, 99);
        mark();
        try (RawPeer p = open()) {
            p.write(RawPeer.connreq(RawPeer.ACCEPTOR_MAGIC, RawPeer.ACCEPTOR_VERSION, other), p.hello());
            Closure c = assertClosed(p);
            assertThat(c.bytesBefore()).isEmpty();
        }
        assertOneLine(DebugMask.D_NETERROR, "connection for " + Nid.toString(other), "not this NI");
        assertRawPeersStillServed();
    }

    // ------------------------------------------------------------------ (b) hello

    @ParameterizedTest
    @ValueSource(ints = {0xdeadbeef, 0xeebc0ded, 0})
    void helloWithWrongMagicIsClosed(int magic) throws Exception {
        mark();
        try (RawPeer p = open()) {
            p.write(RawPeer.connreq(RawPeer.ACCEPTOR_MAGIC, RawPeer.ACCEPTOR_VERSION, srv.nid()),
                    RawPeer.hello(magic, RawPeer.PROTO_V3, p.nid, srv.nid(), RawPeer.PID, 0, p.incarnation, 0,
                            RawPeer.CONN_CONTROL, 0));
            Closure c = assertClosed(p);
            assertThat(c.bytesBefore()).isEmpty();
        }
        assertOneLine(DebugMask.D_NETERROR, "closing connection from", "magic " + hex(magic));
        assertRawPeersStillServed();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void helloWithWrongVersionGetsOurHelloThenClose(int version) throws Exception {
        mark();
        try (RawPeer p = open()) {
            p.write(RawPeer.connreq(RawPeer.ACCEPTOR_MAGIC, RawPeer.ACCEPTOR_VERSION, srv.nid()),
                    RawPeer.hello(RawPeer.HELLO_MAGIC, version, p.nid, srv.nid(), RawPeer.PID, 0, p.incarnation, 0,
                            RawPeer.CONN_CONTROL, 0));
            Closure c = assertClosed(p);
            assertThat(c.bytesBefore()).as("the server's own hello").hasSize(RawPeer.HELLO_SIZE);
            Hello h = Hello.parse(c.bytesBefore());
            assertThat(h.magic()).isEqualTo(RawPeer.HELLO_MAGIC);
            assertThat(h.version()).isEqualTo(RawPeer.PROTO_V3);
            assertThat(h.srcNid()).isEqualTo(srv.nid());
            assertThat(h.dstNid()).isEqualTo(p.nid);
            assertThat(h.srcPid()).isEqualTo(RawPeer.PID);
            assertThat(h.ctype()).isEqualTo(RawPeer.CONN_CONTROL);
            assertThat(h.nips()).isZero();
        }
        assertOneLine(DebugMask.D_NETERROR, "socklnd protocol version " + version);
        assertRawPeersStillServed();
    }

    @Test
    void bareHelloWithoutConnreqGetsAConnreqThenClose() throws Exception {
        mark();
        try (RawPeer p = open()) {
            p.write(p.hello());
            Closure c = assertClosed(p);
            assertThat(c.bytesBefore()).as("lnet_accept's answer: our magic and version, NID 0")
                    .isEqualTo(RawPeer.connreq(RawPeer.ACCEPTOR_MAGIC, RawPeer.ACCEPTOR_VERSION, 0));
        }
        assertOneLine(DebugMask.D_NETERROR, "hello without an acceptor request");
        assertRawPeersStillServed();
    }

    // ------------------------------------------------------------------ (c) truncation

    @Test
    void halfAnLnetHeaderThenCloseLeavesTheServerUnharmed() throws Exception {
        long nid;
        try (RawPeer p = connected()) {
            nid = p.nid;
            byte[] frame = p.requestFrame(p.nextXid(), RawPeer.ping(0));
            mark();
            p.write(java.util.Arrays.copyOf(frame, RawPeer.KSOCK_HDR_SIZE + RawPeer.LNET_HDR_SIZE / 2));
            Thread.sleep(50);
        }
        assertOneLine(DebugMask.D_NETERROR, Nid.toString(nid), "36 of 72 bytes", "LNet header");
        assertRawPeersStillServed();
    }

    @Test
    void truncatedPayloadThenCloseLeavesTheServerUnharmed() throws Exception {
        long nid;
        try (RawPeer p = connected()) {
            nid = p.nid;
            byte[] frame = p.requestFrame(p.nextXid(), RawPeer.ping(0));
            mark();
            p.write(java.util.Arrays.copyOf(frame, frame.length - 100));
            Thread.sleep(50);
        }
        int payload = RawPeer.ping(0).length;
        assertOneLine(DebugMask.D_NETERROR, Nid.toString(nid), (payload - 100) + " of " + payload + " bytes",
                "payload");
        assertRawPeersStillServed();
    }

    // ------------------------------------------------------------------ (d) ksock type

    @Test
    void unknownKsockTypeIsClosed() throws Exception {
        try (RawPeer p = connected()) {
            mark();
            p.write(RawPeer.ksockHeader(0x77, 0, 0, 0));
            Closure c = assertClosed(p);
            assertThat(c.bytesBefore()).isEmpty();
        }
        assertOneLine(DebugMask.D_NETERROR, "unknown ksock_msg type 0x77");
        assertRawPeersStillServed();
    }

    // ------------------------------------------------------------------ (e) huge length

    @ParameterizedTest
    @ValueSource(ints = {0x80000000, 0xffffffff, 0x7fffffff, (1 << 20) + 1})
    void hugeLnetPayloadLengthIsClosedWithoutAllocating(int length) throws Exception {
        try (RawPeer p = connected()) {
            long heapBefore = JvmWatch.usedHeapAfterGc();
            long allocBefore = JvmWatch.allocatedBytes();
            mark();
            p.write(RawPeer.ksockHeader(RawPeer.KSOCK_LNET, 0, 0, 0), RawPeer.putHeader(srv.nid(), p.nid, length,
                    RawPeer.COOKIE_NONE, RawPeer.COOKIE_NONE, p.nextXid(), 0, RawPeer.OST_REQUEST_PORTAL, 0));
            Closure c = assertClosed(p);
            assertThat(c.bytesBefore()).isEmpty();
            long allocated = JvmWatch.allocatedBytes() - allocBefore;
            assertThat(allocated).as("bytes allocated in the whole JVM while refusing it").isLessThan(64L << 20);
            assertThat(JvmWatch.usedHeapAfterGc() - heapBefore).as("heap growth").isLessThan(64L << 20);
        }
        assertOneLine(DebugMask.D_NETERROR, Integer.toUnsignedString(length) + " bytes", "LNET_MTU");
        assertRawPeersStillServed();
    }

    // ------------------------------------------------------------------ (f)-(i) ptlrpc

    /**
     * A request the server must drop ({@code ptlrpc_server_handle_req_in}): exactly one log line
     * naming it, no reply for its xid, and the connection still carries the next request.
     */
    private void assertDropped(RawPeer p, long handle, byte[] msg, String... fragments) throws Exception {
        p.startDraining();
        mark();
        long xid = p.send(msg);
        String[] all = java.util.Arrays.copyOf(fragments, fragments.length + 1);
        all[fragments.length] = "x" + xid;
        assertOneLine(DebugMask.D_NETERROR, all);
        Reply pong = p.call(RawPeer.ping(handle), WAIT);
        assertThat(pong.status()).isZero();
        assertThat(pong.type()).isEqualTo(RawPeer.PTL_RPC_MSG_REPLY);
        assertThat(p.takeReplies()).as("replies to the dropped request x%d", xid).noneMatch(r -> r.xid() == xid);
    }

    /** Where the ptlrpc_body of a message with {@code bufCount} buffers starts. */
    private static int body(int bufCount) {
        return RawPeer.round8(32 + 4 * bufCount);
    }

    @Test
    void bufferLengthPastTheMessageIsDroppedAndTheConnectionStaysUsable() throws Exception {
        try (RawPeer p = connected()) {
            long handle = p.connectExport("raw-f_UUID");
            byte[] msg = RawPeer.request(RawPeer.ECHO, RawPeer.LUSTRE_OST_VERSION, handle, new byte[64]);
            putInt(msg, 32 + 4, 4096); // buflens[1]: 4096 of a 64-byte buffer
            assertDropped(p, handle, msg, "error unpacking request", "runs past the end");
        }
    }

    @Test
    void wrongLustreMsgMagicIsDropped() throws Exception {
        try (RawPeer p = connected()) {
            long handle = p.connectExport("raw-g_UUID");
            byte[] msg = RawPeer.ping(handle);
            putInt(msg, 8, 0x0bd00bd4);
            assertDropped(p, handle, msg, "error unpacking request", "bad lustre_msg magic 0xbd00bd4");
        }
    }

    @Test
    void aFlavourOtherThanNullIsDroppedAndASecPartIsNot() throws Exception {
        try (RawPeer p = connected()) {
            long handle = p.connectExport("raw-flavour_UUID");
            byte[] mgcPing = RawPeer.ping(handle);
            putInt(mgcPing, 4, 0x03000000); // null flavour from an MGC (LUSTRE_SP_MGC in the top byte)
            assertThat(p.call(mgcPing, WAIT).status()).isZero();
            byte[] plain = RawPeer.ping(handle);
            putInt(plain, 4, 0x00000101); // SPTLRPC_FLVR_PLAIN
            assertDropped(p, handle, plain, "unsupported rpc flavor 0x101");
        }
    }

    @Test
    void aReplySentAsARequestIsDropped() throws Exception {
        try (RawPeer p = connected()) {
            long handle = p.connectExport("raw-type_UUID");
            byte[] msg = RawPeer.ping(handle);
            putInt(msg, body(1) + RawPeer.PB_TYPE, RawPeer.PTL_RPC_MSG_REPLY);
            assertDropped(p, handle, msg, "wrong packet type received (type=4713)");
        }
    }

    @Test
    void aWrongMessageVersionIsDropped() throws Exception {
        try (RawPeer p = connected()) {
            long handle = p.connectExport("raw-version_UUID");
            byte[] msg = RawPeer.ping(handle);
            putInt(msg, body(1) + RawPeer.PB_VERSION, 0x00010004);
            assertDropped(p, handle, msg, "error unpacking ptlrpc body", "wrong lustre_msg version 00010004");
        }
    }

    @Test
    void aRequestForEarlyRepliesWithNoTimeoutIsDroppedWithoutThemItIsServed() throws Exception {
        try (RawPeer p = connected()) {
            long handle = p.connectExport("raw-timeout_UUID");
            byte[] noAt = RawPeer.ping(handle);
            putInt(noAt, 20, 0); // lm_flags without MSGHDR_AT_SUPPORT: the server uses obd_timeout
            putInt(noAt, body(1) + RawPeer.PB_TIMEOUT, 0);
            Reply r = p.call(noAt, WAIT);
            assertThat(r.status()).isZero();
            assertThat(r.offset()).as("no early replies asked for: the reply at offset 0").isZero();
            byte[] at = RawPeer.ping(handle);
            putInt(at, body(1) + RawPeer.PB_TIMEOUT, 0);
            assertDropped(p, handle, at, "Dropping request with 0 timeout");
        }
    }

    @Test
    void thirtyTwoBuffersAreServedAndThirtyThreeDropped() throws Exception {
        try (RawPeer p = connected()) {
            long handle = p.connectExport("raw-buffers_UUID");
            byte[][] bufs = new byte[31][];
            for (int i = 0; i < bufs.length; i++) {
                bufs[i] = new byte[] {(byte) i};
            }
            Reply r = p.call(RawPeer.request(RawPeer.ECHO, RawPeer.LUSTRE_OST_VERSION, handle, bufs), WAIT);
            assertThat(r.status()).as("PTLRPC_MAX_BUFCOUNT is 32").isZero();
            byte[][] more = java.util.Arrays.copyOf(bufs, 32);
            more[31] = new byte[] {31};
            assertDropped(p, handle, RawPeer.request(RawPeer.ECHO, RawPeer.LUSTRE_OST_VERSION, handle, more),
                    "error unpacking request", "buffer count 33");
        }
    }

    @Test
    void unknownOpcodeGetsEnotsuppAsAnError() throws Exception {
        try (RawPeer p = connected()) {
            long handle = p.connectExport("raw-h_UUID");
            mark();
            long xid = p.send(RawPeer.request(4242, RawPeer.LUSTRE_OST_VERSION, handle));
            Reply r = p.awaitReply(xid, WAIT);
            assertThat(r.status()).as("-ENOTSUPP, the kernel's 524").isEqualTo(-524);
            assertThat(r.type()).isEqualTo(RawPeer.PTL_RPC_MSG_ERR);
            assertThat(r.opc()).isEqualTo(4242);
            assertThat(r.bufCount()).as("ptlrpc_send_error packs a bare body").isEqualTo(1);
            assertThat(r.offset()).isEqualTo(RawPeer.EARLY_SIZE);
            assertThat(r.serviceTime()).as("pb_service_time").isEqualTo(1);
            assertThat(r.timeout()).as("pb_timeout: the service estimate (an error to a connected client)")
                    .isPositive();
            assertOneLine(DebugMask.D_NETERROR, "no handler for opcode 0x1092");
            assertThat(p.call(RawPeer.ping(handle), WAIT).status()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {RawPeer.OST_REQUEST_PORTAL, 7})
    void requestNobodyTakesIsDroppedWithOneLineAndTheConnectionStaysUsable(int portal) throws Exception {
        try (RawPeer p = connected()) {
            // on the request portal: larger than the service's 16 KiB max request; on portal 7: nothing posted
            byte[] msg = RawPeer.request(RawPeer.ECHO, RawPeer.LUSTRE_OST_VERSION, 0,
                    new byte[portal == RawPeer.OST_REQUEST_PORTAL ? 20_000 : 100]);
            long xid = p.nextXid();
            mark();
            p.write(p.putFrame(portal, xid, 0, msg));
            assertOneLine(DebugMask.D_NETERROR, "Dropping PUT", Nid.toString(p.nid), "length " + msg.length,
                    "portal " + portal);
            // no reply came; the next request on the connection is answered
            assertThat(p.call(RawPeer.ping(0), WAIT).status()).isEqualTo(-107);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"client", "target"})
    void connectWithAnUnprintableUuidGetsEprotoAndCannotForgeLogLines(String which) throws Exception {
        // a UUID that would put a forged record in `lctl dk` output
        String evil = "x\n00000100:00020000:0.0:1.1:0:1:0:\u0007";
        byte[] msg = which.equals("client") ? RawPeer.connectRequest(evil, 1)
                : RawPeer.connectRequest(evil, "raw-uuid_UUID", 1);
        int exports = srv.echo.target().exports().size();
        try (RawPeer p = connected()) {
            mark();
            long xid = p.send(msg);
            Reply r = p.awaitReply(xid, WAIT);
            assertThat(r.status()).isEqualTo(-71);
            assertThat(r.type()).isEqualTo(RawPeer.PTL_RPC_MSG_ERR);
            assertThat(r.handle()).isZero();
            DebugRecord line = assertOneLine(DebugMask.D_NETERROR, "x" + xid, "a " + which + " uuid",
                    "not printable", "x\\u000a00000100:00020000:0.0:1.1:0:1:0:\\u0007");
            assertThat(line.format()).doesNotContain("\n");
            assertThat(srv.echo.target().exports()).as("no export for it").hasSize(exports);
            assertThat(p.connectExport("raw-uuid_UUID")).as("a printable one connects").isNotZero();
        }
    }

    @Test
    void anOpWithoutConnectingGetsEnotconn() throws Exception {
        try (RawPeer p = connected()) {
            byte[] payload = new byte[16];
            new java.util.Random(7).nextBytes(payload);
            mark();
            long xid = p.send(RawPeer.request(RawPeer.ECHO, RawPeer.LUSTRE_OST_VERSION, 0, payload));
            Reply r = p.awaitReply(xid, WAIT);
            assertThat(r.status()).isEqualTo(-107);
            assertThat(r.type()).isEqualTo(RawPeer.PTL_RPC_MSG_ERR);
            assertThat(r.opc()).isEqualTo(RawPeer.ECHO);
            assertOneLine(DebugMask.D_HA, "opc " + RawPeer.ECHO, "x" + xid, "unknown connection");

            // connected, the same request is served
            long handle = p.connectExport("raw-i_UUID");
            Reply ok = p.call(RawPeer.request(RawPeer.ECHO, RawPeer.LUSTRE_OST_VERSION, handle, payload), WAIT);
            assertThat(ok.status()).isZero();
            assertThat(ok.bufCount()).isEqualTo(2);
        }
    }
}
