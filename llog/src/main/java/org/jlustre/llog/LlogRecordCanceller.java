package org.jlustre.llog;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;

/**
 * Cancelling records of a local llog ({@code llog_cancel_arr_rec} in lustre/obdclass/llog.c
 * over {@code llog_osd_write_rec}'s header update): clear their bits, lower the count, move a
 * catalog's first-index marker ({@code llog_cat_set_first_idx} in llog_cat.c), and destroy a
 * ZAP_WHEN_EMPTY log left with only its header. {@link LlogHandle} checks the handle is local
 * and initialised before it calls in.
 *
 * <p>Locking: {@link #cancel} takes the handle's write lock and the object's dt write lock;
 * the rest runs under them.
 */
final class LlogRecordCanceller {

    private final LlogHandle h;
    /** Writes the header a cancel changes. */
    private final LlogHeaderWriter headerWriter;

    /** Only keeps its arguments: the handle builds this while it is itself being built. */
    LlogRecordCanceller(LlogHandle h, LlogHeaderWriter headerWriter) {
        this.h = h;
        this.headerWriter = headerWriter;
    }

    /**
     * Cancels {@code indices} in one local transaction, taking both write locks.
     *
     * @return 0, or {@link Llog#DEL_PLAIN} when the log was destroyed
     */
    int cancel(int[] indices) throws LustreException {
        boolean zap = (h.header().flags() & LlogFlags.ZAP_WHEN_EMPTY) != 0;
        for (int index : indices) {
            if (index == 0) {
                throw new LustreException(Errno.EINVAL, h.describe() + ": can't cancel index 0 which is header");
            }
        }
        OsdObject obj = h.object();
        try (Transaction th = h.context().device().transCreate()) {
            h.declareWrite(Llog.HEADER_IDX, th);
            if (zap) {
                h.declareDestroy(th);
            }
            if ((h.header().flags() & LlogFlags.IS_CAT) != 0) {
                obj.declareAttrSet(new LuAttr(), th);
            }
            th.startLocal();
            h.lock.writeLock().lock();
            obj.writeLock(ObjectRole.SRC_CHILD);
            try {
                return doCancel(indices, th);
            } finally {
                obj.writeUnlock();
                h.lock.writeLock().unlock();
            }
        }
    }

    /**
     * The cancel itself, under both write locks: on any failure but records already cancelled
     * the handle gets its header as it was before.
     */
    private int doCancel(int[] indices, Transaction th) throws LustreException {
        LlogHeader hdr = h.header();
        LlogHeader before = hdr.copy();
        int cleared = 0;
        int missing = 0;
        try {
            for (int index : indices) {
                if (index < 0 || index >= hdr.bitmapBits() || !hdr.clear(index)) {
                    missing++;
                    continue;
                }
                hdr.setCount(hdr.count() - 1);
                cleared++;
                if ((hdr.flags() & LlogFlags.IS_CAT) != 0) {
                    setFirstIndex(index);
                }
            }
            if (cleared == 0) {
                throw new LustreException(Errno.ENOENT, h.describe() + ": index " + indices[0] + " already clear");
            }
            if (indices.length == 1) {
                headerWriter.writeBits(indices[0], false, th);
            } else {
                headerWriter.writeWhole(th);
            }
            if ((hdr.flags() & LlogFlags.IS_CAT) != 0) {
                h.object().attrSet(new LuAttr().mtime(h.context().libcfs().time().realSeconds()), th);
            }
            LlogCatalog catalog = h.catalog();
            if ((hdr.flags() & LlogFlags.ZAP_WHEN_EMPTY) != 0 && hdr.count() == 1
                    && (h.lastIndex() >= hdr.bitmapBits() - 1 || (catalog != null && catalog.currentLog() != h))) {
                hdr.setFlags(hdr.flags() & ~LlogFlags.ZAP_WHEN_EMPTY);
                h.destroy(th);
                return Llog.DEL_PLAIN;
            }
        } catch (LustreException | RuntimeException e) {
            h.setHeader(before);
            throw e;
        }
        if (missing > 0) {
            throw new LustreException(Errno.ENOENT, h.describe() + ": " + missing + " of " + indices.length
                    + " records were already cancelled");
        }
        return 0;
    }

    /**
     * {@code llog_cat_set_first_idx}: after cancelling {@code idx} from a catalog, move
     * {@code llh_cat_idx} (the index just before the oldest live entry) past the cancelled
     * run, wrapping around the bitmap and skipping the header bit.
     */
    private void setFirstIndex(int idx) {
        LlogHeader hdr = h.header();
        if (hdr.catIdx() != idx - 1) {
            return;
        }
        int bits = hdr.bitmapBits();
        hdr.setCatIdx(idx);
        int i = idx;
        int lastIdx = h.lastIndex();
        while (i != lastIdx) {
            i = (i + 1) % bits;
            if (!hdr.isSet(i)) {
                hdr.setCatIdx(i);
            } else if (i == 0) {
                hdr.setCatIdx(0);
            } else {
                break;
            }
        }
        h.context().libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_HA, "catlog %s first idx %d, last_idx %d",
                h.object().fid(), hdr.catIdx(), lastIdx);
    }
}
