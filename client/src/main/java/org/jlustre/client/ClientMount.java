package org.jlustre.client;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.mdc.Mdc;
import org.jlustre.mgc.Mgc;
import org.jlustre.obdclass.ConfigReplay;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.ptlrpc.Ptlrpc;

/**
 * A client mount ({@code lustre_fill_super} then {@code ll_fill_super}, lustre/llite/llite_lib.c):
 * the node's mgc to the MGS (shared by the node's mounts of that MGS, {@link ClientObdTypes}), the
 * {@code <fsname>-client} log replayed with a config instance of its own (device names end in
 * {@code -<instance>}) and followed for targets added later, the mount profile's lmv and lov,
 * MDT0 connected and the root FID fetched (MDS_GET_ROOT). Unmounting runs it backwards.
 */
final class ClientMount {

    /** How often the followed client log is checked for new records (Lustre waits for a config lock callback). */
    static final Duration LOG_POLL = Duration.ofMillis(500);

    private final Ptlrpc node;
    private final MountOptions options;
    private final Runnable afterUnmount;
    private final String instance;
    private final Obdclass obdclass;
    private final ClientObdTypes types;
    private final ClientStack stack;
    private Mgc mgc;
    private ConfigReplay replay;
    private Mgc.Following following;

    private ClientMount(Ptlrpc node, MountOptions options, Runnable afterUnmount) {
        this.node = node;
        this.afterUnmount = afterUnmount;
        this.options = options;
        long id = new SplittableRandom().nextLong();
        this.instance = String.format(Locale.ROOT, "%016x", id);
        this.obdclass = Obdclass.of(node.libcfs());
        this.types = ClientObdTypes.of(obdclass);
        Uuid uuid = Uuid.random(new SplittableRandom(id));
        this.stack = new ClientStack(node, options.fsname(), uuid, options.timeout());
        this.replay = new ConfigReplay(obdclass, instance, uuid.value());
    }

    static LustreClient mount(Ptlrpc node, MountOptions options) throws LustreException {
        return mount(node, options, () -> { });
    }

    /** Mounts; {@code afterUnmount} runs once the mount is gone (e.g. to close a node made for it). */
    static LustreClient mount(Ptlrpc node, MountOptions options, Runnable afterUnmount) throws LustreException {
        ClientMount m = new ClientMount(node, options, afterUnmount);
        try {
            return m.start();
        } catch (LustreException | RuntimeException e) {
            m.stop();
            throw e;
        }
    }

    private String logName() {
        return options.fsname() + "-client";
    }

    private LustreClient start() throws LustreException {
        types.add(instance, stack);
        mgc = types.acquireMgc(node, options.mgsNids(), options.timeout(), LOG_POLL);
        String since = mgc.logState(logName());
        replay.replay(mgc.remoteContext(), logName());
        following = mgc.follow(logName(), since, l -> replayLog());
        Obdclass.Profile profile = obdclass.profile(logName());
        if (profile == null || profile.md() == null) {
            throw new LustreException(Errno.EINVAL, logName() + " names no mount profile with an lmv (is an MDT "
                    + "registered?)");
        }
        Mdc mdc0 = Async.join(stack.lmv().mdt(0));
        Fid root = mdc0.getRoot();
        node.libcfs().debug().logf(DebugMask.S_LLITE, DebugMask.D_CONFIG, "%s: client %s mounted, root %s, targets %s",
                options.fsname(), instance, root, stack.lov().indexes());
        return new LustreClientImpl(stack, root, this::stop);
    }

    private void replayLog() throws LustreException {
        ConfigReplay.Result r = replay.replay(mgc.remoteContext(), logName());
        node.libcfs().debug().logf(DebugMask.S_LLITE, DebugMask.D_CONFIG, "%s: client %s replayed %d records",
                logName(), instance, r.processed());
    }

    /** Unmounts: stop following, clean up the devices (last first), release the mgc. Runs once. */
    private synchronized void stop() {
        if (replay == null) {
            return;
        }
        if (following != null) {
            following.close();
        }
        List<ObdDevice> own = obdclass.preCleanup(replay.attached());
        obdclass.finishCleanup(own);
        replay = null;
        types.remove(instance);
        if (mgc != null) {
            types.releaseMgc(mgc);
        }
        stack.close();
        afterUnmount.run();
    }
}
