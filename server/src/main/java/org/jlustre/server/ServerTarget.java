package org.jlustre.server;

import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LocalFiles;
import org.jlustre.obdclass.ConfigReplay;
import org.jlustre.mgc.Mgc;
import org.jlustre.mgs.Mgs;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.obdclass.PassiveObd;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdType;
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
 * A target that cannot reach the MGS but registered before starts from its local copy, as a
 * Lustre server does. {@link #stop} tears down in two phases: pre-cleanup of every device
 * (stop following, stop services), then cleanup in reverse order of setup.
 *
 * <p>Until the MDT and OST layers exist, the devices an MDT's or OST's log sets up (mdt,
 * obdfilter, lov, osc) are {@link PassiveObd passive}: configured, listed by
 * {@code lctl dl}, serving nothing.
 */
public final class ServerTarget {

    private final ServerNode node;
    private final OsdDevice givenOsd;
    private MountData md;
    private OsdDevice osd;
    private ObdDevice osdObd;
    private Mgs mgs;
    private Mgc mgc;
    private LlogContext local;
    private final ConfigReplay replay;
    private Mgc.Following following;
    private boolean stopped;

    ServerTarget(ServerNode node, MountData md, OsdDevice osd) {
        this.node = node;
        this.md = md;
        this.givenOsd = osd;
        this.replay = new ConfigReplay(node.obdclass(), null, null);
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

    /** The MGS, for an MGT; else null. */
    public synchronized Mgs mgs() {
        return mgs;
    }

    /** The MGC, for an MDT or OST; else null. */
    public synchronized Mgc mgc() {
        return mgc;
    }

    /** The local config context (CONFIGS on the target's OSD), for an MDT or OST. */
    public synchronized LlogContext localConfigs() {
        return local;
    }

    /** The devices the config log attached, in order. */
    public synchronized List<String> devices() {
        return replay.attached();
    }

    synchronized void start() throws LustreException {
        if (md.type() == TargetType.MGT) {
            startOsd("MGS");
            writeMountData();
            mgs = new Mgs(node.ptlrpc(), osd, 4);
            // the MGS node has an MGC too, to its own MGS, for the params log (server_start_mgs, then lustre_start_mgc)
            mgc = node.acquireMgc(java.util.Arrays.stream(node.nids()).mapToObj(org.jlustre.common.Nid::fromLnetNid)
                    .toList());
            node.followParams(mgc);
            return;
        }
        mgc = node.acquireMgc(md.mgsNodes());
        boolean registered = register();
        startOsd(md.deviceName());
        Fid configs = LocalFiles.findOrCreate(osd, osd.rootFid(), Mgs.CONFIGS, FileMode.S_IFDIR | 0755,
                ObjectFormat.DIR);
        local = new LlogContext(osd, node.libcfs(), configs, LlogHeader.MIN_CHUNK_SIZE, md.deviceName());
        writeMountData(); // REWRITE_LDD: the registered name, index and flags
        String log = md.deviceName();
        following = mgc.follow(log, l -> {
            synchronized (this) {
                if (!stopped) {
                    mgc.copyLog(l, local);
                    replay(mgc.remoteContext(), l);
                }
            }
        });
        if (registered) {
            // the local copy is for starting without the MGS; the replay reads the MGS's log, whose
            // indexes the follower goes on from (a copy renumbers around cancelled records)
            int n = mgc.copyLog(log, local);
            info("%s: copied config log %s from the MGS (%d records)", log, log, n);
            replay(mgc.remoteContext(), log);
        } else {
            replay(local, log);
        }
        node.followParams(mgc);
        info("%s: started", log);
    }

    /**
     * Registers with the MGS; false when the MGS cannot be reached and the target may start from
     * its local copy (it registered before).
     */
    private boolean register() throws LustreException {
        MgsTargetInfo mti = md.targetInfo(node.nids(), 1);
        try {
            MgsTargetInfo reply = mgc.register(mti);
            md = md.registered(reply.stripeIndex(), reply.flags() & ~LddFlags.REWRITE_LDD);
            info("%s: registered with the MGS as %s", mti.svname(), md.deviceName());
            return true;
        } catch (LustreException e) {
            boolean unreachable = e.errno() == Errno.ETIMEDOUT || e.errno() == Errno.ENOTCONN
                    || e.errno() == Errno.ECONNREFUSED || e.errno() == Errno.ESHUTDOWN;
            if (!unreachable || md.virgin() || givenOsd == null) {
                throw e;
            }
            node.libcfs().debug().logf(DebugMask.S_MGC, DebugMask.D_WARNING,
                    "%s: MGS not reachable (%s); starting from the local config log", md.deviceName(), e.getMessage());
            return false;
        }
    }

    /** {@code CONFIGS/mountdata}: the file holding a target's {@code lustre_disk_data}. */
    public static final String MOUNTDATA = Mgs.MOUNTDATA;

    /** Writes the mount data to {@code CONFIGS/mountdata} on the OSD, as mkfs.lustre and a registration's REWRITE_LDD do. */
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

    private void startOsd(String name) throws LustreException {
        osd = givenOsd != null ? givenOsd : OsdType.find(md.osdType()).format(name + "-osd", node.libcfs());
        osdObd = Obdclass.of(node.libcfs()).devices().attach(osd.type(), name + "-osd", name + "-osd_UUID");
        osdObd.impl(osd);
        osdObd.status(ObdDevice.Status.UP);
    }

    private void replay(LlogContext from, String log) throws LustreException {
        // replay.attached() keeps also what a failed replay attached, for stop()
        ConfigReplay.Result r = replay.replay(from, log);
        if (r.processed() > 0) {
            info("%s: replayed %d config records (%d skipped), %d devices", log, r.processed(), r.skipped(),
                    r.attached().size());
        }
    }

    /**
     * Stops the target: pre-cleanup (stop following the log, stop the MGS service), then
     * cleanup of the devices its log set up (last first), the MGC reference, the local
     * context and the OSD (closed only if this target made it).
     */
    public void stop() {
        List<ObdDevice> own;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (following != null) {
                following.close();
            }
            own = node.obdclass().preCleanup(replay.attached());
        }
        node.obdclass().finishCleanup(own);
        synchronized (this) {
            if (mgc != null) {
                node.releaseMgc(mgc); // before the MGS, which it disconnects from
            }
            if (mgs != null) {
                mgs.close();
            }
            if (local != null) {
                local.close();
            }
            if (osdObd != null) {
                Obdclass.of(node.libcfs()).devices().detach(osdObd);
            }
            if (osd != null && givenOsd == null) {
                osd.close();
            }
        }
        node.stopped(this);
        info("%s: stopped", md.deviceName());
    }

    private void info(String fmt, Object... args) {
        node.libcfs().debug().logf(DebugMask.S_CLASS, DebugMask.D_CONFIG, fmt, args);
    }

    @Override
    public String toString() {
        return md.toString();
    }
}
