package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.testing.capture.LustreWireDecoder.*;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.llog.Llog;
import org.jlustre.llog.LlogHandle;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.mgc.Mgc;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.testdata.Pcapng;
import org.jlustre.testdata.TestData;
import org.jlustre.testing.Nodes;
import org.jlustre.testing.capture.LustreWireDecoder;
import org.jlustre.testing.capture.LustreWireDecoder.KsockMsg;
import org.jlustre.testing.capture.LustreWireDecoder.LustreMsg;
import org.jlustre.testing.capture.LustreWireDecoder.PtlrpcBody;
import org.jlustre.testing.capture.RecordingProxy;
import org.jlustre.wire.llog.LlogFlags;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Our MGC and MGS against a real Lustre 2.15.5 MGC mount ({@code captures/}, decoded by hand in
 * /work/research/capture-2.15.5.md): the MGC connects through a recording TCP proxy, looks for
 * the sptlrpc log (which does not exist), opens the client log and reads its header and first
 * block, as a 2.15 mount does; the independent {@link LustreWireDecoder} decodes both that
 * traffic and the real capture, and each message type must match the real one field by field:
 * the same layouts, the same values, except xids, NIDs, UUIDs, cookies, pids, the logid the MGS
 * gave the log, the release in {@code ocd_version}, and times, which must follow the same
 * rules instead ({@code pb_last_xid} = xid - 1, {@code pb_mbits} = xid, the handle is the
 * CONNECT reply's, {@code pb_timeout} = {@code at_est2timeout} of the last reply's estimate).
 *
 * <p>The real mount also takes LDLM config locks, which jlustre's MGC does not (it polls); and
 * its READ_HEADER and NEXT_BLOCK replies went over a bulk socket that is not in the capture:
 * ours are checked against the layouts 2.15 gives them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MgcMgsCaptureTest {

    private static final int CLIENT_ADDR = 0x7f0000c8;

    private List<KsockMsg> realUp;
    private List<KsockMsg> realDown;
    private List<KsockMsg> ourUp;
    private List<KsockMsg> ourDown;

    @BeforeAll
    void converse() throws Exception {
        Map<String, List<Pcapng.Segment>> dirs = Pcapng.byDirection(
                Pcapng.tcpSegments(TestData.capture("ndpi-lustre-2.15.5-mgc-mount.pcapng")));
        realUp = decodeMessages(Pcapng.stream(dirs.get("192.168.88.118:1023>192.168.88.119:988"))).msgs();
        realDown = decodeMessages(Pcapng.stream(dirs.get("192.168.88.119:988>192.168.88.118:1023"))).msgs();

        RecordingProxy.Connection conn;
        try (Cluster cluster = new Cluster(Nodes.Driver.TCP)) {
            ServerNode mgsNode = cluster.node();
            mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            Nid mgsNid = Cluster.nid(mgsNode);
            cluster.node().start(MountData.format("lustre", TargetType.MDT, 0, List.of(mgsNid), ""));
            int mgsPort = cluster.nodes.port(mgsNode.ptlrpc().lnet());
            try (RecordingProxy proxy = new RecordingProxy(new InetSocketAddress(ipv4(mgsNid.address()), mgsPort))) {
                mount(mgsNid, proxy.port());
                assertThat(proxy.connections()).as("TCP connections through the proxy").hasSize(1);
                conn = proxy.connections().getFirst();
                assertThat(conn.awaitClosed(Duration.ofSeconds(10))).as("both directions closed").isTrue();
                assertThat(conn.failure()).as("proxy I/O error").isNull();
            }
        }
        ourUp = decode(conn.stream(RecordingProxy.Direction.CLIENT_TO_SERVER), true).msgs();
        ourDown = decode(conn.stream(RecordingProxy.Direction.SERVER_TO_CLIENT), false).msgs();
        ourUp.forEach(m -> System.out.println("  ours  c->s " + m));
        ourDown.forEach(m -> System.out.println("  ours  s->c " + m));
        realUp.forEach(m -> System.out.println("  2.15  c->s " + m));
        realDown.forEach(m -> System.out.println("  2.15  s->c " + m));
    }

    /** What a 2.15 mount does up to its first config block, from an MGC of its own through the proxy. */
    private static void mount(Nid mgsNid, int proxyPort) throws Exception {
        Libcfs libcfs = new Libcfs(TimeSource.system(), new SplittableRandom(200));
        libcfs.debug().setConsole(null);
        Nid ours = new Nid(Nid.SOCKLND, 0, CLIENT_ADDR);
        try (Lnet lnet = Lnet.create(libcfs)) {
            lnet.addNi(Socklnd.tcp(SocklndConfig.of(ours).withAcceptPort(0).withListen(false)
                    .withPeerPort(n -> proxyPort).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60))));
            try (Ptlrpc node = Ptlrpc.start(lnet);
                    Mgc mgc = new Mgc(node, List.of(mgsNid), Ptlrpc.OBD_TIMEOUT, Duration.ofMinutes(1))) {
                mgc.mgsImport().connectSync();
                assertThatThrownBy(() -> mgc.remoteContext().open("lustre-sptlrpc", Llog.OpenMode.EXISTS))
                        .isInstanceOfSatisfying(LustreException.class,
                                e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
                try (LlogHandle h = mgc.remoteContext().open("lustre-client", Llog.OpenMode.EXISTS)) {
                    h.init(LlogFlags.IS_PLAIN, null);
                    int[] records = new int[1];
                    h.process((llh, rec) -> {
                        records[0]++;
                        return 0;
                    });
                    assertThat(records[0]).as("records of the client log").isPositive();
                }
            }
        }
    }

    private static Inet4Address ipv4(int a) throws IOException {
        return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16),
            (byte) (a >>> 8), (byte) a});
    }

    // ====================================================================== comparing

    /** The requests of a stream, RPCs only. */
    private static List<KsockMsg> rpcs(List<KsockMsg> msgs) {
        return msgs.stream().filter(m -> m.lustre() != null).toList();
    }

    /** The {@code n}th (from 0) message with opcode {@code opc}. */
    private static KsockMsg nth(List<KsockMsg> msgs, int opc, int n) {
        List<KsockMsg> all = rpcs(msgs).stream().filter(m -> m.lustre().body().opc() == opc).toList();
        assertThat(all.size()).as("messages with opcode %d", opc).isGreaterThan(n);
        return all.get(n);
    }

    /** Collects the fields where ours and 2.15's differ. */
    private static final class Diff {
        final List<String> out = new ArrayList<>();

        void eq(String field, Object ours, Object real) {
            if (!java.util.Objects.equals(ours, real)) {
                out.add(field + ": ours " + ours + ", 2.15 " + real);
            }
        }

        void bytes(String field, ByteBuffer ours, ByteBuffer real) {
            byte[] a = new byte[ours.remaining()];
            ours.get(ours.position(), a);
            byte[] b = new byte[real.remaining()];
            real.get(real.position(), b);
            if (!Arrays.equals(a, b)) {
                out.add(field + ": ours " + hex(ours, 64) + ", 2.15 " + hex(real, 64));
            }
        }
    }

    /**
     * Every field of the LNet header, lustre_msg and ptlrpc_body that is the same whoever sends
     * it; the rest by rule: xids, NIDs, pids, handles, times.
     */
    private static Diff compare(KsockMsg ours, KsockMsg real) {
        Diff d = new Diff();
        d.eq("ksm_type", ours.ksmType(), real.ksmType());
        d.eq("ksm_csum", ours.csum(), real.csum());
        d.eq("ksm_zc_cookies", List.of(ours.zcReqCookie(), ours.zcAckCookie()), List.of(real.zcReqCookie(),
                real.zcAckCookie()));
        var oh = ours.lnet();
        var rh = real.lnet();
        d.eq("lnet type", oh.type(), rh.type());
        d.eq("lnet pids", List.of(oh.srcPid(), oh.destPid()), List.of(rh.srcPid(), rh.destPid()));
        d.eq("lnet payload_length", oh.payloadLength(), rh.payloadLength());
        d.eq("put.ack_wmd", List.of(oh.wmdInterfaceCookie(), oh.wmdObjectCookie()), List.of(rh.wmdInterfaceCookie(),
                rh.wmdObjectCookie()));
        d.eq("put.hdr_data", oh.hdrData(), rh.hdrData());
        d.eq("put.ptl_index", oh.ptlIndex(), rh.ptlIndex());
        d.eq("put.offset", oh.offset(), rh.offset());
        LustreMsg o = ours.lustre();
        LustreMsg r = real.lustre();
        d.eq("lm_bufcount", o.bufcount(), r.bufcount());
        d.eq("lm_secflvr", hexOf(o.secflvr()), hexOf(r.secflvr()));
        d.eq("lm_magic", o.magic(), r.magic());
        d.eq("lm_repsize", o.repsize(), r.repsize());
        d.eq("lm_cksum", o.cksum(), r.cksum());
        d.eq("lm_flags", o.flags(), r.flags());
        d.eq("lm_padding_2/3", List.of(o.lmOpc(), o.padding3()), List.of(r.lmOpc(), r.padding3()));
        d.eq("lm_buflens", Arrays.toString(o.buflens()), Arrays.toString(r.buflens()));
        d.eq("size", o.size(), r.size());
        PtlrpcBody ob = o.body();
        PtlrpcBody rb = r.body();
        d.eq("ptlrpc_body length", ob.length(), rb.length());
        d.eq("pb_type", ob.type(), rb.type());
        d.eq("pb_version", hexOf(ob.version()), hexOf(rb.version()));
        d.eq("pb_opc", ob.opc(), rb.opc());
        if (ob.type() == PTL_RPC_MSG_REQUEST) {
            d.eq("pb_status is a pid", ob.status() > 0, rb.status() > 0);
        } else {
            d.eq("pb_status", ob.status(), rb.status());
        }
        long ox = oh.matchBits();
        long rx = rh.matchBits();
        d.eq("pb_last_xid (relative to the xid)", ob.lastXid() == 0 ? 0 : ox - ob.lastXid(),
                rb.lastXid() == 0 ? 0 : rx - rb.lastXid());
        d.eq("pb_mbits (relative to the xid)", ob.mbits() == 0 ? "0" : String.valueOf(ob.mbits() - ox),
                rb.mbits() == 0 ? "0" : String.valueOf(rb.mbits() - rx));
        d.eq("pb_handle set", ob.handle() != 0, rb.handle() != 0);
        d.eq("pb_tag", ob.tag(), rb.tag());
        d.eq("pb_padding1", ob.projid(), rb.projid());
        d.eq("pb_last_committed", ob.lastCommitted(), rb.lastCommitted());
        d.eq("pb_transno", ob.transno(), rb.transno());
        d.eq("pb_flags", ob.flags(), rb.flags());
        d.eq("pb_op_flags", ob.opFlags(), rb.opFlags());
        d.eq("pb_conn_cnt", ob.connCnt(), rb.connCnt());
        d.eq("pb_limit", ob.limit(), rb.limit());
        d.eq("pb_slv", ob.slv(), rb.slv());
        d.eq("pb_pre_versions", Arrays.toString(ob.preVersions()), Arrays.toString(rb.preVersions()));
        d.eq("pb_padding64_2", List.of(ob.uid(), ob.gid()), List.of(rb.uid(), rb.gid()));
        d.eq("pb_jobid", ob.jobid(), rb.jobid());
        d.eq("xid multiple of 64", ox % 64, rx % 64);
        return d;
    }

    private static String hexOf(int v) {
        return String.format(Locale.ROOT, "0x%08x", v);
    }

    private static void assertSame(String what, Diff d) {
        assertThat(d.out).as("%s: fields where ours differs from Lustre 2.15's", what).isEmpty();
    }

    // ====================================================================== message by message

    @Test
    void mgsConnectRequest() {
        KsockMsg ours = nth(ourUp, MGS_CONNECT, 0);
        KsockMsg real = nth(realUp, MGS_CONNECT, 0);
        Diff d = compare(ours, real);
        // INITIAL_CONNECT_TIMEOUT and at_timeout2est of it: from obd_timeout, not from a clock
        d.eq("pb_timeout", ours.lustre().body().timeout(), real.lustre().body().timeout());
        d.eq("pb_service_time", ours.lustre().body().serviceTime(), real.lustre().body().serviceTime());
        LustreMsg o = ours.lustre();
        LustreMsg r = real.lustre();
        d.bytes("RMF_TGTUUID", o.buffer(1), r.buffer(1));
        d.bytes("RMF_SELINUX_POL", o.buffer(5), r.buffer(5));
        d.eq("ocd_connect_flags", hex64(o.ocd().connectFlags()), hex64(r.ocd().connectFlags()));
        d.eq("ocd_connect_flags2", hex64(o.ocd().connectFlags2()), hex64(r.ocd().connectFlags2()));
        d.eq("ocd_version 2.15", o.ocd().version() >>> 16, r.ocd().version() >>> 16);
        d.bytes("obd_connect_data past ocd_version", o.buffer(4).position(12), r.buffer(4).position(12));
        assertSame("MGS_CONNECT request", d);
        assertThat(o.ocd().version()).as("we announce 2.15.0.0").isEqualTo(0x020f0000);
    }

    @Test
    void mgsConnectReply() {
        KsockMsg ours = nth(ourDown, MGS_CONNECT, 0);
        KsockMsg real = nth(realDown, MGS_CONNECT, 0);
        Diff d = compare(ours, real);
        LustreMsg o = ours.lustre();
        LustreMsg r = real.lustre();
        d.eq("pb_timeout", o.body().timeout(), r.body().timeout());
        d.eq("pb_service_time", o.body().serviceTime(), r.body().serviceTime());
        d.eq("ocd_connect_flags", hex64(o.ocd().connectFlags()), hex64(r.ocd().connectFlags()));
        d.eq("ocd_connect_flags2", hex64(o.ocd().connectFlags2()), hex64(r.ocd().connectFlags2()));
        d.bytes("obd_connect_data past ocd_version", o.buffer(1).position(12), r.buffer(1).position(12));
        assertSame("MGS_CONNECT reply", d);
        assertThat(o.ocd().version()).isEqualTo(0x020f0000);
        assertThat(ours.lnet().matchBits()).isEqualTo(nth(ourUp, MGS_CONNECT, 0).lnet().matchBits());
    }

    @Test
    void llogCreateOfALogThatDoesNotExist() {
        KsockMsg oq = nth(ourUp, LLOG_ORIGIN_HANDLE_CREATE, 0);
        KsockMsg rq = nth(realUp, LLOG_ORIGIN_HANDLE_CREATE, 0);
        Diff d = compare(oq, rq);
        for (int i = 1; i < 4; i++) {
            d.bytes("request buffer " + i + " (llogd_body, name, mdt_body)", oq.lustre().buffer(i),
                    rq.lustre().buffer(i));
        }
        assertSame("LLOG_ORIGIN_HANDLE_CREATE lustre-sptlrpc", d);
        handleAndTimes(oq);

        KsockMsg op = nth(ourDown, LLOG_ORIGIN_HANDLE_CREATE, 0);
        KsockMsg rp = nth(realDown, LLOG_ORIGIN_HANDLE_CREATE, 0);
        Diff e = compare(op, rp);
        if (op.lustre().bufcount() > 1) {
            e.bytes("the zeroed llogd_body", op.lustre().buffer(1), rp.lustre().buffer(1));
        }
        assertSame("its -ENOENT reply", e);
        assertThat(op.lustre().body().status()).isEqualTo(-2);
        replyTimes(op);
    }

    @Test
    void llogCreateOfTheClientLog() {
        KsockMsg oq = nth(ourUp, LLOG_ORIGIN_HANDLE_CREATE, 1);
        KsockMsg rq = nth(realUp, LLOG_ORIGIN_HANDLE_CREATE, 1);
        Diff d = compare(oq, rq);
        for (int i = 1; i < 4; i++) {
            d.bytes("request buffer " + i, oq.lustre().buffer(i), rq.lustre().buffer(i));
        }
        assertSame("LLOG_ORIGIN_HANDLE_CREATE lustre-client", d);
        handleAndTimes(oq);

        KsockMsg op = nth(ourDown, LLOG_ORIGIN_HANDLE_CREATE, 1);
        KsockMsg rp = nth(realDown, LLOG_ORIGIN_HANDLE_CREATE, 1);
        Diff e = compare(op, rp);
        e.bytes("llogd_body past lgd_logid", op.lustre().buffer(1).position(20), rp.lustre().buffer(1).position(20));
        e.eq("lgd_logid oi_seq: FID_SEQ_LLOG_NAME", op.lustre().buffer(1).getLong(8),
                rp.lustre().buffer(1).getLong(8));
        e.eq("lgl_ogen", op.lustre().buffer(1).getInt(16), rp.lustre().buffer(1).getInt(16));
        assertSame("its reply", e);
        replyTimes(op);
    }

    @Test
    void llogReadHeaderAndNextBlockRequests() {
        ByteBuffer logid = nth(ourDown, LLOG_ORIGIN_HANDLE_CREATE, 1).lustre().buffer(1).limit(20);
        for (int opc : new int[] {LLOG_ORIGIN_HANDLE_READ_HEADER, LLOG_ORIGIN_HANDLE_NEXT_BLOCK}) {
            KsockMsg oq = nth(ourUp, opc, 0);
            KsockMsg rq = nth(realUp, opc, 0);
            Diff d = compare(oq, rq);
            d.bytes("llogd_body past lgd_logid", oq.lustre().buffer(1).position(20), rq.lustre().buffer(1).position(20));
            d.bytes("lgd_logid: the one CREATE returned", oq.lustre().buffer(1).limit(20), logid);
            assertSame("request " + opc, d);
            handleAndTimes(oq);
        }
    }

    @Test
    void llogReadRepliesHaveTheLayouts215GivesThem() {
        // not in the capture (they went over the MGS's bulk socket): llog_log_hdr_only and
        // llog_origin_handle_next_block_server of layout.c, past the early-reply room
        KsockMsg header = nth(ourDown, LLOG_ORIGIN_HANDLE_READ_HEADER, 0);
        assertThat(header.lustre().buflens()).containsExactly(PTLRPC_BODY_V3_SIZE, 8192);
        assertThat(header.lnet().offset()).isEqualTo(LUSTRE_MSG_EARLY_SIZE);
        assertThat(header.lustre().size()).isEqualTo(nth(realUp, LLOG_ORIGIN_HANDLE_READ_HEADER, 0).lustre().repsize());
        KsockMsg block = nth(ourDown, LLOG_ORIGIN_HANDLE_NEXT_BLOCK, 0);
        assertThat(block.lustre().buflens()).containsExactly(PTLRPC_BODY_V3_SIZE, 48, 8192);
        assertThat(block.lnet().offset()).isEqualTo(LUSTRE_MSG_EARLY_SIZE);
        assertThat(block.lustre().size()).isEqualTo(nth(realUp, LLOG_ORIGIN_HANDLE_NEXT_BLOCK, 0).lustre().repsize());
        replyTimes(header);
        replyTimes(block);
    }

    @Test
    void theRealCaptureFollowsTheSameRules() {
        for (int opc : new int[] {LLOG_ORIGIN_HANDLE_CREATE, LLOG_ORIGIN_HANDLE_READ_HEADER}) {
            handleAndTimes(realUp, realDown, nth(realUp, opc, 0));
        }
        for (KsockMsg m : rpcs(realDown)) {
            assertThat(m.lustre().body().timeout()).isEqualTo(1);
            assertThat(m.lustre().body().serviceTime()).isEqualTo(1);
        }
    }

    /**
     * A request after the CONNECT names the export the CONNECT reply gave, and asks for
     * {@code at_est2timeout} of the estimate in the reply before it.
     */
    private void handleAndTimes(KsockMsg req) {
        handleAndTimes(ourUp, ourDown, req);
    }

    private static void handleAndTimes(List<KsockMsg> up, List<KsockMsg> down, KsockMsg req) {
        PtlrpcBody b = req.lustre().body();
        assertThat(b.handle()).as("pb_handle of %s", req).isEqualTo(nth(down, MGS_CONNECT, 0).lustre().body().handle());
        KsockMsg before = null;
        for (KsockMsg m : rpcs(down)) {
            if (m.lnet().matchBits() < req.lnet().matchBits()) {
                before = m;
            }
        }
        assertThat(before).as("a reply before %s", req).isNotNull();
        int est = before.lustre().body().timeout();
        assertThat(b.timeout()).as("pb_timeout of %s: at_est2timeout(%d)", req, est).isEqualTo(est + (est >> 2) + 5);
        assertThat(b.serviceTime()).isZero();
    }

    /** A reply reports its time here (at least 1 s) and the service estimate (at least that). */
    private static void replyTimes(KsockMsg reply) {
        PtlrpcBody b = reply.lustre().body();
        assertThat(b.serviceTime()).as("pb_service_time of %s", reply).isPositive();
        assertThat(b.timeout()).as("pb_timeout of %s", reply).isGreaterThanOrEqualTo(b.serviceTime());
    }

    private static String hex64(long v) {
        return String.format(Locale.ROOT, "0x%016x", v);
    }
}
