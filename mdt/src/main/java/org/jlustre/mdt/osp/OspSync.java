package org.jlustre.mdt.osp;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.llog.LlogCatalog;
import org.jlustre.llog.LlogCatalogList;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogHandle;
import org.jlustre.osc.Osc;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.Transaction;
import org.jlustre.ptlrpc.ImportState;
import org.jlustre.wire.llog.LlogCatid;
import org.jlustre.wire.llog.LlogCookie;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.Unlink64Record;

/**
 * The OSP's sync log (lustre/osp/osp_sync.c): an unnamed llog catalog on the MDT, listed in
 * CATALOGS at the OST's index ({@code osp_sync_llog_init}), holding one
 * {@code llog_unlink64_rec} per OST object a file gave up. The record is written in the
 * transaction that destroys the file's layout; once that transaction commits, a thread sends
 * OST_DESTROY and cancels the record when the OST has done it (or never had the object),
 * retrying with backoff while the OST is unreachable. Records found at start (an MDT that
 * stopped or crashed before they were done) are processed first.
 *
 * <p>{@link #catalogLock} serialises the catalog's adds and cancels (a catalog takes one writer
 * at a time); {@link #lock} guards the queue and the counters.
 */
final class OspSync implements AutoCloseable {

    /** A record waiting for its OST_DESTROY. */
    record Pending(Fid object, LlogCookie cookie) {
    }

    private final Osc osc;
    private final OspConfig config;
    private final Libcfs libcfs;
    private final LlogCatalog catalog;
    private final Object catalogLock = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Called after each destroy the OST did, so the pool looks at the space again. */
    private final Runnable freed;
    private final Thread thread;
    /** {@code sync_changes}: records written and not yet cancelled. */
    private int changes;
    /** {@code sync_in_flight}: OST_DESTROYs on the wire. */
    private int inFlight;
    /** Records cancelled since start. */
    private long done;
    private boolean stopping;

    private OspSync(Osc osc, OspConfig config, Libcfs libcfs, LlogCatalog catalog, Runnable freed) {
        this.osc = osc;
        this.config = config;
        this.libcfs = libcfs;
        this.catalog = catalog;
        this.freed = freed;
        this.thread = Thread.ofPlatform().daemon().name("osp-syn-" + config.ostIndex()).unstarted(this::run);
    }

    /**
     * Opens the OST's catalog from its CATALOGS slot, or creates one and lists it there when the
     * slot is empty or names a log that is gone, and queues the records it holds.
     */
    static OspSync open(LlogContext ctxt, OsdDevice dev, Osc osc, OspConfig config, Libcfs libcfs, Runnable freed)
            throws LustreException {
        LlogCatalog cat = openCatalog(ctxt, dev, config, libcfs);
        OspSync s = new OspSync(osc, config, libcfs, cat, freed);
        try {
            s.queueExisting();
        } catch (LustreException | RuntimeException e) {
            cat.close();
            throw e;
        }
        return s;
    }

    private static LlogCatalog openCatalog(LlogContext ctxt, OsdDevice dev, OspConfig config, Libcfs libcfs)
            throws LustreException {
        int idx = config.ostIndex();
        LlogLogid id = LlogCatalogList.read(dev, idx, 1).get(0).logid();
        if (!id.fid().isZero()) {
            LlogHandle h = null;
            try {
                h = ctxt.open(id);
                h.init(LlogFlags.IS_CAT | LlogFlags.RM_ON_ERR, null);
                return LlogCatalog.open(h, null);
            } catch (LustreException e) {
                if (h != null) {
                    h.close();
                }
                if (e.errno() != Errno.ENOENT && e.errno() != Errno.EINVAL && e.errno() != Errno.EIO) {
                    throw e;
                }
                // osp_sync_llog_init: a catalog that cannot be read is replaced by a fresh one
                libcfs.debug().logf(DebugMask.S_MDS, DebugMask.D_WARNING, "%s: sync catalog %s unusable (%s), new one",
                        config.name(), id.fid(), e.getMessage());
            }
        }
        LlogHandle h = ctxt.openNew();
        try {
            h.create();
            h.init(LlogFlags.IS_CAT | LlogFlags.RM_ON_ERR, null);
            LlogCatalog cat = LlogCatalog.open(h, null);
            LlogCatalogList.write(dev, idx, List.of(new LlogCatid(h.logid())));
            return cat;
        } catch (LustreException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** Queues every unlink record already in the catalog (they committed before we started). */
    private void queueExisting() throws LustreException {
        catalog.process((h, rec) -> {
            if (rec.type() == LlogRecType.MDS_UNLINK64_REC) {
                Unlink64Record r = Unlink64Record.decode(rec.bytes());
                queue.add(new Pending(r.fid(), new LlogCookie(h.logid(), 0, rec.index())));
                changes++;
            } else {
                libcfs.debug().logf(DebugMask.S_MDS, DebugMask.D_WARNING, "%s: sync record %d of %s has type %#x,"
                        + " not an unlink: left alone", config.name(), rec.index(), h.fid(), rec.type());
            }
            return 0;
        });
    }

    void start() {
        thread.start();
    }

    /** The catalog's logid (what CATALOGS holds at our slot). */
    LlogLogid catalogId() {
        return catalog.handle().logid();
    }

    // ---- the MDT transaction's side ----

    /** {@code osp_sync_declare_add}: room for one record in {@code th}. */
    void declareAdd(Transaction th) throws LustreException {
        synchronized (catalogLock) {
            catalog.declareAdd(th);
        }
    }

    /**
     * {@code osp_sync_add_rec}: writes the unlink record of {@code object} in {@code th}; the
     * destroy is queued when {@code th} commits (a failed transaction cancels the record
     * instead).
     */
    void addUnlink(Fid object, Transaction th) throws LustreException {
        MemorySegment rec = MemorySegment.ofArray(new Unlink64Record(0, object, 1).encode(0));
        LlogCookie cookie;
        synchronized (catalogLock) {
            cookie = catalog.add(rec, th);
        }
        lock.lock();
        try {
            changes++;
        } finally {
            lock.unlock();
        }
        Pending p = new Pending(object, cookie);
        th.addCommitCallback((t, rc) -> committed(p, rc));
    }

    private void committed(Pending p, int rc) {
        lock.lock();
        try {
            if (rc == 0) {
                queue.add(p);
            } else {
                queue.addFirst(new Pending(null, p.cookie())); // cancel only: the file was not destroyed
            }
            queued.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- state ----

    /** {@code sync_changes}. */
    int changes() {
        lock.lock();
        try {
            return changes;
        } finally {
            lock.unlock();
        }
    }

    /** {@code sync_in_flight}. */
    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** {@code sync_in_progress}: records committed and waiting for their destroy. */
    int inProgress() {
        lock.lock();
        try {
            return queue.size() + inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Records cancelled since start. */
    long done() {
        lock.lock();
        try {
            return done;
        } finally {
            lock.unlock();
        }
    }

    // ---- the thread ----

    /** {@code osp_sync_thread}: one destroy at a time, in commit order. */
    private void run() {
        long backoff = config.retryMin().toNanos();
        while (true) {
            Pending p;
            lock.lock();
            try {
                while (queue.isEmpty() && !stopping) {
                    queued.await();
                }
                if (stopping) {
                    return;
                }
                p = queue.poll();
                inFlight++;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            boolean ok = false;
            try {
                if (p.object() != null) {
                    destroy(p.object());
                }
                synchronized (catalogLock) {
                    catalog.cancel(List.of(p.cookie()));
                }
                ok = true;
                backoff = config.retryMin().toNanos();
            } catch (LustreException e) {
                libcfs.debug().logf(DebugMask.S_MDS, DebugMask.D_HA, "%s: sync of %s: %s, retry in %d ms",
                        config.name(), p.object(), e.getMessage(), backoff / 1_000_000);
            } catch (RuntimeException e) {
                libcfs.debug().logf(DebugMask.S_MDS, DebugMask.D_ERROR, "%s: sync of %s: %s", config.name(),
                        p.object(), e);
            }
            lock.lock();
            try {
                inFlight--;
                if (ok) {
                    changes = Math.max(0, changes - 1);
                    done++;
                } else {
                    queue.addFirst(p);
                }
            } finally {
                lock.unlock();
            }
            if (ok) {
                freed.run();
            } else {
                if (!pause(backoff)) {
                    return;
                }
                backoff = Math.min(backoff * 2, config.retryMax().toNanos());
            }
        }
    }

    /** OST_DESTROY once the import is up; an object the OST does not have is done too. */
    private void destroy(Fid object) throws LustreException {
        if (osc.imp().state() != ImportState.FULL) {
            try {
                osc.imp().connect().get(config.retryMax().toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new LustreException(Errno.ENOTCONN, config.name() + ": not connected: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LustreException(Errno.EINTR, config.name() + ": interrupted");
            }
        }
        try {
            osc.destroy(object);
        } catch (LustreException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }

    /** Waits {@code nanos} unless stopping; false when stopping. */
    private boolean pause(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (!stopping && left > 0) {
                left = queued.awaitNanos(left);
            }
            return !stopping;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            stopping = true;
            queued.signalAll();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (catalogLock) {
            catalog.close();
        }
    }
}
