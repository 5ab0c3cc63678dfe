package org.jlustre.fid;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.common.param.ParamTree;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.fid.SeqQuery;

/**
 * The sequence server of one MDT or OST ({@code LUSTRE_SEQ_SERVER}, lustre/fid/fid_handler.c):
 * holds a super-sequence from the controller and grants one sequence per ALLOC_META
 * ({@code seq_server_alloc_meta}).
 *
 * <p>As Lustre, it carves two batches of 1000 sequences (the low- and high-water sets) out of
 * its space and grants from the low one; when that runs out the high one takes its place and a
 * new high set is carved ({@code range_alloc_set}). Its space file {@code seq_srv}
 * {@code [0x200000001:0x5:0x0]} (fresh: the zero range) is rewritten, in a sync transaction,
 * every time a set is carved, before anything from that set is granted; the sets themselves are
 * not stored, so after a restart the server carves new sets from the stored space and no
 * sequence is ever granted twice (what was left in the old sets is lost, as in Lustre). When
 * the space runs out it asks its {@link SuperSequenceSource} for a new super-sequence (2^30
 * sequences), which a server on another target than MDT0 also enters in its own fld.
 *
 * <p>Thread-safe: one lock ({@code lss_mutex}) serialises grants, held also while a remote
 * controller is asked; waiting for it is bounded.
 */
public final class SeqServer implements AutoCloseable {

    /** {@code FID_SEQ_SRV_OID}. */
    public static final Fid FID = LocalFile.SEQ_SRV;
    /** {@code LUSTRE_SEQ_SRV_NAME}. */
    public static final String NAME = "seq_srv";
    /** How long a grant waits for another in progress (which may be asking MDT0). */
    static final Duration LOCK_WAIT = Duration.ofSeconds(150);

    /** {@code lss_name}: "srv-" and the target. */
    private final String name;
    /** The node index ({@code ss_node_id}). */
    private final int nodeId;
    /** The kind of this target: {@link LuSeqRange#MDT} or {@link LuSeqRange#OST}. */
    private final int rangeFlags;
    /** The space file. */
    private final SeqStore store;
    /** Where super-sequences come from. */
    private final SuperSequenceSource source;
    /** This target's fld, or null when it keeps none. */
    private final Fld fld;
    /** The debug log. */
    private final DebugLog log;
    /** {@code lss_lock}. */
    private final ReentrantLock lock = new ReentrantLock();
    /** {@code lss_set_width}. */
    private final long setWidth;
    /** {@code lss_space}: the super-sequence left. Written under lock; read by {@link #space()} without it. */
    private volatile LuSeqRange space;
    /** Its parameters, once published. */
    private volatile ParamGroup params;
    /** {@code lss_lowater_set}: what grants come from. Guarded by lock. */
    private LuSeqRange lowSet = LuSeqRange.ZERO;
    /** {@code lss_hiwater_set}: the next low set. Guarded by lock. */
    private LuSeqRange highSet = LuSeqRange.ZERO;

    private SeqServer(String name, int nodeId, int rangeFlags, SeqStore store, SuperSequenceSource source, Fld fld,
            DebugLog log, long setWidth, LuSeqRange space) {
        this.name = name;
        this.nodeId = nodeId;
        this.rangeFlags = rangeFlags;
        this.store = store;
        this.source = source;
        this.fld = fld;
        this.log = log;
        this.setWidth = setWidth;
        this.space = space;
    }

    /**
     * Opens the sequence server of target {@code targetName}, index {@code nodeId}, of kind
     * {@code rangeFlags} ({@link LuSeqRange#MDT} or {@link LuSeqRange#OST}) on {@code dev}
     * ({@code seq_server_init}): reads {@code seq_srv}, or writes the zero range for a fresh
     * target. {@code fld} (may be null) gets the super-sequences a remote controller grants.
     *
     * @throws LustreException EIO when {@code seq_srv} is damaged; what the OSD reports
     */
    public static SeqServer open(OsdDevice dev, String targetName, int nodeId, int rangeFlags,
            SuperSequenceSource source, Fld fld, DebugLog log) throws LustreException {
        return open(dev, targetName, nodeId, rangeFlags, source, fld, log, SeqQuery.BATCH_WIDTH);
    }

    /** {@link #open} with another set width. */
    static SeqServer open(OsdDevice dev, String targetName, int nodeId, int rangeFlags, SuperSequenceSource source,
            Fld fld, DebugLog log, long setWidth) throws LustreException {
        if (rangeFlags != LuSeqRange.MDT && rangeFlags != LuSeqRange.OST) {
            throw new IllegalArgumentException("range flags " + rangeFlags + " are neither MDT (0) nor OST (1)");
        }
        SeqStore store = SeqStore.open(dev, FID, NAME);
        try {
            String name = "srv-" + targetName;
            LuSeqRange space = store.readOrInit(LuSeqRange.of(0, 0, nodeId, rangeFlags), name, log);
            return new SeqServer(name, nodeId, rangeFlags, store, source, fld, log, setWidth, space);
        } catch (LustreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * One sequence ({@code LUSTRE_SEQ_META_WIDTH}) for a client, as a range naming the owner the
     * client gave ({@code index}, {@code flags}; the handler copies them from the request).
     *
     * @throws LustreException EROFS on a read-only device; ENODEV with no controller; what the
     *     controller answers (ENOSPC, EINPROGRESS while MDT0 is unreachable); ETIMEDOUT when
     *     another grant held the lock too long; EINTR
     */
    public LuSeqRange allocMeta(int index, int flags) throws LustreException {
        if (store.device().isReadOnly()) {
            throw new LustreException(Errno.EROFS, name + ": " + store.device().name() + " is read-only");
        }
        lockBounded();
        try {
            checkAndAllocSuper();
            LuSeqRange low = lowSet;
            LuSeqRange high = highSet;
            LuSeqRange left = space;
            boolean carved = false;
            // range_alloc_set: the high-water set becomes the low one, a new high set is carved;
            // twice when the high set was empty (carved when a short last super-sequence ran out)
            for (int i = 0; i < 2 && low.isExhausted() && !(high.isExhausted() && left.isExhausted()); i++) {
                long n = minUnsigned(setWidth, left.space());
                low = high;
                high = left.withBounds(left.start(), left.start() + n);
                left = left.withBounds(left.start() + n, left.end());
                carved = true;
            }
            if (carved) {
                persist(left);
            }
            if (low.isExhausted()) {
                throw new LustreException(Errno.ENOSPC, name + ": no sequence left to grant (space " + space + ")");
            }
            long n = minUnsigned(SeqQuery.META_WIDTH, low.space());
            LuSeqRange out = LuSeqRange.of(low.start(), low.start() + n, index, flags);
            lowSet = low.withBounds(low.start() + n, low.end());
            highSet = high;
            space = left;
            log.logf(DebugMask.S_FID, DebugMask.D_INFO, "%s: Allocated meta-sequence %s", name, out);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code seq_server_check_and_alloc_super}: a new super-sequence when the space is used up,
     * then the first two sets when there are none. Lock held.
     */
    private void checkAndAllocSuper() throws LustreException {
        if (space.isExhausted()) {
            if (source == null) {
                throw new LustreException(Errno.ENODEV, name + ": No sequence controller is attached");
            }
            LuSeqRange sup = source.allocSuper(nodeId, rangeFlags);
            if (!sup.isSane() || sup.isExhausted()) {
                throw new LustreException(Errno.EINVAL, name + ": the controller granted an unusable range " + sup);
            }
            space = sup.withOwner(nodeId, rangeFlags);
            if (!source.isLocal() && fld != null) {
                fld.insertEntry(space);
            }
            log.logf(DebugMask.S_FID, DebugMask.D_INFO, "%s: super-sequence %s", name, space);
        }
        if (lowSet.isZero()) {
            // __seq_set_init
            long n1 = minUnsigned(setWidth, space.space());
            LuSeqRange low = space.withBounds(space.start(), space.start() + n1);
            long n2 = minUnsigned(setWidth, space.space() - n1);
            LuSeqRange high = space.withBounds(low.end(), low.end() + n2);
            LuSeqRange left = space.withBounds(high.end(), space.end());
            persist(left);
            lowSet = low;
            highSet = high;
            space = left;
        }
    }

    /** Writes the space in a sync local transaction ({@code seq_store_update} without an fld entry). */
    private void persist(LuSeqRange left) throws LustreException {
        try (Transaction th = store.device().transCreate()) {
            store.declareWrite(th);
            th.setSync(true);
            th.startLocal();
            store.write(left, th);
        }
    }

    /** The smaller of two unsigned counts (a range's space may be above 2^63). */
    static long minUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private void lockBounded() throws LustreException {
        try {
            if (!lock.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LustreException(Errno.ETIMEDOUT, name + ": another sequence grant held the lock for "
                        + LOCK_WAIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LustreException(Errno.EINTR, name + ": interrupted waiting for the sequence lock");
        }
    }

    /** The super-sequence left (not counting the sets). */
    public LuSeqRange space() {
        return space;
    }

    /** {@code lss_name}. */
    public String name() {
        return name;
    }

    /** The node index. */
    public int nodeId() {
        return nodeId;
    }

    /** {@link LuSeqRange#MDT} or {@link LuSeqRange#OST}. */
    public int rangeFlags() {
        return rangeFlags;
    }

    /** The device it stores its space on. */
    public OsdDevice device() {
        return store.device();
    }

    /**
     * Publishes {@code seq.srv-<target>.space}, {@code width} (1) and {@code server} (the
     * controller's name on MDT0, the import's target elsewhere, "<none>" without one) in
     * {@code tree}, removed at {@link #close()}.
     *
     * @throws LustreException EEXIST when they exist
     */
    public void publishParams(ParamTree tree) throws LustreException {
        String upstream = source == null ? "<none>" : source.describe();
        params = SeqParams.publish(tree, name, () -> space, SeqQuery.META_WIDTH, () -> upstream);
    }

    @Override
    public void close() {
        ParamGroup g = params;
        if (g != null) {
            g.close();
        }
        store.close();
    }
}
