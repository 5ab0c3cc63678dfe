package org.jlustre.mdt.osp;

import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.llog.LlogContext;
import org.jlustre.osc.Osc;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.llog.LlogLogid;

/**
 * The MDT's proxy for one OST (lustre/osp): objects for new files' stripes from a pool
 * precreated on the OST ({@link OspPrecreate}), their last used id in {@code lov_objid}, the
 * unlink records of destroyed stripes in the OST's sync catalog and the OST_DESTROYs sent for
 * them after commit ({@link OspSync}), and the OST's space ({@link OspStatfs}). It reaches the
 * OST through an {@link Osc} made with {@code OscConfig.asMdt(true)} (MDS, SKIP_ORPHAN, INDEX).
 *
 * <p>Creates follow the OSD's transaction order: {@link #reserve} before the transaction starts
 * (it may wait for objects), {@link #declareCreate} while declaring, {@link #create} once
 * started ({@link #release} when the object ends up unused); destroys {@link #declareDestroy}
 * and {@link #destroy} in the transaction that removes the layout. Thread-safe.
 */
public final class Osp implements AutoCloseable {

    private final Osc osc;
    private final OspConfig config;
    private final LastUsedFiles files;
    private final OspStatfs statfs;
    private final OspPrecreate precreate;
    private final OspSync sync;
    private final OspParams params;

    private Osp(Osc osc, OspConfig config, LastUsedFiles files, OspStatfs statfs, OspPrecreate precreate,
            OspSync sync, Libcfs libcfs) {
        this.osc = osc;
        this.config = config;
        this.files = files;
        this.statfs = statfs;
        this.precreate = precreate;
        this.sync = sync;
        this.params = new OspParams(libcfs.params(), this);
    }

    /**
     * Starts the OSP of {@code config.ostIndex()} on the MDT's device {@code dev}: opens (or
     * creates) {@code lov_objid}/{@code lov_objseq} and the OST's sync catalog (listed in
     * CATALOGS; {@code syncLogs} is the MDT's llog context for unnamed logs, shared by its
     * OSPs), queues the unlink records a previous mount left, starts connecting {@code osc} and
     * the precreate and sync threads. The OSP owns {@code osc} from here and closes it.
     */
    public static Osp start(OsdDevice dev, LlogContext syncLogs, Osc osc, OspConfig config, Libcfs libcfs)
            throws LustreException {
        if (osc.config().ostIndex() != config.ostIndex()) {
            throw new IllegalArgumentException(osc.name() + " is for OST " + osc.config().ostIndex() + ", not "
                    + config.ostIndex());
        }
        LastUsedFiles files = LastUsedFiles.open(dev);
        OspStatfs statfs = new OspStatfs(osc, libcfs.time(), config.statfsMaxAge().toNanos());
        OspPrecreate[] pre = new OspPrecreate[1];
        OspSync sync = null;
        try {
            sync = OspSync.open(syncLogs, dev, osc, config, libcfs, () -> {
                statfs.invalidate();
                pre[0].wake();
            });
            OspSync s = sync;
            pre[0] = new OspPrecreate(osc, config, statfs, files, libcfs, s::changes);
        } catch (LustreException | RuntimeException e) {
            if (sync != null) {
                sync.close();
            }
            files.close();
            throw e;
        }
        Osp osp = new Osp(osc, config, files, statfs, pre[0], sync, libcfs);
        osc.imp().connect(); // completes in the background; the threads wait for FULL
        pre[0].start();
        sync.start();
        return osp;
    }

    /** The device name ({@code lustre-OST0000-osc-MDT0000}). */
    public String name() {
        return config.name();
    }

    /** The OST's index. */
    public int index() {
        return config.ostIndex();
    }

    /** The configuration. */
    public OspConfig config() {
        return config;
    }

    /** The OSC to the OST. */
    public Osc osc() {
        return osc;
    }

    // ---- creates ----

    /**
     * An object for a stripe: from the pool at once, or, when {@code canBlock}, after waiting
     * for a precreate until {@code deadline} (monotonic nanos of the node's time source).
     *
     * @return the object, or null when the pool is empty and {@code canBlock} is false
     * @throws LustreException ENOSPC (the OST is full), ETIMEDOUT (nothing came by the
     *     deadline), ENOBUFS ({@code max_create_count} 0), or the precreate's error
     */
    public Fid reserve(boolean canBlock, long deadline) throws LustreException {
        return precreate.reserve(canBlock, deadline);
    }

    /** Declares the {@code lov_objid} write of a create that uses one of our objects. */
    public void declareCreate(Transaction th) throws LustreException {
        precreate.declareCreate(th);
    }

    /** A file took reserved object {@code fid} in {@code th}: {@code lov_objid} is written in it. */
    public void create(Fid fid, Transaction th) throws LustreException {
        precreate.create(fid, th);
    }

    /** A reserved object was not used after all: back to the pool. */
    public void release(Fid fid) {
        precreate.release(fid);
    }

    /** Whether an object can be had now without waiting. */
    public boolean ready() {
        return precreate.ready();
    }

    /** Whether the OST is known to be full. */
    public boolean full() {
        return precreate.full();
    }

    /** {@code prealloc_status}: 0, or the negative errno of why no objects come. */
    public int status() {
        return precreate.status();
    }

    /** The last object id a create used (what {@code lov_objid} holds for us). */
    public long lastUsedId() {
        return precreate.lastUsed();
    }

    /** The last object id handed out of the pool. */
    public long nextUsedId() {
        return precreate.nextUsed();
    }

    /** {@code prealloc_last_id}: the last object the OST precreated for us. */
    public long lastCreatedId() {
        return precreate.lastCreated();
    }

    /** {@code prealloc_reserved}. */
    public int reserved() {
        return precreate.reserved();
    }

    // ---- destroys ----

    /** Declares the unlink record of one of our objects in {@code th}. */
    public void declareDestroy(Transaction th) throws LustreException {
        sync.declareAdd(th);
    }

    /**
     * Writes the unlink record of object {@code fid} in {@code th}; OST_DESTROY goes out once
     * {@code th} commits, and the record is cancelled when the OST has done it.
     */
    public void destroy(Fid fid, Transaction th) throws LustreException {
        sync.addUnlink(fid, th);
    }

    /** {@code sync_changes}: unlink records not yet cancelled. */
    public int syncChanges() {
        return sync.changes();
    }

    /** {@code sync_in_progress}: committed records waiting for (or in) their OST_DESTROY. */
    public int syncInProgress() {
        return sync.inProgress();
    }

    /** {@code sync_in_flight}. */
    int syncInFlight() {
        return sync.inFlight();
    }

    /** The sync catalog's id (CATALOGS slot {@link #index()}). */
    public LlogLogid syncCatalog() {
        return sync.catalogId();
    }

    // ---- space ----

    /**
     * The OST's space as last seen, asked again when older than {@code maxage}
     * ({@code osp_statfs}); a state with OS_STATFS_ENOSPC/ENOINO when below the watermarks.
     *
     * @throws LustreException the OSC's error when there is no answer yet and the OST cannot
     *     be asked
     */
    public ObdStatfs statfs() throws LustreException {
        try {
            return statfs.get();
        } catch (LustreException e) {
            ObdStatfs c = statfs.cached();
            if (c == null) {
                throw e;
            }
            return c;
        }
    }

    OspStatfs statfsCache() {
        return statfs;
    }

    OspPrecreate precreate() {
        return precreate;
    }

    @Override
    public void close() {
        params.close();
        precreate.close();
        sync.close();
        osc.close();
        files.close();
    }

    @Override
    public String toString() {
        return config.name();
    }
}
