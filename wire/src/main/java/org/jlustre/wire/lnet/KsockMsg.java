package org.jlustre.wire.lnet;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * The header of every socklnd V2/V3 message after the hello, {@code struct ksock_msg}
 * (lnet/klnds/socklnd/socklnd-idl.h, reference 7.3): 24 bytes, then, for
 * {@link #TYPE_LNET}, the 72-byte {@link LnetHeader} and its payload. A NOOP carries nothing;
 * V3 sends one as keepalive and to acknowledge zero-copy sends.
 *
 * <pre>
 *  0  4  ksm_type          KSOCK_MSG_NOOP 0xc0, KSOCK_MSG_LNET 0xc1
 *  4  4  ksm_csum          0 unless checksums are on
 *  8 16  ksm_zc_cookies[2] zero-copy request and ack cookies
 * 24     ksm_u.lnetmsg     (LNET) the LNet header, then the payload
 * </pre>
 */
public final class KsockMsg {

    private KsockMsg() {
    }

    /** Size of the header before the LNet header. */
    public static final int HEADER_SIZE = 24;
    /** Offset of {@code ksm_type}. */
    public static final int OFF_TYPE = 0;
    /** Offset of {@code ksm_csum}. */
    public static final int OFF_CSUM = 4;
    /** Offset of {@code ksm_zc_cookies[0]} (the request cookie). */
    public static final int OFF_ZC_REQ_COOKIE = 8;
    /** Offset of {@code ksm_zc_cookies[1]} (the ack cookie). */
    public static final int OFF_ZC_ACK_COOKIE = 16;
    /** Offset of the LNet header of an LNET message. */
    public static final int OFF_LNET_HDR = 24;
    /** Size of an LNET message's headers: ksock_msg then the LNet header. */
    public static final int LNET_HEADERS_SIZE = HEADER_SIZE + LnetHeader.SIZE;

    /** {@code KSOCK_MSG_NOOP}. */
    public static final int TYPE_NOOP = 0xc0;
    /** {@code KSOCK_MSG_LNET}. */
    public static final int TYPE_LNET = 0xc1;

    /** Writes a ksock_msg header, little-endian, with no checksum and no zero-copy cookies. */
    public static void writeHeader(MemorySegment dst, long offset, int type) {
        dst.set(Le.U32, offset + OFF_TYPE, type);
        dst.set(Le.U32, offset + OFF_CSUM, 0);
        dst.set(Le.U64, offset + OFF_ZC_REQ_COOKIE, 0L);
        dst.set(Le.U64, offset + OFF_ZC_ACK_COOKIE, 0L);
    }
}
