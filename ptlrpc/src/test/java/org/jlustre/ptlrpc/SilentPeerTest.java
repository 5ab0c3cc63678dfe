package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.debug.DebugRecord;
import org.jlustre.ptlrpc.RawPeer.Closure;
import org.jlustre.ptlrpc.RawPeer.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that go quiet, against a server with {@code sock_timeout} and {@code accept_timeout}
 * 500 ms: socklnd drops a connection whose acceptor request and hello do not arrive within
 * {@code accept_timeout} (as {@code lnet_accept} and {@code ksocknal_recv_hello} read them), or
 * whose current message stalls for {@code sock_timeout} ({@code SocklndConn.tick}, as
 * {@code ksocknal_check_peer_timeouts} does with {@code ksnc_rx_deadline} while
 * {@code ksnc_rx_started}); a connection idle between messages is kept, and sent keepalive
 * NOOPs. A normal client pings all the while.
 */
class SilentPeerTest {

    private static final Duration SOCK_TIMEOUT = Duration.ofMillis(500);
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    private TcpEchoServer srv;
    private Import client;
    private BackgroundPinger pinger;

    @BeforeEach
    void start() throws Exception {
        srv = new TcpEchoServer(SOCK_TIMEOUT, 2, 1 << 14);
        client = srv.client("silent-peer-client", Duration.ofSeconds(10));
        client.connectSync();
        pinger = new BackgroundPinger(client, Duration.ofMillis(20), 5);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            pinger.close();
            assertThat(pinger.failures).as("the normal client during the test").isEmpty();
            assertThat(pinger.ok.get()).as("pings during the test").isPositive();
            assertThat(client.ping().status()).as("the normal client afterwards").isZero();
        } finally {
            srv.close();
        }
    }

    private static long rawNid() {
        return RawPeer.tcpNid(127, 0, 2, NEXT.getAndIncrement());
    }

    /** The server log lines (default masks) since the last clear, after a moment for stragglers. */
    private List<DebugRecord> lines() throws InterruptedException {
        Thread.sleep(250);
        return srv.lines();
    }

    private void assertOneLine(String... fragments) throws InterruptedException {
        List<DebugRecord> l = lines();
        assertThat(l).as("server log: %s", l.stream().map(DebugRecord::text).toList()).hasSize(1);
        assertThat(l.getFirst().mask()).isEqualTo(DebugMask.D_NETERROR);
        assertThat(l.getFirst().text()).contains(fragments);
    }

    /** Waits for the server to drop the peer; the time from {@code since} to the drop. */
    private static Duration droppedAfter(RawPeer p, long since) throws Exception {
        Closure c = p.awaitClose(Duration.ofSeconds(10));
        long took = System.nanoTime() - since;
        assertThat(c).as("the server dropped the silent peer").isNotNull();
        assertThat(c.bytesBefore()).as("nothing sent to it").isEmpty();
        return Duration.ofNanos(took);
    }

    private static void assertWithinBounds(Duration d) {
        assertThat(d).as("dropped after the timeout, not before, not much later")
                .isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
    }

    @Test
    void peerThatConnectsAndSaysNothingIsDroppedAfterTheTimeout() throws Exception {
        srv.log().clear();
        Duration d;
        try (RawPeer p = RawPeer.open(srv.port(), srv.nid(), rawNid())) {
            d = droppedAfter(p, System.nanoTime());
        }
        assertWithinBounds(d);
        assertOneLine("no acceptor request and hello within accept_timeout (500 ms)");
        try (RawPeer p = RawPeer.connect(srv.port(), srv.nid(), rawNid())) {
            assertThat(p.call(RawPeer.ping(0), Duration.ofSeconds(5)).status()).isEqualTo(-107);
        }
    }

    @Test
    void peerThatStallsInItsHelloIsDroppedAfterTheTimeout() throws Exception {
        srv.log().clear();
        Duration d;
        try (RawPeer p = RawPeer.open(srv.port(), srv.nid(), rawNid())) {
            long since = System.nanoTime();
            p.write(RawPeer.connreq(RawPeer.ACCEPTOR_MAGIC, RawPeer.ACCEPTOR_VERSION, srv.nid()),
                    Arrays.copyOf(p.hello(), 20));
            d = droppedAfter(p, since);
        }
        assertWithinBounds(d);
        assertOneLine("no acceptor request and hello within accept_timeout (500 ms)");
    }

    @Test
    void peerThatStallsInTheMiddleOfAFrameIsDroppedAfterTheTimeout() throws Exception {
        Duration d;
        String id;
        try (RawPeer p = RawPeer.connect(srv.port(), srv.nid(), rawNid())) {
            id = p.serverId();
            byte[] frame = p.requestFrame(p.nextXid(), RawPeer.ping(0));
            srv.log().clear();
            p.write(Arrays.copyOf(frame, RawPeer.KSOCK_HDR_SIZE + RawPeer.LNET_HDR_SIZE + 10));
            d = droppedAfter(p, System.nanoTime());
        }
        assertWithinBounds(d);
        assertOneLine("message from " + id + " stalled for sock_timeout (500 ms)");
    }

    @Test
    void peerIdleBetweenMessagesIsKeptAndSentKeepalives() throws Exception {
        try (RawPeer p = RawPeer.connect(srv.port(), srv.nid(), rawNid())) {
            // one whole request, so the connection has carried a message and is between two
            assertThat(p.call(RawPeer.ping(0), Duration.ofSeconds(5)).status()).isEqualTo(-107);
            srv.log().clear();
            long idleFrom = System.nanoTime();
            long until = idleFrom + Duration.ofMillis(3500).toNanos(); // 7 sock_timeouts; keepalive is 2 s
            List<Frame> frames = new ArrayList<>();
            List<Long> at = new ArrayList<>();
            while (System.nanoTime() < until) {
                try {
                    frames.add(p.readFrame(Duration.ofNanos(Math.max(1_000_000, until - System.nanoTime()))));
                    at.add(System.nanoTime() - idleFrom);
                } catch (SocketTimeoutException e) {
                    break;
                }
            }
            // still open: a new request on it is answered
            long handle = p.connectExport("silent-idle_UUID");
            assertThat(p.call(RawPeer.ping(handle), Duration.ofSeconds(5)).status()).isZero();

            assertThat(frames).as("only keepalives while idle").isNotEmpty()
                    .allSatisfy(f -> {
                        assertThat(f.ksockType()).isEqualTo(RawPeer.KSOCK_NOOP);
                        assertThat(f.zcReq()).isZero();
                        assertThat(f.zcAck()).as("SOCKNAL_KEEPALIVE_PING").isEqualTo(1);
                    });
            assertThat(Duration.ofNanos(at.getFirst())).as("the first keepalive comes after keepalive (2 s) idle")
                    .isBetween(Duration.ofMillis(1900), Duration.ofMillis(3500));
        }
        List<DebugRecord> l = lines();
        assertThat(l.stream().filter(r -> r.text().contains("closing") || r.text().contains("stalled")).toList())
                .as("the idle peer was not dropped: %s", l).isEmpty();
    }
}
