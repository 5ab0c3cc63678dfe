package org.jlustre.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.mdt.Mdt;
import org.jlustre.mdt.MdtObdTypes;
import org.jlustre.mgc.Mgc;
import org.jlustre.obdclass.ConfigReplay;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osd.OsdDevice;
import org.jlustre.ost.OfdObdType;
import org.jlustre.ost.Ost;
import org.jlustre.ptlrpc.Ptlrpc;

/**
 * One Lustre node (a process, or one of several in a test JVM): its ptlrpc and LNet, its
 * obdclass (device table, types, node-wide settings), the targets it runs and the MGCs they
 * share: one per MGS, started by the first target that needs it and stopped with the last
 * ({@code lustre_start_mgc} / {@code lustre_stop_mgc}). Each MGC also replays the
 * {@code params} log ({@code set_param -P}) into the node and follows it.
 */
public final class ServerNode implements AutoCloseable {

    private final Ptlrpc node;
    private final Obdclass obdclass;
    /** The node's {@code obdfilter} type, which runs its OSTs. */
    private final OfdObdType obdfilter;
    /** The node's {@code mdt}, {@code lod} and {@code osp} types, which run its MDTs. */
    private final MdtObdTypes mdtTypes;
    private final Duration rpcTimeout;
    private final Duration poll;
    private final Map<String, MgcRef> mgcs = new HashMap<>();
    private final List<ServerTarget> targets = new ArrayList<>();

    private static final class MgcRef {
        final Mgc mgc;
        /** The params log's replay: by the first target's start, then by the follower only. */
        final ConfigReplay params;
        int users;
        boolean paramsFollowed;

        MgcRef(Mgc mgc, ConfigReplay params) {
            this.mgc = mgc;
            this.params = params;
        }
    }

    /**
     * A node on {@code node} whose MGC requests time out after {@code rpcTimeout} and whose
     * followed logs are polled every {@code poll}.
     */
    public ServerNode(Ptlrpc node, Duration rpcTimeout, Duration poll) {
        this.node = node;
        this.obdclass = Obdclass.of(node.libcfs());
        // an OST's log attaches obdfilter: the ofd serves it on this node's OSS services
        this.obdfilter = new OfdObdType(node);
        obdclass.registerType(obdfilter);
        // an MDT's log attaches lod, mdt and osp: the MDT serves on this node's MDS services
        this.mdtTypes = MdtObdTypes.register(obdclass, node);
        this.rpcTimeout = rpcTimeout;
        this.poll = poll;
    }

    /** The node's ptlrpc. */
    public Ptlrpc ptlrpc() {
        return node;
    }

    /** The node's libcfs (params, debug log, device table). */
    public Libcfs libcfs() {
        return node.libcfs();
    }

    /** The OST called {@code name} serving on this node, or null. */
    public Ost ost(String name) {
        return obdfilter.find(name);
    }

    /** The MDT called {@code name} serving on this node, or null. */
    public Mdt mdt(String name) {
        return mdtTypes.find(name);
    }

    /** How long its MGC's (and its targets' LWPs') requests wait for a reply. */
    Duration rpcTimeout() {
        return rpcTimeout;
    }

    /** The node's obdclass. */
    public Obdclass obdclass() {
        return obdclass;
    }

    /** The NIDs of this node, as targets register them. */
    public long[] nids() {
        return node.lnet().nids().stream().mapToLong(Long::longValue).toArray();
    }

    /** Starts a target on a fresh device of its OSD type ({@code mkfs.lustre}, then {@code mount -t lustre}). */
    public ServerTarget start(MountData md) throws LustreException {
        return start(md, null);
    }

    /**
     * Starts a target on {@code osd} (null: a fresh device of its OSD type), e.g. the device of an
     * earlier start of the same target.
     */
    public ServerTarget start(MountData md, OsdDevice osd) throws LustreException {
        // not under the node's monitor: a start waits on RPCs, which must not stall the node's other targets
        ServerTarget t = new ServerTarget(this, md, osd);
        try {
            t.start();
        } catch (LustreException | RuntimeException e) {
            t.stop();
            throw e;
        }
        synchronized (this) {
            targets.add(t);
        }
        return t;
    }

    /**
     * The configuration of a client mount of {@code fsname} ({@link ClientConfig}); {@code instance}
     * tells the mount's devices apart from another mount's.
     */
    public ClientConfig mountClient(String fsname, List<Nid> mgsNids, long instance) throws LustreException {
        return new ClientConfig(this, fsname, mgsNids, instance);
    }

    /**
     * Mounts the target formatted on {@code disk}: its mount data is read from
     * {@code CONFIGS/mountdata} ({@code mount -t lustre} of an existing device).
     *
     * @throws LustreException ENOENT for a device that holds no mount data
     */
    public ServerTarget mount(OsdDevice disk) throws LustreException {
        return start(ServerTarget.readMountData(disk), disk);
    }

    /** The targets running, in start order. */
    public synchronized List<ServerTarget> targets() {
        return List.copyOf(targets);
    }

    synchronized void stopped(ServerTarget t) {
        targets.remove(t);
    }

    /** The node's MGC for an MGS at {@code mgsNids}, started on first use. */
    synchronized Mgc acquireMgc(List<Nid> mgsNids) throws LustreException {
        String name = Mgc.nameFor(mgsNids);
        MgcRef ref = mgcs.get(name);
        if (ref == null) {
            Mgc mgc = new Mgc(node, mgsNids, rpcTimeout, poll);
            ref = new MgcRef(mgc, new ConfigReplay(obdclass, null, null));
            mgcs.put(name, ref);
        }
        ref.users++;
        ref.mgc.device().get();
        return ref.mgc;
    }

    private static final String PARAMS_LOG = org.jlustre.mgs.Mgs.PARAMS_LOG;

    /**
     * After a target replayed its own log: the first time for this MGC, replay the
     * {@code params} log into the node and follow it (the MGC processes "params" after the
     * main log, {@code mgc_process_config}); a missing params log is no error. With the MGS
     * unreachable, the follower replays it once the MGS answers. No lock is held across the
     * RPCs: the replay runs here first, then only on the follower's thread.
     */
    void followParams(Mgc mgc) {
        MgcRef ref;
        synchronized (this) {
            ref = mgcs.get(mgc.name());
            if (ref == null || ref.mgc != mgc || ref.paramsFollowed) {
                return;
            }
            ref.paramsFollowed = true;
        }
        String since = mgc.logState(PARAMS_LOG);
        if (since != null) {
            try {
                replayParams(ref);
            } catch (LustreException e) {
                node.libcfs().debug().logf(DebugMask.S_MGC, DebugMask.D_WARNING, "%s: params log not applied: %s",
                        mgc.name(), e.getMessage());
            }
        }
        mgc.follow(PARAMS_LOG, since, log -> replayParams(ref));
    }

    /**
     * Replays what is new in the params log; all of it when the log was made again (an MGS
     * restarted without its logs), since its records may all run again. A missing log is no
     * error.
     */
    private void replayParams(MgcRef ref) throws LustreException {
        try {
            ref.params.replayOrRejoin(ref.mgc.remoteContext(), PARAMS_LOG);
        } catch (LustreException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }

    /** Drops a target's use of its MGC; the last user stops it (disconnecting, with no lock held). */
    void releaseMgc(Mgc mgc) {
        synchronized (this) {
            MgcRef ref = mgcs.get(mgc.name());
            if (ref == null || ref.mgc != mgc) {
                return;
            }
            mgc.device().put();
            if (--ref.users > 0) {
                return;
            }
            mgcs.remove(mgc.name());
        }
        mgc.close(); // its DISCONNECT is an RPC: not under the node's monitor
    }

    /** Stops every target, last started first, then the MGCs left. */
    @Override
    public void close() {
        for (ServerTarget t : targets().reversed()) {
            t.stop();
        }
        List<MgcRef> left;
        synchronized (this) {
            left = List.copyOf(mgcs.values());
            mgcs.clear();
        }
        for (MgcRef ref : left) {
            ref.mgc.close();
        }
    }
}
