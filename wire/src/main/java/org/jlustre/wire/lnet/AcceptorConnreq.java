package org.jlustre.wire.lnet;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct lnet_acceptor_connreq} (16 bytes): the first thing an active socklnd connection
 * sends to the acceptor on port 988, naming the NID it wants to reach (lnet/lnet/acceptor.c,
 * reference 7.3). The acceptor reads the magic first and swabs the rest when the magic is
 * byte-swapped.
 *
 * <pre>
 *  0  4  acr_magic    LNET_PROTO_ACCEPTOR_MAGIC 0xacce7100
 *  4  4  acr_version  1
 *  8  8  acr_nid      the target NID
 * </pre>
 *
 * @param version {@code acr_version}
 * @param nid {@code acr_nid}, the NID the connection is for
 */
public record AcceptorConnreq(int version, long nid) {

    /** Encoded size. */
    public static final int SIZE = 16;
    /** Offset of {@code acr_magic}. */
    public static final int OFF_MAGIC = 0;
    /** Offset of {@code acr_version}. */
    public static final int OFF_VERSION = 4;
    /** Offset of {@code acr_nid}. */
    public static final int OFF_NID = 8;
    /** {@code LNET_PROTO_ACCEPTOR_MAGIC}. */
    public static final int MAGIC = 0xacce7100;
    /** {@code LNET_PROTO_ACCEPTOR_VERSION}: the version with a 64-bit NID. */
    public static final int VERSION = 1;
    /** The default acceptor port ({@code accept_port}). */
    public static final int DEFAULT_PORT = 988;

    /** Writes the 16 bytes, little-endian, at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        dst.set(Le.U32, offset + OFF_MAGIC, MAGIC);
        dst.set(Le.U32, offset + OFF_VERSION, version);
        dst.set(Le.U64, offset + OFF_NID, nid);
    }

    /** Whether a first word read little-endian is the acceptor magic in either byte order. */
    public static boolean isMagic(int word) {
        return word == MAGIC || word == Integer.reverseBytes(MAGIC);
    }

    /**
     * Reads 16 bytes at {@code offset}, in the byte order its magic shows.
     *
     * @throws LustreException {@link Errno#EPROTO} when the magic is not the acceptor's
     */
    public static AcceptorConnreq read(MemorySegment src, long offset) throws LustreException {
        int magic = src.get(Le.U32, offset + OFF_MAGIC);
        if (magic == MAGIC) {
            return new AcceptorConnreq(src.get(Le.U32, offset + OFF_VERSION), src.get(Le.U64, offset + OFF_NID));
        }
        if (magic == Integer.reverseBytes(MAGIC)) {
            return new AcceptorConnreq(src.get(Be.U32, offset + OFF_VERSION), src.get(Be.U64, offset + OFF_NID));
        }
        throw new LustreException(Errno.EPROTO, "bad acceptor magic 0x" + Integer.toHexString(magic)
                + " (expected 0x" + Integer.toHexString(MAGIC) + ")");
    }

    @Override
    public String toString() {
        return "connreq v" + version + " for " + Nid.toString(nid);
    }
}
