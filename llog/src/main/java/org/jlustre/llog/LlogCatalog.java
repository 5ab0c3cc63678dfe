package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.llog.LlogCookie;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * A catalog: a fixed-size llog of {@code llog_logid_rec} entries, one per plain log, which
 * spreads records over plain logs (lustre/obdclass/llog_cat.c; reference 4.9). New records go
 * to the current plain log; when it is full a new one is created and listed; a plain log whose
 * records were all cancelled is destroyed and its entry cancelled; slots wrap around.
 *
 * <p>Not thread-safe beyond what the handles' locks give: one thread adds at a time (the MDT
 * serialises writers of one catalog), processing may run alongside.
 */
public final class LlogCatalog implements AutoCloseable {

    /** Size of {@code llog_logid_rec}: the catalog's fixed record size. */
    public static final int LOGID_REC_SIZE = 64;
    /** The default cap of a plain log before free space is known: 2 MiB. */
    static final long PLAIN_MAX_SIZE = 2L << 20;
    /** The largest cap of a plain log: 128 MiB. */
    static final long PLAIN_MAX_SIZE_LIMIT = 128L << 20;

    private final LlogHandle cat;
    private final List<LlogHandle> open = new ArrayList<>();
    private LlogHandle current;
    private LlogHandle next;

    private LlogCatalog(LlogHandle cat) {
        this.cat = cat;
    }

    /**
     * A catalog over {@code handle}, initialising it as a catalog with {@code uuid} (the header is
     * read if the log exists, built otherwise).
     */
    public static LlogCatalog open(LlogHandle handle, String uuid) throws LustreException {
        if (handle.header() == null) {
            handle.init(LlogFlags.IS_CAT, uuid);
        } else if ((handle.header().flags() & LlogFlags.IS_CAT) == 0) {
            throw new LustreException(Errno.EINVAL, handle + " is not a catalog");
        }
        return new LlogCatalog(handle);
    }

    /** The catalog's own handle. */
    public LlogHandle handle() {
        return cat;
    }

    /** The plain log new records go to ({@code chd_current_log}), or null. */
    public LlogHandle currentLog() {
        return current;
    }

    /** Plain logs this catalog has open. */
    public List<LlogHandle> openLogs() {
        return List.copyOf(open);
    }

    // ---- add ----

    /** Adds a record in its own local transaction ({@code llog_cat_add}). */
    public LlogCookie add(MemorySegment record) throws LustreException {
        try (Transaction th = cat.context().device().transCreate()) {
            declareAdd(th);
            th.startLocal();
            return add(record, th);
        }
    }

    /**
     * Declares an add ({@code llog_cat_declare_add_rec}): the current plain log (made ready
     * if there is none) and a next one for when it fills, with their creation and their
     * catalog entries, plus the write to the current log.
     */
    public void declareAdd(Transaction th) throws LustreException {
        if (current == null || current.isDestroyed()) {
            current = prepare();
        }
        if ((next == null || next.isDestroyed()) && current.exists()) {
            next = prepare(); // for when the current log fills during this add
        }
        for (LlogHandle log : next != null ? List.of(current, next) : List.of(current)) {
            if (!log.exists()) {
                log.declareCreate(th);
                cat.declareWrite(Llog.NEXT_IDX, th);
                cat.object().declareAttrSet(new LuAttr(), th);
            }
            log.declareWrite(Llog.NEXT_IDX, th);
            log.object().declareAttrSet(new LuAttr(), th);
        }
    }

    private LlogHandle prepare() throws LustreException {
        LlogHandle log = cat.context().openNew();
        open.add(log);
        return log;
    }

    /**
     * Adds a record to the current plain log in the caller's transaction, after
     * {@link #declareAdd}, moving to a new plain log when the current one is full
     * ({@code llog_cat_add_rec}).
     *
     * @throws LustreException ENOSPC when the catalog has no free slot; ENOBUFS when a fresh
     *     plain log was full too
     */
    public LlogCookie add(MemorySegment record, Transaction th) throws LustreException {
        if (record.get(org.jlustre.wire.Le.U32, LlogRecordHeader.OFF_LEN) > cat.header().chunkSize()) {
            throw new LustreException(Errno.E2BIG, "record longer than a chunk of " + cat);
        }
        boolean retried = false;
        while (true) {
            LlogHandle log = currentForAdd();
            if (!log.exists()) {
                newLog(log, th);
            }
            try {
                LlogCookie cookie = log.append(record, th);
                touch(log, th);
                return cookie;
            } catch (LustreException e) {
                if (e.errno() != Errno.ENOSPC || !log.isFull()) {
                    throw e;
                }
                if (retried) {
                    throw new LustreException(Errno.ENOBUFS, cat + ": error on 2nd llog: " + e.getMessage(), e);
                }
                retried = true;
            }
        }
    }

    /** {@code llog_cat_current_log}: the current log, or the prepared next one once it is full. */
    private LlogHandle currentForAdd() throws LustreException {
        if (current != null && !current.isDestroyed() && (!current.exists() || !current.isFull())) {
            return current;
        }
        if (next == null || next.isDestroyed()) {
            throw new LustreException(Errno.EIO, cat + ": next log does not exist (add was not declared)");
        }
        current = next;
        next = null;
        return current;
    }

    /** Updates the plain log's mtime, at most once a second ({@code lgh_timestamp}). */
    private void touch(LlogHandle log, Transaction th) throws LustreException {
        long now = cat.context().libcfs().time().realSeconds();
        if (now != log.lastTouch()) {
            log.setLastTouch(now);
            log.object().attrSet(new LuAttr().mtime(now), th);
        }
    }

    /**
     * {@code llog_cat_new_log}: creates a plain log, lists it in the next catalog slot, and
     * caps its size (2 MiB, less on a nearly full device, 128 MiB when space is plenty, or the
     * fail-loc's record count).
     */
    private void newLog(LlogHandle log, Transaction th) throws LustreException {
        int maxIdx = cat.maxIndex();
        int index = (cat.lastIndex() + 1) % (maxIdx + 1);
        int catIdx = cat.header().catIdx();
        if ((index == catIdx + 1 && cat.count() > 1) || (index == 0 && catIdx == 0)) {
            cat.context().libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_WARNING,
                    "%s: there are no more free slots in catalog %s", cat.context().name(),
                    cat.name() != null ? cat.name() : cat.fid());
            throw new LustreException(Errno.ENOSPC, "no more free slots in catalog " + cat);
        }
        FailLoc fl = cat.context().libcfs().failLoc();
        if (fl.check(Llog.OBD_FAIL_MDS_LLOG_CREATE_FAILED)) {
            throw new LustreException(Errno.ENOSPC, "fail-loc: cannot create a plain llog for " + cat);
        }
        log.create(th);
        log.init((cat.header().flags() & LlogFlags.EXT_MASK) | LlogFlags.IS_PLAIN | LlogFlags.ZAP_WHEN_EMPTY,
                cat.header().tgtUuid());
        MemorySegment rec = logidRecord(log.logid());
        LlogCookie cookie = cat.append(rec, th);
        cat.object().attrSet(new LuAttr().mtime(cat.context().libcfs().time().realSeconds()), th);
        log.header().setCatIdx(cookie.index());
        log.attachTo(this, cookie.index());
        log.setMaxSize(plainMaxSize(fl, log));
    }

    private long plainMaxSize(FailLoc fl, LlogHandle log) throws LustreException {
        long max = PLAIN_MAX_SIZE;
        ObdStatfs sfs = cat.context().device().statfs();
        if (sfs.bfree() > 0) {
            long free = (sfs.bfree() * sfs.bsize()) >> 6;
            if (free < max) {
                max = free;
            }
            if (free > PLAIN_MAX_SIZE_LIMIT) {
                max = PLAIN_MAX_SIZE_LIMIT;
            }
        }
        if (fl.precheck(Llog.OBD_FAIL_PLAIN_RECORDS) || fl.precheck(Llog.OBD_FAIL_CATALOG_FULL_CHECK)) {
            max = log.header().chunkSize() + (long) fl.val() * 64; // a few records only, for tests
        }
        return max;
    }

    /** A {@code llog_logid_rec}: header, the logid, padding, tail (64 bytes). */
    static MemorySegment logidRecord(LlogLogid id) {
        MemorySegment rec = MemorySegment.ofArray(new byte[LOGID_REC_SIZE]);
        LlogRecordHeader.write(rec, 0, LOGID_REC_SIZE, 0, LlogRecType.LLOG_LOGID_MAGIC, 0);
        id.write(rec, LlogRecordHeader.SIZE);
        LlogRecordHeader.writeTail(rec, 0, LOGID_REC_SIZE, 0);
        return rec;
    }

    // ---- cancel ----

    /**
     * Cancels records by cookie ({@code llog_cat_cancel_records}); a plain log emptied this way
     * is destroyed and its catalog entry cancelled.
     *
     * @throws LustreException the first error, after every cookie was tried
     */
    public void cancel(List<LlogCookie> cookies) throws LustreException {
        LustreException first = null;
        for (LlogCookie c : cookies) {
            try {
                LlogHandle log = handleOf(c.logid(), 0);
                if (log.cancel(c.index()) == Llog.DEL_PLAIN) {
                    cleanup(log, log.catalogSlot());
                }
            } catch (LustreException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * {@code llog_cat_cleanup}: forgets a destroyed plain log and cancels its catalog entry
     * ({@code slot}).
     */
    void cleanup(LlogHandle log, int slot) throws LustreException {
        if (log != null) {
            if (current == log) {
                current = null;
            }
            open.remove(log);
            log.release();
        }
        if (slot > 0 && cat.header().isSet(slot)) {
            cat.cancel(slot);
        }
    }

    /**
     * {@code llog_cat_id2handle}: the open handle of a plain log, or a newly opened one, bound to
     * catalog slot {@code slot} (0 when unknown).
     */
    LlogHandle handleOf(LlogLogid id, int slot) throws LustreException {
        for (LlogHandle h : open) {
            if (h.logid().equals(id)) {
                return h;
            }
        }
        LlogHandle h = cat.context().open(id);
        try {
            h.init(LlogFlags.IS_PLAIN, null);
        } catch (LustreException | RuntimeException e) {
            h.close();
            throw e;
        }
        h.attachTo(this, slot != 0 ? slot : h.header().catIdx());
        open.add(h);
        return h;
    }

    // ---- processing ----

    /** Processes every record of every plain log, oldest log first ({@code llog_cat_process}). */
    public int process(LlogCallback cb) throws LustreException {
        return new CatalogWalk(this, cb, false).forward();
    }

    /**
     * Walks the catalog's own entries, oldest first across a wrap, giving {@code entryCb} each
     * {@code llog_logid_rec} instead of opening the plain logs ({@code llog_cat_process_or_fork}
     * with a catalog callback of the caller's). Safe alongside adds from another thread.
     */
    public int processEntries(LlogCallback entryCb) throws LustreException {
        return new CatalogWalk(this, entryCb, true).forward();
    }

    /** Processes every record, newest first ({@code llog_cat_reverse_process}). */
    public int reverseProcess(LlogCallback cb) throws LustreException {
        return new CatalogWalk(this, cb, false).reverse();
    }

    @Override
    public void close() {
        for (LlogHandle h : open) {
            h.close();
        }
        open.clear();
        current = null;
        next = null;
        cat.close();
    }

    @Override
    public String toString() {
        return "catalog " + cat;
    }
}
