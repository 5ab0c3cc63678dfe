package org.jlustre.ost;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.BufsType;
import org.jlustre.osd.LocalBuffer;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;

/**
 * The bulk read and write paths of an {@link Ofd} ({@code ofd_preprw} / {@code ofd_commitrw},
 * lustre/ofd/ofd_io.c, driven as {@code tgt_brw_read} / {@code tgt_brw_write} drive them):
 * data moves between the network and the OSD's own pages, never through a buffer of ours.
 *
 * <p>Write: {@code bufsGet(WRITE)} for each niobuf (the OSD reserves the space: ENOSPC here,
 * before any byte moves), {@code writePrep}, the bulk GET straight into those pages, then one
 * transaction with {@code writeCommit} and the attribute update (and {@code trusted.fid} on
 * the first write carrying it), then {@code bufsPut}. Nothing of a write whose bulk fails is
 * committed. Read: {@code bufsGet(READ)} + {@code readPrep} (holes read as zeros, nothing past
 * the end), the bulk PUT from the OSD's pages, {@code bufsPut}; the result is the bytes sent.
 */
public final class OfdIo {

    private final Ofd ofd;

    OfdIo(Ofd ofd) {
        this.ofd = ofd;
    }

    /**
     * Checks a niobuf list before anything is touched: at least one, each at least one byte at a
     * non-negative offset, in increasing offset order without overlap, and (for writes) ending
     * within the largest object.
     *
     * @throws LustreException EINVAL naming the bad niobufs; EFBIG for a write past the maximum
     *     object size
     */
    void checkNiobufs(Fid fid, long[] offsets, int[] lens, boolean write) throws LustreException {
        if (offsets.length == 0 || offsets.length != lens.length) {
            throw new LustreException(Errno.EINVAL, ofd.name() + ": " + offsets.length + " niobufs for " + fid);
        }
        long max = ofd.osd().conf().maxBytes();
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] < 0 || lens[i] <= 0) {
                throw new LustreException(Errno.EINVAL, ofd.name() + ": niobuf " + i + " of " + fid + " at "
                        + Long.toUnsignedString(offsets[i]) + " len " + Integer.toUnsignedString(lens[i])
                        + " is not a valid range");
            }
            if (write && offsets[i] + lens[i] > max) {
                throw new LustreException(Errno.EFBIG, ofd.name() + ": write of niobuf " + i + " [" + offsets[i] + ", "
                        + (offsets[i] + lens[i]) + ") of " + fid + " past the maximum object size " + max);
            }
            if (i > 0 && offsets[i] < offsets[i - 1] + lens[i - 1]) {
                throw new LustreException(Errno.EINVAL, ofd.name() + ": niobufs " + (i - 1) + " [" + offsets[i - 1]
                        + ", " + (offsets[i - 1] + lens[i - 1]) + ") and " + i + " [" + offsets[i] + ", "
                        + (offsets[i] + lens[i]) + ") of " + fid + (offsets[i] < offsets[i - 1] ? " are out of order"
                                : " overlap"));
            }
        }
    }

    /**
     * What a write carries besides the data.
     *
     * @param attr times and owner to apply (null for none)
     * @param filterFid how {@code trusted.fid} changes (null for not at all)
     * @param grantedBytes how many of the bytes the client paid from its grant
     *        ({@code OBD_BRW_FROM_GRANT} niobufs)
     * @param grant the export's grant they were paid from (null with none)
     */
    public record WriteAttrs(LuAttr attr, FilterFidUpdate filterFid, long grantedBytes, Grants.ExportGrant grant) {

        /** A write with nothing but data, not paid from grant. */
        public static final WriteAttrs NONE = new WriteAttrs(null, null, 0, null);
    }

    /**
     * OST_WRITE of {@code fid}: the niobufs' bytes, taken by {@code bulk} into the OSD's pages,
     * committed in one transaction with {@code wa}'s times and owner ({@code ofd_commitrw_write}).
     *
     * @return the bytes written
     * @throws LustreException ENOENT for a missing object, EINVAL/EFBIG for bad niobufs, ENOSPC
     *     when the OSD (or the space not granted) cannot take it, the bulk's failure: in every
     *     case nothing of this write is committed
     */
    public long write(Fid fid, long[] offsets, int[] lens, BulkTransfer bulk, WriteAttrs wa, TxnRecord rec) throws LustreException {
        long start = System.nanoTime();
        checkNiobufs(fid, offsets, lens, true);
        long total = 0;
        for (int l : lens) {
            total += l;
        }
        long granted = wa.grant() == null ? 0 : Math.min(wa.grantedBytes(), total);
        if (granted < total) {
            ofd.grants().checkUngranted(total - granted);
        }
        try (OsdObject o = ofd.findExisting(fid)) {
            List<LocalBuffer> lnbs = new ArrayList<>();
            try {
                for (int i = 0; i < offsets.length; i++) {
                    lnbs.addAll(o.body().bufsGet(offsets[i], lens[i], BufsType.WRITE));
                }
                o.body().writePrep(lnbs);
                // the OSD's adjacent pages as one fragment: fewer, longer copies (dataSegments)
                long moved = bulk.move(o.body().dataSegments(lnbs, total));
                if (moved != total) {
                    throw new LustreException(Errno.EIO, ofd.name() + ": bulk of " + fid + " moved " + moved + " of "
                            + total + " bytes");
                }
                commit(o, lnbs, wa, rec);
            } finally {
                o.body().bufsPut(lnbs);
            }
        }
        if (granted > 0) {
            ofd.grants().consume(wa.grant(), granted);
        }
        ofd.stats().counter("write_bytes", "bytes").add(total);
        ofd.stats().counter("write", "usecs").add((System.nanoTime() - start) / 1000);
        return total;
    }

    /** The write's transaction: attributes, {@code trusted.fid} and the pages together. */
    private void commit(OsdObject o, List<LocalBuffer> lnbs, WriteAttrs wa, TxnRecord rec) throws LustreException {
        LuAttr la = wa.attr() == null ? new LuAttr() : new LuAttr(wa.attr());
        la.valid(la.valid() & (LuAttr.LA_ATIME | LuAttr.LA_MTIME | LuAttr.LA_CTIME | LuAttr.LA_UID | LuAttr.LA_GID
                | LuAttr.LA_PROJID));
        o.writeLock(ObjectRole.TGT_CHILD);
        try {
            LuAttr old = o.attrGet();
            Ofd.handleOwner(o, la, false);
            // times only move forward: an RPC that was slow to arrive must not turn the clock back
            dropOlder(la, LuAttr.LA_MTIME, la.mtime(), old.mtime());
            dropOlder(la, LuAttr.LA_ATIME, la.atime(), old.atime());
            dropOlder(la, LuAttr.LA_CTIME, la.ctime(), old.ctime());
            MemorySegment ffValue = Ofd.filterFid(o, wa.filterFid());
            boolean ff = ffValue != null;
            try (Transaction th = ofd.osd().transCreate()) {
                o.body().declareWriteCommit(lnbs, th);
                if (la.valid() != 0) {
                    o.declareAttrSet(la, th);
                }
                if (ff) {
                    o.declareXattrSet(Ofd.XATTR_NAME_FID, (int) ffValue.byteSize(), XattrMode.SET, th);
                }
                rec.declare(th);
                th.start();
                if (la.valid() != 0) {
                    o.attrSet(la, th);
                }
                if (ff) {
                    o.xattrSet(Ofd.XATTR_NAME_FID, ffValue, XattrMode.SET, th);
                }
                o.body().writeCommit(lnbs, th, 0);
                rec.record(th);
            }
        } finally {
            o.writeUnlock();
        }
    }

    private static void dropOlder(LuAttr la, long bit, long value, long old) {
        if (la.has(bit) && value < old) {
            la.valid(la.valid() & ~bit);
        }
    }

    /**
     * OST_READ of {@code fid}: the niobufs' bytes sent by {@code bulk} from the OSD's pages
     * ({@code tgt_brw_read}): holes as zeros, and nothing after the first page that ends short
     * at the object's end.
     *
     * @return the bytes sent (the reply's {@code pb_status})
     * @throws LustreException ENOENT for a missing object, EINVAL for bad niobufs, the bulk's
     *     failure
     */
    public long read(Fid fid, long[] offsets, int[] lens, BulkTransfer bulk) throws LustreException {
        long start = System.nanoTime();
        checkNiobufs(fid, offsets, lens, false);
        long nob = 0;
        try (OsdObject o = ofd.findExisting(fid)) {
            List<LocalBuffer> lnbs = new ArrayList<>();
            try {
                for (int i = 0; i < offsets.length; i++) {
                    lnbs.addAll(o.body().bufsGet(offsets[i], lens[i], BufsType.READ));
                }
                o.body().readPrep(lnbs);
                for (LocalBuffer b : lnbs) {
                    nob += b.rc();
                    if (b.rc() != b.len()) {
                        break; // short: the object ends here, every later page is past it
                    }
                }
                // every buffer before the short one is whole, so the data is the buffers' first nob bytes
                long moved = bulk.move(o.body().dataSegments(lnbs, nob));
                if (moved != nob) {
                    throw new LustreException(Errno.EIO, ofd.name() + ": bulk of " + fid + " moved " + moved + " of "
                            + nob + " bytes");
                }
            } finally {
                o.body().bufsPut(lnbs);
            }
        }
        ofd.stats().counter("read_bytes", "bytes").add(nob);
        ofd.stats().counter("read", "usecs").add((System.nanoTime() - start) / 1000);
        return nob;
    }
}
