package org.jlustre.mdt.osp;

import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.osc.Osc;
import org.jlustre.osd.Transaction;
import org.jlustre.ptlrpc.ImportState;

/**
 * The pool of objects precreated on one OST (lustre/osp/osp_precreate.c): a background thread
 * keeps it filled with OST_CREATE batches that grow from {@code OST_MIN_PRECREATE} while the OST
 * keeps up (up to half of {@code max_create_count}) and shrink when it creates fewer; after
 * every (re)connect it first tells the OST the last object the MDT used (DELORPHAN,
 * {@code osp_precreate_cleanup_orphans}) and restarts the pool from the OST's answer. Creates
 * take objects from the pool ({@code osp_precreate_reserve} + {@code osp_precreate_get_fid}),
 * waiting at most until their deadline; the transaction that hands an object to a file writes
 * the last used id to {@code lov_objid}.
 *
 * <p>Object ids are those of the legacy group of MDT0 (IDIF FIDs, as {@code osp_init_pre_fid}
 * uses for MDT0). Every field below is guarded by {@link #lock}; {@link #poolChanged} wakes
 * waiting creates, {@link #work} the thread.
 */
final class OspPrecreate implements AutoCloseable {

    private final Osc osc;
    private final OspConfig config;
    private final OspStatfs statfs;
    private final LastUsedFiles files;
    private final Libcfs libcfs;
    /** Records written but not yet destroyed on the OST: space that will come back. */
    private final IntSupplier syncChanges;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition poolChanged = lock.newCondition();
    private final Condition work = lock.newCondition();
    private final Thread thread;

    /** {@code opd_pre_last_created_fid}: the last object the OST created for us. */
    private long lastCreated;
    /** {@code opd_pre_used_fid}: the last object handed out of the pool. */
    private long nextUsed;
    /** {@code opd_last_id}: the last object a committed create used, what lov_objid holds. */
    private long lastUsed;
    /** Objects handed out and neither created nor released yet ({@code opd_pre_reserved}). */
    private int reserved;
    /** Objects handed back by creates that failed, handed out again first. */
    private final TreeSet<Long> returned = new TreeSet<>();
    /** {@code opd_pre_create_count}: the next batch. */
    private int createCount = OspConfig.OST_MIN_PRECREATE;
    /** {@code opd_pre_create_slow}: the last batch came back short. */
    private boolean createSlow;
    /** {@code max_create_count}. */
    private int maxCreateCount;
    /** {@code opd_pre_status}: null when fine, else why there are no new objects. */
    private Errno status = Errno.ENOTCONN;
    /** {@code opd_pre_recovering}: orphan cleanup in progress, the pool is closed. */
    private boolean recovering = true;
    /** The import connection whose orphans were cleaned, -1 before the first. */
    private int cleanedConnCnt = -1;
    /** Set by {@link #close}. */
    private boolean stopping;

    OspPrecreate(Osc osc, OspConfig config, OspStatfs statfs, LastUsedFiles files, Libcfs libcfs,
            IntSupplier syncChanges) throws LustreException {
        this.osc = osc;
        this.config = config;
        this.statfs = statfs;
        this.files = files;
        this.libcfs = libcfs;
        this.syncChanges = syncChanges;
        this.maxCreateCount = config.maxCreateCount();
        this.lastUsed = files.readId(config.ostIndex());
        long seq = files.readSeq(config.ostIndex());
        long idifSeq = Fid.idif(lastUsed, config.ostIndex()).seq();
        if (seq != idifSeq) {
            files.writeSeq(config.ostIndex(), idifSeq); // osp_last_used_init: an old or fresh lov_objseq becomes IDIF
        }
        this.lastCreated = lastUsed;
        this.nextUsed = lastUsed;
        this.thread = Thread.ofPlatform().daemon().name("osp-pre-" + config.ostIndex()).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    // ---- what creates use ----

    /**
     * An object for a new file's stripe, from the pool: at once when one is there; otherwise,
     * if {@code canBlock}, waiting for the thread to precreate more until {@code deadline}
     * (monotonic nanos).
     *
     * @return the object, or null when none is there and {@code canBlock} is false
     * @throws LustreException ENOSPC when the OST is full and no destroy is pending that could
     *     free space; ETIMEDOUT past the deadline; ENOBUFS when {@code max_create_count} is 0;
     *     the precreate error otherwise
     */
    Fid reserve(boolean canBlock, long deadline) throws LustreException {
        lock.lock();
        try {
            while (true) {
                if (maxCreateCount == 0) {
                    throw new LustreException(Errno.ENOBUFS, config.name() + ": max_create_count is 0");
                }
                int precreated = precreated();
                if (createCount < maxCreateCount && !createSlow && precreated <= createCount / 4 + 1) {
                    createSlow = true;
                    createCount *= 2; // osp_precreate_reserve: creates outrun precreation, grow the batch
                }
                if (!recovering && precreated > 0) {
                    long id = returned.isEmpty() ? ++nextUsed : returned.pollFirst();
                    reserved++;
                    if (nearEmpty()) {
                        work.signalAll();
                    }
                    return Fid.idif(id, config.ostIndex());
                }
                Errno st = status;
                if (st == Errno.ENOSPC && syncChanges.getAsInt() == 0) {
                    throw new LustreException(Errno.ENOSPC, config.name() + ": no space left on the OST");
                }
                if (st != null && st != Errno.ENOSPC && st != Errno.ENOTCONN && st != Errno.EAGAIN
                        && st != Errno.ENODEV) {
                    throw new LustreException(st, config.name() + ": precreate failed: " + st.name());
                }
                work.signalAll();
                long left = deadline - libcfs.time().monotonicNanos();
                if (left <= 0) {
                    throw new LustreException(Errno.ETIMEDOUT, config.name() + ": no object precreated within "
                            + config.createTimeout().toSeconds() + " s (status " + (st == null ? "0" : st.name())
                            + ", last created " + lastCreated + ", last used " + nextUsed + ")");
                }
                if (!canBlock) {
                    return null;
                }
                poolChanged.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LustreException(Errno.EINTR, config.name() + ": interrupted waiting for an object");
        } finally {
            lock.unlock();
        }
    }

    /** Declares the lov_objid write of a create that used one of our objects. */
    void declareCreate(Transaction th) throws LustreException {
        files.declareWriteId(config.ostIndex(), th);
    }

    /**
     * A file took object {@code fid} in {@code th} ({@code osp_create}): lov_objid gets the
     * largest id used, in the same transaction.
     */
    void create(Fid fid, Transaction th) throws LustreException {
        long id = fid.idifObjectId();
        synchronized (files) { // writes in the order of the values
            long v;
            lock.lock();
            try {
                reserved = Math.max(0, reserved - 1);
                if (id > lastUsed) {
                    lastUsed = id;
                }
                v = lastUsed;
                poolChanged.signalAll();
            } finally {
                lock.unlock();
            }
            files.writeId(config.ostIndex(), v, th);
        }
    }

    /** A reserved object was not used (its create failed): it goes back to the pool. */
    void release(Fid fid) {
        lock.lock();
        try {
            reserved = Math.max(0, reserved - 1);
            long id = fid.idifObjectId();
            if (!recovering && id <= nextUsed && id > lastUsed) {
                returned.add(id);
            }
            poolChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- state for LOD and the parameters ----

    /** Objects ready in the pool. Caller holds the lock. */
    private int precreated() {
        return (int) Math.min(Integer.MAX_VALUE, lastCreated - nextUsed) + returned.size();
    }

    /** {@code osp_precreate_near_empty_nolock}. Caller holds the lock. */
    private boolean nearEmpty() {
        return precreated() < createCount / 2 && status == null;
    }

    /** Whether a create can get an object now without waiting. */
    boolean ready() {
        lock.lock();
        try {
            return !recovering && precreated() > 0;
        } finally {
            lock.unlock();
        }
    }

    /** {@code prealloc_status}: 0 or the negative errno. */
    int status() {
        lock.lock();
        try {
            return status == null ? 0 : status.rc();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the OST said it is full. */
    boolean full() {
        lock.lock();
        try {
            return status == Errno.ENOSPC;
        } finally {
            lock.unlock();
        }
    }

    /** The last id handed out ({@code prealloc_next_id} minus one). */
    long nextUsed() {
        lock.lock();
        try {
            return nextUsed;
        } finally {
            lock.unlock();
        }
    }

    /** {@code prealloc_last_id}. */
    long lastCreated() {
        lock.lock();
        try {
            return lastCreated;
        } finally {
            lock.unlock();
        }
    }

    /** The last id a create used (lov_objid's value). */
    long lastUsed() {
        lock.lock();
        try {
            return lastUsed;
        } finally {
            lock.unlock();
        }
    }

    /** {@code prealloc_reserved}. */
    int reserved() {
        lock.lock();
        try {
            return reserved;
        } finally {
            lock.unlock();
        }
    }

    /** {@code create_count}. */
    int createCount() {
        lock.lock();
        try {
            return createCount;
        } finally {
            lock.unlock();
        }
    }

    /** Sets {@code create_count} (at least OST_MIN_PRECREATE, at most max_create_count). */
    void createCount(int n) throws LustreException {
        lock.lock();
        try {
            if (n < OspConfig.OST_MIN_PRECREATE || n > maxCreateCount) {
                throw new LustreException(Errno.EINVAL, config.name() + ": create_count " + n + " not in "
                        + OspConfig.OST_MIN_PRECREATE + ".." + maxCreateCount);
            }
            createCount = n;
        } finally {
            lock.unlock();
        }
    }

    /** {@code max_create_count}. */
    int maxCreateCount() {
        lock.lock();
        try {
            return maxCreateCount;
        } finally {
            lock.unlock();
        }
    }

    /** Sets {@code max_create_count}: 0 stops handing out objects. */
    void maxCreateCount(int n) throws LustreException {
        lock.lock();
        try {
            if (n < 0 || n > OspConfig.OST_MAX_PRECREATE) {
                throw new LustreException(Errno.EINVAL, config.name() + ": max_create_count " + n + " not in 0.."
                        + OspConfig.OST_MAX_PRECREATE);
            }
            maxCreateCount = n;
            if (n != 0 && createCount > n) {
                createCount = n;
            }
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the thread, e.g. when destroys freed space. */
    void wake() {
        lock.lock();
        try {
            work.signalAll();
            poolChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- the thread ----

    /** {@code osp_precreate_thread}. */
    private void run() {
        long backoff = config.retryMin().toNanos();
        while (!isStopping()) {
            try {
                if (osc.imp().state() != ImportState.FULL) {
                    setStatus(Errno.ENOTCONN);
                    osc.imp().connect().get(backoff, TimeUnit.NANOSECONDS);
                    continue;
                }
                int cnt = osc.imp().connCnt();
                if (cnt != cleanedConnCnt()) {
                    cleanupOrphans(cnt);
                }
                if (statfs.expired()) {
                    statfs.update();
                    setStatus(statfs.full() ? Errno.ENOSPC : null);
                }
                if (shouldPrecreate()) {
                    precreateSend();
                }
                backoff = config.retryMin().toNanos();
                idle(config.statfsMaxAge().toNanos());
            } catch (LustreException e) {
                if (e.errno() == Errno.ENOSPC) {
                    setStatus(Errno.ENOSPC);
                    statfs.invalidate();
                } else if (e.errno() != Errno.ESHUTDOWN) {
                    setStatus(e.errno() == Errno.ETIMEDOUT || e.errno() == Errno.ENOTCONN ? Errno.ENOTCONN : e.errno());
                }
                libcfs.debug().logf(DebugMask.S_MDS, DebugMask.D_HA, "%s: precreate: %s, retry in %d ms",
                        config.name(), e.getMessage(), backoff / 1_000_000);
                idle(backoff);
                backoff = Math.min(backoff * 2, config.retryMax().toNanos());
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                idle(backoff);
                backoff = Math.min(backoff * 2, config.retryMax().toNanos());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                libcfs.debug().logf(DebugMask.S_MDS, DebugMask.D_ERROR, "%s: precreate thread: %s", config.name(), e);
                idle(backoff);
                backoff = Math.min(backoff * 2, config.retryMax().toNanos());
            }
        }
    }

    private boolean isStopping() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }

    private int cleanedConnCnt() {
        lock.lock();
        try {
            return cleanedConnCnt;
        } finally {
            lock.unlock();
        }
    }

    private boolean shouldPrecreate() {
        lock.lock();
        try {
            return !recovering && maxCreateCount > 0 && nearEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Sets {@code opd_pre_status} (null: fine) and wakes waiting creates to look at it. */
    private void setStatus(Errno st) {
        lock.lock();
        try {
            status = st;
            if (st == null) {
                createSlow = false;
            }
            poolChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for work or {@code nanos}; interruption ends the thread at its next check. */
    private void idle(long nanos) {
        lock.lock();
        try {
            if (!stopping) {
                work.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code osp_precreate_cleanup_orphans}: closes the pool, waits (at most the create timeout)
     * for reserved objects to be created or released, tells the OST the last id used, and
     * restarts the pool after the OST's answer, which is empty until the next batch.
     */
    private void cleanupOrphans(int cnt) throws LustreException, InterruptedException {
        long used;
        lock.lock();
        try {
            recovering = true;
            long deadline = libcfs.time().monotonicNanos() + config.createTimeout().toNanos();
            while (reserved > 0 && !stopping) {
                long left = deadline - libcfs.time().monotonicNanos();
                if (left <= 0) {
                    break;
                }
                poolChanged.awaitNanos(left);
            }
            used = lastUsed;
        } finally {
            lock.unlock();
        }
        Fid answer = osc.destroyOrphans(Fid.idif(used, config.ostIndex()));
        long last = answer.idifObjectId();
        lock.lock();
        try {
            if (lastUsed > last) {
                createCount = (int) Math.min(maxCreateCount, OspConfig.OST_MIN_PRECREATE + (lastUsed - last));
                lastCreated = lastUsed;
            } else {
                createCount = OspConfig.OST_MIN_PRECREATE;
                lastCreated = last;
            }
            nextUsed = lastCreated;
            returned.clear();
            createSlow = false;
            recovering = false;
            status = null;
            cleanedConnCnt = cnt;
            poolChanged.signalAll();
        } finally {
            lock.unlock();
        }
        libcfs.debug().logf(DebugMask.S_MDS, DebugMask.D_HA, "%s: orphan cleanup after %d: OST at %d",
                config.name(), used, last);
    }

    /** {@code osp_precreate_send}: one OST_CREATE for the next batch. */
    private void precreateSend() throws LustreException {
        long from;
        int grow;
        lock.lock();
        try {
            if (createCount > maxCreateCount / 2) {
                createCount = Math.max(OspConfig.OST_MIN_PRECREATE, maxCreateCount / 2);
            }
            grow = createCount;
            from = lastCreated;
        } finally {
            lock.unlock();
        }
        Fid got = osc.precreate(Fid.idif(from + grow, config.ostIndex()));
        long id = got.idifObjectId();
        lock.lock();
        try {
            long diff = id - lastCreated;
            if (diff < grow) {
                createCount = (int) Math.max(diff, OspConfig.OST_MIN_PRECREATE);
                createSlow = true;
            } else {
                createSlow = false;
            }
            if (id > lastCreated) {
                lastCreated = id;
            }
            status = null;
            poolChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            stopping = true;
            work.signalAll();
            poolChanged.signalAll();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
