package org.jlustre.testing.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.testing.capture.LustreWireDecoder.*;

import java.util.List;
import java.util.Map;
import org.jlustre.testdata.Pcapng;
import org.jlustre.testdata.TestData;
import org.jlustre.testing.capture.LustreWireDecoder.KsockMsg;
import org.jlustre.testing.capture.LustreWireDecoder.Stream;
import org.junit.jupiter.api.Test;

/**
 * The independent decoder reads every byte of a real Lustre 2.15.5 capture (the MGC mount of
 * {@code captures/}, decoded by hand in /work/research/capture-2.15.5.md): the handshake of one
 * connection and the RPCs of another, recorded from its middle. What it reads from our own
 * traffic is compared with this (MgcMgsCaptureTest in the server module).
 */
class RealCaptureDecodesTest {

    static Map<String, List<Pcapng.Segment>> directions() {
        return Pcapng.byDirection(Pcapng.tcpSegments(TestData.capture("ndpi-lustre-2.15.5-mgc-mount.pcapng")));
    }

    @Test
    void theHandshakeConnectionDecodes() {
        Map<String, List<Pcapng.Segment>> d = directions();
        Stream active = decode(Pcapng.stream(d.get("192.168.88.132:1022>192.168.88.131:988")), true);
        assertThat(active.connreq().magic()).isEqualTo(LNET_PROTO_ACCEPTOR_MAGIC);
        assertThat(active.connreq().nid()).isEqualTo(tcpNid(0xc0a85883)); // 192.168.88.131@tcp
        assertThat(active.hello().ctype()).isEqualTo(SOCKLND_CONN_BULK_IN);
        assertThat(active.hello().dstPid()).isZero();
        assertThat(active.hello().dstIncarnation()).isZero();
        assertThat(active.msgs()).isEmpty();
        Stream passive = decode(Pcapng.stream(d.get("192.168.88.131:988>192.168.88.132:1022")), false);
        assertThat(passive.hello().ctype()).as("the inverted type").isEqualTo(SOCKLND_CONN_BULK_OUT);
        assertThat(passive.hello().srcIncarnation()).isEqualTo(0x17f0820b968fb122L);
        assertThat(passive.msgs()).isEmpty();
    }

    @Test
    void theRpcConnectionDecodesMessageByMessage() {
        Map<String, List<Pcapng.Segment>> d = directions();
        List<Pcapng.Segment> upSegs = d.get("192.168.88.118:1023>192.168.88.119:988");
        Stream up = decodeMessages(Pcapng.stream(upSegs));
        Stream down = decodeMessages(Pcapng.stream(d.get("192.168.88.119:988>192.168.88.118:1023")));
        assertThat(up.msgs().stream().map(m -> m.lustre() == null ? -m.lnet().type() : m.lustre().body().opc()))
                .as("client to MGS: requests, and an LNet ACK (type 0)")
                .containsExactly(MGS_CONNECT, 0, LDLM_ENQUEUE, LLOG_ORIGIN_HANDLE_CREATE, LDLM_ENQUEUE,
                        LLOG_ORIGIN_HANDLE_CREATE, LLOG_ORIGIN_HANDLE_READ_HEADER, LLOG_ORIGIN_HANDLE_NEXT_BLOCK);
        assertThat(down.msgs().stream().map(m -> m.lustre().body().opc())).as("MGS to client: replies")
                .containsExactly(MGS_CONNECT, LDLM_ENQUEUE, LLOG_ORIGIN_HANDLE_CREATE, LDLM_ENQUEUE,
                        LLOG_ORIGIN_HANDLE_CREATE);
        // one message per segment: each starts where a segment does
        assertThat(up.boundaries()).hasSize(upSegs.size() + 1);
        for (KsockMsg m : up.msgs()) {
            if (m.lustre() != null) {
                assertThat(m.lnet().ptlIndex()).isEqualTo(MGS_REQUEST_PORTAL);
                assertThat(m.lustre().secflvr()).as("%s", m).isEqualTo(0x03000000);
                assertThat(m.lustre().body().type()).isEqualTo(PTL_RPC_MSG_REQUEST);
            }
        }
        for (KsockMsg m : down.msgs()) {
            assertThat(m.lnet().ptlIndex()).isEqualTo(MGC_REPLY_PORTAL);
            int expected = m.lustre().body().opc() == MGS_CONNECT ? 0 : LUSTRE_MSG_EARLY_SIZE;
            assertThat(m.lnet().offset()).as("%s", m).isEqualTo(expected);
            assertThat(m.lustre().body().type()).isEqualTo(PTL_RPC_MSG_REPLY);
            assertThat(m.lustre().flags()).isZero();
        }
        KsockMsg connect = up.msgs().getFirst();
        assertThat(connect.lustre().bufcount()).isEqualTo(6);
        assertThat(connect.lustre().ocd().connectFlags()).isEqualTo(0xa000411001002020L);
        assertThat(connect.lustre().ocd().connectFlags2()).isEqualTo(0x100000L);
        assertThat(down.msgs().getFirst().lustre().ocd().connectFlags()).isEqualTo(0xa000011001002020L);
        assertThat(down.msgs().get(2).lustre().body().status()).as("the sptlrpc log: -ENOENT").isEqualTo(-2);
    }
}
