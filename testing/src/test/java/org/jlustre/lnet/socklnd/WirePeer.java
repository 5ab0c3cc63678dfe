package org.jlustre.lnet.socklnd;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.OptionalInt;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.wire.Le;
import org.jlustre.wire.lnet.AcceptorConnreq;
import org.jlustre.wire.lnet.KsockHello;
import org.jlustre.wire.lnet.KsockMsg;
import org.jlustre.wire.lnet.LnetConstants;
import org.jlustre.wire.lnet.LnetHeader;
import org.jlustre.wire.lnet.LnetWireHandle;

/**
 * A socklnd peer over a plain {@link Socket}, for the acceptor and identity tests: it binds the
 * address and port it is told (so it can come from another host's address, or from a
 * privileged port when the tests run as root), claims whatever NID it likes, and speaks the
 * connreq, the hello and LNet PUTs with the wire module's layouts.
 */
final class WirePeer implements AutoCloseable {

    final Socket socket;
    private final InputStream in;

    private WirePeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Connects to {@code server} from {@code from}:{@code localPort} (0: an ordinary port). */
    static WirePeer open(InetSocketAddress server, InetAddress from, int localPort) throws IOException {
        Socket s = new Socket();
        try {
            s.setReuseAddress(true);
            s.setTcpNoDelay(true);
            s.bind(new InetSocketAddress(from, localPort));
            s.connect(server, 5000);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new WirePeer(s);
    }

    /** The IPv4 address of a tcp NID. */
    static InetAddress address(long nid) {
        return Socklnd.address(Nid.fromLnetNid(nid));
    }

    /**
     * Whether this process may bind a privileged port (root, or {@code CAP_NET_BIND_SERVICE}):
     * it tries one on {@code at}.
     */
    static boolean canBindPrivileged(InetAddress at) throws IOException {
        return privilegedPort(at).isPresent();
    }

    /** A free privileged port on {@code at}, tried 1023 down; empty if this process may not bind one. */
    static OptionalInt privilegedPort(InetAddress at) throws IOException {
        for (int port = Socklnd.RESERVED_PORT_MAX; port >= Socklnd.RESERVED_PORT_MIN; port--) {
            try (Socket s = new Socket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(at, port));
                return OptionalInt.of(port);
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).contains("Permission denied")) {
                    return OptionalInt.empty();
                }
                // in use: the next one down
            }
        }
        throw new IOException("no free privileged port on " + at);
    }

    /** The connreq for {@code serverNid} and a V3 CONTROL hello claiming {@code claimNid}-{@code pid}. */
    void hello(long serverNid, long claimNid, int pid, long incarnation) throws IOException {
        MemorySegment m = MemorySegment.ofArray(new byte[AcceptorConnreq.SIZE + KsockHello.SIZE]);
        new AcceptorConnreq(AcceptorConnreq.VERSION, serverNid).write(m, 0);
        new KsockHello(KsockHello.PROTO_V3, claimNid, serverNid, pid, 0, incarnation, 0, KsockHello.CONN_CONTROL,
                new int[0]).write(m, AcceptorConnreq.SIZE);
        write(m);
    }

    /** The server's hello, or an exception if it closed first. */
    KsockHello readHello(Duration timeout) throws IOException, LustreException {
        return KsockHello.read(MemorySegment.ofArray(readFully(KsockHello.SIZE, timeout)), 0);
    }

    /** An LNET frame carrying a PUT from {@code src} (as written; the server may rewrite it) to {@code dst}. */
    void put(long dst, long src, int portal, long matchBits, LnetWireHandle ack, byte[] payload) throws IOException {
        MemorySegment m = MemorySegment.ofArray(new byte[KsockMsg.LNET_HEADERS_SIZE + payload.length]);
        m.set(Le.U32, KsockMsg.OFF_TYPE, KsockMsg.TYPE_LNET);
        new LnetHeader(dst, src, LnetConstants.PID_LUSTRE, LnetConstants.PID_LUSTRE, payload.length,
                new LnetHeader.Put(ack, matchBits, 0, portal, 0)).write(m, KsockMsg.OFF_LNET_HDR);
        MemorySegment.copy(payload, 0, m, ValueLayout.JAVA_BYTE, KsockMsg.LNET_HEADERS_SIZE, payload.length);
        write(m);
    }

    /** The next LNET message's header (skipping keepalive NOOPs), its payload read and dropped, within {@code timeout}. */
    LnetHeader readLnet(Duration timeout) throws IOException, LustreException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            MemorySegment k = MemorySegment.ofArray(readFully(KsockMsg.HEADER_SIZE, left(deadline)));
            if (k.get(Le.U32, KsockMsg.OFF_TYPE) == KsockMsg.TYPE_NOOP) {
                continue;
            }
            LnetHeader h = LnetHeader.read(MemorySegment.ofArray(readFully(LnetHeader.SIZE, left(deadline))), 0);
            readFully(h.payloadLength(), left(deadline));
            return h;
        }
    }

    private static Duration left(long deadline) throws SocketTimeoutException {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new SocketTimeoutException("no LNET message in time");
        }
        return Duration.ofNanos(nanos);
    }

    private void write(MemorySegment m) throws IOException {
        socket.getOutputStream().write(m.toArray(ValueLayout.JAVA_BYTE));
        socket.getOutputStream().flush();
    }

    byte[] readFully(int n, Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        byte[] b = new byte[n];
        int at = 0;
        while (at < n) {
            int r = in.read(b, at, n - at);
            if (r < 0) {
                throw new EOFException("closed after " + at + " of " + n + " bytes");
            }
            at += r;
        }
        return b;
    }

    /** What came before the server closed the connection, or null if it is still open after {@code timeout}. */
    byte[] awaitClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                int r = in.read(buf);
                if (r < 0) {
                    return got.toByteArray();
                }
                got.write(buf, 0, r);
            } catch (SocketTimeoutException e) {
                return null;
            } catch (SocketException e) {
                return got.toByteArray();
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
