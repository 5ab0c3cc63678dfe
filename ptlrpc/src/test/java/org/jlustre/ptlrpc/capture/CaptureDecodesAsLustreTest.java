package org.jlustre.ptlrpc.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.testing.capture.LustreWireDecoder.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.AcceptPolicy;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.testing.capture.LustreWireDecoder.KsockMsg;
import org.jlustre.testing.capture.LustreWireDecoder.LustreMsg;
import org.jlustre.testing.capture.LustreWireDecoder.Stream;
import org.jlustre.testing.capture.PcapWriter.Frame;
import org.jlustre.testing.capture.RecordingProxy.Chunk;
import org.jlustre.testing.capture.RecordingProxy.Direction;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.testing.capture.LustreWireDecoder;
import org.jlustre.testing.capture.PcapWriter;
import org.jlustre.testing.capture.RecordingProxy;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A socklnd connection between an echo client and the echo server, recorded by a TCP proxy and
 * written as a pcap, decodes as LNet + Lustre: checked message by message with
 * {@link LustreWireDecoder} (written from the reference, not from the production codecs) and,
 * where tshark is installed, by Wireshark's lnet and lustre dissectors.
 *
 * <p>The client does: connect, ping, an inline echo, a 4 MiB bulk write (the server GETs it)
 * and read back (the server PUTs it), disconnect. The capture is
 * {@code target/captures/echo.pcap}, with the server on TCP port 988.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureDecodesAsLustreTest {

    private static final int SERVER_ADDR = 0x7f000001;
    private static final int CLIENT_ADDR = 0x7f000002;
    private static final int CAPTURE_SERVER_PORT = 988;
    private static final int BULK = 4 << 20;
    private static final int MIB = 1 << 20;
    private static final byte[] INLINE = "jlustre capture: an inline echo payload".getBytes(StandardCharsets.US_ASCII);
    private static final String CLIENT_NAME = "capture-client";

    private final long serverNid = tcpNid(SERVER_ADDR);
    private final long clientNid = tcpNid(CLIENT_ADDR);
    private byte[] bulkData;
    private RecordingProxy.Connection conn;
    private List<Chunk> chunks;
    private byte[] up;
    private byte[] down;
    private Stream upStream;
    private Stream downStream;
    private List<Frame> frames;
    private Path pcap;
    private long writeCrc;

    @BeforeAll
    void captureAConversation() throws Exception {
        bulkData = new byte[BULK];
        new Random(20240501).nextBytes(bulkData);
        CRC32C crc = new CRC32C();
        crc.update(bulkData);
        writeCrc = crc.getValue();

        Lnet serverLnet = null;
        Ptlrpc server = null;
        EchoService echo = null;
        Lnet clientLnet = null;
        Ptlrpc client = null;
        RecordingProxy proxy = null;
        try {
            serverLnet = Lnet.create(quietLibcfs(1));
            // accept=all: the client connects from a privileged port only when the tests run as root
            Socklnd s = (Socklnd) serverLnet.addNi(Socklnd.tcp(SocklndConfig.of(Nid.fromLnetNid(serverNid))
                    .withAcceptPort(0).withPeerPort(n -> 1).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60))
                    .withAcceptMode(AcceptPolicy.Mode.ALL)));
            server = Ptlrpc.start(serverLnet);
            echo = new EchoService(server, EchoService.config(2, 1 << 16));

            proxy = new RecordingProxy(new InetSocketAddress(ipv4(SERVER_ADDR), s.acceptPort()));
            int proxyPort = proxy.port();
            clientLnet = Lnet.create(quietLibcfs(2));
            clientLnet.addNi(Socklnd.tcp(SocklndConfig.of(Nid.fromLnetNid(clientNid)).withAcceptPort(0)
                    .withListen(false).withPeerPort(n -> proxyPort)
                    .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60))));
            client = Ptlrpc.start(clientLnet);
            ImportConfig cfg = EchoService.importConfig(CLIENT_NAME, List.of(Nid.fromLnetNid(serverNid)),
                    Duration.ofSeconds(10));
            Import imp = new Import(client, cfg);
            converse(imp);

            client.close();
            clientLnet.close();
            clientLnet = null;
            assertThat(proxy.connections()).as("TCP connections through the proxy").hasSize(1);
            conn = proxy.connections().getFirst();
            assertThat(conn.awaitClosed(Duration.ofSeconds(5))).as("both directions closed").isTrue();
            assertThat(conn.failure()).as("proxy I/O error").isNull();
        } finally {
            if (clientLnet != null) {
                if (client != null) {
                    client.close();
                }
                clientLnet.close();
            }
            if (echo != null) {
                echo.close();
            }
            if (server != null) {
                server.close();
            }
            if (serverLnet != null) {
                serverLnet.close();
            }
            if (proxy != null) {
                proxy.close();
            }
        }
        chunks = conn.chunks();
        up = conn.stream(Direction.CLIENT_TO_SERVER);
        down = conn.stream(Direction.SERVER_TO_CLIENT);
        upStream = LustreWireDecoder.decode(up, true);
        downStream = LustreWireDecoder.decode(down, false);

        pcap = Path.of("target", "captures", "echo.pcap");
        Map<Direction, List<Long>> cuts = new EnumMap<>(Direction.class);
        cuts.put(Direction.CLIENT_TO_SERVER, upStream.boundaries());
        cuts.put(Direction.SERVER_TO_CLIENT, downStream.boundaries());
        frames = PcapWriter.write(pcap, chunks, conn.openedMicros(),
                new PcapWriter.Endpoint(ipv4(CLIENT_ADDR), conn.clientAddress().getPort()),
                new PcapWriter.Endpoint(ipv4(SERVER_ADDR), CAPTURE_SERVER_PORT), cuts);
        System.out.printf(Locale.ROOT, "capture: %d chunks, %d + %d bytes, %d frames in %s%n", chunks.size(), up.length,
                down.length, frames.size(), pcap.toAbsolutePath());
        System.out.println("  c->s " + upStream.connreq() + " " + upStream.hello());
        System.out.println("  s->c " + downStream.hello());
        upStream.msgs().forEach(m -> System.out.println("  c->s " + m));
        downStream.msgs().forEach(m -> System.out.println("  s->c " + m));
    }

    private void converse(Import imp) throws LustreException {
        imp.connectSync();
        assertThat(imp.ping().status()).isZero();

        ClientRequest e = imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, INLINE.length);
        e.buf(1).copyFrom(MemorySegment.ofArray(INLINE));
        e.replyCapacity(INLINE.length + 512);
        assertThat(imp.call(e).status()).isZero();

        try (Arena arena = Arena.ofShared()) {
            MemorySegment out = arena.allocate(BULK);
            out.copyFrom(MemorySegment.ofArray(bulkData));
            ClientRequest w = imp.request(EchoService.ECHO_WRITE, MsgFlags.LUSTRE_OST_VERSION, 16);
            w.buf(1).set(Le.U64, 0, BULK);
            w.buf(1).set(Le.U64, 8, EchoService.WRITE_CRC);
            w.bulk(ClientRequest.BulkType.GET_SOURCE, List.of(out));
            Reply wr = imp.call(w);
            assertThat(wr.status()).isZero();

            MemorySegment in = arena.allocate(BULK);
            ClientRequest rd = imp.request(EchoService.ECHO_READ, MsgFlags.LUSTRE_OST_VERSION);
            rd.bulk(ClientRequest.BulkType.PUT_SINK, List.of(in));
            assertThat(imp.call(rd).status()).isZero();
            assertThat(in.mismatch(out)).isEqualTo(-1);
        }
        imp.close();
    }

    @AfterAll
    void report() {
        if (pcap != null) {
            System.out.println("capture left in " + pcap.toAbsolutePath());
        }
    }

    private static Libcfs quietLibcfs(long seed) {
        Libcfs l = new Libcfs(TimeSource.system(), new SplittableRandom(seed));
        l.debug().setConsole(null);
        return l;
    }

    private static Inet4Address ipv4(int a) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16),
                    (byte) (a >>> 8), (byte) a});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ====================================================================== the decoder's view

    @Test
    void connectionSetupDecodes() {
        Connreq cr = upStream.connreq();
        assertThat(cr.offset()).isZero();
        assertThat(cr.magic()).isEqualTo(0xacce7100);
        assertThat(cr.version()).isEqualTo(1);
        assertThat(cr.nid()).as("connreq target NID %s", nid(cr.nid())).isEqualTo(serverNid);

        Hello ch = upStream.hello();
        assertThat(ch.offset()).isEqualTo(16);
        assertThat(ch.magic()).isEqualTo(0x45726963);
        assertThat(ch.version()).isEqualTo(3);
        assertThat(ch.srcNid()).as("client hello src").isEqualTo(clientNid);
        assertThat(ch.dstNid()).as("client hello dst").isEqualTo(serverNid);
        assertThat(ch.srcPid()).isEqualTo(LNET_PID_LUSTRE);
        assertThat(ch.srcIncarnation()).isNotZero();
        assertThat(ch.nips()).isZero();
        assertThat(ch.ctype()).as("a V3 peer never sends on ctype ANY").isIn(SOCKLND_CONN_CONTROL,
                SOCKLND_CONN_BULK_IN, SOCKLND_CONN_BULK_OUT);

        Hello sh = downStream.hello();
        assertThat(sh.offset()).isZero();
        assertThat(sh.magic()).isEqualTo(0x45726963);
        assertThat(sh.version()).isEqualTo(3);
        assertThat(sh.srcNid()).as("server hello src").isEqualTo(serverNid);
        assertThat(sh.dstNid()).as("server hello dst").isEqualTo(clientNid);
        assertThat(sh.srcPid()).isEqualTo(LNET_PID_LUSTRE);
        assertThat(sh.srcIncarnation()).isNotZero();
        assertThat(sh.nips()).isZero();
        int inverted = switch (ch.ctype()) {
            case SOCKLND_CONN_BULK_IN -> SOCKLND_CONN_BULK_OUT;
            case SOCKLND_CONN_BULK_OUT -> SOCKLND_CONN_BULK_IN;
            default -> ch.ctype();
        };
        assertThat(sh.ctype()).as("the acceptor answers with the inverted type").isEqualTo(inverted);
    }

    @Test
    void everyMessageDecodesInOrder() {
        List<KsockMsg> ups = upStream.msgs();
        List<KsockMsg> downs = downStream.msgs();
        assertThat(ups).as("no NOOPs (keepalive is 60 s)").noneMatch(KsockMsg::isNoop);
        assertThat(downs).as("no NOOPs (keepalive is 60 s)").noneMatch(KsockMsg::isNoop);
        for (KsockMsg m : ups) {
            lnetCommon(m, clientNid, serverNid, LNET_PID_LUSTRE);
        }
        // the server answers a client on an ordinary port (not root) as a user-space process
        // (ksocknal_recv_hello): pid = port | LNET_PID_USERFLAG
        int port = conn.serverSidePort();
        int clientPid = port <= 1023 ? LNET_PID_LUSTRE : port | 0x80000000;
        for (KsockMsg m : downs) {
            lnetCommon(m, serverNid, clientNid, clientPid);
        }
        Iterator<KsockMsg> u = ups.iterator();
        Iterator<KsockMsg> d = downs.iterator();

        // OST_CONNECT
        KsockMsg connect = request(u, OST_CONNECT, LUSTRE_OBD_VERSION);
        LustreMsg cm = connect.lustre();
        assertThat(cm.bufcount()).isEqualTo(6);
        assertThat(cm.buflens()).as("connect buflens").containsExactly(PTLRPC_BODY_V3_SIZE, 39, 39, 8, 192, 0);
        assertThat(cm.repsize()).as("reply room for a 320-byte connect data").isEqualTo(544);
        assertThat(cm.flags()).as("a CONNECT's lm_flags").isZero();
        assertThat(cm.body().opFlags()).as("MSG_CONNECT_INITIAL").isEqualTo(0x20);
        assertThat(cm.body().lastXid()).isZero();
        assertThat(cm.targetUuid()).isEqualTo("echo_UUID");
        assertThat(cm.clientUuid()).isEqualTo(CLIENT_NAME + "_UUID");
        assertThat(cm.ocd().connectFlags()).isEqualTo(0x1000L | 0x1000000L); // IBITS | AT
        assertThat(cm.body().handle()).as("an initial connect names no export").isZero();
        assertThat(cm.body().connCnt()).isEqualTo(1);
        KsockMsg connectReply = reply(d, connect);
        LustreMsg crm = connectReply.lustre();
        long exportCookie = crm.body().handle();
        assertThat(exportCookie).as("the connect reply names the export").isNotZero();
        assertThat(crm.bufcount()).isGreaterThanOrEqualTo(2);
        assertThat(crm.ocd()).isNotNull();
        assertThat(crm.ocd().connectFlags() & ~(0x1000L | 0x1000000L)).as("granted flags are a subset of those asked").isZero();

        // OBD_PING
        KsockMsg ping = request(u, OBD_PING, LUSTRE_OBD_VERSION);
        assertThat(ping.lustre().bufcount()).isEqualTo(1);
        connected(ping, exportCookie);
        reply(d, ping);

        // inline echo
        KsockMsg echo = request(u, EchoService.ECHO, LUSTRE_OST_VERSION);
        connected(echo, exportCookie);
        assertThat(bytes(echo.lustre().buffer(1))).isEqualTo(INLINE);
        KsockMsg echoReply = reply(d, echo);
        assertThat(bytes(echoReply.lustre().buffer(1))).isEqualTo(INLINE);

        // 4 MiB bulk write: the server GETs the client's 4 MDs, the client REPLYs with the data
        KsockMsg write = request(u, EchoService.ECHO_WRITE, LUSTRE_OST_VERSION);
        connected(write, exportCookie);
        assertThat(write.lustre().buffer(1).getLong(0)).isEqualTo(BULK);
        long wxid = write.lnet().matchBits();
        assertThat(write.lustre().body().mbits()).as("pb_mbits = xid + total_md - 1").isEqualTo(wxid + 3);
        Map<Long, KsockMsg> gets = new TreeMap<>();
        for (int i = 0; i < 4; i++) {
            KsockMsg g = next(d, "bulk GET " + i);
            assertThat(g.lnet().type()).as("%s", g).isEqualTo(LNET_MSG_GET);
            assertThat(g.lnet().ptlIndex()).as("%s", g).isEqualTo(OST_BULK_PORTAL);
            assertThat(g.lnet().payloadLength()).as("%s", g).isZero();
            assertThat(g.lnet().sinkLength()).as("%s", g).isEqualTo(MIB);
            assertThat(g.lnet().srcOffset()).as("%s", g).isZero();
            assertThat(g.lnet().wmdInterfaceCookie()).as("%s return wmd", g).isNotEqualTo(LNET_WIRE_HANDLE_COOKIE_NONE);
            assertThat(gets.put(g.lnet().matchBits(), g)).as("%s: match bits twice", g).isNull();
        }
        assertThat(gets.keySet()).as("bulk GET match bits").containsExactly(wxid, wxid + 1, wxid + 2, wxid + 3);
        byte[] pulled = new byte[BULK];
        Set<Long> answered = new HashSet<>();
        long lastReplySeq = -1;
        for (int i = 0; i < 4; i++) {
            KsockMsg r = next(u, "bulk REPLY " + i);
            assertThat(r.lnet().type()).as("%s", r).isEqualTo(LNET_MSG_REPLY);
            assertThat(r.lnet().payloadLength()).as("%s", r).isEqualTo(MIB);
            KsockMsg g = gets.values().stream()
                    .filter(x -> x.lnet().wmdInterfaceCookie() == r.lnet().wmdInterfaceCookie()
                            && x.lnet().wmdObjectCookie() == r.lnet().wmdObjectCookie())
                    .findFirst().orElse(null);
            assertThat(g).as("%s answers a GET (dst_wmd = the GET's return_wmd)", r).isNotNull();
            assertThat(answered.add(g.lnet().matchBits())).as("%s answers a GET twice", r).isTrue();
            r.payload().get(0, pulled, (int) (g.lnet().matchBits() - wxid) * MIB, MIB);
            lastReplySeq = Math.max(lastReplySeq, seqOf(Direction.CLIENT_TO_SERVER, r.end() - 1));
        }
        assertThat(pulled).as("the bulk the server pulled is what the client wrote").isEqualTo(bulkData);
        KsockMsg writeReply = reply(d, write);
        assertThat(writeReply.lustre().buffer(1).getLong(0)).isEqualTo(BULK);
        assertThat(writeReply.lustre().buffer(1).getLong(8)).isEqualTo(writeCrc);
        assertThat(seqOf(Direction.SERVER_TO_CLIENT, writeReply.offset()))
                .as("the write reply leaves after the last bulk REPLY arrived").isGreaterThan(lastReplySeq);

        // 4 MiB bulk read: the server PUTs (with ACK) into the client's 4 MDs
        KsockMsg read = request(u, EchoService.ECHO_READ, LUSTRE_OST_VERSION);
        connected(read, exportCookie);
        long rxid = read.lnet().matchBits();
        assertThat(read.lustre().body().mbits()).as("pb_mbits = xid + total_md - 1").isEqualTo(rxid + 3);
        Map<Long, KsockMsg> puts = new TreeMap<>();
        byte[] pushed = new byte[BULK];
        for (int i = 0; i < 4; i++) {
            KsockMsg p = next(d, "bulk PUT " + i);
            assertThat(p.lnet().type()).as("%s", p).isEqualTo(LNET_MSG_PUT);
            assertThat(p.lnet().ptlIndex()).as("%s", p).isEqualTo(OST_BULK_PORTAL);
            assertThat(p.lnet().payloadLength()).as("%s", p).isEqualTo(MIB);
            assertThat(p.lnet().offset()).as("%s", p).isZero();
            assertThat(p.lnet().hdrData()).as("%s", p).isZero();
            assertThat(p.lnet().wmdInterfaceCookie()).as("%s asks for an ACK", p).isNotEqualTo(LNET_WIRE_HANDLE_COOKIE_NONE);
            assertThat(p.lustre()).isNull();
            assertThat(puts.put(p.lnet().matchBits(), p)).as("%s: match bits twice", p).isNull();
            long k = p.lnet().matchBits() - rxid;
            assertThat(k).as("%s", p).isBetween(0L, 3L);
            p.payload().get(0, pushed, (int) k * MIB, MIB);
        }
        assertThat(puts.keySet()).as("bulk PUT match bits").containsExactly(rxid, rxid + 1, rxid + 2, rxid + 3);
        assertThat(pushed).as("the bulk the server pushed is what was written").isEqualTo(bulkData);
        Set<Long> acked = new HashSet<>();
        long lastAckSeq = -1;
        for (int i = 0; i < 4; i++) {
            KsockMsg a = next(u, "ACK " + i);
            assertThat(a.lnet().type()).as("%s", a).isEqualTo(LNET_MSG_ACK);
            assertThat(a.lnet().payloadLength()).as("%s", a).isZero();
            KsockMsg p = puts.get(a.lnet().matchBits());
            assertThat(p).as("%s acknowledges a bulk PUT", a).isNotNull();
            assertThat(acked.add(a.lnet().matchBits())).as("%s twice", a).isTrue();
            assertThat(a.lnet().wmdInterfaceCookie()).as("%s dst_wmd", a).isEqualTo(p.lnet().wmdInterfaceCookie());
            assertThat(a.lnet().wmdObjectCookie()).as("%s dst_wmd", a).isEqualTo(p.lnet().wmdObjectCookie());
            assertThat(a.lnet().mlength()).as("%s mlength", a).isEqualTo(MIB);
            lastAckSeq = Math.max(lastAckSeq, seqOf(Direction.CLIENT_TO_SERVER, a.end() - 1));
        }
        KsockMsg readReply = reply(d, read);
        assertThat(readReply.lustre().buffer(1).getLong(0)).isEqualTo(BULK);
        assertThat(seqOf(Direction.SERVER_TO_CLIENT, readReply.offset()))
                .as("the read reply leaves after the last bulk ACK arrived").isGreaterThan(lastAckSeq);

        // OST_DISCONNECT
        KsockMsg disc = request(u, OST_DISCONNECT, LUSTRE_OBD_VERSION);
        connected(disc, exportCookie);
        reply(d, disc);

        assertThat(u.hasNext()).as("nothing after DISCONNECT from the client: %s", ups).isFalse();
        assertThat(d.hasNext()).as("nothing after the DISCONNECT reply: %s", downs).isFalse();

        List<Long> xids = List.of(connect, ping, echo, write, read, disc).stream().map(m -> m.lnet().matchBits())
                .toList();
        assertThat(xids).as("xids increase").isSorted().doesNotHaveDuplicates();
        assertThat(upStream.length()).isEqualTo(up.length);
        assertThat(downStream.length()).isEqualTo(down.length);
    }

    private static void lnetCommon(KsockMsg m, long src, long dst, int dstPid) {
        assertThat(m.ksmType()).as("%s", m).isEqualTo(KSOCK_MSG_LNET);
        assertThat(m.csum()).as("%s ksm_csum (enable_csum is off)", m).isZero();
        assertThat(m.zcReqCookie()).as("%s zc req cookie", m).isZero();
        assertThat(m.zcAckCookie()).as("%s zc ack cookie", m).isZero();
        assertThat(m.lnet().srcNid()).as("%s src nid", m).isEqualTo(src);
        assertThat(m.lnet().destNid()).as("%s dest nid", m).isEqualTo(dst);
        assertThat(m.lnet().srcPid()).as("%s src pid", m).isEqualTo(LNET_PID_LUSTRE);
        assertThat(m.lnet().destPid()).as("%s dest pid", m).isEqualTo(dstPid);
    }

    private static KsockMsg next(Iterator<KsockMsg> it, String what) {
        assertThat(it.hasNext()).as("expected %s, stream ended", what).isTrue();
        return it.next();
    }

    /** The next message must be the request PUT for {@code opc}. */
    private static KsockMsg request(Iterator<KsockMsg> it, int opc, int targetVersion) {
        KsockMsg m = next(it, "request " + opc);
        assertThat(m.lnet().type()).as("%s", m).isEqualTo(LNET_MSG_PUT);
        assertThat(m.lnet().ptlIndex()).as("%s request portal", m).isEqualTo(OST_REQUEST_PORTAL);
        assertThat(m.lnet().offset()).as("%s", m).isZero();
        assertThat(m.lnet().hdrData()).as("%s", m).isZero();
        assertThat(m.lnet().wmdInterfaceCookie()).as("%s: requests want no ACK", m).isEqualTo(LNET_WIRE_HANDLE_COOKIE_NONE);
        assertThat(m.lnet().wmdObjectCookie()).as("%s: requests want no ACK", m).isEqualTo(LNET_WIRE_HANDLE_COOKIE_NONE);
        LustreMsg l = m.lustre();
        assertThat(l).as("%s carries a lustre_msg", m).isNotNull();
        assertThat(l.magic()).isEqualTo(LUSTRE_MSG_MAGIC_V2);
        assertThat(l.secflvr()).as("%s null flavour", m).isZero();
        assertThat(l.size()).as("%s: the PUT carries exactly the message", m).isEqualTo(m.lnet().payloadLength());
        assertThat(l.body().length()).as("%s ptlrpc_body", m).isIn(PTLRPC_BODY_V2_SIZE, PTLRPC_BODY_V3_SIZE);
        assertThat(l.body().type()).as("%s pb_type", m).isEqualTo(PTL_RPC_MSG_REQUEST);
        assertThat(l.body().opc()).as("%s pb_opc", m).isEqualTo(opc);
        assertThat(l.body().status()).as("%s pb_status: the sender's thread", m).isPositive();
        assertThat(l.body().version()).as("%s pb_version", m).isEqualTo(targetVersion | PTLRPC_MSG_VERSION);
        long xid = m.lnet().matchBits();
        assertThat(xid % 64).as("%s xid: a multiple of PTLRPC_BULK_OPS_COUNT", m).isZero();
        if (opc != OST_CONNECT && opc != OST_DISCONNECT) {
            assertThat(l.body().lastXid()).as("%s pb_last_xid, nothing else outstanding", m).isEqualTo(xid - 1);
        }
        return m;
    }

    /** A request after CONNECT carries the export's handle and the connection count. */
    private static void connected(KsockMsg m, long cookie) {
        assertThat(m.lustre().body().handle()).as("%s pb_handle", m).isEqualTo(cookie);
        assertThat(m.lustre().body().connCnt()).as("%s pb_conn_cnt", m).isEqualTo(1);
    }

    /** The next message must be the reply PUT to {@code req}. */
    private static KsockMsg reply(Iterator<KsockMsg> it, KsockMsg req) {
        int opc = req.lustre().body().opc();
        KsockMsg m = next(it, "reply to " + opc);
        assertThat(m.lnet().type()).as("%s", m).isEqualTo(LNET_MSG_PUT);
        assertThat(m.lnet().ptlIndex()).as("%s reply portal", m).isEqualTo(OSC_REPLY_PORTAL);
        assertThat(m.lnet().matchBits()).as("%s: reply match bits = request xid", m).isEqualTo(req.lnet().matchBits());
        int expectedOffset = (req.lustre().flags() & MSGHDR_AT_SUPPORT) != 0 ? LUSTRE_MSG_EARLY_SIZE : 0;
        assertThat(m.lnet().offset()).as("%s reply offset for request lm_flags %x", m, req.lustre().flags())
                .isEqualTo(expectedOffset);
        assertThat(m.lnet().hdrData()).as("%s", m).isZero();
        assertThat(m.lnet().wmdInterfaceCookie()).as("%s: plain replies want no ACK", m)
                .isEqualTo(LNET_WIRE_HANDLE_COOKIE_NONE);
        LustreMsg l = m.lustre();
        assertThat(l).as("%s carries a lustre_msg", m).isNotNull();
        assertThat(l.magic()).isEqualTo(LUSTRE_MSG_MAGIC_V2);
        assertThat(l.size()).as("%s: the PUT carries exactly the message", m).isEqualTo(m.lnet().payloadLength());
        assertThat(l.body().length()).as("%s ptlrpc_body", m).isIn(PTLRPC_BODY_V2_SIZE, PTLRPC_BODY_V3_SIZE);
        assertThat(l.body().type()).as("%s pb_type", m).isEqualTo(PTL_RPC_MSG_REPLY);
        assertThat(l.body().opc()).as("%s pb_opc", m).isEqualTo(opc);
        assertThat(l.body().status()).as("%s pb_status", m).isZero();
        assertThat(l.body().version() & ~LUSTRE_VERSION_MASK).as("%s pb_version", m).isEqualTo(PTLRPC_MSG_VERSION);
        assertThat(l.flags()).as("%s lm_flags of a reply", m).isZero();
        assertThat(l.body().lastXid()).as("%s pb_last_xid of a reply", m).isZero();
        assertThat(l.body().connCnt()).as("%s pb_conn_cnt of a reply", m).isZero();
        assertThat(l.body().serviceTime()).as("%s pb_service_time", m).isPositive();
        assertThat(l.body().timeout()).as("%s pb_timeout: the service estimate", m).isPositive();
        return m;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(b.position(), a);
        return a;
    }

    /** The sequence number of the chunk that carried stream byte {@code offset}. */
    private long seqOf(Direction d, long offset) {
        long at = 0;
        for (Chunk c : chunks) {
            if (c.dir() != d) {
                continue;
            }
            if (offset < at + c.data().length) {
                return c.seq();
            }
            at += c.data().length;
        }
        throw new IllegalArgumentException(d + " offset " + offset + " past the stream");
    }

    @Test
    void decoderRefusesWhatTheReferenceDoesNotAllow() {
        long first = upStream.msgs().getFirst().offset();
        byte[] badType = up.clone();
        badType[(int) first] = (byte) 0xc2;
        assertThatThrownBy(() -> LustreWireDecoder.decode(badType, true)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("at stream offset " + first).hasMessageContaining("ksm_type 000000c2");
        byte[] badMagic = up.clone();
        badMagic[(int) first + KSOCK_HDR_SIZE + LNET_HDR_SIZE + 8] ^= 1;
        assertThatThrownBy(() -> LustreWireDecoder.decode(badMagic, true)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("lm_magic 0bd00bd2");
        byte[] cut = java.util.Arrays.copyOf(up, up.length - 1);
        assertThatThrownBy(() -> LustreWireDecoder.decode(cut, true)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("payload needs");
        byte[] badConnreq = up.clone();
        badConnreq[3] = 0;
        assertThatThrownBy(() -> LustreWireDecoder.decode(badConnreq, true)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("acceptor magic 00ce7100");
        assertThatThrownBy(() -> LustreWireDecoder.decode(down, true)).as("the server's side has no connreq")
                .isInstanceOf(DecodeException.class).hasMessageContaining("acceptor magic 45726963");
    }

    // ====================================================================== the pcap itself

    @Test
    void pcapIsAWellFormedTcpConnection() throws IOException {
        byte[] file = Files.readAllBytes(pcap);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0xa1b2c3d4);
        assertThat(b.getShort(4)).isEqualTo((short) 2);
        assertThat(b.getShort(6)).isEqualTo((short) 4);
        assertThat(b.getInt(20)).as("LINKTYPE_ETHERNET").isEqualTo(1);
        Map<Direction, java.io.ByteArrayOutputStream> payload = new EnumMap<>(Direction.class);
        Map<Direction, Long> nextSeq = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            payload.put(d, new java.io.ByteArrayOutputStream());
        }
        int p = 24;
        int n = 0;
        List<Integer> flagsSeen = new ArrayList<>();
        long prevTs = 0;
        while (p < file.length) {
            long ts = b.getInt(p) * 1_000_000L + b.getInt(p + 4);
            assertThat(ts).as("timestamps never go back").isGreaterThanOrEqualTo(prevTs);
            prevTs = ts;
            int len = b.getInt(p + 8);
            assertThat(b.getInt(p + 12)).isEqualTo(len);
            ByteBuffer f = ByteBuffer.wrap(file, p + 16, len).slice().order(ByteOrder.BIG_ENDIAN);
            p += 16 + len;
            n++;
            assertThat(f.getShort(12)).as("IPv4 ethertype").isEqualTo((short) 0x0800);
            int ip = 14;
            assertThat(f.get(ip) & 0xff).isEqualTo(0x45);
            assertThat(f.getShort(ip + 2) & 0xffff).isEqualTo(len - 14);
            assertThat(fold(sum(f, ip, 20, 0))).as("frame %d IPv4 checksum", n).isEqualTo(0xffff);
            int tcp = ip + 20;
            int tcpLen = len - tcp;
            long pseudo = sum(f, ip + 12, 8, 0) + 6 + tcpLen;
            assertThat(fold(sum(f, tcp, tcpLen, pseudo))).as("frame %d TCP checksum", n).isEqualTo(0xffff);
            int sport = f.getShort(tcp) & 0xffff;
            int dport = f.getShort(tcp + 2) & 0xffff;
            assertThat(sport == CAPTURE_SERVER_PORT || dport == CAPTURE_SERVER_PORT).isTrue();
            Direction d = dport == CAPTURE_SERVER_PORT ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
            long seq = f.getInt(tcp + 4) & 0xffffffffL;
            long ack = f.getInt(tcp + 8) & 0xffffffffL;
            int hlen = ((f.get(tcp + 12) & 0xff) >>> 4) * 4;
            int flags = f.get(tcp + 13) & 0x3f;
            int dataLen = tcpLen - hlen;
            assertThat(dataLen).as("frame %d payload", n).isBetween(0, PcapWriter.MAX_SEGMENT);
            if (n <= 3) {
                flagsSeen.add(flags);
            }
            if ((flags & PcapWriter.TCP_SYN) != 0) {
                nextSeq.put(d, seq + 1);
                continue;
            }
            assertThat(seq).as("frame %d seq", n).isEqualTo(nextSeq.get(d));
            assertThat(ack).as("frame %d ack", n).isEqualTo(nextSeq.get(d.other()));
            byte[] data = new byte[dataLen];
            f.get(tcp + hlen, data);
            payload.get(d).writeBytes(data);
            nextSeq.put(d, seq + dataLen + ((flags & PcapWriter.TCP_FIN) != 0 ? 1 : 0));
        }
        assertThat(n).isEqualTo(frames.size());
        assertThat(flagsSeen).as("handshake").containsExactly(PcapWriter.TCP_SYN,
                PcapWriter.TCP_SYN | PcapWriter.TCP_ACK, PcapWriter.TCP_ACK);
        assertThat(frames.stream().filter(f -> (f.flags() & PcapWriter.TCP_FIN) != 0).map(Frame::dir))
                .as("one FIN each way").containsExactlyInAnyOrder(Direction.values());
        assertThat(payload.get(Direction.CLIENT_TO_SERVER).toByteArray()).isEqualTo(up);
        assertThat(payload.get(Direction.SERVER_TO_CLIENT).toByteArray()).isEqualTo(down);
        // every decoded structure starts a segment of its own
        for (Direction d : Direction.values()) {
            Stream s = d == Direction.CLIENT_TO_SERVER ? upStream : downStream;
            Set<Long> starts = frames.stream().filter(f -> f.dir() == d && f.end() > f.start()).map(Frame::start)
                    .collect(Collectors.toSet());
            for (long at : s.boundaries().subList(0, s.boundaries().size() - 1)) {
                assertThat(starts).as("%s: a segment starts at %d", d, at).contains(at);
            }
        }
    }

    private static long sum(ByteBuffer f, int off, int len, long initial) {
        long s = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            s += f.getShort(off + i) & 0xffff;
        }
        if ((len & 1) != 0) {
            s += (f.get(off + len - 1) & 0xff) << 8;
        }
        return s;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    // ====================================================================== Wireshark's view

    /**
     * Where tshark is: {@code -Dtshark=/path}, else the first {@code tshark} on PATH. Without one
     * the calling test fails (CI installs it: {@code .ci/run}); only an explicit
     * {@code -Dtshark=none} skips the Wireshark checks, for a machine that cannot have it.
     */
    private static Path requireTshark() {
        String prop = System.getProperty("tshark");
        if ("none".equals(prop)) {
            Assumptions.abort("the Wireshark checks are disabled with -Dtshark=none");
        }
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            assertThat(Files.isExecutable(p)).as("-Dtshark=%s is an executable", prop).isTrue();
            return p;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "tshark");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("no tshark on PATH (" + System.getenv("PATH") + "): install it (apt-get install"
                + " tshark; .ci/run does) or run with -Dtshark=none to leave out the Wireshark checks");
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        assertThat(p.exitValue()).as("%s exit status", cmd).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The pcap frame that carries the last byte of {@code m}. */
    private int frameOf(Direction d, KsockMsg m) {
        long last = m.end() - 1;
        for (Frame f : frames) {
            if (f.dir() == d && f.start() <= last && last < f.end()) {
                return f.number();
            }
        }
        throw new IllegalStateException("no frame carries " + d + " byte " + last);
    }

    /** A decoded message and the direction it went. */
    private record Located(Direction dir, KsockMsg msg) {
    }

    /** Every decoded message by the pcap frame that carries its last byte (where tshark reports it). */
    private Map<Integer, Located> messagesByFrame() {
        Map<Integer, Located> byFrame = new TreeMap<>();
        for (Direction d : Direction.values()) {
            Stream s = d == Direction.CLIENT_TO_SERVER ? upStream : downStream;
            for (KsockMsg m : s.msgs()) {
                Located was = byFrame.put(frameOf(d, m), new Located(d, m));
                assertThat(was).as("two messages end in frame %d: %s and %s", frameOf(d, m), was, m).isNull();
            }
        }
        return byFrame;
    }

    private static final String[] TSHARK_FIELDS = {"frame.number", "tcp.dstport", "lnet.msg_type",
        "lnet.payload_length", "lnet.ptl_index", "lnet.msg_dst_match_bits", "lnet.offset", "lnet.sink_length",
        "lnet.msg_length", "lustre.lustre_msg_v2.lm_bufcount", "lustre.ptlrpc_body.pb_opc",
        "lustre.ptlrpc_body.pb_type", "lustre.ptlrpc_body.pb_status", "lustre.obd_uuid",
        "lustre.obd_connect_data.ocd_connect_flags"};

    /** The row tshark should print for {@code m} in {@code frame} (fields as {@link #TSHARK_FIELDS}). */
    private String expectedRow(int frame, Direction d, KsockMsg m) {
        LnetHdr h = m.lnet();
        List<String> f = new ArrayList<>();
        f.add(Integer.toString(frame));
        f.add(Integer.toString(d == Direction.CLIENT_TO_SERVER ? CAPTURE_SERVER_PORT : conn.clientAddress().getPort()));
        f.add(Integer.toString(h.type()));
        f.add(Integer.toString(h.payloadLength()));
        boolean putOrGet = h.type() == LNET_MSG_PUT || h.type() == LNET_MSG_GET;
        f.add(putOrGet ? Integer.toString(h.ptlIndex()) : "");
        f.add(h.type() == LNET_MSG_REPLY ? "" : String.format(Locale.ROOT, "0x%016x", h.matchBits()));
        f.add(h.type() == LNET_MSG_PUT ? Integer.toString(h.offset()) : "");
        f.add(h.type() == LNET_MSG_GET ? Integer.toString(h.sinkLength()) : "");
        f.add(h.type() == LNET_MSG_ACK ? Integer.toString(h.mlength()) : "");
        LustreMsg l = m.lustre();
        if (l == null) {
            f.addAll(List.of("", "", "", "", "", ""));
        } else {
            f.add(Integer.toString(l.bufcount()));
            f.add(Integer.toString(l.body().opc()));
            f.add(Integer.toString(l.body().type()));
            f.add(Integer.toString(l.body().status()));
            f.add(l.targetUuid() != null ? l.targetUuid() + ";" + l.clientUuid() : "");
            f.add(l.ocd() != null ? String.format(Locale.ROOT, "0x%016x", l.ocd().connectFlags()) : "");
        }
        return String.join("\t", f);
    }

    @Test
    void tsharkDecodesEveryLnetMessageAndTheRpcs() throws Exception {
        Path t = requireTshark();
        List<String> cmd = new ArrayList<>(List.of(t.toString(), "-n", "-r", pcap.toString(), "-Y", "lnet", "-T",
                "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=;"));
        for (String f : TSHARK_FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        Map<Integer, String> seen = new TreeMap<>();
        for (String line : run(cmd).split("\n")) {
            if (!line.isBlank()) {
                seen.put(Integer.parseInt(line.substring(0, line.indexOf('\t'))), line);
            }
        }
        Map<Integer, String> expected = new TreeMap<>();
        messagesByFrame().forEach((frame, at) -> expected.put(frame, expectedRow(frame, at.dir(), at.msg())));
        Map<Integer, String> differ = new LinkedHashMap<>();
        for (var e : expected.entrySet()) {
            String got = seen.get(e.getKey());
            if (!e.getValue().equals(got)) {
                differ.put(e.getKey(), "expected [" + e.getValue() + "] tshark [" + got + "]");
            }
        }
        assertThat(differ).as("frames where tshark disagrees with the independent decoder").isEmpty();
        assertThat(seen.keySet()).as("frames tshark sees LNet in (the connreq and hellos it does not decode)")
                .isEqualTo(expected.keySet());
        System.out.println("tshark decoded all " + seen.size() + " LNet messages as the independent decoder did");
    }

    @Test
    void tsharkSeesACleanTcpConnection() throws Exception {
        Path t = requireTshark();
        String out = run(List.of(t.toString(), "-n", "-r", pcap.toString(), "-o", "tcp.check_checksum:TRUE", "-o",
                "ip.check_checksum:TRUE", "-Y",
                "tcp.analysis.flags || ip.checksum.status == \"Bad\" || tcp.checksum.status == \"Bad\"", "-T", "fields",
                "-e", "frame.number", "-e", "_ws.expert.message", "-E", "occurrence=a", "-E", "aggregator=;"));
        assertThat(out.strip()).as("frames with TCP analysis flags or bad checksums").isEmpty();
    }

    /** Portals that packet-lustre.c registers in the {@code lnet.ptl_index} table. */
    private static final Set<Integer> WIRESHARK_LUSTRE_PORTALS = Set.of(1, 2, 4, 6, 7, 10, 12, 15, 16, 17, 18, 22, 23,
            25, 26, 27, 28, 29, 30, 31, 32);
    /** jlustre's echo opcodes, which Lustre (and so Wireshark) does not define. */
    private static final Set<Integer> JLUSTRE_OPCODES = Set.of(EchoService.ECHO, EchoService.ECHO_WRITE,
            EchoService.ECHO_READ);

    /**
     * Every warning, error and malformed mark tshark puts on the capture, each explained by a
     * known gap in Wireshark 4.0's dissectors rather than by our bytes:
     *
     * <ul>
     * <li>packet-lnet.c dissect_lnet_message adds {@code lnet.bad_buflen} ("Capture:%d
     *     offset:%d", group Malformed, severity Error, so {@code _ws.malformed} matches) whenever
     *     the PUT payload's subdissector consumes fewer bytes than the payload. For a PUT to a
     *     portal packet-lustre.c does not register (the bulk portal OST_BULK 8), no dissector
     *     runs and nothing of the payload is consumed: every bulk PUT with data is "malformed",
     *     for real Lustre as much as for us. (GET REPLY payloads are shown raw and are fine.)
     * <li>packet-lustre.c only decodes buffers past ptlrpc_body for opcodes it knows; for
     *     jlustre's echo opcodes 16001-16003 it flags {@code lustre.bad_opcode} (Warning) and
     *     returns after the body, so lnet adds {@code lnet.bad_buflen} for the remaining buffers.
     * </ul>
     *
     * Anything else fails the test, with the frame and tshark's messages.
     */
    @Test
    void tsharkFlagsNothingButItsOwnDissectorGaps() throws Exception {
        Path t = requireTshark();
        String out = run(List.of(t.toString(), "-n", "-r", pcap.toString(), "-Y",
                "_ws.malformed || _ws.expert.severity >= warning", "-T", "fields", "-E", "separator=/t", "-E",
                "occurrence=a", "-E", "aggregator=|", "-e", "frame.number", "-e", "_ws.expert.message"));
        Map<Integer, Located> byFrame = messagesByFrame();
        Map<Integer, String> unexplained = new LinkedHashMap<>();
        int bulkPuts = 0;
        int unknownOpcodes = 0;
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            int frame = Integer.parseInt(cols[0]);
            Set<String> got = new java.util.TreeSet<>(List.of(cols.length > 1 ? cols[1].split("\\|") : new String[0]));
            Located at = byFrame.get(frame);
            Set<String> explained = new java.util.TreeSet<>();
            if (at != null && at.msg().lnet().type() == LNET_MSG_PUT) {
                KsockMsg m = at.msg();
                int pdu = KSOCK_HDR_SIZE + LNET_HDR_SIZE + m.lnet().payloadLength();
                if (m.lnet().payloadLength() > 0 && !WIRESHARK_LUSTRE_PORTALS.contains(m.lnet().ptlIndex())) {
                    explained.add(String.format(Locale.ROOT, "Capture:%d offset:%d (length:0) msg_type:1 ib_type:00",
                            pdu, KSOCK_HDR_SIZE + LNET_HDR_SIZE));
                    bulkPuts++;
                } else if (m.lustre() != null && JLUSTRE_OPCODES.contains(m.lustre().body().opc())
                        && m.lustre().bufcount() > 1) {
                    int consumed = KSOCK_HDR_SIZE + LNET_HDR_SIZE + m.lustre().bufOffsets()[0]
                            + ((m.lustre().buflens()[0] + 7) & ~7);
                    explained.add(String.format(Locale.ROOT, "Capture:%d offset:%d (length:0) msg_type:1 ib_type:00",
                            pdu, consumed));
                    explained.add(String.format(Locale.ROOT, "BAD OPCODE: %d (type: %d)", m.lustre().body().opc(),
                            m.lustre().body().type()));
                    unknownOpcodes++;
                }
            }
            if (!got.equals(explained)) {
                unexplained.put(frame, "tshark " + got + " for " + (at == null ? "no LNet message" : at.dir() + " "
                        + at.msg()) + (explained.isEmpty() ? "" : "; expected only " + explained));
            }
        }
        assertThat(unexplained).as("tshark warnings/errors not explained by its dissectors' known gaps").isEmpty();
        System.out.printf(Locale.ROOT, "tshark: %d bulk PUTs to a portal without a Wireshark dissector and %d"
                + " messages with jlustre opcodes flagged (known Wireshark gaps); nothing else%n", bulkPuts,
                unknownOpcodes);
    }
}
