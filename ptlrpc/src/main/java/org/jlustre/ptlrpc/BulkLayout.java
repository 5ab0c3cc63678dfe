package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.lnet.Kiov;
import org.jlustre.wire.lnet.LnetConstants;

/**
 * How a bulk's bytes split into LNet MDs, exactly as Lustre's {@code __ptlrpc_prep_bulk_page}
 * (lustre/ptlrpc/client.c) splits them, so that the client's MDs and the server's GETs or PUTs
 * agree byte for byte: each {@code niobuf_remote} is cut into page fragments at 4 KiB file-offset
 * boundaries, the fragments are appended in niobuf order, and a new MD starts when the number of
 * fragments so far is a multiple of {@code LNET_MAX_IOV} (256) or the next fragment would take
 * the current MD past {@code LNET_MTU} (1 MiB); there may be at most
 * {@link Ptlrpc#BULK_OPS_COUNT} (64) MDs. With page-aligned I/O, MD i is bytes
 * [i MiB, (i + 1) MiB) of the transfer.
 *
 * <p>A short read sends fewer bytes than the client asked for ({@link #truncate}): the MDs past
 * the data are still sent, empty ({@code ptlrpc_fill_bulk_md} "just send a lnet header"), so the
 * number of transfers always equals the number of MDs the client posted.
 *
 * <p>Immutable.
 */
public final class BulkLayout {

    /** {@code PAGE_SIZE} of the clients we speak to (x86): where page fragments are cut. */
    public static final int PAGE_SIZE = 4096;
    /** {@code LNET_MAX_IOV}: fragments per MD. */
    public static final int MAX_IOV = 256;

    /** Bytes in each MD (0 for an MD that carries none). */
    private final int[] mdLengths;
    private final long total;

    private BulkLayout(int[] mdLengths) {
        this.mdLengths = mdLengths;
        long t = 0;
        for (int l : mdLengths) {
            t += l;
        }
        this.total = t;
    }

    /**
     * The layout of a bulk over these niobufs ({@code rnb_offset}, {@code rnb_len}), in order.
     *
     * @throws LustreException {@link Errno#EPROTO} for a negative offset, a length that is not
     *         positive, a range past 2^63 or a bulk that needs more than 64 MDs, naming the niobuf
     *         or the count
     */
    public static BulkLayout of(long[] offsets, int[] lengths) throws LustreException {
        if (offsets.length != lengths.length) {
            throw new IllegalArgumentException(offsets.length + " offsets for " + lengths.length + " lengths");
        }
        int[] mdLen = new int[Ptlrpc.BULK_OPS_COUNT];
        int mds = 0;
        long frags = 0;
        long nobLast = 0;
        for (int i = 0; i < offsets.length; i++) {
            long off = offsets[i];
            int len = lengths[i];
            if (off < 0 || len <= 0 || off + len < 0) {
                throw new LustreException(Errno.EPROTO, "niobuf " + i + " of " + offsets.length + ": offset " + off
                        + " length " + len + " is not a byte range of an object");
            }
            for (long at = off, end = off + len; at < end; ) {
                int frag = (int) Math.min(end - at, PAGE_SIZE - (at & (PAGE_SIZE - 1)));
                if (frags % MAX_IOV == 0 || nobLast + frag > LnetConstants.MTU) {
                    if (mds == Ptlrpc.BULK_OPS_COUNT) {
                        throw new LustreException(Errno.EPROTO, "bulk of " + offsets.length + " niobufs needs more "
                                + "than " + Ptlrpc.BULK_OPS_COUNT + " MDs (PTLRPC_BULK_OPS_COUNT): it has more than "
                                + frags + " page fragments");
                    }
                    mds++;
                    nobLast = 0;
                }
                mdLen[mds - 1] += frag;
                nobLast += frag;
                frags++;
                at += frag;
            }
        }
        return new BulkLayout(Arrays.copyOf(mdLen, mds));
    }

    /**
     * The layout of the first {@code bytes} bytes of this one (a short read: the server sends only
     * the data it has): the same MDs, the fragments past the data left out, MDs left with none
     * still counted and carrying no bytes.
     *
     * @throws IllegalArgumentException when {@code bytes} is negative or past the total
     */
    public BulkLayout truncate(long bytes) {
        if (bytes < 0 || bytes > total) {
            throw new IllegalArgumentException("cannot truncate a bulk of " + total + " bytes to " + bytes);
        }
        int[] len = new int[mdLengths.length];
        long left = bytes;
        for (int i = 0; i < len.length && left > 0; i++) {
            len[i] = (int) Math.min(left, mdLengths[i]);
            left -= len[i];
        }
        return new BulkLayout(len);
    }

    /** How many MDs (LNet GETs or PUTs) the bulk takes. */
    public int mdCount() {
        return mdLengths.length;
    }

    /** The bytes MD {@code i} carries. */
    public int mdLength(int i) {
        return mdLengths[i];
    }

    /** The bytes of all MDs. */
    public long totalLength() {
        return total;
    }

    /**
     * Cuts the caller's fragments (any sizes, cut anywhere) at this layout's MD boundaries, with
     * no copy: one kiov per MD, empty for an MD that carries no bytes.
     *
     * @throws LustreException {@link Errno#EPROTO} naming both totals when the fragments do not
     *         hold exactly this layout's bytes
     */
    List<Kiov> cut(List<MemorySegment> fragments, String what) throws LustreException {
        Kiov all = Kiov.of(fragments);
        if (all.length() != total) {
            throw new LustreException(Errno.EPROTO, what + ": " + fragments.size() + " fragments of " + all.length()
                    + " bytes for a bulk layout of " + total + " bytes");
        }
        List<Kiov> out = new ArrayList<>(mdLengths.length);
        long at = 0;
        for (int len : mdLengths) {
            out.add(all.slice(at, len));
            at += len;
        }
        return out;
    }

    @Override
    public String toString() {
        return "bulk layout of " + total + " bytes in " + mdLengths.length + " MDs " + Arrays.toString(mdLengths);
    }
}
