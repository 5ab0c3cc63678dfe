package org.jlustre.llog;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * One walk over a catalog and its plain logs ({@code llog_cat_process_or_fork},
 * {@code llog_cat_process_cb}, {@code llog_cat_reverse_process}): each catalog entry's plain
 * log is opened and processed with the user's callback. A wrapped catalog (its first-index
 * marker at or past its last index) is walked in two parts, the end of the bitmap first.
 * A missing plain log loses its entry; one destroyed because processing emptied it loses its
 * entry too.
 */
final class CatalogWalk implements LlogCallback {

    private final LlogCatalog catalog;
    private final LlogCallback cb;
    /** Whether {@link #cb} takes the catalog's own entries instead of the plain logs' records. */
    private final boolean entries;
    private boolean reverse;

    CatalogWalk(LlogCatalog catalog, LlogCallback cb, boolean entries) {
        this.catalog = catalog;
        this.cb = cb;
        this.entries = entries;
    }

    private LlogHandle cat() {
        return catalog.handle();
    }

    /** Forward: oldest entry first. */
    int forward() throws LustreException {
        LlogHandle cat = cat();
        int catIdx = cat.header().catIdx();
        if (catIdx >= cat.lastIndex() && cat.count() > 1) {
            cat.context().libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_HA, "%s: catlog %s crosses index zero",
                    cat.context().name(), cat.fid());
            FailLoc fl = cat.context().libcfs().failLoc();
            int end = fl.precheck(Llog.OBD_FAIL_CAT_RECORDS) ? fl.val() : 0;
            int rc = cat.processRaw(this, catIdx, end);
            if (rc != 0) {
                return rc;
            }
            return cat.processRaw(this, 0, cat.lastIndex());
        }
        return cat.processRaw(this, 0, 0);
    }

    /** Reverse: newest entry first. */
    int reverse() throws LustreException {
        reverse = true;
        LlogHandle cat = cat();
        int catIdx = cat.header().catIdx();
        if (catIdx >= cat.lastIndex() && cat.count() > 1) {
            int rc = cat.reverseProcess(this, 0, cat.lastIndex());
            if (rc != 0) {
                return rc;
            }
            return cat.reverseProcess(this, catIdx, 0);
        }
        return cat.reverseProcess(this, 0, 0);
    }

    /** One catalog entry: open its plain log and process it. */
    @Override
    public int process(LlogHandle cat, LlogRecordRef rec) throws LustreException {
        if (entries) {
            return cb.process(cat, rec);
        }
        if (rec.type() != LlogRecType.LLOG_LOGID_MAGIC) {
            cat.context().libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_ERROR,
                    "%s: invalid record type 0x%x in catalog %s at index %d", cat.context().name(), rec.type(), cat.fid(),
                    rec.index());
            return -Errno.EINVAL.value();
        }
        LlogLogid id = LlogLogid.read(rec.bytes(), LlogRecordHeader.SIZE);
        LlogHandle log;
        try {
            log = catalog.handleOf(id, rec.index());
        } catch (LustreException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ESTALE) {
                cat.context().libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_HA,
                        "%s: missing plain llog %s of catalog %s, removing its entry %d", cat.context().name(), id.fid(),
                        cat.fid(), rec.index());
                return Llog.DEL_RECORD;
            }
            throw e;
        }
        int rc = reverse ? log.reverseProcess(cb) : log.processRaw(cb, 0, 0);
        if (rc == Llog.DEL_PLAIN || (rc == 0 && log.isDestroyed())) {
            catalog.cleanup(log, rec.index());
            return 0;
        }
        if (rc == Llog.SKIP_PLAIN) {
            return 0;
        }
        return rc;
    }
}
