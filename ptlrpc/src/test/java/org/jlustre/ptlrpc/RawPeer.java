package org.jlustre.ptlrpc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jlustre.common.Nid;

/**
 * A socklnd peer spoken by hand over a plain {@link Socket}, so tests can feed a live server
 * valid, mutated and invalid bytes at every layer: the acceptor connreq, the V3 hello, ksock_msg
 * frames with their LNet headers, and ptlrpc requests ({@code lustre_msg_v2} with a 184-byte
 * {@code ptlrpc_body}) PUT to the OST request portal with the xid as match bits. Everything is
 * encoded here from the wire layouts (reference 7.1-7.3), independently of the production
 * codecs, and written little-endian.
 *
 * <p>Replies come back over the same connection as PUTs to the reply portal (4) with the xid as
 * match bits; {@link #awaitReply} reads them synchronously, or, after {@link #startDraining},
 * a background reader collects them so a test can write without reading.
 */
final class RawPeer implements AutoCloseable {

    // acceptor and hello (reference 7.3)
    static final int ACCEPTOR_MAGIC = 0xacce7100;
    static final int ACCEPTOR_VERSION = 1;
    static final int CONNREQ_SIZE = 16;
    static final int HELLO_MAGIC = 0x45726963;
    static final int TCP_MAGIC_V1 = 0xeebc0ded;
    static final int PROTO_V3 = 3;
    static final int HELLO_SIZE = 56;
    static final int PID = 12345;
    static final int CONN_CONTROL = 1;

    // ksock_msg
    static final int KSOCK_HDR_SIZE = 24;
    static final int KSOCK_NOOP = 0xc0;
    static final int KSOCK_LNET = 0xc1;

    // LNet header (reference 7.2)
    static final int LNET_HDR_SIZE = 72;
    static final int LNET_ACK = 0;
    static final int LNET_PUT = 1;
    static final int LNET_GET = 2;
    static final int LNET_REPLY = 3;
    static final int LNET_HELLO = 4;
    static final long COOKIE_NONE = -1L;
    static final int LNET_MTU = 1 << 20;

    // ptlrpc (reference 7.1)
    static final int MSG_MAGIC_V2 = 0x0bd00bd3;
    static final int MSGHDR_AT_SUPPORT = 1;
    static final int EARLY_SIZE = 224;
    static final int BODY_SIZE = 184;
    static final int PTL_RPC_MSG_REQUEST = 4711;
    static final int PTL_RPC_MSG_ERR = 4712;
    static final int PTL_RPC_MSG_REPLY = 4713;
    static final int LUSTRE_OBD_VERSION = 0x00010003;
    static final int LUSTRE_OST_VERSION = 0x00030003;
    static final int OST_CONNECT = 8;
    static final int OST_DISCONNECT = 9;
    static final int OBD_PING = 400;
    static final int ECHO = 16001;
    static final int OST_REQUEST_PORTAL = 28;
    static final int OSC_REPLY_PORTAL = 4;
    static final int OBD_CONNECT_DATA_SIZE = 192;
    static final int UUID_BUF = 39;

    // ptlrpc_body offsets
    static final int PB_HANDLE = 0;
    static final int PB_TYPE = 8;
    static final int PB_VERSION = 12;
    static final int PB_OPC = 16;
    static final int PB_STATUS = 20;
    static final int PB_CONN_CNT = 64;
    static final int PB_TIMEOUT = 68;
    static final int PB_SERVICE_TIME = 72;
    static final int PB_MBITS = 120;
    /** The {@code pb_timeout} our requests ask for: at_est2timeout(5). */
    static final int REQUEST_TIMEOUT = 11;

    final Socket socket;
    final long serverNid;
    final long nid;
    final long incarnation;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicLong nextXid;

    private Thread drainer;
    private final ConcurrentHashMap<Long, Reply> replies = new ConcurrentHashMap<>();
    private final AtomicReference<String> serverGarbage = new AtomicReference<>();
    private volatile boolean closedByServer;
    final AtomicLong framesIn = new AtomicLong();

    private RawPeer(Socket socket, long serverNid, long nid) throws IOException {
        this.socket = socket;
        this.serverNid = serverNid;
        this.nid = nid;
        this.incarnation = System.nanoTime() | 1;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        // xids aligned like ptlrpc's, different per peer
        this.nextXid = new AtomicLong((nid & 0xffffffL) << 24);
    }

    /**
     * A TCP connection to a server's acceptor, nothing sent yet; {@code nid} is who we claim to
     * be, and the connection comes from that NID's address (on loopback, any 127.x.y.z is ours)
     * and an ordinary port: to the server a user-space process, known by that address and port.
     */
    static RawPeer open(int port, long serverNid, long nid) throws IOException {
        return open(port, serverNid, nid, 0);
    }

    /** {@link #open} from {@code localPort} of the NID's address (a privileged one needs root). */
    static RawPeer open(int port, long serverNid, long nid, int localPort) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address(nid), localPort));
            s.connect(new InetSocketAddress(address(serverNid), port), 5000);
            s.setSoTimeout(10_000);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new RawPeer(s, serverNid, nid);
    }

    /** The IPv4 address of a tcp NID. */
    static InetAddress address(long nid) throws IOException {
        int a = (int) nid;
        return InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
    }

    /**
     * How the server knows this peer, as its log names it ({@code libcfs_idstr}): from an
     * ordinary port, a user-space process, pid = port | {@code LNET_PID_USERFLAG} and the NID of
     * its address on the server's network (ksocknal_recv_hello); from a privileged one, the
     * process of the NID it claims.
     */
    String serverId() {
        int port = socket.getLocalPort();
        if (port > 1023) {
            long addressNid = (serverNid & 0xffffffff00000000L) | (nid & 0xffffffffL);
            return Integer.toUnsignedString(port | 0x80000000) + "-" + Nid.toString(addressNid);
        }
        return PID + "-" + Nid.toString(nid);
    }

    /** {@link #open} and a valid connreq + hello, checking the server's hello. */
    static RawPeer connect(int port, long serverNid, long nid) throws IOException {
        RawPeer p = open(port, serverNid, nid);
        try {
            p.handshake();
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** A NID on {@code tcp} (net 0) for {@code a.b.c.d}. */
    static long tcpNid(int a, int b, int c, int d) {
        return new Nid(Nid.SOCKLND, 0, (a << 24) | (b << 16) | (c << 8) | d).toLnetNid();
    }

    // ------------------------------------------------------------------ encoding

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** {@code lnet_acceptor_connreq}. */
    static byte[] connreq(int magic, int version, long nid) {
        return le(CONNREQ_SIZE).putInt(magic).putInt(version).putLong(nid).array();
    }

    /** {@code ksock_hello_msg} (nid4 form, no addresses follow even if {@code nips} says so). */
    static byte[] hello(int magic, int version, long srcNid, long dstNid, int srcPid, int dstPid, long srcInc,
            long dstInc, int ctype, int nips) {
        return le(HELLO_SIZE).putInt(magic).putInt(version).putLong(srcNid).putLong(dstNid).putInt(srcPid)
                .putInt(dstPid).putLong(srcInc).putLong(dstInc).putInt(ctype).putInt(nips).array();
    }

    /** Our valid V3 CONTROL hello to the server. */
    byte[] hello() {
        return hello(HELLO_MAGIC, PROTO_V3, nid, serverNid, PID, 0, incarnation, 0, CONN_CONTROL, 0);
    }

    /** A {@code ksock_msg} header. */
    static byte[] ksockHeader(int type, int csum, long zcReq, long zcAck) {
        return le(KSOCK_HDR_SIZE).putInt(type).putInt(csum).putLong(zcReq).putLong(zcAck).array();
    }

    /** An LNet PUT header. */
    static byte[] putHeader(long dst, long src, int payloadLength, long ackIface, long ackObject, long matchBits,
            long hdrData, int portal, int offset) {
        return le(LNET_HDR_SIZE).putLong(dst).putLong(src).putInt(PID).putInt(PID).putInt(LNET_PUT)
                .putInt(payloadLength).putLong(ackIface).putLong(ackObject).putLong(matchBits).putLong(hdrData)
                .putInt(portal).putInt(offset).array();
    }

    /** A whole ksock LNET frame carrying a PUT (no ACK wanted) of {@code payload}. */
    byte[] putFrame(int portal, long matchBits, int offset, byte[] payload) {
        return concat(ksockHeader(KSOCK_LNET, 0, 0, 0), putHeader(serverNid, nid, payload.length, COOKIE_NONE,
                COOKIE_NONE, matchBits, 0, portal, offset), payload);
    }

    /** A ptlrpc request frame to the OST request portal. */
    byte[] requestFrame(long xid, byte[] msg) {
        return putFrame(OST_REQUEST_PORTAL, xid, 0, msg);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    static int round8(int n) {
        return (n + 7) & ~7;
    }

    /**
     * A {@code lustre_msg_v2}: header with these buffer lengths, then each buffer (its bytes, or
     * zeros where {@code bufs[i]} is null or short) padded to 8.
     */
    static byte[] lustreMsg(int magic, int lmFlags, int[] lens, byte[][] bufs) {
        int hdr = round8(32 + 4 * lens.length);
        int size = hdr;
        for (int len : lens) {
            size += round8(len);
        }
        ByteBuffer b = le(size);
        b.putInt(0, lens.length).putInt(4, 0).putInt(8, magic).putInt(12, 0).putInt(16, 0).putInt(20, lmFlags);
        int at = hdr;
        for (int i = 0; i < lens.length; i++) {
            b.putInt(32 + 4 * i, lens[i]);
            if (bufs != null && i < bufs.length && bufs[i] != null) {
                b.put(at, bufs[i], 0, Math.min(lens[i], bufs[i].length));
            }
            at += round8(lens[i]);
        }
        return b.array();
    }

    /** A 184-byte {@code ptlrpc_body}. */
    static byte[] body(long handle, int type, int version, int opc, int connCnt) {
        ByteBuffer b = le(BODY_SIZE);
        b.putLong(PB_HANDLE, handle).putInt(PB_TYPE, type).putInt(PB_VERSION, version).putInt(PB_OPC, opc)
                .putInt(PB_CONN_CNT, connCnt).putInt(PB_TIMEOUT, REQUEST_TIMEOUT);
        return b.array();
    }

    /** A request: body, then {@code bufs}, with {@code MSGHDR_AT_SUPPORT}. */
    static byte[] request(int opc, int version, long handle, byte[]... bufs) {
        int[] lens = new int[bufs.length + 1];
        byte[][] all = new byte[bufs.length + 1][];
        lens[0] = BODY_SIZE;
        all[0] = body(handle, PTL_RPC_MSG_REQUEST, version, opc, 1);
        for (int i = 0; i < bufs.length; i++) {
            lens[i + 1] = bufs[i].length;
            all[i + 1] = bufs[i];
        }
        return lustreMsg(MSG_MAGIC_V2, MSGHDR_AT_SUPPORT, lens, all);
    }

    /** OBD_PING naming export {@code handle} (0: none). */
    static byte[] ping(long handle) {
        return request(OBD_PING, LUSTRE_OBD_VERSION, handle);
    }

    /** OST_CONNECT to the echo target: [body 184, tgt uuid 39, client uuid 39, handle 8, connect data 192]. */
    static byte[] connectRequest(String clientUuid, long cookie) {
        return connectRequest("echo_UUID", clientUuid, cookie);
    }

    /** OST_CONNECT to {@code targetUuid}. */
    static byte[] connectRequest(String targetUuid, String clientUuid, long cookie) {
        byte[] conn = le(8).putLong(cookie).array();
        byte[] ocd = new byte[OBD_CONNECT_DATA_SIZE];
        ByteBuffer.wrap(ocd).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0x1000L);
        return request(OST_CONNECT, LUSTRE_OBD_VERSION, 0, uuidBuf(targetUuid), uuidBuf(clientUuid), conn, ocd);
    }

    static byte[] uuidBuf(String uuid) {
        byte[] b = new byte[UUID_BUF];
        byte[] s = uuid.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, b, 0, Math.min(s.length, UUID_BUF - 1));
        return b;
    }

    // ------------------------------------------------------------------ I/O

    long nextXid() {
        return nextXid.addAndGet(64);
    }

    /** Writes bytes as they are. */
    void write(byte[]... parts) throws IOException {
        for (byte[] p : parts) {
            out.write(p);
        }
        out.flush();
    }

    /** Sends a request message; returns its xid. */
    long send(byte[] msg) throws IOException {
        long xid = nextXid();
        write(requestFrame(xid, msg));
        return xid;
    }

    /** Sends a request and waits for its reply. */
    Reply call(byte[] msg, Duration timeout) throws IOException {
        return awaitReply(send(msg), timeout);
    }

    /** OST_CONNECTs as {@code clientUuid}; returns the export handle the server gave. */
    long connectExport(String clientUuid) throws IOException {
        Reply r = call(connectRequest(clientUuid, nid ^ 0x5a5a), Duration.ofSeconds(10));
        if (r.status() != 0 || r.handle() == 0) {
            throw new IOException("connect refused: " + r);
        }
        return r.handle();
    }

    /** The valid connreq and hello; reads and checks the server's hello. */
    void handshake() throws IOException {
        write(connreq(ACCEPTOR_MAGIC, ACCEPTOR_VERSION, serverNid), hello());
        Hello h = readHello(Duration.ofSeconds(5));
        if (h.magic() != HELLO_MAGIC || h.version() != PROTO_V3 || h.srcNid() != serverNid || h.dstNid() != nid
                || h.ctype() != CONN_CONTROL || h.nips() != 0) {
            throw new IOException("unexpected hello from the server: " + h);
        }
    }

    /** Reads exactly {@code n} bytes. */
    byte[] readFully(int n, Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        byte[] b = new byte[n];
        int at = 0;
        while (at < n) {
            int r = in.read(b, at, n - at);
            if (r < 0) {
                throw new EOFException("connection closed after " + at + " of " + n + " bytes");
            }
            at += r;
        }
        return b;
    }

    /** A received hello. */
    record Hello(int magic, int version, long srcNid, long dstNid, int srcPid, int dstPid, long srcIncarnation,
            long dstIncarnation, int ctype, int nips) {
        static Hello parse(byte[] b) {
            ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            return new Hello(h.getInt(0), h.getInt(4), h.getLong(8), h.getLong(16), h.getInt(24), h.getInt(28),
                    h.getLong(32), h.getLong(40), h.getInt(48), h.getInt(52));
        }
    }

    Hello readHello(Duration timeout) throws IOException {
        return Hello.parse(readFully(HELLO_SIZE, timeout));
    }

    /** How the server ended the connection: what it sent first, and after how long. */
    record Closure(byte[] bytesBefore, long nanos, boolean reset) {
    }

    /**
     * Reads until the server closes the connection (EOF or reset); null if it is still open
     * after {@code timeout}.
     */
    Closure awaitClose(Duration timeout) throws IOException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
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
                    return new Closure(got.toByteArray(), System.nanoTime() - start, false);
                }
                got.write(buf, 0, r);
            } catch (SocketTimeoutException e) {
                return null;
            } catch (SocketException e) {
                return new Closure(got.toByteArray(), System.nanoTime() - start, true);
            }
        }
    }

    /** One ksock_msg from the server. */
    record Frame(int ksockType, long zcReq, long zcAck, int lnetType, long destNid, long srcNid, int payloadLength,
            long matchBits, int portal, int offset, byte[] payload) {
    }

    /** Reads one ksock_msg (and for LNET its header and payload), checking the server's framing. */
    Frame readFrame(Duration timeout) throws IOException {
        ByteBuffer k = ByteBuffer.wrap(readFully(KSOCK_HDR_SIZE, timeout)).order(ByteOrder.LITTLE_ENDIAN);
        int type = k.getInt(0);
        if (type == KSOCK_NOOP) {
            return new Frame(type, k.getLong(8), k.getLong(16), -1, 0, 0, 0, 0, 0, 0, new byte[0]);
        }
        if (type != KSOCK_LNET) {
            throw new ServerGarbage("ksock_msg type 0x" + Integer.toHexString(type) + " from the server");
        }
        ByteBuffer h = ByteBuffer.wrap(readFully(LNET_HDR_SIZE, timeout)).order(ByteOrder.LITTLE_ENDIAN);
        int len = h.getInt(28);
        if (len < 0 || len > LNET_MTU) {
            throw new ServerGarbage("LNet payload of " + Integer.toUnsignedString(len) + " bytes from the server");
        }
        byte[] payload = len == 0 ? new byte[0] : readFully(len, timeout);
        int lnetType = h.getInt(24);
        long mbits = h.getLong(48);
        int portal = lnetType == LNET_PUT ? h.getInt(64) : -1;
        int offset = lnetType == LNET_PUT ? h.getInt(68) : 0;
        return new Frame(type, k.getLong(8), k.getLong(16), lnetType, h.getLong(0), h.getLong(8), len, mbits, portal,
                offset, payload);
    }

    /** Something the server sent that is not socklnd. */
    static final class ServerGarbage extends IOException {
        ServerGarbage(String what) {
            super(what);
        }
    }

    /** A ptlrpc reply as it arrived: where the server PUT it and its body fields. */
    record Reply(long xid, int offset, int magic, int bufCount, long handle, int type, int version, int opc,
            int status, int timeout, int serviceTime, byte[] message) {

        static Reply parse(Frame f) {
            ByteBuffer m = ByteBuffer.wrap(f.payload()).order(ByteOrder.LITTLE_ENDIAN);
            int count = m.getInt(0);
            int bodyAt = round8(32 + 4 * count);
            return new Reply(f.matchBits(), f.offset(), m.getInt(8), count, m.getLong(bodyAt + PB_HANDLE),
                    m.getInt(bodyAt + PB_TYPE), m.getInt(bodyAt + PB_VERSION), m.getInt(bodyAt + PB_OPC),
                    m.getInt(bodyAt + PB_STATUS), m.getInt(bodyAt + PB_TIMEOUT), m.getInt(bodyAt + PB_SERVICE_TIME),
                    f.payload());
        }

        @Override
        public String toString() {
            return "reply x" + xid + " at offset " + offset + " type " + type + " opc " + opc + " status " + status
                    + " handle 0x" + Long.toHexString(handle);
        }
    }

    private static boolean isReply(Frame f) {
        return f.ksockType() == KSOCK_LNET && f.lnetType() == LNET_PUT && f.portal() == OSC_REPLY_PORTAL;
    }

    /** Waits for the reply to {@code xid}, skipping NOOPs, ACKs and other replies. */
    Reply awaitReply(long xid, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (drainer != null) {
            while (System.nanoTime() < deadline) {
                Reply r = replies.remove(xid);
                if (r != null) {
                    return r;
                }
                if (closedByServer || serverGarbage.get() != null) {
                    throw new EOFException("connection gone before the reply to x" + xid
                            + (serverGarbage.get() != null ? ": " + serverGarbage.get() : ""));
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            throw new SocketTimeoutException("no reply to x" + xid + " in " + timeout.toMillis() + " ms");
        }
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no reply to x" + xid + " in " + timeout.toMillis() + " ms");
            }
            Frame f = readFrame(Duration.ofNanos(left));
            framesIn.incrementAndGet();
            if (isReply(f) && f.matchBits() == xid) {
                return Reply.parse(f);
            }
        }
    }

    /** Reads frames in the background from now on, keeping the replies for {@link #awaitReply}. */
    void startDraining() {
        drainer = Thread.ofVirtual().name("rawpeer-drain").start(() -> {
            try {
                while (true) {
                    Frame f = readFrame(Duration.ofMinutes(5));
                    framesIn.incrementAndGet();
                    if (isReply(f) && f.payload().length >= 32) {
                        replies.put(f.matchBits(), Reply.parse(f));
                    }
                }
            } catch (ServerGarbage e) {
                serverGarbage.set(e.getMessage());
            } catch (IOException | RuntimeException e) {
                closedByServer = true;
            }
        });
    }

    /** What the background reader found that is not socklnd framing, or null. */
    String serverGarbage() {
        return serverGarbage.get();
    }

    /** Whether the background reader saw the connection end. */
    boolean closedByServer() {
        return closedByServer;
    }

    /** Takes the replies the background reader collected and nobody waited for. */
    java.util.List<Reply> takeReplies() {
        java.util.List<Reply> out = new java.util.ArrayList<>(replies.values());
        replies.clear();
        return out;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
        if (drainer != null) {
            try {
                drainer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "raw peer " + Nid.toString(nid) + " " + Arrays.toString(new Object[] {socket.getLocalSocketAddress()});
    }
}
