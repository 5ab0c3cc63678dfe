package org.jlustre.wire.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.testdata.Pcapng;
import org.jlustre.testdata.TestData;
import org.jlustre.wire.Le;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.lnet.KsockMsg;
import org.jlustre.wire.lnet.LnetHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.mgs.LlogdBody;
import org.junit.jupiter.api.Test;

/**
 * The production codecs against every ptlrpc frame of a real Lustre 2.15.5 MGC mount
 * ({@code captures/ndpi-lustre-2.15.5-mgc-mount.pcapng}; each value is also in the decode of
 * /work/research/capture-2.15.5.md, section 3): each message reads back with the values Lustre
 * sent, and packing the same values with our encoders gives the captured bytes, header padding
 * and zeroed fields included. The constants a 2.15 peer depends on (the reply offset, the MGS's
 * connect masks, the sec part) are checked against what the capture shows.
 */
class Lustre215CaptureTest {

    private static final String CAPTURE = "ndpi-lustre-2.15.5-mgc-mount.pcapng";

    /** The TCP payload of every frame that has one, by frame number. */
    private static final Map<Integer, byte[]> FRAMES = frames();

    private static Map<Integer, byte[]> frames() {
        Map<Integer, byte[]> m = new TreeMap<>();
        for (Pcapng.Segment s : Pcapng.tcpSegments(TestData.capture(CAPTURE))) {
            if (s.payload().length > 0) {
                m.put(s.frame(), s.payload());
            }
        }
        return m;
    }

    /** One captured LNet message: its LNet header and, for a PUT to an RPC portal, its lustre_msg. */
    private record Frame(int number, MemorySegment bytes, LnetHeader lnet, LnetHeader.Put put, LustreMsg msg,
            PtlrpcBody body) {
    }

    private static Frame frame(int n) throws LustreException {
        MemorySegment b = MemorySegment.ofArray(FRAMES.get(n));
        assertThat(b.get(Le.U32, KsockMsg.OFF_TYPE)).as("frame %d ksm_type", n).isEqualTo(KsockMsg.TYPE_LNET);
        assertThat(b.get(Le.U32, KsockMsg.OFF_CSUM)).as("frame %d ksm_csum", n).isZero();
        LnetHeader h = LnetHeader.read(b, KsockMsg.OFF_LNET_HDR);
        assertThat(KsockMsg.LNET_HEADERS_SIZE + (long) h.payloadLength()).as("frame %d length", n)
                .isEqualTo(b.byteSize());
        if (!(h.body() instanceof LnetHeader.Put put)) {
            return new Frame(n, b, h, null, null, null);
        }
        LustreMsg m = LustreMsg.unpack(b.asSlice(KsockMsg.LNET_HEADERS_SIZE));
        assertThat(m.size()).as("frame %d: the PUT carries exactly the message", n).isEqualTo(h.payloadLength());
        return new Frame(n, b, h, put, m, m.body());
    }

    private static final int[] REQUESTS = {9, 13, 15, 17, 19, 21, 22};
    private static final int[] REPLIES = {12, 14, 16, 18, 20};

    @Test
    void everyMessagePacksBackToTheCapturedBytes() throws LustreException {
        for (int n : concat(REQUESTS, REPLIES)) {
            Frame f = frame(n);
            LustreMsg m = f.msg();
            int[] lens = new int[m.bufCount()];
            for (int i = 0; i < lens.length; i++) {
                lens[i] = m.bufLen(i);
            }
            byte[] ours = new byte[m.size()];
            LustreMsg packed = LustreMsg.pack(MemorySegment.ofArray(ours), lens);
            packed.secPart(m.senderSecPart());
            packed.repSize(m.repSize());
            packed.flags(m.flags());
            PtlrpcBody in = f.body();
            packed.body().handle(in.handle()).type(in.type()).version(in.version()).opc(in.opc()).status(in.status())
                    .lastXid(in.lastXid()).tag(in.tag()).lastCommitted(in.lastCommitted()).transno(in.transno())
                    .flags(in.flags()).opFlags(in.opFlags()).connCnt(in.connCnt()).timeout(in.timeout())
                    .serviceTime(in.serviceTime()).mbits(in.mbits()).jobid(in.jobid());
            for (int i = 1; i < lens.length; i++) {
                packed.buf(i).copyFrom(m.buf(i));
            }
            assertThat(ours).as("frame %d packed again by LustreMsg and PtlrpcBody", n)
                    .isEqualTo(m.segment().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void everyBodyIsAV3BodyAndEveryFieldOutsideTheKnownOnesIsZero() throws LustreException {
        for (int n : concat(REQUESTS, REPLIES)) {
            Frame f = frame(n);
            assertThat(f.msg().bufLen(0)).as("frame %d ptlrpc_body", n).isEqualTo(PtlrpcBody.SIZE_V3);
            assertThat(f.body().isV3()).isTrue();
            assertThat(f.msg().cksum()).as("frame %d lm_cksum (final messages)", n).isZero();
            MemorySegment b = f.msg().buf(0);
            assertThat(b.get(Le.U32, PtlrpcBody.OFF_PADDING1)).as("frame %d pb_padding1", n).isZero();
            assertThat(b.asSlice(PtlrpcBody.OFF_PADDING64_0, 24).toArray(ValueLayout.JAVA_BYTE))
                    .as("frame %d pb_padding64_0..2", n).containsOnly(0);
            assertThat(f.msg().segment().get(Le.U32, LustreMsg.OFF_PADDING_2)).isZero();
            assertThat(f.body().jobid()).as("frame %d jobid (jobid_var disabled)", n).isEmpty();
            assertThat(f.body().lastCommitted()).isZero();
            assertThat(f.body().transno()).isZero();
            assertThat(f.body().tag()).isZero();
            assertThat(f.body().limit()).isZero();
            assertThat(f.body().slv()).isZero();
        }
    }

    @Test
    void requestsCarryTheMgcSecPartAndRepliesTheNullFlavour() throws LustreException {
        for (int n : REQUESTS) {
            LustreMsg m = frame(n).msg();
            assertThat(m.secFlavor()).as("frame %d lm_secflvr", n).isEqualTo(0x03000000);
            assertThat(m.wireFlavor()).as("frame %d WIRE_FLVR", n).isEqualTo(LustreMsg.SECFLVR_NULL);
            assertThat(m.senderSecPart()).as("frame %d sec part", n).isEqualTo(LustreMsg.SP_MGC);
            assertThat(frame(n).body().type()).isEqualTo(MsgFlags.PTL_RPC_MSG_REQUEST);
            assertThat(frame(n).put().portal()).as("MGS_REQUEST_PORTAL").isEqualTo(Portals.MGS_REQUEST);
            assertThat(frame(n).put().offset()).isZero();
        }
        for (int n : REPLIES) {
            Frame f = frame(n);
            assertThat(f.msg().secFlavor()).as("frame %d", n).isZero();
            assertThat(f.msg().repSize()).as("frame %d lm_repsize", n).isZero();
            assertThat(f.msg().flags()).as("frame %d lm_flags: nothing in 2.15 writes a reply's", n).isZero();
            assertThat(f.put().portal()).as("MGC_REPLY_PORTAL").isEqualTo(Portals.MGC_REPLY);
        }
    }

    @Test
    void repliesAreAt224BytesWhenTheRequestTakesEarlyReplies() throws LustreException {
        // frame 9 (the CONNECT) has lm_flags 0: its reply, frame 12, is at 0; every later request
        // has AT_SUPPORT | CKSUM_INCOMPAT18 and its reply is past lustre_msg_early_size
        assertThat(frame(9).msg().flags()).isZero();
        assertThat(frame(12).put().offset()).isZero();
        int[][] pairs = {{13, 14}, {15, 16}, {17, 18}, {19, 20}};
        for (int[] p : pairs) {
            Frame req = frame(p[0]);
            Frame rep = frame(p[1]);
            assertThat(req.msg().flags()).isEqualTo(LustreMsg.MSGHDR_AT_SUPPORT | LustreMsg.MSGHDR_CKSUM_INCOMPAT18);
            assertThat(rep.put().offset()).as("frame %d PUT offset", p[1]).isEqualTo(LustreMsg.EARLY_SIZE);
            assertThat(rep.put().matchBits()).as("frame %d: reply match bits = request pb_mbits", p[1])
                    .isEqualTo(req.body().mbits()).isEqualTo(req.put().matchBits());
            assertThat(rep.body().opc()).isEqualTo(req.body().opc());
        }
        assertThat(LustreMsg.EARLY_SIZE).isEqualTo(LustreMsg.size(PtlrpcBody.SIZE_V3));
    }

    @Test
    void replyFieldsAreThoseA215ServerFills() throws LustreException {
        for (int n : REPLIES) {
            PtlrpcBody b = frame(n).body();
            assertThat(b.version()).as("frame %d pb_version: lustre_pack_reply_v2 adds only PTLRPC_MSG_VERSION", n)
                    .isEqualTo(MsgFlags.PTLRPC_MSG_VERSION);
            assertThat(b.type()).isEqualTo(MsgFlags.PTL_RPC_MSG_REPLY);
            assertThat(b.lastXid()).as("frame %d pb_last_xid", n).isZero();
            assertThat(b.connCnt()).as("frame %d pb_conn_cnt", n).isZero();
            assertThat(b.flags()).as("frame %d pb_flags", n).isZero();
            assertThat(b.opFlags()).as("frame %d pb_op_flags", n).isZero();
            assertThat(b.mbits()).isZero();
            assertThat(b.timeout()).as("frame %d pb_timeout: the service estimate", n).isEqualTo(1);
            assertThat(b.serviceTime()).as("frame %d pb_service_time, at least 1", n).isEqualTo(1);
            assertThat(b.handle()).as("frame %d pb_handle", n).isEqualTo(n == 12 ? 0xd4d8109a999e5744L : 0);
        }
    }

    @Test
    void requestHeadersCarryPidLastXidAndMbits() throws LustreException {
        long previous = 0;
        for (int n : REQUESTS) {
            Frame f = frame(n);
            long xid = f.put().matchBits();
            assertThat(xid % 64).as("frame %d xid is a multiple of PTLRPC_BULK_OPS_COUNT", n).isZero();
            if (previous != 0) {
                assertThat(xid - previous).as("frame %d xid step", n).isEqualTo(64);
            }
            previous = xid;
            PtlrpcBody b = f.body();
            assertThat(b.status()).as("frame %d pb_status: the sender's pid", n).isIn(1551, 1542, 1579);
            boolean connect = b.opc() == Opcodes.MGS_CONNECT;
            // frame 13 was queued while CONNECTING and sent by the delayed path, with last_xid 0
            assertThat(b.lastXid()).as("frame %d pb_last_xid", n).isEqualTo(connect || n == 13 ? 0 : xid - 1);
            assertThat(b.mbits()).as("frame %d pb_mbits (REP_MBITS once connected)", n).isEqualTo(connect ? 0 : xid);
            assertThat(b.connCnt()).isEqualTo(1);
            assertThat(b.opFlags()).isEqualTo(connect ? MsgFlags.MSG_CONNECT_INITIAL : 0);
            assertThat(b.flags()).isZero();
        }
        // adaptive timeouts: the CONNECT says INITIAL_CONNECT_TIMEOUT 5 and at_timeout2est(11) = 4; the
        // enqueue packed before the connect reply at_est2timeout(5) = 11, the rest at_est2timeout(1) = 6
        assertThat(frame(9).body().timeout()).isEqualTo(5);
        assertThat(frame(9).body().serviceTime()).isEqualTo(4);
        assertThat(frame(13).body().timeout()).isEqualTo(11);
        for (int n : new int[] {15, 17, 19, 21, 22}) {
            assertThat(frame(n).body().timeout()).as("frame %d", n).isEqualTo(6);
            assertThat(frame(n).body().serviceTime()).isZero();
        }
    }

    @Test
    void mgsConnectRequestHasSixBuffersAndTheMgcConnectData() throws LustreException {
        Frame f = frame(9);
        LustreMsg m = f.msg();
        assertThat(m.bufCount()).isEqualTo(6);
        assertThat(Arrays.stream(lens(m)).boxed().toList()).containsExactly(184, 39, 39, 8, 192, 0);
        assertThat(m.repSize()).as("lm_repsize: body and a 320-byte connect data").isEqualTo(
                LustreMsg.size(PtlrpcBody.SIZE_V3, ObdConnectData.SIZE + 16 * 8));
        assertThat(f.body().version()).isEqualTo(MsgFlags.version(MsgFlags.LUSTRE_OBD_VERSION));
        assertThat(f.body().handle()).isZero();
        assertThat(cstring(m.buf(1))).isEqualTo("MGS");
        ObdConnectData ocd = ObdConnectData.read(m.buf(4), 0, false);
        assertThat(ocd.connectFlags()).isEqualTo(ConnectFlags.OBD_CONNECT_VERSION | ConnectFlags.OBD_CONNECT_AT
                | ConnectFlags.OBD_CONNECT_FULL20 | ConnectFlags.OBD_CONNECT_IMP_RECOV
                | ConnectFlags.OBD_CONNECT_LVB_TYPE | ConnectFlags.OBD_CONNECT_BULK_MBITS
                | ConnectFlags.OBD_CONNECT_BARRIER | ConnectFlags.OBD_CONNECT_FLAGS2).isEqualTo(0xa000411001002020L);
        assertThat(ocd.connectFlags2()).isEqualTo(ConnectFlags.OBD_CONNECT2_REP_MBITS);
        assertThat(ocd.version()).isEqualTo(ObdConnectData.ocdVersion(2, 15, 5, 0));
        assertThat(ocd).isEqualTo(ObdConnectData.ofFlags(ocd.connectFlags())
                .withFlags(ocd.connectFlags(), ConnectFlags.OBD_CONNECT2_REP_MBITS)
                .withVersionAndInstance(ocd.version(), 0));
        byte[] again = new byte[ObdConnectData.SIZE];
        ocd.write(MemorySegment.ofArray(again), 0);
        assertThat(again).isEqualTo(m.buf(4).toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void mgsConnectReplyGrantsTheClientsFlagsMaskedByTheMgs() throws LustreException {
        ObdConnectData asked = ObdConnectData.read(frame(9).msg().buf(4), 0, false);
        LustreMsg m = frame(12).msg();
        assertThat(Arrays.stream(lens(m)).boxed().toList()).containsExactly(184, 192);
        ObdConnectData granted = ObdConnectData.read(m.buf(1), 0, false);
        assertThat(granted.connectFlags()).isEqualTo(asked.connectFlags() & ConnectFlags.MGS_CONNECT_SUPPORTED)
                .isEqualTo(0xa000011001002020L);
        assertThat(granted.connectFlags2()).isEqualTo(asked.connectFlags2() & ConnectFlags.MGS_CONNECT_SUPPORTED2);
        assertThat(granted.instance()).as("an MGS's obt_instance").isZero();
        assertThat(granted).isEqualTo(asked.withFlags(granted.connectFlags(), granted.connectFlags2()));
    }

    @Test
    void llogCreateRequestHasFourBuffersWithTheSendersCredentials() throws LustreException {
        for (int n : new int[] {15, 19}) {
            LustreMsg m = frame(n).msg();
            String name = n == 15 ? "lustre-sptlrpc" : "lustre-client";
            assertThat(Arrays.stream(lens(m)).boxed().toList()).as("frame %d", n)
                    .containsExactly(184, LlogdBody.SIZE, name.length() + 1, MdtBody.SIZE);
            assertThat(m.repSize()).as("lm_repsize: body + llogd_body").isEqualTo(
                    LustreMsg.size(PtlrpcBody.SIZE_V3, LlogdBody.SIZE));
            assertThat(frame(n).body().version()).isEqualTo(MsgFlags.version(MsgFlags.LUSTRE_LOG_VERSION));
            assertThat(frame(n).body().opc()).isEqualTo(Opcodes.LLOG_ORIGIN_HANDLE_CREATE);
            byte[] body = new byte[LlogdBody.SIZE];
            new LlogdBody(null, LlogdBody.LLOG_CONFIG_REPL_CTXT - 1, 0, 0, 0, 0, 0).encode(MemorySegment.ofArray(body), 0);
            assertThat(m.buf(1).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(body);
            assertThat(m.buf(2).toArray(ValueLayout.JAVA_BYTE)).isEqualTo((name + "\0").getBytes(StandardCharsets.US_ASCII));
            byte[] mdt = new byte[MdtBody.SIZE];
            MdtBody.writeCredentials(MemorySegment.ofArray(mdt), 0, 0, 0, 0, 0, -1);
            assertThat(m.buf(3).toArray(ValueLayout.JAVA_BYTE)).as("frame %d mdt_body (do_pack_body, root)", n)
                    .isEqualTo(mdt);
        }
    }

    @Test
    void llogCreateRepliesCarryAnLlogdBodyEvenForEnoent() throws LustreException {
        Frame enoent = frame(16);
        assertThat(enoent.body().status()).isEqualTo(-2);
        assertThat(enoent.body().type()).as("-ENOENT keeps PTL_RPC_MSG_REPLY").isEqualTo(MsgFlags.PTL_RPC_MSG_REPLY);
        assertThat(MsgFlags.replyTypeForStatus(-2)).isTrue();
        assertThat(Arrays.stream(lens(enoent.msg())).boxed().toList()).containsExactly(184, LlogdBody.SIZE);
        assertThat(enoent.msg().buf(1).toArray(ValueLayout.JAVA_BYTE)).as("the zeroed llogd_body").containsOnly(0);

        Frame found = frame(20);
        assertThat(found.body().status()).isZero();
        LlogdBody b = LlogdBody.decode(found.msg().buf(1), false);
        assertThat(b.logid()).isEqualTo(LlogLogid.of(new Fid(Fid.SEQ_LLOG_NAME, 3, 0)));
        assertThat(b.ctxtIdx()).isZero();
        byte[] again = new byte[LlogdBody.SIZE];
        new LlogdBody(b.logid(), 0, 0, 0, 0, 0, 0).encode(MemorySegment.ofArray(again), 0);
        assertThat(again).isEqualTo(found.msg().buf(1).toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void llogReadRequestsAskForReplyBuffersOfTheirLayout() throws LustreException {
        LustreMsg header = frame(21).msg();
        assertThat(frame(21).body().opc()).isEqualTo(Opcodes.LLOG_ORIGIN_HANDLE_READ_HEADER);
        assertThat(header.repSize()).isEqualTo(LustreMsg.size(PtlrpcBody.SIZE_V3, 8192));
        LlogdBody hb = LlogdBody.decode(header.buf(1), false);
        assertThat(hb.llhFlags()).isEqualTo(4);
        assertThat(hb.logid().fid()).isEqualTo(new Fid(Fid.SEQ_LLOG_NAME, 3, 0));

        LustreMsg next = frame(22).msg();
        assertThat(frame(22).body().opc()).isEqualTo(Opcodes.LLOG_ORIGIN_HANDLE_NEXT_BLOCK);
        assertThat(next.repSize()).isEqualTo(LustreMsg.size(PtlrpcBody.SIZE_V3, LlogdBody.SIZE, 8192));
        LlogdBody nb = LlogdBody.decode(next.buf(1), false);
        assertThat(List.of(nb.index(), nb.savedIndex(), nb.len())).containsExactly(1, 0, 8192);
        assertThat(nb.curOffset()).isEqualTo(8192);
    }

    @Test
    void ldlmEnqueueLayoutsHaveThePaddedThreeBufferHeader() throws LustreException {
        LustreMsg req = frame(13).msg();
        assertThat(Arrays.stream(lens(req)).boxed().toList()).containsExactly(184, 104);
        assertThat(frame(13).body().version()).isEqualTo(MsgFlags.version(MsgFlags.LUSTRE_DLM_VERSION));
        LustreMsg rep = frame(14).msg();
        assertThat(Arrays.stream(lens(rep)).boxed().toList()).containsExactly(184, 112, 0);
        assertThat(rep.bufOffset(0)).as("44-byte header padded to 48").isEqualTo(48);
        assertThat(rep.segment().get(Le.U32, 44)).isZero();
    }

    private static int[] lens(LustreMsg m) {
        int[] l = new int[m.bufCount()];
        for (int i = 0; i < l.length; i++) {
            l[i] = m.bufLen(i);
        }
        return l;
    }

    private static String cstring(MemorySegment b) {
        byte[] a = b.toArray(ValueLayout.JAVA_BYTE);
        int n = 0;
        while (n < a.length && a[n] != 0) {
            n++;
        }
        return new String(a, 0, n, StandardCharsets.US_ASCII);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
