package org.jlustre.server;

import java.util.List;
import java.util.Locale;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.mgc.Mgc;
import org.jlustre.obdclass.ConfigReplay;
import org.jlustre.obdclass.ObdDevice;

/**
 * The configuration half of a client mount ({@code lustre_fill_super} up to
 * {@code lustre_process_log(sb, "<fsname>-client", cfg)}, lustre/llite): the node's MGC, the
 * client log replayed straight from the MGS (clients keep no local copy) with a config
 * instance, so device names get {@code -<instance>} and several mounts of one filesystem
 * coexist, the log followed for new OSTs and MDTs, and the params log applied to the node.
 * The devices it sets up (lov, lmv, mdc, osc) are passive until the client layers exist.
 */
public final class ClientConfig implements AutoCloseable {

    private final ServerNode node;
    private final String fsname;
    private final String instance;
    private final Mgc mgc;
    /** The client log's replay: by the constructor, then by the follower only. */
    private final ConfigReplay replay;
    /** Guarded by this. */
    private Mgc.Following following;
    /** Guarded by this. */
    private boolean closed;

    ClientConfig(ServerNode node, String fsname, List<Nid> mgsNids, long instance) throws LustreException {
        this.node = node;
        this.fsname = fsname;
        this.instance = String.format(Locale.ROOT, "%016x", instance);
        Uuid uuid = Uuid.random(new java.util.SplittableRandom(instance));
        this.replay = new ConfigReplay(node.obdclass(), this.instance, uuid.value());
        this.mgc = node.acquireMgc(mgsNids);
        try {
            // no monitor across the RPCs: the replay runs here, then only on the follower's thread,
            // which goes on from the state read before it
            String log = logName();
            String since = mgc.logState(log);
            replayLog();
            Mgc.Following f = mgc.follow(log, since, l -> replayLog());
            synchronized (this) {
                following = f;
            }
            node.followParams(mgc);
        } catch (LustreException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void replayLog() throws LustreException {
        // replay.attached() keeps also what a failed replay attached, for close()
        ConfigReplay.Result r = replay.replay(mgc.remoteContext(), logName());
        node.libcfs().debug().logf(DebugMask.S_CLASS, DebugMask.D_CONFIG, "%s: client %s replayed %d records",
                logName(), instance, r.processed());
    }

    /** {@code <fsname>-client}. */
    public String logName() {
        return fsname + "-client";
    }

    /** The config instance that suffixes this mount's device names. */
    public String instance() {
        return instance;
    }

    /** The devices the client log set up, in order. */
    public List<String> devices() {
        return replay.attached();
    }

    /**
     * Stops following (waiting for a replay in progress), cleans up the devices (last first) in
     * two phases and drops the MGC.
     */
    @Override
    public void close() {
        Mgc.Following f;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            f = following;
        }
        if (f != null) {
            f.close();
        }
        List<ObdDevice> own = node.obdclass().preCleanup(replay.attached());
        node.obdclass().finishCleanup(own);
        node.releaseMgc(mgc);
    }
}
