package org.jlustre.wire.lnet;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.wire.Le;

/**
 * The LNet message header in its 64-bit NID form, {@code struct _lnet_hdr_nid4} (72 bytes,
 * packed, always little-endian on the wire; include/uapi/linux/lnet/lnet-idl.h, reference 7.2).
 * The common part names the two ends and the payload length; the last 40 bytes are a union
 * by message type, modelled here as the sealed {@link Body}.
 *
 * <pre>
 *  0  8  dest_nid
 *  8  8  src_nid
 * 16  4  dest_pid
 * 20  4  src_pid
 * 24  4  type            (ACK 0, PUT 1, GET 2, REPLY 3, HELLO 4)
 * 28  4  payload_length
 * 32 40  msg             (the per-type union below)
 *
 * PUT    32 16 ack_wmd     48 8 match_bits  56 8 hdr_data  64 4 ptl_index  68 4 offset
 * GET    32 16 return_wmd  48 8 match_bits  56 4 ptl_index 60 4 src_offset 64 4 sink_length
 * ACK    32 16 dst_wmd     48 8 match_bits  56 4 mlength
 * REPLY  32 16 dst_wmd
 * HELLO  32  8 incarnation 40 4 type
 * </pre>
 *
 * @param destNid the target NID ({@code lnet_nid_t})
 * @param srcNid the sender's NID
 * @param destPid the target process id ({@code LNET_PID_LUSTRE} for Lustre services)
 * @param srcPid the sender's process id
 * @param payloadLength bytes of payload after the header
 * @param body the per-type part
 */
public record LnetHeader(long destNid, long srcNid, int destPid, int srcPid, int payloadLength, Body body) {

    /** Encoded size. */
    public static final int SIZE = 72;
    /** Offset of {@code dest_nid}. */
    public static final int OFF_DEST_NID = 0;
    /** Offset of {@code src_nid}. */
    public static final int OFF_SRC_NID = 8;
    /** Offset of {@code dest_pid}. */
    public static final int OFF_DEST_PID = 16;
    /** Offset of {@code src_pid}. */
    public static final int OFF_SRC_PID = 20;
    /** Offset of {@code type}. */
    public static final int OFF_TYPE = 24;
    /** Offset of {@code payload_length}. */
    public static final int OFF_PAYLOAD_LENGTH = 28;
    /** Offset of the per-type union {@code msg}. */
    public static final int OFF_MSG = 32;
    /** Size of the union. */
    public static final int MSG_SIZE = 40;

    /** {@code LNET_MSG_ACK}. */
    public static final int TYPE_ACK = 0;
    /** {@code LNET_MSG_PUT}. */
    public static final int TYPE_PUT = 1;
    /** {@code LNET_MSG_GET}. */
    public static final int TYPE_GET = 2;
    /** {@code LNET_MSG_REPLY}. */
    public static final int TYPE_REPLY = 3;
    /** {@code LNET_MSG_HELLO}. */
    public static final int TYPE_HELLO = 4;

    /** Offset in the header of a PUT's {@code ack_wmd}. */
    public static final int OFF_PUT_ACK_WMD = 32;
    /** Offset of a PUT's {@code match_bits}. */
    public static final int OFF_PUT_MATCH_BITS = 48;
    /** Offset of a PUT's {@code hdr_data}. */
    public static final int OFF_PUT_HDR_DATA = 56;
    /** Offset of a PUT's {@code ptl_index}. */
    public static final int OFF_PUT_PTL_INDEX = 64;
    /** Offset of a PUT's {@code offset}. */
    public static final int OFF_PUT_OFFSET = 68;
    /** Offset of a GET's {@code return_wmd}. */
    public static final int OFF_GET_RETURN_WMD = 32;
    /** Offset of a GET's {@code match_bits}. */
    public static final int OFF_GET_MATCH_BITS = 48;
    /** Offset of a GET's {@code ptl_index}. */
    public static final int OFF_GET_PTL_INDEX = 56;
    /** Offset of a GET's {@code src_offset}. */
    public static final int OFF_GET_SRC_OFFSET = 60;
    /** Offset of a GET's {@code sink_length}. */
    public static final int OFF_GET_SINK_LENGTH = 64;
    /** Offset of an ACK's {@code dst_wmd}. */
    public static final int OFF_ACK_DST_WMD = 32;
    /** Offset of an ACK's {@code match_bits}. */
    public static final int OFF_ACK_MATCH_BITS = 48;
    /** Offset of an ACK's {@code mlength}. */
    public static final int OFF_ACK_MLENGTH = 56;
    /** Offset of a REPLY's {@code dst_wmd}. */
    public static final int OFF_REPLY_DST_WMD = 32;
    /** Offset of a HELLO's {@code incarnation}. */
    public static final int OFF_HELLO_INCARNATION = 32;
    /** Offset of a HELLO's {@code type}. */
    public static final int OFF_HELLO_TYPE = 40;

    /** The per-type union. */
    public sealed interface Body permits Put, Get, Ack, Reply, Hello {
        /** The {@code LNET_MSG_*} type this body is. */
        int type();
    }

    /**
     * A PUT: {@code payload_length} bytes for the MD matching {@code portal} and {@code matchBits}.
     *
     * @param ackWmd where to send the ACK, or {@link LnetWireHandle#NONE} for none
     * @param matchBits the match bits
     * @param hdrData 64 bits delivered with the event ({@code hdr_data})
     * @param portal the portal index ({@code ptl_index})
     * @param offset the offset in the MD, used when it manages offsets remotely
     */
    public record Put(LnetWireHandle ackWmd, long matchBits, long hdrData, int portal, int offset) implements Body {
        @Override
        public int type() {
            return TYPE_PUT;
        }
    }

    /**
     * A GET: asks the MD matching {@code portal} and {@code matchBits} for {@code sinkLength}
     * bytes from {@code srcOffset}, to be sent back in a REPLY to {@code returnWmd}.
     *
     * @param returnWmd the initiator's MD that takes the REPLY
     * @param matchBits the match bits
     * @param portal the portal index
     * @param srcOffset the offset in the target MD, used when it manages offsets remotely
     * @param sinkLength how many bytes the initiator can take
     */
    public record Get(LnetWireHandle returnWmd, long matchBits, int portal, int srcOffset, int sinkLength)
            implements Body {
        @Override
        public int type() {
            return TYPE_GET;
        }
    }

    /**
     * An ACK of a PUT.
     *
     * @param dstWmd the PUT initiator's MD (the PUT's {@code ack_wmd})
     * @param matchBits the PUT's match bits
     * @param mlength how many bytes the target took
     */
    public record Ack(LnetWireHandle dstWmd, long matchBits, int mlength) implements Body {
        @Override
        public int type() {
            return TYPE_ACK;
        }
    }

    /**
     * A REPLY to a GET, its payload the data asked for.
     *
     * @param dstWmd the GET initiator's MD (the GET's {@code return_wmd})
     */
    public record Reply(LnetWireHandle dstWmd) implements Body {
        @Override
        public int type() {
            return TYPE_REPLY;
        }
    }

    /**
     * The HELLO of protocol V1 ({@code LNET_PROTO_TCP_MAGIC}); V2 and later use
     * {@code ksock_hello_msg} instead, so jlustre only decodes it.
     *
     * @param incarnation the sender's incarnation
     * @param helloType the connection type
     */
    public record Hello(long incarnation, int helloType) implements Body {
        @Override
        public int type() {
            return TYPE_HELLO;
        }
    }

    /** Checks the payload length is not negative. */
    public LnetHeader {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("payload length " + Integer.toUnsignedString(payloadLength) + " < 0");
        }
    }

    /** The {@code LNET_MSG_*} type. */
    public int type() {
        return body.type();
    }

    /** Writes the 72 bytes at {@code offset}; the unused tail of the union is zeroed. */
    public void write(MemorySegment dst, long offset) {
        MemorySegment h = dst.asSlice(offset, SIZE);
        h.set(Le.U64, OFF_DEST_NID, destNid);
        h.set(Le.U64, OFF_SRC_NID, srcNid);
        h.set(Le.U32, OFF_DEST_PID, destPid);
        h.set(Le.U32, OFF_SRC_PID, srcPid);
        h.set(Le.U32, OFF_TYPE, body.type());
        h.set(Le.U32, OFF_PAYLOAD_LENGTH, payloadLength);
        h.asSlice(OFF_MSG, MSG_SIZE).fill((byte) 0);
        switch (body) {
            case Put p -> {
                p.ackWmd().write(h, OFF_PUT_ACK_WMD);
                h.set(Le.U64, OFF_PUT_MATCH_BITS, p.matchBits());
                h.set(Le.U64, OFF_PUT_HDR_DATA, p.hdrData());
                h.set(Le.U32, OFF_PUT_PTL_INDEX, p.portal());
                h.set(Le.U32, OFF_PUT_OFFSET, p.offset());
            }
            case Get g -> {
                g.returnWmd().write(h, OFF_GET_RETURN_WMD);
                h.set(Le.U64, OFF_GET_MATCH_BITS, g.matchBits());
                h.set(Le.U32, OFF_GET_PTL_INDEX, g.portal());
                h.set(Le.U32, OFF_GET_SRC_OFFSET, g.srcOffset());
                h.set(Le.U32, OFF_GET_SINK_LENGTH, g.sinkLength());
            }
            case Ack a -> {
                a.dstWmd().write(h, OFF_ACK_DST_WMD);
                h.set(Le.U64, OFF_ACK_MATCH_BITS, a.matchBits());
                h.set(Le.U32, OFF_ACK_MLENGTH, a.mlength());
            }
            case Reply r -> r.dstWmd().write(h, OFF_REPLY_DST_WMD);
            case Hello hello -> {
                h.set(Le.U64, OFF_HELLO_INCARNATION, hello.incarnation());
                h.set(Le.U32, OFF_HELLO_TYPE, hello.helloType());
            }
        }
    }

    /**
     * Reads 72 bytes at {@code offset}.
     *
     * @throws LustreException {@link Errno#EPROTO} for an unknown type or a negative payload
     *         length, naming the value
     */
    public static LnetHeader read(MemorySegment src, long offset) throws LustreException {
        MemorySegment h = src.asSlice(offset, SIZE);
        int type = h.get(Le.U32, OFF_TYPE);
        int len = h.get(Le.U32, OFF_PAYLOAD_LENGTH);
        if (len < 0) {
            throw new LustreException(Errno.EPROTO, "LNet header with payload length "
                    + Integer.toUnsignedString(len) + " (type " + type + ")");
        }
        Body body = switch (type) {
            case TYPE_PUT -> new Put(LnetWireHandle.read(h, OFF_PUT_ACK_WMD), h.get(Le.U64, OFF_PUT_MATCH_BITS),
                    h.get(Le.U64, OFF_PUT_HDR_DATA), h.get(Le.U32, OFF_PUT_PTL_INDEX), h.get(Le.U32, OFF_PUT_OFFSET));
            case TYPE_GET -> new Get(LnetWireHandle.read(h, OFF_GET_RETURN_WMD), h.get(Le.U64, OFF_GET_MATCH_BITS),
                    h.get(Le.U32, OFF_GET_PTL_INDEX), h.get(Le.U32, OFF_GET_SRC_OFFSET),
                    h.get(Le.U32, OFF_GET_SINK_LENGTH));
            case TYPE_ACK -> new Ack(LnetWireHandle.read(h, OFF_ACK_DST_WMD), h.get(Le.U64, OFF_ACK_MATCH_BITS),
                    h.get(Le.U32, OFF_ACK_MLENGTH));
            case TYPE_REPLY -> new Reply(LnetWireHandle.read(h, OFF_REPLY_DST_WMD));
            case TYPE_HELLO -> new Hello(h.get(Le.U64, OFF_HELLO_INCARNATION), h.get(Le.U32, OFF_HELLO_TYPE));
            default -> throw new LustreException(Errno.EPROTO, "LNet header with unknown message type "
                    + Integer.toUnsignedString(type) + " from " + Nid.toString(h.get(Le.U64, OFF_SRC_NID)));
        };
        return new LnetHeader(h.get(Le.U64, OFF_DEST_NID), h.get(Le.U64, OFF_SRC_NID), h.get(Le.U32, OFF_DEST_PID),
                h.get(Le.U32, OFF_SRC_PID), len, body);
    }

    /** The name LNet prints for a message type ({@code lnet_msgtyp2str}). */
    public static String typeName(int type) {
        return switch (type) {
            case TYPE_ACK -> "ACK";
            case TYPE_PUT -> "PUT";
            case TYPE_GET -> "GET";
            case TYPE_REPLY -> "REPLY";
            case TYPE_HELLO -> "HELLO";
            default -> "<UNKNOWN>";
        };
    }

    @Override
    public String toString() {
        return typeName(type()) + " " + Nid.toString(srcNid) + "-" + srcPid + " -> " + Nid.toString(destNid) + "-"
                + destPid + " len " + payloadLength + " " + body;
    }
}
