package org.jlustre.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.obdclass.Obd;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LustreCfg;

/**
 * An {@code mdc} or {@code osc} device of a client log: {@code setup <dev> <target uuid> <node
 * uuid>} says which target and where ({@code client_obd_setup}), {@code add_conn} adds
 * failover NIDs. The lmv or lov starts its connection when the log adds the target to it
 * ({@link #start}); the connection lives as long as the device.
 *
 * @param <C> the connection: an Mdc or an Osc
 */
final class TargetDevice<C extends AutoCloseable> implements Obd {

    /** Makes and connects the connection (in the background). */
    @FunctionalInterface
    interface Connector<C> {
        C connect(String deviceName, String targetUuid, int index, List<Nid> nids) throws LustreException;
    }

    private final Obdclass obdclass;
    private final ObdDevice device;
    private final ClientStack stack;
    /** Guarded by this. */
    private String targetUuid;
    /** Guarded by this. */
    private final List<Nid> nids = new ArrayList<>();
    /** Guarded by this: the connection being made or made, null before {@link #start}. */
    private CompletableFuture<C> connection;
    /** Guarded by this. */
    private Connector<C> connector;
    /** Guarded by this. */
    private int index = -1;

    TargetDevice(Obdclass obdclass, ObdDevice device, ClientStack stack) {
        this.obdclass = obdclass;
        this.device = device;
        this.stack = stack;
    }

    @Override
    public synchronized void setup(LustreCfg cfg) throws LustreException {
        targetUuid = ClientObdTypes.buf(cfg, 1, device.name(), "the target UUID");
        addNids(ClientObdTypes.buf(cfg, 2, device.name(), "the target's node UUID"));
        stack.register(targetUuid, this);
    }

    private void addNids(String nodeUuid) throws LustreException {
        List<Long> found = obdclass.nidsOf(nodeUuid);
        if (found.isEmpty()) {
            throw new LustreException(Errno.EINVAL, device.name() + ": no add_uuid gave NIDs for " + nodeUuid);
        }
        for (long n : found) {
            nids.add(Nid.fromLnetNid(n));
        }
    }

    @Override
    public synchronized void process(LustreCfg cfg) throws LustreException {
        if (cfg.knownCommand() != LcfgCommand.ADD_CONN) {
            Obd.super.process(cfg);
            return;
        }
        addNids(ClientObdTypes.buf(cfg, 1, device.name(), "the failover node UUID"));
    }

    /** The device name ({@code lustre-OST0001-osc-<instance>}). */
    String name() {
        return device.name();
    }

    /** The target's index once started, else -1. */
    synchronized int index() {
        return index;
    }

    /** Starts connecting as target {@code idx} with {@code how}; the lmv or lov calls it once. */
    synchronized void start(int idx, Connector<C> how) throws LustreException {
        if (connector != null) {
            throw new LustreException(Errno.EALREADY, device.name() + " is already added as index " + index);
        }
        index = idx;
        connector = how;
        connection = connect();
    }

    private CompletableFuture<C> connect() {
        String uuid = targetUuid;
        int idx = index;
        List<Nid> at = List.copyOf(nids);
        Connector<C> how = connector;
        String name = device.name();
        return Async.on(stack.executor(), () -> how.connect(name, uuid, idx, at));
    }

    /**
     * The connection, connecting again if the last attempt failed (a target that was down at
     * mount is reached once it is up); ENODEV before the log added the target.
     */
    synchronized CompletableFuture<C> connection() {
        if (connection == null) {
            return Async.failed(Errno.ENODEV, device.name() + " is not added to the client's lmv or lov");
        }
        if (connection.isCompletedExceptionally()) {
            connection = connect();
        }
        return connection;
    }

    @Override
    public void cleanup() {
        CompletableFuture<C> c;
        synchronized (this) {
            c = connection;
            connection = null;
            if (targetUuid != null) {
                stack.unregister(targetUuid, this);
            }
        }
        if (c != null) {
            c.thenAccept(conn -> {
                try {
                    conn.close();
                } catch (Exception e) {
                    obdclass.libcfs().debug().logf(DebugMask.S_CLASS, DebugMask.D_WARNING, "%s: close failed: %s",
                            device.name(), e);
                }
            });
        }
    }
}
