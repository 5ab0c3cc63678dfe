package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.ptlrpc.RawPeer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The header of the replies a service sends, as a Lustre 2.15 server fills it
 * ({@code ptlrpc_send_reply}, {@code ptlrpc_at_set_reply}; /work/research/capture-2.15.5.md,
 * sections 4.2 and 5): read byte by byte by a {@link RawPeer}, independently of the production
 * codecs, whatever the request put in the same fields.
 */
class Lustre215ServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A jlustre opcode served slowly, to move the service estimate. */
    private static final int SLOW = 16_099;
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    private TcpEchoServer srv;

    @BeforeEach
    void start() throws Exception {
        srv = new TcpEchoServer(Duration.ofSeconds(10), 2, 1 << 14);
        srv.echo.service().register(SLOW, "slow", req -> {
            try {
                Thread.sleep(2_100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @AfterEach
    void stop() {
        srv.close();
    }

    private RawPeer connected() throws Exception {
        return RawPeer.connect(srv.port(), srv.nid(), RawPeer.tcpNid(127, 0, 2, NEXT.getAndIncrement()));
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The body of a request with one buffer starts at 40. */
    private static final int BODY = 40;

    @Test
    void replyHeadersCarryNothingOfTheRequestsAndTheServiceTimes() throws Exception {
        try (RawPeer p = connected()) {
            long handle = p.connectExport("fields_UUID");
            byte[] ping = RawPeer.ping(handle);
            // what a client fills in, none of which comes back
            le(ping).putInt(4, 0x03000000).putInt(12, 1248).putInt(20, 3)
                    .putLong(BODY + 24, 0x1234_5678_9abcL).putInt(BODY + 20, 4242)
                    .putInt(BODY + 56, 0).putInt(BODY + 64, 1).putLong(BODY + 120, 0);
            Reply r = p.call(ping, WAIT);
            ByteBuffer m = le(r.message());
            assertThat(r.offset()).isEqualTo(RawPeer.EARLY_SIZE).isEqualTo(224);
            assertThat(m.getInt(4)).as("lm_secflvr").isZero();
            assertThat(m.getInt(12)).as("lm_repsize").isZero();
            assertThat(m.getInt(16)).as("lm_cksum").isZero();
            assertThat(m.getInt(20)).as("lm_flags: nothing in 2.15 writes a reply's").isZero();
            assertThat(m.getLong(BODY)).as("pb_handle (not a CONNECT reply)").isZero();
            assertThat(m.getInt(BODY + 12)).as("pb_version").isEqualTo(3);
            assertThat(m.getInt(BODY + 20)).as("pb_status").isZero();
            assertThat(m.getLong(BODY + 24)).as("pb_last_xid").isZero();
            assertThat(m.getInt(BODY + 56)).as("pb_flags").isZero();
            assertThat(m.getInt(BODY + 64)).as("pb_conn_cnt").isZero();
            assertThat(m.getInt(BODY + 72)).as("pb_service_time: whole seconds, at least 1").isEqualTo(1);
            assertThat(m.getInt(BODY + 68)).as("pb_timeout: the estimate, from fast requests only").isEqualTo(1);

            // a resent request gets its reply but does not count towards the estimate
            byte[] resent = RawPeer.ping(handle);
            le(resent).putInt(BODY + 56, 0x2);
            Reply rr = p.call(resent, WAIT);
            assertThat(le(rr.message()).getInt(BODY + 56)).as("pb_flags of the reply to a resend").isZero();
        }
    }

    @Test
    void theServiceEstimateFollowsTheSlowestRequestAndIsShownInTimeouts() throws Exception {
        try (RawPeer p = connected()) {
            long handle = p.connectExport("slow_UUID");
            Reply fast = p.call(RawPeer.ping(handle), WAIT);
            assertThat(fast.timeout()).isEqualTo(1);
            Reply slow = p.call(RawPeer.request(SLOW, RawPeer.LUSTRE_OST_VERSION, handle), WAIT);
            assertThat(slow.status()).isZero();
            assertThat(slow.serviceTime()).as("2.1 s in whole seconds").isGreaterThanOrEqualTo(2);
            assertThat(slow.timeout()).as("the estimate took it").isEqualTo(slow.serviceTime());
            Reply after = p.call(RawPeer.ping(handle), WAIT);
            assertThat(after.serviceTime()).isEqualTo(1);
            assertThat(after.timeout()).as("the worst of the bin stays").isEqualTo(slow.serviceTime());
            String timeouts = srv.server.libcfs().params().get("echo.ECHO.echo.timeouts").getFirst().value();
            assertThat(timeouts).startsWith("   service : cur   " + slow.serviceTime() + "  worst   "
                    + slow.serviceTime() + " (at ");
        }
    }

    @Test
    void anErrorToAClientWithoutAnExportCarriesNoEstimate() throws Exception {
        try (RawPeer p = connected()) {
            Reply r = p.call(RawPeer.ping(0), WAIT);
            assertThat(r.status()).isEqualTo(-107);
            assertThat(r.type()).isEqualTo(RawPeer.PTL_RPC_MSG_ERR);
            assertThat(r.timeout()).as("pb_timeout of an error without an export").isZero();
            assertThat(r.serviceTime()).isEqualTo(1);
        }
    }

    @Test
    void anExportWithRepMbitsGetsItsRepliesAtPbMbits() throws Exception {
        try (RawPeer p = connected()) {
            byte[] ocd = new byte[RawPeer.OBD_CONNECT_DATA_SIZE];
            le(ocd).putLong(0, 0x1000L | 0x1000000L | 0x8000000000000000L).putLong(80, 0x100000L);
            byte[] conn = le(new byte[8]).putLong(0, 77).array();
            Reply c = p.call(RawPeer.request(RawPeer.OST_CONNECT, RawPeer.LUSTRE_OBD_VERSION, 0,
                    RawPeer.uuidBuf("echo_UUID"), RawPeer.uuidBuf("mbits_UUID"), conn, ocd), WAIT);
            assertThat(c.status()).isZero();
            long handle = c.handle();
            byte[] ping = RawPeer.ping(handle);
            long xid = p.nextXid();
            long mbits = xid + 5 * 64;
            le(ping).putLong(BODY + RawPeer.PB_MBITS, mbits);
            p.write(p.requestFrame(xid, ping));
            Reply r = p.awaitReply(mbits, WAIT);
            assertThat(r.opc()).isEqualTo(RawPeer.OBD_PING);
            assertThat(r.status()).isZero();

            // the CONNECT itself, and requests that set no match bits, are answered at the xid
            byte[] plain = RawPeer.ping(handle);
            assertThat(p.call(plain, WAIT).status()).isZero();
        }
    }
}
