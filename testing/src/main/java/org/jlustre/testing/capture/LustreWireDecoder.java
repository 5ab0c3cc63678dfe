package org.jlustre.testing.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An independent decoder of one direction of a socklnd TCP connection, written only from the
 * jlustre reference (section 7, "Wire basics") and the research notes on Lustre's wire
 * (sections 1-5 and 7: acceptor, hello, ksock_msg, LNet header, lustre_msg_v2, ptlrpc_body,
 * obd_connect_data). It shares no code or constants with the production codecs on purpose: a
 * capture that both this and the production code agree on has been checked twice.
 *
 * <p>Every multi-byte field is read little-endian from a {@link ByteBuffer}; anything the
 * documents do not allow is a {@link DecodeException} naming the stream offset and the bytes.
 */
public final class LustreWireDecoder {

    // ---------------------------------------------------------------- acceptor (reference 7.3)
    public static final int LNET_PROTO_ACCEPTOR_MAGIC = 0xacce7100;
    public static final int LNET_PROTO_ACCEPTOR_VERSION = 1;
    public static final int CONNREQ_SIZE = 16;

    // ---------------------------------------------------------------- hello (ksock_hello_msg_nid4)
    public static final int LNET_PROTO_MAGIC = 0x45726963;
    public static final int LNET_PROTO_TCP_MAGIC = 0xeebc0ded;
    public static final int KSOCK_PROTO_V3 = 3;
    public static final int HELLO_SIZE = 56;
    public static final int SOCKLND_CONN_ANY = 0;
    public static final int SOCKLND_CONN_CONTROL = 1;
    public static final int SOCKLND_CONN_BULK_IN = 2;
    public static final int SOCKLND_CONN_BULK_OUT = 3;

    // ---------------------------------------------------------------- ksock_msg
    public static final int KSOCK_MSG_NOOP = 0xc0;
    public static final int KSOCK_MSG_LNET = 0xc1;
    public static final int KSOCK_HDR_SIZE = 24;

    // ---------------------------------------------------------------- LNet (reference 7.2)
    public static final int LNET_HDR_SIZE = 72;
    public static final int LNET_MSG_ACK = 0;
    public static final int LNET_MSG_PUT = 1;
    public static final int LNET_MSG_GET = 2;
    public static final int LNET_MSG_REPLY = 3;
    public static final int LNET_MSG_HELLO = 4;
    public static final int LNET_PID_LUSTRE = 12345;
    public static final long LNET_WIRE_HANDLE_COOKIE_NONE = ~0L;
    public static final int LNET_MTU = 1 << 20;
    public static final int SOCKLND = 2;

    // ---------------------------------------------------------------- portals
    public static final int CONNMGR_REQUEST_PORTAL = 1;
    public static final int OSC_REPLY_PORTAL = 4;
    public static final int OST_BULK_PORTAL = 8;
    public static final int MDS_BULK_PORTAL = 14;
    public static final int MGS_BULK_PORTAL = 33;
    public static final int OST_REQUEST_PORTAL = 28;
    public static final int MGC_REPLY_PORTAL = 25;
    public static final int MGS_REQUEST_PORTAL = 26;
    /** The request and reply portals (reference 7.1 / notes 5); bulk portals 8, 14, 33 carry raw data. */
    public static final Set<Integer> RPC_PORTALS = Set.of(1, 2, 4, 6, 7, 10, 12, 13, 15, 16, 17, 18, 22, 23, 24, 25, 26,
            27, 28, 29, 30, 31, 32);

    // ---------------------------------------------------------------- lustre_msg_v2 (reference 7.1)
    public static final int LUSTRE_MSG_MAGIC_V2 = 0x0BD00BD3;
    public static final int LUSTRE_MSG_MAGIC_V2_SWABBED = 0xD30BD00B;
    public static final int MSGHDR_AT_SUPPORT = 0x1;
    public static final int MSGHDR_CKSUM_INCOMPAT18 = 0x2;
    public static final int PTL_RPC_MSG_REQUEST = 4711;
    public static final int PTL_RPC_MSG_ERR = 4712;
    public static final int PTL_RPC_MSG_REPLY = 4713;
    public static final int PTLRPC_MSG_VERSION = 3;
    public static final int LUSTRE_VERSION_MASK = 0xffff0000;
    public static final int LUSTRE_OBD_VERSION = 0x00010000;
    public static final int LUSTRE_OST_VERSION = 0x00030000;
    public static final int PTLRPC_BODY_V2_SIZE = 152;
    public static final int PTLRPC_BODY_V3_SIZE = 184;
    public static final int LUSTRE_JOBID_SIZE = 32;
    /**
     * lustre_msg_early_size(): the offset of a final reply when the request has
     * MSGHDR_AT_SUPPORT, a message of one v3 body since 2.13 (LU-12523): round8(32 + 4) + 184.
     */
    public static final int LUSTRE_MSG_EARLY_SIZE = 224;
    public static final int OBD_CONNECT_DATA_SIZE = 192;
    public static final int OBD_UUID_SIZE = 40;
    public static final int LUSTRE_HANDLE_SIZE = 8;

    // ---------------------------------------------------------------- opcodes
    public static final int OST_CONNECT = 8;
    public static final int OST_DISCONNECT = 9;
    public static final int MDS_CONNECT = 38;
    public static final int MGS_CONNECT = 250;
    public static final int MGS_DISCONNECT = 251;
    public static final int LDLM_ENQUEUE = 101;
    public static final int LLOG_ORIGIN_HANDLE_CREATE = 501;
    public static final int LLOG_ORIGIN_HANDLE_NEXT_BLOCK = 502;
    public static final int LLOG_ORIGIN_HANDLE_READ_HEADER = 503;
    public static final int OBD_PING = 400;
    public static final Set<Integer> CONNECT_OPCODES = Set.of(OST_CONNECT, MDS_CONNECT, MGS_CONNECT);

    private LustreWireDecoder() {
    }

    /** Input the documents do not allow. */
    public static final class DecodeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DecodeException(long offset, String what, ByteBuffer at) {
            super(String.format(Locale.ROOT, "at stream offset %d: %s (bytes: %s)", offset, what, hex(at, 32)));
        }
    }

    /** {@code lnet_acceptor_connreq}. */
    public record Connreq(long offset, int magic, int version, long nid) {
    }

    /** {@code ksock_hello_msg_nid4}. */
    public record Hello(long offset, int magic, int version, long srcNid, long dstNid, int srcPid, int dstPid,
            long srcIncarnation, long dstIncarnation, int ctype, int nips) {
    }

    /**
     * {@code _lnet_hdr_nid4}: the common part and every union member's fields (those of other
     * types are 0).
     */
    public record LnetHdr(long destNid, long srcNid, int destPid, int srcPid, int type, int payloadLength,
            long wmdInterfaceCookie, long wmdObjectCookie, long matchBits, long hdrData, int ptlIndex, int offset,
            int srcOffset, int sinkLength, int mlength, long helloIncarnation, int helloType) {

        public String typeName() {
            return switch (type) {
                case LNET_MSG_ACK -> "ACK";
                case LNET_MSG_PUT -> "PUT";
                case LNET_MSG_GET -> "GET";
                case LNET_MSG_REPLY -> "REPLY";
                case LNET_MSG_HELLO -> "HELLO";
                default -> "type" + type;
            };
        }
    }

    /** {@code ptlrpc_body_v2} / {@code _v3}. */
    public record PtlrpcBody(int length, long handle, int type, int version, int opc, int status, long lastXid, int tag,
            int projid, long lastCommitted, long transno, int flags, int opFlags, int connCnt, int timeout,
            int serviceTime, int limit, long slv, long[] preVersions, long mbits, int uid, int gid, String jobid) {
    }

    /** The leading fields of {@code obd_connect_data}. */
    public record ObdConnectData(long connectFlags, int version, int grant, int index, int brwSize, long ibitsKnown,
            int instance, long maxbytes, long connectFlags2) {
    }

    /** A {@code lustre_msg_v2} with its ptlrpc_body and, for CONNECT, its connect buffers. */
    public record LustreMsg(int bufcount, int secflvr, int magic, int repsize, int cksum, int flags, int lmOpc,
            int padding3, int[] buflens, int[] bufOffsets, int size, ByteBuffer whole, PtlrpcBody body,
            String targetUuid, String clientUuid, long connHandle, ObdConnectData ocd) {

        /** Buffer {@code i} (a little-endian slice of its length). */
        public ByteBuffer buffer(int i) {
            return whole.slice(bufOffsets[i], buflens[i]).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** One {@code ksock_msg}: NOOP ({@code lnet} null) or LNET with its payload. */
    public record KsockMsg(int index, long offset, long end, int ksmType, int csum, long zcReqCookie, long zcAckCookie,
            LnetHdr lnet, ByteBuffer payload, LustreMsg lustre) {

        public boolean isNoop() {
            return ksmType == KSOCK_MSG_NOOP;
        }

        @Override
        public String toString() {
            if (lnet == null) {
                return String.format(Locale.ROOT, "#%d @%d NOOP zc=%x/%x", index, offset, zcReqCookie, zcAckCookie);
            }
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "#%d @%d %s len=%d", index, offset,
                    lnet.typeName(), lnet.payloadLength()));
            switch (lnet.type()) {
                case LNET_MSG_PUT -> b.append(String.format(Locale.ROOT, " ptl=%d mbits=0x%x off=%d hdr_data=%x ack_wmd=%x/%x",
                        lnet.ptlIndex(), lnet.matchBits(), lnet.offset(), lnet.hdrData(), lnet.wmdInterfaceCookie(),
                        lnet.wmdObjectCookie()));
                case LNET_MSG_GET -> b.append(String.format(Locale.ROOT, " ptl=%d mbits=0x%x src_off=%d sink=%d ret_wmd=%x/%x",
                        lnet.ptlIndex(), lnet.matchBits(), lnet.srcOffset(), lnet.sinkLength(),
                        lnet.wmdInterfaceCookie(), lnet.wmdObjectCookie()));
                case LNET_MSG_ACK -> b.append(String.format(Locale.ROOT, " mbits=0x%x mlength=%d dst_wmd=%x/%x",
                        lnet.matchBits(), lnet.mlength(), lnet.wmdInterfaceCookie(), lnet.wmdObjectCookie()));
                case LNET_MSG_REPLY -> b.append(String.format(Locale.ROOT, " dst_wmd=%x/%x", lnet.wmdInterfaceCookie(),
                        lnet.wmdObjectCookie()));
                default -> {
                }
            }
            if (lustre != null) {
                PtlrpcBody pb = lustre.body();
                b.append(String.format(Locale.ROOT,
                        " | lustre_msg bufcount=%d lm_flags=%x buflens=%s size=%d pb: type=%d opc=%d status=%d"
                                + " version=%x handle=%x conn_cnt=%d flags=%x op_flags=%x mbits=0x%x",
                        lustre.bufcount(), lustre.flags(), java.util.Arrays.toString(lustre.buflens()), lustre.size(),
                        pb.type(), pb.opc(), pb.status(), pb.version(), pb.handle(), pb.connCnt(), pb.flags(),
                        pb.opFlags(), pb.mbits()));
                if (lustre.ocd() != null) {
                    b.append(String.format(Locale.ROOT, " ocd_flags=%x", lustre.ocd().connectFlags()));
                }
                if (lustre.targetUuid() != null) {
                    b.append(" tgt=").append(lustre.targetUuid()).append(" cl=").append(lustre.clientUuid());
                }
            }
            return b.toString();
        }
    }

    /** A decoded direction of a connection. */
    public record Stream(Connreq connreq, Hello hello, List<KsockMsg> msgs, long length, List<Long> boundaries) {
    }

    /**
     * Decodes one direction. {@code activeSide}: the connecting side's stream (connreq, hello,
     * messages); otherwise the acceptor side's (hello, messages).
     */
    public static Stream decode(byte[] bytes, boolean activeSide) {
        ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> boundaries = new ArrayList<>();
        int p = 0;
        Connreq connreq = null;
        if (activeSide) {
            need(all, p, CONNREQ_SIZE, "lnet_acceptor_connreq");
            boundaries.add((long) p);
            int magic = all.getInt(p);
            if (magic != LNET_PROTO_ACCEPTOR_MAGIC) {
                throw new DecodeException(p, String.format(Locale.ROOT, "acceptor magic %08x, not %08x", magic,
                        LNET_PROTO_ACCEPTOR_MAGIC), all.slice(p, all.limit() - p));
            }
            connreq = new Connreq(p, magic, all.getInt(p + 4), all.getLong(p + 8));
            p += CONNREQ_SIZE;
        }
        need(all, p, HELLO_SIZE, "ksock_hello_msg");
        boundaries.add((long) p);
        int hmagic = all.getInt(p);
        if (hmagic != LNET_PROTO_MAGIC) {
            throw new DecodeException(p, String.format(Locale.ROOT, "hello magic %08x, not %08x%s", hmagic,
                    LNET_PROTO_MAGIC, hmagic == LNET_PROTO_TCP_MAGIC ? " (protocol V1)" : ""),
                    all.slice(p, all.limit() - p));
        }
        Hello hello = new Hello(p, hmagic, all.getInt(p + 4), all.getLong(p + 8), all.getLong(p + 16),
                all.getInt(p + 24), all.getInt(p + 28), all.getLong(p + 32), all.getLong(p + 40), all.getInt(p + 48),
                all.getInt(p + 52));
        if (hello.nips() < 0 || hello.nips() > 16) {
            throw new DecodeException(p + 52, "hello nips " + hello.nips(), all.slice(p, HELLO_SIZE));
        }
        p += HELLO_SIZE + 4 * hello.nips(); // kshm_ips follow only if nips > 0 (deprecated, sent as 0)
        List<KsockMsg> msgs = new ArrayList<>();
        p = messages(all, p, msgs, boundaries);
        return new Stream(connreq, hello, List.copyOf(msgs), p, List.copyOf(boundaries));
    }

    /**
     * Decodes one direction of a connection whose handshake is not in the capture (it was
     * recorded from the middle): {@code ksock_msg}s from the first byte.
     */
    public static Stream decodeMessages(byte[] bytes) {
        ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> boundaries = new ArrayList<>();
        List<KsockMsg> msgs = new ArrayList<>();
        int p = messages(all, 0, msgs, boundaries);
        return new Stream(null, null, List.copyOf(msgs), p, List.copyOf(boundaries));
    }

    /** The ksock_msgs from {@code p} to the end, into {@code msgs}; returns the end offset. */
    private static int messages(ByteBuffer all, int p, List<KsockMsg> msgs, List<Long> boundaries) {
        while (p < all.limit()) {
            boundaries.add((long) p);
            need(all, p, KSOCK_HDR_SIZE, "ksock_msg header");
            int type = all.getInt(p);
            int csum = all.getInt(p + 4);
            long zcReq = all.getLong(p + 8);
            long zcAck = all.getLong(p + 16);
            if (type == KSOCK_MSG_NOOP) {
                msgs.add(new KsockMsg(msgs.size(), p, p + KSOCK_HDR_SIZE, type, csum, zcReq, zcAck, null, null, null));
                p += KSOCK_HDR_SIZE;
                continue;
            }
            if (type != KSOCK_MSG_LNET) {
                throw new DecodeException(p, String.format(Locale.ROOT, "ksm_type %08x is neither NOOP %x nor LNET %x",
                        type, KSOCK_MSG_NOOP, KSOCK_MSG_LNET), all.slice(p, all.limit() - p));
            }
            int h = p + KSOCK_HDR_SIZE;
            need(all, h, LNET_HDR_SIZE, "LNet header");
            LnetHdr hdr = lnetHdr(all, h);
            if (hdr.payloadLength() < 0 || hdr.payloadLength() > LNET_MTU) {
                throw new DecodeException(h + 28, "payload_length " + Integer.toUnsignedString(hdr.payloadLength())
                        + " over LNET_MTU", all.slice(h, LNET_HDR_SIZE));
            }
            int body = h + LNET_HDR_SIZE;
            need(all, body, hdr.payloadLength(), hdr.typeName() + " payload");
            ByteBuffer payload = all.slice(body, hdr.payloadLength()).order(ByteOrder.LITTLE_ENDIAN);
            LustreMsg lustre = null;
            if (hdr.type() == LNET_MSG_PUT && RPC_PORTALS.contains(hdr.ptlIndex())) {
                lustre = lustreMsg(payload, body);
            }
            int end = body + hdr.payloadLength();
            msgs.add(new KsockMsg(msgs.size(), p, end, type, csum, zcReq, zcAck, hdr, payload, lustre));
            p = end;
        }
        boundaries.add((long) p);
        return p;
    }

    private static LnetHdr lnetHdr(ByteBuffer b, int h) {
        long dest = b.getLong(h);
        long src = b.getLong(h + 8);
        int destPid = b.getInt(h + 16);
        int srcPid = b.getInt(h + 20);
        int type = b.getInt(h + 24);
        int len = b.getInt(h + 28);
        int u = h + 32;
        return switch (type) {
            case LNET_MSG_PUT -> new LnetHdr(dest, src, destPid, srcPid, type, len, b.getLong(u), b.getLong(u + 8),
                    b.getLong(u + 16), b.getLong(u + 24), b.getInt(u + 32), b.getInt(u + 36), 0, 0, 0, 0, 0);
            case LNET_MSG_GET -> new LnetHdr(dest, src, destPid, srcPid, type, len, b.getLong(u), b.getLong(u + 8),
                    b.getLong(u + 16), 0, b.getInt(u + 24), 0, b.getInt(u + 28), b.getInt(u + 32), 0, 0, 0);
            case LNET_MSG_ACK -> new LnetHdr(dest, src, destPid, srcPid, type, len, b.getLong(u), b.getLong(u + 8),
                    b.getLong(u + 16), 0, 0, 0, 0, 0, b.getInt(u + 24), 0, 0);
            case LNET_MSG_REPLY -> new LnetHdr(dest, src, destPid, srcPid, type, len, b.getLong(u), b.getLong(u + 8),
                    0, 0, 0, 0, 0, 0, 0, 0, 0);
            case LNET_MSG_HELLO -> new LnetHdr(dest, src, destPid, srcPid, type, len, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    b.getLong(u), b.getInt(u + 8));
            default -> throw new DecodeException(h + 24, "LNet msg type " + type, b.slice(h, LNET_HDR_SIZE));
        };
    }

    private static int round8(int n) {
        return (n + 7) & ~7;
    }

    /** lustre_msg_v2 in a PUT payload that starts at stream offset {@code at}. */
    public static LustreMsg lustreMsg(ByteBuffer m, long at) {
        if (m.limit() < 32) {
            throw new DecodeException(at, "lustre_msg of " + m.limit() + " bytes (header is 32+)", m);
        }
        int bufcount = m.getInt(0);
        int magic = m.getInt(8);
        if (magic != LUSTRE_MSG_MAGIC_V2) {
            throw new DecodeException(at + 8, String.format(Locale.ROOT, "lm_magic %08x, not %08x%s", magic,
                    LUSTRE_MSG_MAGIC_V2, magic == LUSTRE_MSG_MAGIC_V2_SWABBED ? " (swabbed)" : ""), m);
        }
        if (bufcount < 1 || bufcount > 64) {
            throw new DecodeException(at, "lm_bufcount " + bufcount, m);
        }
        int hdr = round8(32 + 4 * bufcount);
        if (m.limit() < hdr) {
            throw new DecodeException(at, "lustre_msg header of " + hdr + " bytes in " + m.limit(), m);
        }
        int[] lens = new int[bufcount];
        int[] offs = new int[bufcount];
        int o = hdr;
        for (int i = 0; i < bufcount; i++) {
            lens[i] = m.getInt(32 + 4 * i);
            if (lens[i] < 0 || (long) o + lens[i] > m.limit()) {
                throw new DecodeException(at + 32 + 4 * i, "lm_buflens[" + i + "] " + Integer.toUnsignedString(lens[i])
                        + " runs past the " + m.limit() + "-byte message (buffer starts at " + o + ")", m);
            }
            offs[i] = o;
            o += round8(lens[i]);
        }
        int size = o;
        if (size > m.limit()) {
            // the last buffer's padding may be missing only if the message was cut short
            throw new DecodeException(at, "lustre_msg needs " + size + " bytes, payload has " + m.limit(), m);
        }
        if (lens[0] < PTLRPC_BODY_V2_SIZE) {
            throw new DecodeException(at + offs[0], "ptlrpc_body of " + lens[0] + " bytes (< 152)", m);
        }
        PtlrpcBody pb = body(m.slice(offs[0], lens[0]).order(ByteOrder.LITTLE_ENDIAN));
        String tgt = null;
        String cl = null;
        long handle = 0;
        ObdConnectData ocd = null;
        if (CONNECT_OPCODES.contains(pb.opc())) {
            if (pb.type() == PTL_RPC_MSG_REQUEST) {
                if (bufcount < 5) {
                    throw new DecodeException(at, "CONNECT request with " + bufcount + " buffers (5 expected)", m);
                }
                tgt = string(m, offs[1], lens[1]);
                cl = string(m, offs[2], lens[2]);
                if (lens[3] < LUSTRE_HANDLE_SIZE) {
                    throw new DecodeException(at + offs[3], "lustre_handle of " + lens[3] + " bytes", m);
                }
                handle = m.getLong(offs[3]);
                ocd = ocd(m, offs[4], lens[4], at);
            } else if (pb.type() == PTL_RPC_MSG_REPLY && bufcount >= 2) {
                ocd = ocd(m, offs[1], lens[1], at);
            }
        }
        return new LustreMsg(bufcount, m.getInt(4), magic, m.getInt(12), m.getInt(16), m.getInt(20), m.getInt(24),
                m.getInt(28), lens, offs, size, m, pb, tgt, cl, handle, ocd);
    }

    private static PtlrpcBody body(ByteBuffer b) {
        long[] pre = new long[4];
        for (int i = 0; i < 4; i++) {
            pre[i] = b.getLong(88 + 8 * i);
        }
        String jobid = null;
        if (b.limit() >= PTLRPC_BODY_V3_SIZE) {
            jobid = string(b, 152, LUSTRE_JOBID_SIZE);
        }
        return new PtlrpcBody(b.limit(), b.getLong(0), b.getInt(8), b.getInt(12), b.getInt(16), b.getInt(20),
                b.getLong(24), Short.toUnsignedInt(b.getShort(32)), b.getInt(36), b.getLong(40), b.getLong(48),
                b.getInt(56), b.getInt(60), b.getInt(64), b.getInt(68), b.getInt(72), b.getInt(76), b.getLong(80), pre,
                b.getLong(120), b.getInt(144), b.getInt(148), jobid);
    }

    private static ObdConnectData ocd(ByteBuffer m, int off, int len, long at) {
        if (len < 88) {
            throw new DecodeException(at + off, "obd_connect_data of " + len + " bytes", m);
        }
        return new ObdConnectData(m.getLong(off), m.getInt(off + 8), m.getInt(off + 12), m.getInt(off + 16),
                m.getInt(off + 20), m.getLong(off + 24), m.getInt(off + 60), m.getLong(off + 64), m.getLong(off + 80));
    }

    /** A NUL-terminated string in {@code len} bytes at {@code off}. */
    private static String string(ByteBuffer b, int off, int len) {
        int n = 0;
        while (n < len && b.get(off + n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(off, s);
        return new String(s, StandardCharsets.US_ASCII);
    }

    private static void need(ByteBuffer b, int p, int n, String what) {
        if ((long) p + n > b.limit()) {
            throw new DecodeException(p, what + " needs " + n + " bytes, stream has " + (b.limit() - p),
                    b.slice(p, b.limit() - p));
        }
    }

    public static String hex(ByteBuffer b, int max) {
        int n = Math.min(max, b.remaining());
        byte[] a = new byte[n];
        b.get(b.position(), a);
        return HexFormat.ofDelimiter(" ").formatHex(a) + (b.remaining() > max ? " ..." : "");
    }

    /** A NID as {@code a.b.c.d@tcpN}. */
    public static String nid(long nid) {
        int addr = (int) nid;
        int net = (int) (nid >>> 32);
        return String.format(Locale.ROOT, "%d.%d.%d.%d@%s%s", addr >>> 24, (addr >>> 16) & 255, (addr >>> 8) & 255,
                addr & 255, (net >>> 16) == SOCKLND ? "tcp" : "lnd" + (net >>> 16),
                (net & 0xffff) == 0 ? "" : Integer.toString(net & 0xffff));
    }

    /** The lnet_nid_t of an IPv4 address on {@code tcp0}. */
    public static long tcpNid(int ipv4) {
        return ((long) SOCKLND << 48) | Integer.toUnsignedLong(ipv4);
    }
}
