package org.jlustre.lnet.socklnd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugRecord;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.LnetEvent;
import org.jlustre.lnet.MdOptions;
import org.jlustre.lnet.MemoryDescriptor;
import org.jlustre.lnet.ProcessId;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.lnet.KsockHello;
import org.jlustre.wire.lnet.LnetConstants;
import org.jlustre.wire.lnet.LnetHeader;
import org.jlustre.wire.lnet.LnetWireHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer may only be who it is (ksocknal_recv_hello, ksocknal_create_conn): a server S with a
 * real peer O connected, and a stranger whose hello claims to be O. With {@code accept=all} a
 * stranger on an ordinary port is a user-space process named by its address and port, its
 * messages carry that identity, and O's connection is untouched; with {@code accept=secure} it
 * is refused before a byte is read; from a privileged port (root only) it must claim the NID of
 * its own address. S never connects to a user-space process, and answers one at S's own address
 * over its connection, not to itself.
 */
class PeerIdentityTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PORTAL = 9;

    private Nodes nodes;
    private Lnet s;
    private Lnet o;
    private final Events atS = new Events();
    private final List<Long> downAtS = new CopyOnWriteArrayList<>();
    private final List<Long> downAtO = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (nodes != null) {
            nodes.close();
        }
    }

    private static final class Events implements org.jlustre.lnet.EventHandler {
        final LinkedBlockingQueue<LnetEvent> q = new LinkedBlockingQueue<>();

        @Override
        public void onEvent(LnetEvent event) {
            q.add(event);
        }

        LnetEvent next() throws InterruptedException {
            LnetEvent e = q.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("an event within %s", WAIT).isNotNull();
            return e;
        }
    }

    /** S with a buffer any PUT to {@link #PORTAL} lands in; O connected to it unless {@code withO} is false. */
    private void start(AcceptPolicy.Mode mode, boolean withO) throws Exception {
        nodes = new Nodes(Nodes.Driver.TCP).accept(AcceptPolicy.DEFAULT.withMode(mode));
        s = nodes.node();
        s.attach(PORTAL, ProcessId.ANY, 0, ~0L, Lnet.Position.AFTER, MemoryDescriptor.builder(
                MemorySegment.ofArray(new byte[1 << 16])).options(MdOptions.OP_PUT).threshold(1000).handler(atS));
        s.addPeerListener((nid, status) -> downAtS.add(nid));
        if (withO) {
            o = nodes.node();
            o.addPeerListener((nid, status) -> downAtO.add(nid));
            LnetEvent first = putFromO(1);
            assertThat(first.initiator().nid()).isEqualTo(nid(o));
        }
    }

    private long nid(Lnet node) {
        return nodes.nid(node);
    }

    private InetSocketAddress at(Lnet node) {
        return new InetSocketAddress(WirePeer.address(nid(node)), nodes.port(node));
    }

    private LnetEvent putFromO(long bits) throws Exception {
        MemoryDescriptor md = o.bind(MemoryDescriptor.builder(MemorySegment.ofArray(new byte[8])).threshold(1));
        o.put(md, false, ProcessId.lustre(nid(s)), PORTAL, bits, 0, 0);
        LnetEvent e = atS.next();
        assertThat(e.type()).isEqualTo(LnetEvent.Type.PUT);
        assertThat(e.matchBits()).isEqualTo(bits);
        return e;
    }

    private static InetAddress loopback(int c, int d) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) c, (byte) d});
    }

    private static long tcp(InetAddress a) {
        byte[] b = a.getAddress();
        return Nid.tcp(((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff)).toLnetNid();
    }

    private String param(Lnet node, String name) throws LustreException {
        String group = "socklnd." + Nid.toString(node.nids().getFirst()).replace('.', '_') + ".";
        return node.libcfs().params().get(group + name).getFirst().value();
    }

    private long accepted(Lnet node) throws LustreException {
        return param(node, "acceptor").lines().filter(l -> l.startsWith("accepted: "))
                .mapToLong(l -> Long.parseLong(l.substring(10).strip())).findFirst().orElseThrow();
    }

    private static List<String> lines(Lnet node, String fragment) {
        return node.libcfs().debug().snapshot().stream().map(DebugRecord::text).filter(t -> t.contains(fragment))
                .toList();
    }

    /** O's connection to S is the one it was: nobody was told it went, and O's next PUT needs no new one. */
    private void assertOUntouched(long acceptedBefore, long strangers) throws Exception {
        LnetEvent again = putFromO(99);
        assertThat(again.initiator().nid()).isEqualTo(nid(o));
        assertThat(downAtS).as("S was never told O went").isEmpty();
        assertThat(downAtO).as("O was never told S went").isEmpty();
        assertThat(accepted(s)).as("O did not have to connect again").isEqualTo(acceptedBefore + strangers);
        assertThat(param(s, "peers")).containsPattern(Nid.toString(nid(o)) + " +\\d+ +up ");
    }

    @Test
    void aStrangerOnAnOrdinaryPortClaimingOIsAUserSpaceProcessAndOIsUntouched() throws Exception {
        start(AcceptPolicy.Mode.ALL, true);
        long before = accepted(s);
        InetAddress from = loopback(1, 77);
        long fromNid = tcp(from);
        int userPid;
        try (WirePeer stranger = WirePeer.open(at(s), from, 0)) {
            userPid = stranger.socket.getLocalPort() | LnetConstants.PID_USERFLAG;
            stranger.hello(nid(s), nid(o), LnetConstants.PID_LUSTRE, System.nanoTime());
            KsockHello h = stranger.readHello(WAIT);
            assertThat(h.srcNid()).isEqualTo(nid(s));
            assertThat(h.dstNid()).as("S knows it by its address, not by its claim").isEqualTo(fromNid);

            stranger.put(nid(s), nid(o), PORTAL, 2, LnetWireHandle.NONE, new byte[16]);
            LnetEvent e = atS.next();
            assertThat(e.matchBits()).isEqualTo(2);
            assertThat(e.initiator()).as("the source written over: address and port with LNET_PID_USERFLAG")
                    .isEqualTo(new ProcessId(fromNid, userPid));
            assertThat(param(s, "peers")).containsPattern(Nid.toString(fromNid) + " +"
                    + Integer.toUnsignedString(userPid) + " +up ");
            assertOUntouched(before, 1);
        }
        // gone with its connection, and never called back (ksocknal_launch_packet)
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (param(s, "peers").contains(Nid.toString(fromNid))) {
            assertThat(System.nanoTime()).as("the user-space peer is forgotten").isLessThan(deadline);
            Thread.sleep(5);
        }
        Events sent = new Events();
        MemoryDescriptor md = s.bind(MemoryDescriptor.builder(MemorySegment.ofArray(new byte[8])).threshold(1)
                .handler(sent));
        s.put(md, false, new ProcessId(fromNid, userPid), PORTAL, 3, 0, 0);
        LnetEvent send = sent.next();
        assertThat(send.type()).isEqualTo(LnetEvent.Type.SEND);
        assertThat(send.status()).isEqualTo(-Errno.EHOSTUNREACH.value());
        assertThat(lines(s, "Refusing to create a connection to userspace process "
                + new ProcessId(fromNid, userPid))).hasSize(1);
        assertThat(accepted(s)).as("and S tried no connection").isEqualTo(before + 1);
        assertThat(downAtS).isEmpty();
    }

    @Test
    void secureRefusesAStrangerOnAnOrdinaryPortOutright() throws Exception {
        InetAddress oAddress = loopback(0, 2);
        boolean root = WirePeer.canBindPrivileged(oAddress);
        // with accept=secure, O gets in only from a privileged port: when the tests run as root
        start(AcceptPolicy.Mode.SECURE, root);
        long before = accepted(s);
        try (WirePeer stranger = WirePeer.open(at(s), loopback(1, 78), 0)) {
            stranger.hello(nid(s), root ? nid(o) : nid(s) + 1, LnetConstants.PID_LUSTRE, System.nanoTime());
            assertThat(stranger.awaitClose(WAIT)).as("closed, nothing answered").isEmpty();
        }
        assertThat(lines(s, "Refusing connection from 127.0.1.78: insecure port")).hasSize(1);
        assertThat(accepted(s)).isEqualTo(before);
        if (root) {
            assertOUntouched(before, 0);
        }
        assertThat(downAtS).isEmpty();
    }

    @Test
    void aPrivilegedPeerMustClaimTheNidOfItsOwnAddress() throws Exception {
        start(AcceptPolicy.Mode.ALL, true);
        long before = accepted(s);
        InetAddress liar = loopback(1, 79);
        InetAddress honest = loopback(1, 80);
        if (!WirePeer.canBindPrivileged(liar)) {
            // not root: no privileged port to be had, so a stranger can only be a user-space process
            try (WirePeer stranger = WirePeer.open(at(s), liar, 0)) {
                stranger.hello(nid(s), nid(o), LnetConstants.PID_LUSTRE, System.nanoTime());
                assertThat(stranger.readHello(WAIT).dstNid()).isEqualTo(tcp(liar));
                stranger.put(nid(s), nid(o), PORTAL, 5, LnetWireHandle.NONE, new byte[8]);
                assertThat(atS.next().initiator().pid() & LnetConstants.PID_USERFLAG).isNotZero();
            }
            assertOUntouched(before, 1);
            return;
        }
        try (WirePeer stranger = WirePeer.open(at(s), liar, WirePeer.privilegedPort(liar).orElseThrow())) {
            stranger.hello(nid(s), nid(o), LnetConstants.PID_LUSTRE, System.nanoTime());
            assertThat(stranger.awaitClose(WAIT)).as("refused, nothing answered").isEmpty();
        }
        assertThat(lines(s, "claims to be " + Nid.toString(nid(o)) + ": a kernel peer's NID must be its own address"))
                .hasSize(1);
        assertOUntouched(before, 1);

        try (WirePeer kernel = WirePeer.open(at(s), honest, WirePeer.privilegedPort(honest).orElseThrow())) {
            kernel.hello(nid(s), tcp(honest), LnetConstants.PID_LUSTRE, System.nanoTime());
            assertThat(kernel.readHello(WAIT).dstNid()).isEqualTo(tcp(honest));
            kernel.put(nid(s), tcp(honest), PORTAL, 6, LnetWireHandle.NONE, new byte[8]);
            assertThat(atS.next().initiator()).as("a kernel peer is who its hello says")
                    .isEqualTo(ProcessId.lustre(tcp(honest)));
        }
    }

    @Test
    void aUserSpaceProcessAtSsOwnAddressIsAnsweredOverItsConnection() throws Exception {
        start(AcceptPolicy.Mode.ALL, false);
        InetAddress own = WirePeer.address(nid(s));
        try (WirePeer local = WirePeer.open(at(s), own, 0)) {
            int pid = local.socket.getLocalPort() | LnetConstants.PID_USERFLAG;
            local.hello(nid(s), tcp(loopback(1, 81)), LnetConstants.PID_LUSTRE, System.nanoTime());
            assertThat(local.readHello(WAIT).dstNid()).as("its NID is S's own").isEqualTo(nid(s));
            LnetWireHandle ackTo = new LnetWireHandle(0x1111, 0x2222);
            local.put(nid(s), nid(s), PORTAL, 7, ackTo, new byte[24]);
            assertThat(atS.next().initiator()).isEqualTo(new ProcessId(nid(s), pid));
            LnetHeader ack = local.readLnet(WAIT);
            assertThat(ack.type()).isEqualTo(LnetHeader.TYPE_ACK);
            assertThat(ack.destNid()).isEqualTo(nid(s));
            assertThat(ack.destPid()).as("to the process on the connection, not looped back to S").isEqualTo(pid);
            assertThat(((LnetHeader.Ack) ack.body()).dstWmd()).isEqualTo(ackTo);
        }
    }
}
