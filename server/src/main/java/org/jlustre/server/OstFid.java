package org.jlustre.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.fid.SeqClient;
import org.jlustre.fid.SeqType;
import org.jlustre.fid.SuperSequenceSource;
import org.jlustre.fid.TargetFid;
import org.jlustre.mgc.Mgc;
import org.jlustre.osd.OsdDevice;
import org.jlustre.ost.Ost;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * An OST's FID layer as its mount sets it up (ofd_dev.c {@code ofd_fid_init}; the LWP of
 * obd_mount_server.c {@code lustre_start_lwp}, {@code client_lwp_config_process},
 * {@code lustre_lwp_setup}, {@code lustre_lwp_connect}): the OST's fld and sequence server
 * ({@link TargetFid#ost}), answering SEQ_QUERY on the OSS's {@code ost_seq} (portal 31) at
 * once, and the light-weight import {@code <fsname>-MDT0000-lwp-OST<idx>} to MDT0 that feeds
 * the server with super-sequences (SEQ_QUERY ALLOC_SUPER to portal 32).
 *
 * <p>The mount never waits for MDT0. A thread looks for MDT0's NIDs in the client log (where
 * MDT0's registration puts them), with backoff from 100 ms to 5 s, and makes the LWP once it
 * finds them; the import then connects in the background (and reconnects as every import
 * does). Until it is connected the sequence server's source answers EINPROGRESS, which the
 * asker's client retries. {@link #close()} stops the thread, closes the import
 * (disconnecting) and the FID layer.
 *
 * <p>Thread-safe: {@link #lwp} is set once under this object's monitor, read without it.
 */
final class OstFid implements AutoCloseable {

    /** {@code lustre_lwp_connect}'s connect flags. */
    static final long LWP_CONNECT_FLAGS = ConnectFlags.OBD_CONNECT_VERSION | ConnectFlags.OBD_CONNECT_INDEX
            | ConnectFlags.OBD_CONNECT_MDS_MDS | ConnectFlags.OBD_CONNECT_FID | ConnectFlags.OBD_CONNECT_AT
            | ConnectFlags.OBD_CONNECT_LRU_RESIZE | ConnectFlags.OBD_CONNECT_FULL20
            | ConnectFlags.OBD_CONNECT_LVB_TYPE | ConnectFlags.OBD_CONNECT_LIGHTWEIGHT
            | ConnectFlags.OBD_CONNECT_LFSCK | ConnectFlags.OBD_CONNECT_BULK_MBITS;
    /** The first wait between looks at the client log. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    /** The longest wait between looks at the client log. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How long {@link #close()} waits for the finder thread to end. */
    private static final Duration JOIN_LIMIT = Duration.ofSeconds(10);

    private final ServerNode node;
    private final Mgc mgc;
    private final String fsname;
    private final String ostName;
    /** {@code <fsname>-MDT0000-lwp-OST<idx>} ({@code tgt_name2lwp_name}). */
    private final String lwpName;
    private final Duration rpcTimeout;
    /** The FID layer; set once by {@link #mount}. */
    private TargetFid fid;
    /** The LWP once MDT0 is known; written under this, read without. */
    private volatile Import lwp;
    /** The source asking MDT0 over {@link #lwp}; set with it. */
    private volatile SuperSequenceSource remote;
    /** Guarded by this. */
    private boolean closed;
    /** Looks for MDT0 in the client log until it finds it or is interrupted. */
    private final Thread finder;

    private OstFid(ServerNode node, Mgc mgc, MountData md, Duration rpcTimeout) {
        this.node = node;
        this.mgc = mgc;
        this.fsname = md.fsname();
        this.ostName = md.deviceName();
        this.lwpName = fsname + "-MDT0000-lwp-" + ostName.substring(fsname.length() + 1);
        this.rpcTimeout = rpcTimeout;
        this.finder = Thread.ofPlatform().daemon().name(lwpName + "-setup").unstarted(this::findMdt0);
    }

    /**
     * Mounts the FID layer of {@code ost} on {@code osd}, serves its SEQ_QUERY and starts looking
     * for MDT0; waits for no RPC.
     *
     * @throws LustreException what opening the FID layer's files failed with
     */
    static OstFid mount(ServerNode node, Mgc mgc, MountData md, Ost ost, OsdDevice osd, Duration rpcTimeout)
            throws LustreException {
        OstFid f = new OstFid(node, mgc, md, rpcTimeout);
        f.fid = TargetFid.ost(osd, md.deviceName(), md.index(), f.new Mdt0Source(), node.libcfs());
        ost.serveSeq(f.fid.site());
        f.finder.start();
        return f;
    }

    /** The FID layer (fld, sequence server). */
    TargetFid fid() {
        return fid;
    }

    /** The LWP to MDT0, or null while MDT0 is not known. */
    Import lwp() {
        return lwp;
    }

    /** The finder's loop: the client log, read again with backoff until it names MDT0. */
    private void findMdt0() {
        long wait = FIRST_BACKOFF.toMillis();
        String log = fsname + "-client";
        while (!Thread.currentThread().isInterrupted()) {
            try {
                List<Nid> nids = Mdt0Nids.find(mgc.remoteContext(), log, fsname);
                if (!nids.isEmpty()) {
                    setUp(nids);
                    return;
                }
            } catch (LustreException e) {
                debug(DebugMask.D_HA, "%s: MDT0 not found in %s yet: %s", lwpName, log, e.getMessage());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = Math.min(wait * 2, MAX_BACKOFF.toMillis());
        }
    }

    /** {@code lustre_lwp_setup}: the LWP to MDT0 at {@code nids}, connecting in the background. */
    private void setUp(List<Nid> nids) throws LustreException {
        // lustre_lwp_connect: the LWP's name is the UUID it connects with, so MDT0 finds its export by it
        ImportConfig cfg = new ImportConfig(lwpName, List.of("lwp", lwpName), new Uuid(lwpName),
                new Uuid(fsname + "-MDT0000_UUID"), nids, Portals.MDS_REQUEST, Portals.MDC_REPLY, Portals.MDS_BULK,
                Opcodes.MDS_CONNECT, Opcodes.MDS_DISCONNECT, ObdConnectData.ofFlags(LWP_CONNECT_FLAGS), rpcTimeout,
                Duration.ofSeconds(25), Duration.ofSeconds(1), LustreMsg.SP_MDT);
        synchronized (this) {
            if (closed) {
                return;
            }
            Import imp = new Import(node.ptlrpc(), cfg);
            remote = SeqClient.controller(imp, ostName, SeqType.DATA);
            lwp = imp;
        }
        console("%s: MDT0 is at %s: connecting %s", ostName, nids, lwpName);
        lwp.connect();
    }

    /**
     * Stops looking for MDT0, disconnects the LWP and closes the FID layer; call after the OST
     * stopped serving (its SEQ_QUERY route goes with it).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        finder.interrupt();
        try {
            if (!finder.join(JOIN_LIMIT)) {
                debug(DebugMask.D_WARNING, "%s: the MDT0 lookup did not end within %d s", lwpName,
                        JOIN_LIMIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Import imp = lwp;
        if (imp != null) {
            imp.close(); // DISCONNECT, bounded by the connect timeout; no lock held
        }
        if (fid != null) {
            fid.close();
        }
    }

    /**
     * The sequence server's source: EINPROGRESS while MDT0 is not known (Lustre's
     * {@code seq_client_alloc_super} without {@code lcs_exp}), then
     * {@link SeqClient#controller} over the LWP.
     */
    private final class Mdt0Source implements SuperSequenceSource {
        @Override
        public LuSeqRange allocSuper(int index, int flags) throws LustreException {
            SuperSequenceSource r = remote;
            if (r == null) {
                throw new LustreException(Errno.EINPROGRESS, "cli-" + ostName + ": MDT0 is not in "
                        + fsname + "-client yet: no super-sequence to allocate");
            }
            return r.allocSuper(index, flags);
        }

        @Override
        public String describe() {
            return fsname + "-MDT0000_UUID";
        }
    }

    private void debug(int mask, String fmt, Object... args) {
        node.libcfs().debug().logf(DebugMask.S_CLASS, mask, fmt, args);
    }

    private void console(String fmt, Object... args) {
        node.libcfs().debug().logf(DebugMask.S_CLASS, DebugMask.D_CONSOLE, fmt, args);
    }
}
