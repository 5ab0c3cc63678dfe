package org.jlustre.server;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LocalFiles;
import org.jlustre.mdt.Mdt;
import org.jlustre.mgc.Mgc;
import org.jlustre.mgs.Mgs;
import org.jlustre.obdclass.ConfigReplay;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdType;
import org.jlustre.ost.Ost;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.MgsTargetInfo;

/**
 * A running server target ({@code server_fill_super} / {@code server_start_targets},
 * lustre/target/tgt_mount.c). Start-up, bottom up:
 *
 * <ol>
 * <li>an MGT starts the MGS on its OSD; an MDT or OST takes the node's MGC for its mgsnode
 *     and registers ({@code MGS_TARGET_REG}), learning its index and name;
 * <li>its OSD ({@code <name>-osd}), of the type its mount data names, found by that name
 *     ({@link OsdType#find}) unless the device is given, and on it the local CONFIGS directory
 *     ({@code mgc_fs_setup});
 * <li>the config log {@code <name>} copied from the MGS to CONFIGS ({@code mgc_llog_local_copy})
 *     and replayed, which attaches and sets up the target's devices; the MGC follows the log
 *     and replays what is appended.
 * </ol>
 *
 * A registration waits for the MGS at most {@code MGC_TARGET_REG_LIMIT} (10 s; 60 s when the
 * MGS must write the target's logs, without which it cannot start). A target that registered
 * before and cannot reach the MGS starts from its local copy, as a Lustre server does, and
 * registers when the MGS answers again. A target whose log the MGS no longer has (an MGS
 * restarted on a fresh device) registers again with the index it holds, which makes the MGS
 * write its logs again. Both happen on the log's follower thread; no monitor is held across an
 * RPC. {@link #stop} tears down in two phases: pre-cleanup of every device (stop following,
 * stop services), then cleanup in reverse order of setup.
 *
 * <p>An OST's log sets up {@code obdfilter}, the ofd ({@link org.jlustre.ost.OfdObdType}), which
 * serves on the node's OSS services. An MDT's log, replayed with lov and osc renamed lod and osp
 * ({@link ConfigReplay#forMdt}), sets up the lod, the mdt and an osp per OST
 * ({@link org.jlustre.mdt.MdtObdTypes}): the mdt's setup mounts the namespace on this target's
 * OSD and serves it on the node's MDS services; each OST added to the log later reaches the
 * running lod as the follower replays it.
 *
 * <p>A combined MGS/MDT ({@link MountData#mgs()}) starts its OSD first, named after the MDT, then
 * the MGS on it, then registers the MDT through the node's MGC to that local MGS, as
 * {@code server_fill_super} does ({@code osd_start}, {@code server_start_mgs},
 * {@code lustre_start_mgc}, {@code server_start_targets}). Its config log is already on its
 * device, in the MGS's {@code CONFIGS}: it is replayed from the MGS without a local copy, which
 * would write the log over itself ({@code mgc_process_cfg_log} copies only when not
 * {@code IS_MGS}). The MGS keeps {@code CONFIGS} and {@code NIDTBL_VERSIONS}; the MDT's objects
 * ({@code ROOT}, {@code last_rcvd}, the OI, {@code CATALOGS}, the sequence files) have fixed FIDs
 * or FIDs from the device's shared local-oid storage, so neither overwrites the other.
 *
 * <p>Started on a given device ({@link ServerNode#start(MountData, OsdDevice)}), a target leaves
 * the device open when it stops: the same process can mount it again and finds every object,
 * as a disk outlives its mount (the "keep the device" option of an in-memory OSD).
 */
public final class ServerTarget {

    /** The node it runs on. */
    private final ServerNode node;
    /** The device it was mounted from, or null when it makes its own. */
    private final OsdDevice givenOsd;
    /** The devices its config log set up; replayed by one thread at a time (start's, then the follower's). */
    private final ConfigReplay replay;
    /** The mount data, as updated by registration (index, name, flags); guarded by this. */
    private MountData md;
    /** Guarded by this. */
    private OsdDevice osd;
    /** Guarded by this. */
    private ObdDevice osdObd;
    /** Guarded by this. */
    private Mgs mgs;
    /** Guarded by this. */
    private Mgc mgc;
    /** Guarded by this. */
    private LlogContext local;
    /** Guarded by this. */
    private Mgc.Following following;
    /** Set once by {@link #stop}; the follower looks before each change. */
    private volatile boolean stopped;
    /** An OST's FID layer and LWP to MDT0 ({@link OstFid}), once its ofd is set up; guarded by this. */
    private OstFid ostFid;
    /** Started without the MGS: registers when it answers. Start's thread, then the follower's. */
    private volatile boolean unregistered;

    ServerTarget(ServerNode node, MountData md, OsdDevice osd) {
        this.node = node;
        this.md = md;
        this.givenOsd = osd;
        // an MDT's log names its layout devices lov and osc: it runs them as lod and osp
        this.replay = md.type() == TargetType.MDT ? ConfigReplay.forMdt(node.obdclass())
                : new ConfigReplay(node.obdclass(), null, null);
    }

    /** The mount data, as updated by registration (index, name, flags). */
    public synchronized MountData mountData() {
        return md;
    }

    /** The target's name: {@code MGS}, {@code lustre-MDT0000}, ... */
    public synchronized String name() {
        return md.deviceName();
    }

    /** The OSD. */
    public synchronized OsdDevice osd() {
        return osd;
    }

    /** The MGS, for an MGT or a combined MGS/MDT; else null. */
    public synchronized Mgs mgs() {
        return mgs;
    }

    /**
     * The OST this target serves (its ofd, {@code last_rcvd} and parameters) once its log set up
     * {@code obdfilter}; null for another target or before.
     */
    public Ost ost() {
        return mountData().type() == TargetType.OST ? node.ost(name()) : null;
    }

    /**
     * The MDT this target serves (its namespace, exports and parameters) once its log set up
     * {@code mdt}; null for another target or before.
     */
    public Mdt mdt() {
        return mountData().type() == TargetType.MDT ? node.mdt(name()) : null;
    }

    /** The MGC, for an MDT or OST; else null. */
    public synchronized Mgc mgc() {
        return mgc;
    }

    /**
     * The local config context (CONFIGS on the target's OSD): the MGC's copies for an MDT or
     * OST, the MGS's own logs for an MGT or a combined MGS/MDT.
     */
    public synchronized LlogContext localConfigs() {
        return local != null ? local : mgs != null ? mgs.context() : null;
    }

    /** The devices the config log attached, in order. */
    public List<String> devices() {
        return replay.attached();
    }

    /**
     * Starts the target. No monitor is held across its RPCs (registration, the log's copy and
     * replay): nothing else sees the target before this returns but the follower it starts last.
     */
    void start() throws LustreException {
        boolean combined = mountData().mgs();
        if (mountData().type() == TargetType.MGT || combined) {
            synchronized (this) {
                startOsd(combined ? md.deviceName() : Mgs.NAME);
                writeMountData();
                mgs = new Mgs(node.ptlrpc(), osd, 4);
            }
        }
        if (mountData().type() == TargetType.MGT) {
            // the MGS node has an MGC too, to its own MGS, for the params log (server_start_mgs, then lustre_start_mgc)
            Mgc own = node.acquireMgc(mgsNids());
            synchronized (this) {
                mgc = own;
            }
            node.followParams(own);
            return;
        }
        Mgc m = node.acquireMgc(mgsNids());
        synchronized (this) {
            mgc = m;
        }
        boolean registered = registerAtStart(m);
        String log;
        LlogContext copies;
        synchronized (this) {
            if (!combined) {
                startOsd(md.deviceName());
                Fid configs = LocalFiles.findOrCreate(osd, osd.rootFid(), Mgs.CONFIGS, FileMode.S_IFDIR | 0755,
                        ObjectFormat.DIR);
                local = new LlogContext(osd, node.libcfs(), configs, LlogHeader.MIN_CHUNK_SIZE, md.deviceName());
            }
            writeMountData(); // REWRITE_LDD: the registered name, index and flags
            log = md.deviceName();
            copies = local;
        }
        String since = null;
        if (registered) {
            // the state is read before the log, so the follower misses no change; the local copy is
            // for starting without the MGS; the replay reads the MGS's log, whose indexes the
            // follower goes on from (a copy renumbers around cancelled records)
            since = m.logState(log);
            if (copies != null) {
                int n = m.copyLog(log, copies);
                info("%s: copied config log %s from the MGS (%d records)", log, log, n);
            }
            replay(m.remoteContext(), log);
        } else {
            replay(copies, log);
            unregistered = true;
        }
        mountOstFid();
        Mgc.Following f = m.follow(log, since, this::logChanged);
        synchronized (this) {
            following = f;
        }
        node.followParams(m);
        info("%s: started", log);
    }

    /**
     * Registers at start ({@code server_register_target}); false when the MGS cannot be reached
     * and the target may start from its local copy: it registered before, the MGS need not write
     * its logs ({@code must_succeed} is false), and its own device holds the copy.
     *
     * @throws LustreException the MGS's refusal; or, for a target that cannot start without the
     *     MGS, why it was not reached, asking whether it runs
     */
    private boolean registerAtStart(Mgc m) throws LustreException {
        MountData before = mountData();
        Nid at = mgsNids().getFirst();
        // says once that it waits, if the MGS has not answered within a second
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture.runAsync(() -> {
            if (!answered.get()) {
                console("%s: waiting for the MGS at %s to register, at most %d s", before.svname(), at,
                        (mustSucceed(before) ? Mgc.TARGET_REG_LIMIT_MAX : Mgc.TARGET_REG_LIMIT).toSeconds());
            }
        }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
        try {
            register(m);
            return true;
        } catch (LustreException e) {
            if (!unreachable(e)) {
                throw e;
            }
            if (mustSucceed(before) || givenOsd == null || before.mgs()) {
                throw new LustreException(e.errno(), before.svname() + ": cannot register this server with the MGS at "
                        + at + ": rc = " + e.rc() + ". Is the MGS running?", e);
            }
            console("%s: the MGS at %s is not reachable; started from the local config log, it registers when the MGS "
                    + "answers (%s)", before.deviceName(), at, e.getMessage());
            return false;
        } finally {
            answered.set(true);
        }
    }

    /**
     * Where its MGS is: the mount data's {@code mgsnode}, or this node's own NIDs for an MGT or a
     * combined MGS/MDT, whose MGC talks to the local MGS ({@code lustre_start_mgc}).
     */
    private List<Nid> mgsNids() {
        MountData m = mountData();
        if (m.type() != TargetType.MGT && !m.mgs()) {
            return m.mgsNodes();
        }
        return java.util.Arrays.stream(node.nids()).mapToObj(Nid::fromLnetNid).toList();
    }

    /** {@code server_register_target}'s {@code must_succeed}: the MGS has the target's logs to write. */
    private static boolean mustSucceed(MountData md) {
        return (md.flags() & (LddFlags.NEED_INDEX | LddFlags.UPDATE | LddFlags.WRITECONF | LddFlags.VIRGIN)) != 0;
    }

    /** Whether {@code e} says the MGS was not reached (rather than that it refused). */
    private static boolean unreachable(LustreException e) {
        return switch (e.errno()) {
            case ETIMEDOUT, ENOTCONN, ECONNREFUSED, ECONNRESET, EHOSTUNREACH, ESHUTDOWN, EINTR -> true;
            default -> false;
        };
    }

    /** MGS_TARGET_REG with the current mount data, taking the name, index and flags it gives. No lock held. */
    private void register(Mgc m) throws LustreException {
        MgsTargetInfo mti = mountData().targetInfo(node.nids(), 1);
        MgsTargetInfo reply = m.register(mti);
        synchronized (this) {
            md = md.registered(reply.stripeIndex(), reply.flags() & ~LddFlags.REWRITE_LDD);
        }
        info("%s: registered with the MGS as %s", mti.svname(), name());
    }

    /**
     * The follower saw the target's log change, appear or vanish (its thread, one call at a
     * time): first registers, when the target started without the MGS, or again, when the MGS
     * no longer has the log; then copies the log and replays what is new. What fails is tried
     * again at the follower's next poll.
     */
    private void logChanged(String log) throws LustreException {
        node.libcfs().failLoc().timeoutMs(Mgc.OBD_FAIL_MGC_PAUSE_PROCESS_LOG, 20_000); // mgc_process_log's
        if (stopped) {
            return;
        }
        Mgc m;
        LlogContext copies;
        synchronized (this) {
            m = mgc;
            copies = local;
        }
        boolean rejoin = false;
        if (unregistered) {
            register(m);
            unregistered = false;
            rejoin = true; // from the local copy's records over to the MGS's log
            console("%s: registered with the MGS at %s, which answers again", log, mgsNids().getFirst());
        } else if ("".equals(m.logState(log))) {
            console("%s: the MGS at %s has no config log %s (restarted without its logs?): registering again as index %d",
                    log, mgsNids().getFirst(), log, mountData().index());
            register(m);
            rejoin = true;
        }
        if (rejoin) {
            synchronized (this) {
                writeMountData();
            }
        }
        if (stopped) {
            return;
        }
        if (copies != null) {
            m.copyLog(log, copies);
        }
        ConfigReplay.Result r = rejoin ? replay.rejoin(m.remoteContext(), log) : replay.replay(m.remoteContext(), log);
        if (r.processed() > 0) {
            info("%s: replayed %d config records (%d skipped), %d devices", log, r.processed(), r.skipped(),
                    r.attached().size());
        }
        mountOstFid();
    }

    /**
     * For an OST whose log set up its ofd: mounts its FID layer, served at once, fed by MDT0
     * over an LWP set up in the background ({@code ofd_fid_init}, {@code lustre_start_lwp});
     * once. Start's thread, then the follower's.
     */
    private void mountOstFid() throws LustreException {
        Ost served = ost();
        synchronized (this) {
            if (served == null || ostFid != null || stopped) {
                return;
            }
            ostFid = OstFid.mount(node, mgc, md, served, osd, node.rpcTimeout());
        }
    }

    /** An OST's FID layer and LWP ({@link OstFid}), or null. */
    synchronized OstFid ostFid() {
        return ostFid;
    }

    /** {@code CONFIGS/mountdata}: the file holding a target's {@code lustre_disk_data}. */
    public static final String MOUNTDATA = Mgs.MOUNTDATA;

    /**
     * Writes the mount data to {@code CONFIGS/mountdata} on the OSD, as mkfs.lustre and a
     * registration's REWRITE_LDD do; caller holds this.
     */
    private void writeMountData() throws LustreException {
        Fid configs = LocalFiles.findOrCreate(osd, osd.rootFid(), Mgs.CONFIGS, FileMode.S_IFDIR | 0755,
                ObjectFormat.DIR);
        Fid f = LocalFiles.findOrCreate(osd, configs, MOUNTDATA, FileMode.S_IFREG | 0644, ObjectFormat.REGULAR);
        java.lang.foreign.MemorySegment b = java.lang.foreign.MemorySegment.ofArray(md.toDisk().encode());
        try (org.jlustre.osd.OsdObject o = osd.find(f); org.jlustre.osd.Transaction th = osd.transCreate()) {
            o.body().declareWrite(0, b.byteSize(), th);
            th.startLocal();
            o.body().writeRecord(0, b, th);
        }
    }

    /**
     * The mount data on {@code osd} ({@code CONFIGS/mountdata}).
     *
     * @throws LustreException ENOENT when the device holds none (never formatted), EINVAL when
     *     it is not valid mount data
     */
    static MountData readMountData(OsdDevice osd) throws LustreException {
        Fid configs;
        Fid f;
        try (org.jlustre.osd.OsdObject root = osd.find(osd.rootFid())) {
            configs = root.indexTry(org.jlustre.osd.IndexFeatures.DIRECTORY).lookup(Mgs.CONFIGS)
                    .orElseThrow(() -> new LustreException(Errno.ENOENT, osd.name() + " has no " + Mgs.CONFIGS
                            + ": not a formatted target")).fid();
        }
        try (org.jlustre.osd.OsdObject dir = osd.find(configs)) {
            f = dir.indexTry(org.jlustre.osd.IndexFeatures.DIRECTORY).lookup(MOUNTDATA)
                    .orElseThrow(() -> new LustreException(Errno.ENOENT, osd.name() + " has no " + Mgs.CONFIGS + "/"
                            + MOUNTDATA + ": not a formatted target")).fid();
        }
        try (org.jlustre.osd.OsdObject o = osd.find(f)) {
            byte[] b = new byte[org.jlustre.wire.mgs.LustreDiskData.SIZE];
            int n = o.body().read(0, java.lang.foreign.MemorySegment.ofArray(b));
            try {
                return MountData.fromDisk(org.jlustre.wire.mgs.LustreDiskData.decode(
                        java.lang.foreign.MemorySegment.ofArray(b).asSlice(0, n)));
            } catch (IllegalArgumentException e) {
                throw new LustreException(Errno.EINVAL, osd.name() + ": " + Mgs.CONFIGS + "/" + MOUNTDATA + ": "
                        + e.getMessage());
            }
        }
    }

    /** Starts (or takes) the OSD and lists it in the device table; caller holds this. */
    private void startOsd(String name) throws LustreException {
        osd = givenOsd != null ? givenOsd : OsdType.find(md.osdType()).format(name + "-osd", node.libcfs());
        osdObd = Obdclass.of(node.libcfs()).devices().attach(osd.type(), name + "-osd", name + "-osd_UUID");
        osdObd.impl(osd);
        osdObd.status(ObdDevice.Status.UP);
    }

    /** Replays what is new in {@code log} of {@code from}; start's thread, then the follower's. */
    private void replay(LlogContext from, String log) throws LustreException {
        // replay.attached() keeps also what a failed replay attached, for stop()
        ConfigReplay.Result r = replay.replay(from, log);
        if (r.processed() > 0) {
            info("%s: replayed %d config records (%d skipped), %d devices", log, r.processed(), r.skipped(),
                    r.attached().size());
        }
    }

    /**
     * Stops the target: pre-cleanup (stop following, waiting for a change in progress, stop the
     * MGS service), then cleanup of the devices its log set up (last first), the MGC reference,
     * the local context and the OSD (closed only if this target made it).
     */
    public void stop() {
        Mgc.Following f;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            f = following;
        }
        if (f != null) {
            f.close(); // waits for the follower, which may want this monitor
        }
        List<ObdDevice> own = node.obdclass().preCleanup(replay.attached());
        node.obdclass().finishCleanup(own);
        OstFid fidLayer;
        synchronized (this) {
            fidLayer = ostFid;
        }
        if (fidLayer != null) {
            fidLayer.close(); // after the ofd stopped serving its SEQ_QUERY; an RPC: no monitor held
        }
        Mgc m;
        Mgs s;
        LlogContext copies;
        ObdDevice osdEntry;
        OsdDevice made;
        synchronized (this) {
            m = mgc;
            s = mgs;
            copies = local;
            osdEntry = osdObd;
            made = givenOsd == null ? osd : null;
        }
        if (m != null) {
            node.releaseMgc(m); // before the MGS, which it disconnects from (an RPC: no monitor held)
        }
        if (s != null) {
            s.close();
        }
        if (copies != null) {
            copies.close();
        }
        if (osdEntry != null) {
            Obdclass.of(node.libcfs()).devices().detach(osdEntry);
        }
        if (made != null) {
            made.close();
        }
        node.stopped(this);
        info("%s: stopped", name());
    }

    private void info(String fmt, Object... args) {
        node.libcfs().debug().logf(DebugMask.S_CLASS, DebugMask.D_CONFIG, fmt, args);
    }

    /** A console line: registration events, as Lustre's LCONSOLE lines. */
    private void console(String fmt, Object... args) {
        node.libcfs().debug().logf(DebugMask.S_MGC, DebugMask.D_CONSOLE, fmt, args);
    }

    @Override
    public String toString() {
        return mountData().toString();
    }
}
