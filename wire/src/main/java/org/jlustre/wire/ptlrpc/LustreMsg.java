package org.jlustre.wire.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * A ptlrpc message, {@code struct lustre_msg_v2} (include/uapi/linux/lustre/lustre_idl.h,
 * reference 7.1): a header, {@code lm_bufcount} buffer lengths, then the buffers, each padded to
 * 8 bytes. Buffer 0 is the {@link PtlrpcBody}; the others are defined per opcode by the request
 * formats of lustre/ptlrpc/layout.c. This is a view over the bytes: {@link #pack} lays a new
 * message out (little-endian), {@link #unpack} checks a received one and reads it in the byte
 * order its magic shows ({@code lustre_unpack_msg}).
 *
 * <pre>
 *  0  4  lm_bufcount
 *  4  4  lm_secflvr     flavour in the low 20 bits (0: null), sender's sec part in the top byte
 *  8  4  lm_magic       LUSTRE_MSG_MAGIC_V2 0x0bd00bd3
 * 12  4  lm_repsize     reply buffer size the client posted
 * 16  4  lm_cksum       early reply checksum
 * 20  4  lm_flags       MSGHDR_*
 * 24  4  lm_padding_2   (later releases: lm_opc of batched RPCs)
 * 28  4  lm_padding_3
 * 32 4n  lm_buflens[n]
 * </pre>
 */
public final class LustreMsg {

    /** Offset of {@code lm_bufcount}. */
    public static final int OFF_BUFCOUNT = 0;
    /** Offset of {@code lm_secflvr}. */
    public static final int OFF_SECFLVR = 4;
    /** Offset of {@code lm_magic}. */
    public static final int OFF_MAGIC = 8;
    /** Offset of {@code lm_repsize}. */
    public static final int OFF_REPSIZE = 12;
    /** Offset of {@code lm_cksum}. */
    public static final int OFF_CKSUM = 16;
    /** Offset of {@code lm_flags}. */
    public static final int OFF_FLAGS = 20;
    /** Offset of {@code lm_padding_2}. */
    public static final int OFF_PADDING_2 = 24;
    /** Offset of {@code lm_padding_3}. */
    public static final int OFF_PADDING_3 = 28;
    /** Offset of {@code lm_buflens}. */
    public static final int OFF_BUFLENS = 32;
    /** The fixed part before the buffer lengths. */
    public static final int FIXED_SIZE = 32;

    /** {@code LUSTRE_MSG_MAGIC_V2}. */
    public static final int MAGIC_V2 = 0x0BD00BD3;
    /** {@code LUSTRE_MSG_MAGIC_V2_SWABBED}: a message written big-endian. */
    public static final int MAGIC_V2_SWABBED = 0xD30BD00B;
    /**
     * {@code PTLRPC_MAX_BUFCOUNT}: the most buffers a message may have, one per bit of the
     * 32-bit {@code rq_req_swab_mask} (lustre_net.h).
     */
    public static final int MAX_BUFCOUNT = 32;
    /** {@code SPTLRPC_FLVR_NULL}: no security. */
    public static final int SECFLVR_NULL = 0;
    /**
     * {@code WIRE_FLVR()}: the flavour bits of {@code lm_secflvr}; the top byte is the sender's
     * sec part, which a receiver ignores when it picks the flavour (sec.c).
     */
    public static final int WIRE_FLVR_MASK = 0x000FFFFF;
    /** Where the sender's sec part sits in {@code lm_secflvr} ({@code null_encode_sec_part}). */
    public static final int SEC_PART_SHIFT = 24;
    /** {@code LUSTRE_SP_CLI}: a client's OSC or MDC. */
    public static final int SP_CLI = 0;
    /** {@code LUSTRE_SP_MDT}: an MDT's OSP or LWP. */
    public static final int SP_MDT = 1;
    /** {@code LUSTRE_SP_OST}: an OST's LWP. */
    public static final int SP_OST = 2;
    /** {@code LUSTRE_SP_MGC}: the MGC. */
    public static final int SP_MGC = 3;
    /** {@code LUSTRE_SP_MGS}: the MGS. */
    public static final int SP_MGS = 4;
    /** {@code MSGHDR_AT_SUPPORT}: the sender understands adaptive timeouts. */
    public static final int MSGHDR_AT_SUPPORT = 0x1;
    /** {@code MSGHDR_CKSUM_INCOMPAT18}: early reply checksum over the whole body. */
    public static final int MSGHDR_CKSUM_INCOMPAT18 = 0x2;
    /**
     * {@code lustre_msg_early_size()}: a message of one v3 body (40 + 184 bytes; 40 + 152 = 192
     * only before 2.13, LU-12523). A client whose request has {@link #MSGHDR_AT_SUPPORT} takes
     * early replies at offset 0 of its reply buffer and the final reply at this offset
     * ({@code null_authorize}, {@code null_alloc_repbuf}).
     */
    public static final int EARLY_SIZE = 224;

    private final MemorySegment seg;
    private final boolean swab;
    private final ValueLayout.OfInt u32;
    private final int bufCount;
    // lm_buflens and the buffer offsets, read once: the lengths checked by unpack are the
    // lengths used, whatever the sender's buffer holds later, and a lookup is an array read
    private final int[] lens;
    private final long[] offsets;
    // buffer 0, sliced on first use; a racing second slice is the same view, so no lock
    private MemorySegment body;

    private LustreMsg(MemorySegment seg, boolean swab, int[] lens) {
        this.seg = seg;
        this.swab = swab;
        this.u32 = swab ? Be.U32 : Le.U32;
        this.bufCount = lens.length;
        this.lens = lens;
        this.offsets = new long[lens.length];
        long off = headerSize(lens.length);
        for (int i = 0; i < lens.length; i++) {
            offsets[i] = off;
            off += Le.round8Long(Integer.toUnsignedLong(lens[i]));
        }
    }

    /** The header size for {@code bufCount} buffers ({@code lustre_msg_hdr_size_v2}). */
    public static int headerSize(int bufCount) {
        return Le.round8(OFF_BUFLENS + 4 * bufCount);
    }

    /** The message size for these buffer lengths ({@code lustre_msg_size_v2}). */
    public static int size(int... lens) {
        long n = headerSize(lens.length);
        for (int len : lens) {
            if (len < 0) {
                throw new IllegalArgumentException("buffer length " + len + " < 0");
            }
            n += Le.round8(len);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("message of " + n + " bytes");
        }
        return (int) n;
    }

    /**
     * Lays out a message with these buffer lengths at the start of {@code dst}, little-endian,
     * with null security and zeroed buffers ({@code lustre_init_msg_v2}).
     */
    public static LustreMsg pack(MemorySegment dst, int... lens) {
        if (lens.length == 0 || lens.length > MAX_BUFCOUNT) {
            throw new IllegalArgumentException("buffer count " + lens.length + " not in 1.." + MAX_BUFCOUNT);
        }
        int size = size(lens);
        MemorySegment m = dst.asSlice(0, size);
        m.fill((byte) 0);
        m.set(Le.U32, OFF_BUFCOUNT, lens.length);
        m.set(Le.U32, OFF_SECFLVR, SECFLVR_NULL);
        m.set(Le.U32, OFF_MAGIC, MAGIC_V2);
        for (int i = 0; i < lens.length; i++) {
            m.set(Le.U32, OFF_BUFLENS + 4L * i, lens[i]);
        }
        return new LustreMsg(m, false, lens.clone());
    }

    /**
     * Checks a received message and returns a view of it ({@code lustre_unpack_msg_v2}): the
     * magic in either byte order, a buffer count in 1..{@link #MAX_BUFCOUNT}, and every buffer
     * inside {@code src}.
     *
     * @throws LustreException {@link Errno#EPROTO} naming what is wrong
     */
    public static LustreMsg unpack(MemorySegment src) throws LustreException {
        long len = src.byteSize();
        if (len < FIXED_SIZE) {
            throw new LustreException(Errno.EPROTO, "message of " + len + " bytes is shorter than the "
                    + FIXED_SIZE + "-byte lustre_msg header");
        }
        int magic = src.get(Le.U32, OFF_MAGIC);
        boolean swab;
        if (magic == MAGIC_V2) {
            swab = false;
        } else if (magic == MAGIC_V2_SWABBED) {
            swab = true;
        } else {
            throw new LustreException(Errno.EPROTO, "bad lustre_msg magic 0x" + Integer.toHexString(magic)
                    + " (expected 0x" + Integer.toHexString(MAGIC_V2) + ")");
        }
        ValueLayout.OfInt u32 = swab ? Be.U32 : Le.U32;
        int count = src.get(u32, OFF_BUFCOUNT);
        if (count <= 0 || count > MAX_BUFCOUNT) {
            throw new LustreException(Errno.EPROTO, "bad lustre_msg buffer count " + Integer.toUnsignedString(count)
                    + " (1.." + MAX_BUFCOUNT + ")");
        }
        long need = headerSize(count);
        if (len < need) {
            throw new LustreException(Errno.EPROTO, "message of " + len + " bytes is too short for the header of "
                    + count + " buffers (" + need + " bytes)");
        }
        int[] lens = new int[count];
        for (int i = 0; i < count; i++) {
            int b = src.get(u32, OFF_BUFLENS + 4L * i);
            lens[i] = b;
            need += Le.round8Long(Integer.toUnsignedLong(b));
            if (need > len) {
                throw new LustreException(Errno.EPROTO, "buffer " + i + " of length " + Integer.toUnsignedString(b)
                        + " runs past the end of a " + len + "-byte message");
            }
        }
        return new LustreMsg(src.asSlice(0, need), swab, lens);
    }

    /** The message bytes, header to the end of the last buffer. */
    public MemorySegment segment() {
        return seg;
    }

    /** Whether the sender wrote big-endian (we read it swabbed). */
    public boolean swabbed() {
        return swab;
    }

    /** {@code lm_bufcount}. */
    public int bufCount() {
        return bufCount;
    }

    /** {@code lm_buflens[i]}, or 0 past the last buffer ({@code lustre_msg_buflen}). */
    public int bufLen(int i) {
        return i < bufCount ? lens[i] : 0;
    }

    /** The offset of buffer {@code i} in the message. */
    public long bufOffset(int i) {
        if (i < 0 || i >= bufCount) {
            throw new IndexOutOfBoundsException("buffer " + i + " of " + bufCount);
        }
        return offsets[i];
    }

    /** Buffer {@code i}, {@link #bufLen} bytes. */
    public MemorySegment buf(int i) {
        return seg.asSlice(bufOffset(i), bufLen(i));
    }

    /**
     * Buffer {@code i} if it holds at least {@code minLen} bytes ({@code lustre_msg_buf}).
     *
     * @throws LustreException {@link Errno#EPROTO} naming the buffer when it is missing or short
     */
    public MemorySegment buf(int i, int minLen, String what) throws LustreException {
        if (i >= bufCount) {
            throw new LustreException(Errno.EPROTO, "message has no buffer " + i + " (" + what + "): "
                    + bufCount + " buffers");
        }
        int len = bufLen(i);
        if (len < minLen) {
            throw new LustreException(Errno.EPROTO, "buffer " + i + " (" + what + ") is " + len
                    + " bytes, needs " + minLen);
        }
        return buf(i);
    }

    /** {@code lm_secflvr}. */
    public int secFlavor() {
        return seg.get(u32, OFF_SECFLVR);
    }

    /**
     * Sets {@code lm_secflvr}: the null flavour with the sender's sec part ({@link #SP_CLI} ...)
     * in the top byte, as {@code null_ctx_sign} and {@code null_encode_sec_part} write it.
     */
    public void secPart(int sp) {
        writable();
        if (sp < 0 || sp > 0xff) {
            throw new IllegalArgumentException("sec part " + sp + " not in 0..255");
        }
        seg.set(Le.U32, OFF_SECFLVR, SECFLVR_NULL | sp << SEC_PART_SHIFT);
    }

    /** The flavour of {@code lm_secflvr} without the sec part ({@code WIRE_FLVR}). */
    public int wireFlavor() {
        return secFlavor() & WIRE_FLVR_MASK;
    }

    /** The sender's sec part, the top byte of {@code lm_secflvr} ({@code null_decode_sec_part}). */
    public int senderSecPart() {
        return secFlavor() >>> SEC_PART_SHIFT;
    }

    /** {@code lm_repsize}. */
    public int repSize() {
        return seg.get(u32, OFF_REPSIZE);
    }

    /** Sets {@code lm_repsize}. */
    public void repSize(int size) {
        writable();
        seg.set(Le.U32, OFF_REPSIZE, size);
    }

    /** {@code lm_flags}. */
    public int flags() {
        return seg.get(u32, OFF_FLAGS);
    }

    /** Sets {@code lm_flags}. */
    public void flags(int flags) {
        writable();
        seg.set(Le.U32, OFF_FLAGS, flags);
    }

    /** {@code lm_cksum}. */
    public int cksum() {
        return seg.get(u32, OFF_CKSUM);
    }

    /** The message size ({@code lustre_msg_size_v2} of this layout). */
    public int size() {
        return (int) seg.byteSize();
    }

    /**
     * The {@code ptlrpc_body} in buffer 0, which must hold at least the v2 body
     * ({@code PTLRPC_BODY_MIN_SIZE}, {@code lustre_msg_ptlrpc_body}).
     *
     * @throws LustreException {@link Errno#EPROTO} when buffer 0 is too short
     */
    public PtlrpcBody body() throws LustreException {
        MemorySegment b = body;
        if (b == null) {
            b = buf(0, PtlrpcBody.SIZE_V2, "ptlrpc_body");
            body = b;
        }
        return new PtlrpcBody(b, swab);
    }

    private void writable() {
        if (swab) {
            throw new IllegalStateException("cannot write into a message received big-endian");
        }
    }
}
