package org.jlustre.wire.lnet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct ksock_hello_msg} in its 64-bit NID form (56 bytes and {@code kshm_nips} u32
 * addresses, packed): the hello of socklnd protocols V2 and V3, sent by both ends before any
 * message (lnet/klnds/socklnd/socklnd-idl.h, socklnd_proto.c; reference 7.3). Each side writes
 * in its own byte order; a reader finds the order from {@code kshm_magic}.
 *
 * <pre>
 *  0  4  kshm_magic             LNET_PROTO_MAGIC 0x45726963
 *  4  4  kshm_version           2, 3 (or 4, large NIDs)
 *  8  8  kshm_src_nid
 * 16  8  kshm_dst_nid
 * 24  4  kshm_src_pid
 * 28  4  kshm_dst_pid
 * 32  8  kshm_src_incarnation
 * 40  8  kshm_dst_incarnation
 * 48  4  kshm_ctype             SOCKLND_CONN_ANY 0, CONTROL 1, BULK_IN 2, BULK_OUT 3
 * 52  4  kshm_nips
 * 56     kshm_ips[nips]
 * </pre>
 *
 * @param version {@code kshm_version}
 * @param srcNid the sender's NID
 * @param dstNid the NID the sender believes it talks to ({@code LNET_NID_ANY} when unknown)
 * @param srcPid the sender's pid
 * @param dstPid the peer's pid as the sender knows it
 * @param srcIncarnation the sender's incarnation (changes when it restarts)
 * @param dstIncarnation the peer's incarnation as the sender knows it (0 when unknown)
 * @param ctype the connection type
 * @param ips {@code kshm_ips}, the sender's interface addresses (V2; empty from V3 on)
 */
public record KsockHello(int version, long srcNid, long dstNid, int srcPid, int dstPid, long srcIncarnation,
        long dstIncarnation, int ctype, int[] ips) {

    /** Size without the address list ({@code offsetof(ksock_hello_msg, kshm_ips)}). */
    public static final int SIZE = 56;
    /** Offset of {@code kshm_magic}. */
    public static final int OFF_MAGIC = 0;
    /** Offset of {@code kshm_version}. */
    public static final int OFF_VERSION = 4;
    /** Offset of {@code kshm_src_nid}. */
    public static final int OFF_SRC_NID = 8;
    /** Offset of {@code kshm_dst_nid}. */
    public static final int OFF_DST_NID = 16;
    /** Offset of {@code kshm_src_pid}. */
    public static final int OFF_SRC_PID = 24;
    /** Offset of {@code kshm_dst_pid}. */
    public static final int OFF_DST_PID = 28;
    /** Offset of {@code kshm_src_incarnation}. */
    public static final int OFF_SRC_INCARNATION = 32;
    /** Offset of {@code kshm_dst_incarnation}. */
    public static final int OFF_DST_INCARNATION = 40;
    /** Offset of {@code kshm_ctype}. */
    public static final int OFF_CTYPE = 48;
    /** Offset of {@code kshm_nips}. */
    public static final int OFF_NIPS = 52;
    /** Offset of {@code kshm_ips}. */
    public static final int OFF_IPS = 56;

    /** {@code LNET_PROTO_MAGIC}: the hello of protocols V2 and later. */
    public static final int MAGIC = 0x45726963;
    /** {@code LNET_PROTO_TCP_MAGIC}: protocol V1, whose hello is an LNet HELLO header. */
    public static final int TCP_MAGIC_V1 = 0xeebc0ded;
    /** {@code KSOCK_PROTO_V2}. */
    public static final int PROTO_V2 = 2;
    /** {@code KSOCK_PROTO_V3}: the protocol jlustre speaks. */
    public static final int PROTO_V3 = 3;
    /** {@code KSOCK_PROTO_V4}: V3 with 128-bit NIDs. */
    public static final int PROTO_V4 = 4;
    /** {@code LNET_INTERFACES_NUM}: the most addresses a hello may list. */
    public static final int MAX_IPS = 16;

    /** {@code SOCKLND_CONN_NONE}. */
    public static final int CONN_NONE = -1;
    /** {@code SOCKLND_CONN_ANY}: one connection carries everything. */
    public static final int CONN_ANY = 0;
    /** {@code SOCKLND_CONN_CONTROL}. */
    public static final int CONN_CONTROL = 1;
    /** {@code SOCKLND_CONN_BULK_IN}. */
    public static final int CONN_BULK_IN = 2;
    /** {@code SOCKLND_CONN_BULK_OUT}. */
    public static final int CONN_BULK_OUT = 3;

    /** Copies the address list. */
    public KsockHello {
        ips = ips.clone();
    }

    /** The address list. */
    @Override
    public int[] ips() {
        return ips.clone();
    }

    /** Encoded size, with the address list. */
    public int size() {
        return SIZE + 4 * ips.length;
    }

    /** The type the passive side answers with ({@code ksocknal_invert_type}): BULK_IN and BULK_OUT swap. */
    public static int invertType(int ctype) {
        return switch (ctype) {
            case CONN_BULK_IN -> CONN_BULK_OUT;
            case CONN_BULK_OUT -> CONN_BULK_IN;
            case CONN_ANY, CONN_CONTROL -> ctype;
            default -> CONN_NONE;
        };
    }

    /** Writes the hello, little-endian, at {@code offset}: {@link #size()} bytes. */
    public void write(MemorySegment dst, long offset) {
        dst.set(Le.U32, offset + OFF_MAGIC, MAGIC);
        dst.set(Le.U32, offset + OFF_VERSION, version);
        dst.set(Le.U64, offset + OFF_SRC_NID, srcNid);
        dst.set(Le.U64, offset + OFF_DST_NID, dstNid);
        dst.set(Le.U32, offset + OFF_SRC_PID, srcPid);
        dst.set(Le.U32, offset + OFF_DST_PID, dstPid);
        dst.set(Le.U64, offset + OFF_SRC_INCARNATION, srcIncarnation);
        dst.set(Le.U64, offset + OFF_DST_INCARNATION, dstIncarnation);
        dst.set(Le.U32, offset + OFF_CTYPE, ctype);
        dst.set(Le.U32, offset + OFF_NIPS, ips.length);
        for (int i = 0; i < ips.length; i++) {
            dst.set(Le.U32, offset + OFF_IPS + 4L * i, ips[i]);
        }
    }

    /** Whether the magic word (read little-endian) is byte-swapped: the peer writes big-endian. */
    public static boolean isSwabbed(int magic) {
        return magic == Integer.reverseBytes(MAGIC);
    }

    /**
     * The number of addresses a hello says follow its fixed part, read in the order its magic
     * shows, checked against {@link #MAX_IPS}.
     *
     * @throws LustreException {@link Errno#EPROTO} for a bad magic or too many addresses
     */
    public static int nips(MemorySegment src, long offset) throws LustreException {
        boolean swab = checkMagic(src.get(Le.U32, offset + OFF_MAGIC));
        int nips = src.get(swab ? Be.U32 : Le.U32, offset + OFF_NIPS);
        if (nips < 0 || nips > MAX_IPS) {
            throw new LustreException(Errno.EPROTO, "bad hello: " + Integer.toUnsignedString(nips)
                    + " interface addresses (at most " + MAX_IPS + ")");
        }
        return nips;
    }

    /**
     * Reads a hello at {@code offset} in the byte order its magic shows; {@code src} must hold
     * the fixed part and the {@link #nips} addresses.
     *
     * @throws LustreException {@link Errno#EPROTO} for a bad magic or address count
     */
    public static KsockHello read(MemorySegment src, long offset) throws LustreException {
        int n = nips(src, offset);
        boolean swab = isSwabbed(src.get(Le.U32, offset + OFF_MAGIC));
        ValueLayout.OfInt u32 = swab ? Be.U32 : Le.U32;
        ValueLayout.OfLong u64 = swab ? Be.U64 : Le.U64;
        int[] ips = new int[n];
        for (int i = 0; i < n; i++) {
            ips[i] = src.get(u32, offset + OFF_IPS + 4L * i);
        }
        return new KsockHello(src.get(u32, offset + OFF_VERSION), src.get(u64, offset + OFF_SRC_NID),
                src.get(u64, offset + OFF_DST_NID), src.get(u32, offset + OFF_SRC_PID),
                src.get(u32, offset + OFF_DST_PID), src.get(u64, offset + OFF_SRC_INCARNATION),
                src.get(u64, offset + OFF_DST_INCARNATION), src.get(u32, offset + OFF_CTYPE), ips);
    }

    private static boolean checkMagic(int magic) throws LustreException {
        if (magic == MAGIC) {
            return false;
        }
        if (isSwabbed(magic)) {
            return true;
        }
        if (magic == TCP_MAGIC_V1 || magic == Integer.reverseBytes(TCP_MAGIC_V1)) {
            throw new LustreException(Errno.EPROTO, "hello of socklnd protocol V1 (magic 0x"
                    + Integer.toHexString(magic) + "), not supported");
        }
        throw new LustreException(Errno.EPROTO, "bad hello magic 0x" + Integer.toHexString(magic)
                + " (expected 0x" + Integer.toHexString(MAGIC) + ")");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KsockHello h && version == h.version && srcNid == h.srcNid && dstNid == h.dstNid
                && srcPid == h.srcPid && dstPid == h.dstPid && srcIncarnation == h.srcIncarnation
                && dstIncarnation == h.dstIncarnation && ctype == h.ctype && java.util.Arrays.equals(ips, h.ips);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(version, srcNid, dstNid, srcPid, dstPid, srcIncarnation, dstIncarnation, ctype,
                java.util.Arrays.hashCode(ips));
    }

    @Override
    public String toString() {
        return "hello v" + version + " " + Nid.toString(srcNid) + "-" + srcPid + " (incarnation 0x"
                + Long.toHexString(srcIncarnation) + ") -> " + Nid.toString(dstNid) + "-" + dstPid + " ctype " + ctype
                + " nips " + ips.length;
    }
}
