package org.jlustre.lnet.socklnd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.common.debug.DebugRecord;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.LnetEvent;
import org.jlustre.lnet.MemoryDescriptor;
import org.jlustre.lnet.ProcessId;
import org.jlustre.wire.lnet.AcceptorConnreq;
import org.jlustre.wire.lnet.KsockHello;
import org.jlustre.wire.lnet.KsockMsg;
import org.jlustre.wire.lnet.LnetConstants;
import org.jlustre.wire.lnet.LnetHeader;
import org.jlustre.wire.lnet.LnetWireHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connections a node makes ({@link Connector}, {@code lnet_connect}): from its own NID's
 * address, and from a privileged port, 1023 down, when the process may bind one (root), so that
 * a Lustre server with {@code accept=secure} takes them; from an ordinary port otherwise, or
 * when told not to try. And the peer it reaches must be the process it wanted
 * ({@code ksocknal_recv_hello}: "Connected successfully to %s on host %pIS, but they claimed
 * they were %s").
 */
class OutgoingConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long SERVER_NID = Nid.tcp(0x7f000096).toLnetNid(); // 127.0.0.150
    private static final Nid CLIENT = Nid.tcp(0x7f000097); // 127.0.0.151

    private ServerSocket fake;
    private Lnet client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    /** A listening socket at the server NID's address, and a client node whose peer port is it. */
    private Socklnd start(boolean reservedPorts) throws Exception {
        fake = new ServerSocket();
        fake.bind(new InetSocketAddress(WirePeer.address(SERVER_NID), 0));
        fake.setSoTimeout((int) WAIT.toMillis());
        Libcfs libcfs = new Libcfs(TimeSource.system(), new SplittableRandom(151));
        libcfs.debug().setConsole(null);
        client = Lnet.create(libcfs);
        int port = fake.getLocalPort();
        return (Socklnd) client.addNi(Socklnd.tcp(SocklndConfig.of(CLIENT).withListen(false).withPeerPort(n -> port)
                .withReservedPorts(reservedPorts)));
    }

    /** Sends a PUT to the server NID; its SEND event arrives on the returned queue. */
    private LinkedBlockingQueue<LnetEvent> put() throws Exception {
        LinkedBlockingQueue<LnetEvent> events = new LinkedBlockingQueue<>();
        MemoryDescriptor md = client.bind(MemoryDescriptor.builder(MemorySegment.ofArray(new byte[8])).threshold(1)
                .handler(events::add));
        client.put(md, false, ProcessId.lustre(SERVER_NID), 9, 1, 0, 0);
        return events;
    }

    /** Reads the client's connreq and hello, checking that it says who it is and whom it wants. */
    private static KsockHello readOpening(Socket c) throws Exception {
        DataInputStream in = new DataInputStream(c.getInputStream());
        byte[] b = new byte[AcceptorConnreq.SIZE + KsockHello.SIZE];
        in.readFully(b);
        MemorySegment m = MemorySegment.ofArray(b);
        assertThat(AcceptorConnreq.read(m, 0).nid()).isEqualTo(SERVER_NID);
        KsockHello h = KsockHello.read(m, AcceptorConnreq.SIZE);
        assertThat(h.srcNid()).isEqualTo(CLIENT.toLnetNid());
        assertThat(h.srcPid()).isEqualTo(LnetConstants.PID_LUSTRE);
        assertThat(h.dstNid()).isEqualTo(SERVER_NID);
        return h;
    }

    private static String param(Lnet node, String name) throws Exception {
        String group = "socklnd." + Nid.toString(node.nids().getFirst()).replace('.', '_') + ".";
        return node.libcfs().params().get(group + name).getFirst().value().strip();
    }

    @Test
    void connectsFromItsOwnAddressAndAPrivilegedPortWhenItMay() throws Exception {
        InetAddress own = WirePeer.address(CLIENT.toLnetNid());
        boolean privileged = WirePeer.canBindPrivileged(own);
        start(true);
        put();
        try (Socket c = fake.accept()) {
            assertThat(c.getInetAddress()).as("from this NID's address").isEqualTo(own);
            if (privileged) {
                assertThat(c.getPort()).as("a privileged port, 1023 down").isBetween(Socklnd.RESERVED_PORT_MIN,
                        Socklnd.RESERVED_PORT_MAX);
                assertThat(param(client, "reserved_ports")).isEqualTo("1");
            } else {
                assertThat(c.getPort()).as("an ordinary port, as the process may not bind another")
                        .isGreaterThan(Socklnd.RESERVED_PORT_MAX);
                assertThat(param(client, "reserved_ports")).isEqualTo("0");
                assertThat(client.libcfs().debug().snapshot()).map(DebugRecord::text)
                        .anyMatch(t -> t.contains("cannot bind a privileged port"));
            }
            readOpening(c);
        }
    }

    @Test
    void withoutReservedPortsItConnectsFromAnOrdinaryPortOfItsAddress() throws Exception {
        start(false);
        put();
        try (Socket c = fake.accept()) {
            assertThat(c.getInetAddress()).isEqualTo(WirePeer.address(CLIENT.toLnetNid()));
            assertThat(c.getPort()).isGreaterThan(Socklnd.RESERVED_PORT_MAX);
            readOpening(c);
        }
        assertThat(param(client, "reserved_ports")).isEqualTo("0");
    }

    @Test
    void aPeerThatAnswersAsAnotherProcessIsDropped() throws Exception {
        start(false);
        LinkedBlockingQueue<LnetEvent> events = put();
        try (Socket c = fake.accept()) {
            KsockHello theirs = readOpening(c);
            MemorySegment m = MemorySegment.ofArray(new byte[KsockHello.SIZE]);
            new KsockHello(KsockHello.PROTO_V3, SERVER_NID, theirs.srcNid(), 777, 0, 42, theirs.srcIncarnation(),
                    KsockHello.CONN_CONTROL, new int[0]).write(m, 0);
            c.getOutputStream().write(m.toArray(ValueLayout.JAVA_BYTE));
            c.setSoTimeout((int) WAIT.toMillis());
            assertThat(c.getInputStream().read()).as("the client hangs up").isEqualTo(-1);
        }
        LnetEvent send = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(send).isNotNull();
        assertThat(send.status()).isEqualTo(-Errno.EHOSTUNREACH.value());
        assertThat(client.libcfs().debug().snapshot()).map(DebugRecord::text)
                .anyMatch(t -> t.contains("connected to 12345-127.0.0.150@tcp")
                        && t.contains("but it claims to be 777-127.0.0.150@tcp"));
    }

    @Test
    void answersAsTheLustrePidWhateverPidItWasAddressedBy() throws Exception {
        start(false);
        byte[] data = new byte[64];
        new java.util.Random(5).nextBytes(data);
        client.attach(12, ProcessId.ANY, 77, 0, Lnet.Position.AFTER, MemoryDescriptor.builder(
                MemorySegment.ofArray(data)).options(org.jlustre.lnet.MdOptions.OP_GET).threshold(1));
        put();
        try (Socket c = fake.accept()) {
            KsockHello theirs = readOpening(c);
            MemorySegment m = MemorySegment.ofArray(new byte[KsockHello.SIZE + KsockMsg.LNET_HEADERS_SIZE]);
            new KsockHello(KsockHello.PROTO_V3, SERVER_NID, theirs.srcNid(), LnetConstants.PID_LUSTRE, 0, 42,
                    theirs.srcIncarnation(), KsockHello.CONN_CONTROL, new int[0]).write(m, 0);
            // the client came from an ordinary port: to a Lustre server it is a user-space process
            int userPid = c.getPort() | LnetConstants.PID_USERFLAG;
            m.set(org.jlustre.wire.Le.U32, KsockHello.SIZE + KsockMsg.OFF_TYPE, KsockMsg.TYPE_LNET);
            new LnetHeader(CLIENT.toLnetNid(), SERVER_NID, userPid, LnetConstants.PID_LUSTRE, 0,
                    new LnetHeader.Get(new LnetWireHandle(0x51, 0x52), 77, 12, 0, data.length))
                    .write(m, KsockHello.SIZE + KsockMsg.OFF_LNET_HDR);
            c.getOutputStream().write(m.toArray(ValueLayout.JAVA_BYTE));
            c.setSoTimeout((int) WAIT.toMillis());
            DataInputStream in = new DataInputStream(c.getInputStream());
            LnetHeader reply = null;
            while (reply == null || reply.type() != LnetHeader.TYPE_REPLY) {
                byte[] k = new byte[KsockMsg.HEADER_SIZE];
                in.readFully(k);
                if (MemorySegment.ofArray(k).get(org.jlustre.wire.Le.U32, KsockMsg.OFF_TYPE) == KsockMsg.TYPE_NOOP) {
                    continue;
                }
                byte[] h = new byte[LnetHeader.SIZE];
                in.readFully(h);
                reply = LnetHeader.read(MemorySegment.ofArray(h), 0);
                in.readFully(new byte[reply.payloadLength()]);
            }
            // lnet_prep_send: the source pid is the node's own (ln_pid), not the one the GET named
            assertThat(reply.srcPid()).isEqualTo(LnetConstants.PID_LUSTRE);
            assertThat(reply.srcNid()).isEqualTo(CLIENT.toLnetNid());
            assertThat(reply.destPid()).isEqualTo(LnetConstants.PID_LUSTRE);
            assertThat(reply.payloadLength()).isEqualTo(data.length);
        }
    }
}
