package org.jlustre.fid;

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
 * The sequence controller of MDT0 ({@code LUSTRE_SEQ_CONTROLLER}, lustre/fid/fid_handler.c):
 * owns the whole normal sequence space and hands super-sequences of 2^30 sequences to the
 * sequence servers of every MDT and OST ({@code seq_server_alloc_super}). Its free space lives
 * in {@code seq_ctl} {@code [0x200000001:0x4:0x0]}, fresh {@code [0x200000400, 2^64-1)}
 * ({@code LUSTRE_SEQ_SPACE_RANGE}). Each grant writes the shrunk space and the grant's fld
 * entry in one synchronous transaction, so a restart never hands a sequence out twice.
 *
 * <p>Thread-safe: the monitor serialises grants ({@code lss_mutex}).
 */
public final class SeqController implements SuperSequenceSource, AutoCloseable {

    /** {@code FID_SEQ_CTL_OID}. */
    public static final Fid FID = LocalFile.SEQ_CTL;
    /** {@code LUSTRE_SEQ_CTL_NAME}. */
    public static final String NAME = "seq_ctl";

    /** {@code lss_name}: "ctl-" and the target. */
    private final String name;
    /** The node index ({@code ss_node_id}), the owner of a fresh space. */
    private final int nodeId;
    /** The space file. */
    private final SeqStore store;
    /** The fld every grant goes into. */
    private final Fld fld;
    /** The debug log. */
    private final DebugLog log;
    /** {@code lss_width}. */
    private final long width;
    /** {@code lss_space}: what is left. Written under this; read by the parameters without it. */
    private volatile LuSeqRange space;
    /** Its parameters, once published. */
    private volatile ParamGroup params;

    private SeqController(String name, int nodeId, SeqStore store, Fld fld, DebugLog log, long width,
            LuSeqRange space) {
        this.name = name;
        this.nodeId = nodeId;
        this.store = store;
        this.fld = fld;
        this.log = log;
        this.width = width;
        this.space = space;
    }

    /**
     * Opens the controller of target {@code targetName} (MDT0, index {@code nodeId}) on
     * {@code dev} ({@code seq_server_init} with {@code LUSTRE_SEQ_CONTROLLER}): reads
     * {@code seq_ctl}, or starts the whole space and writes it.
     *
     * @throws LustreException EIO when {@code seq_ctl} is damaged or holds an empty space;
     *     what the OSD reports
     */
    public static SeqController open(OsdDevice dev, String targetName, int nodeId, Fld fld, DebugLog log)
            throws LustreException {
        return open(dev, targetName, nodeId, fld, log, SeqQuery.SUPER_WIDTH);
    }

    /** {@link #open} with another grant width (Lustre's {@code seq/ctl-*}{@code /width} tunable). */
    static SeqController open(OsdDevice dev, String targetName, int nodeId, Fld fld, DebugLog log, long width)
            throws LustreException {
        SeqStore store = SeqStore.open(dev, FID, NAME);
        try {
            String name = "ctl-" + targetName;
            LuSeqRange space = store.readOrInit(LuSeqRange.of(Fid.SEQ_NORMAL, -1L, nodeId, LuSeqRange.MDT), name, log);
            if (space.isZero()) {
                throw new LustreException(Errno.EIO, name + ": " + NAME + " on " + dev.name() + " holds no space");
            }
            return new SeqController(name, nodeId, store, fld, log, width, space);
        } catch (LustreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * A super-sequence for target {@code index} of kind {@code flags}
     * ({@code seq_server_alloc_super}): the next {@code min(2^30, left)} sequences, written
     * with the shrunk space and the fld entry in one sync transaction before it is returned.
     *
     * @throws LustreException ENOSPC when the space is exhausted; EROFS on a read-only device;
     *     EINVAL for flags other than MDT or OST; what the OSD reports (nothing handed out then)
     */
    @Override
    public synchronized LuSeqRange allocSuper(int index, int flags) throws LustreException {
        if (flags != LuSeqRange.MDT && flags != LuSeqRange.OST) {
            throw new LustreException(Errno.EINVAL, name + ": a super-sequence for index " + index
                    + " of kind 0x" + Integer.toHexString(flags) + ", neither MDT (0) nor OST (1)");
        }
        if (store.device().isReadOnly()) {
            throw new LustreException(Errno.EROFS, name + ": " + store.device().name() + " is read-only");
        }
        if (space.isExhausted()) {
            log.logf(DebugMask.S_FID, DebugMask.D_ERROR, "%s: Sequences space is exhausted", name);
            throw new LustreException(Errno.ENOSPC, name + ": sequence space is exhausted at " + space);
        }
        long n = SeqServer.minUnsigned(space.space(), width);
        LuSeqRange out = LuSeqRange.of(space.start(), space.start() + n, index, flags);
        LuSeqRange left = space.withBounds(space.start() + n, space.end());
        // seq_store_update(env, seq, out, 1): the space and the fld entry in one sync transaction
        try (Transaction th = store.device().transCreate()) {
            store.declareWrite(th);
            fld.declareInsert(out, th);
            th.setSync(true);
            th.startLocal();
            store.write(left, th);
            fld.insert(out, th);
        }
        space = left;
        log.logf(DebugMask.S_FID, DebugMask.D_CONSOLE, "%s: super-sequence allocation rc = 0 %s", name, out);
        return out;
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    public String describe() {
        return name;
    }

    /** What is left to hand out. */
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

    /** The fld it writes grants to. */
    public Fld fld() {
        return fld;
    }

    /**
     * Publishes {@code seq.ctl-<target>.space}, {@code width}, {@code server} ("<none>") and
     * {@code fldb} in {@code tree}, removed at {@link #close()}.
     *
     * @throws LustreException EEXIST when they exist
     */
    public void publishParams(ParamTree tree) throws LustreException {
        ParamGroup g = SeqParams.publish(tree, name, () -> space, width, () -> "<none>");
        g.add("fldb", SeqParams.fldb(fld));
        params = g;
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
