package org.jlustre.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.mdc.Mdc;
import org.jlustre.mdc.MdcConfig;
import org.jlustre.osc.Osc;
import org.jlustre.osc.OscConfig;
import org.jlustre.ptlrpc.Ptlrpc;

/**
 * What one mount's devices share ({@code struct ll_sb_info} with its lmv and lov exports): the
 * node, the client UUID and timeout every connection uses, the targets the log set up by UUID,
 * and the executor the blocking lower-layer calls run on (virtual threads: a call waiting for
 * its reply holds no carrier thread).
 */
final class ClientStack implements AutoCloseable {

    private final Ptlrpc node;
    private final String fsname;
    private final Uuid clientUuid;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, TargetDevice<?>> targets = new ConcurrentHashMap<>();
    private final Lmv lmv;
    private final Lov lov;

    ClientStack(Ptlrpc node, String fsname, Uuid clientUuid, Duration timeout) {
        this.node = node;
        this.fsname = fsname;
        this.clientUuid = clientUuid;
        this.timeout = timeout;
        this.lmv = new Lmv(this);
        this.lov = new Lov(this);
    }

    Ptlrpc node() {
        return node;
    }

    String fsname() {
        return fsname;
    }

    ExecutorService executor() {
        return executor;
    }

    Lmv lmv() {
        return lmv;
    }

    Lov lov() {
        return lov;
    }

    /** An mdc or osc device's target, by the target's UUID. */
    void register(String targetUuid, TargetDevice<?> device) throws LustreException {
        if (targets.putIfAbsent(targetUuid, device) != null) {
            throw new LustreException(Errno.EEXIST, device.name() + ": another device names " + targetUuid);
        }
    }

    void unregister(String targetUuid, TargetDevice<?> device) {
        targets.remove(targetUuid, device);
    }

    /**
     * The device set up for target {@code uuid}, as an lmv or lov adds it; ENODEV naming
     * {@code by} when the log set none up.
     */
    @SuppressWarnings("unchecked")
    <C extends AutoCloseable> TargetDevice<C> target(String uuid, Class<C> kind, String by) throws LustreException {
        TargetDevice<?> d = targets.get(uuid);
        if (d == null) {
            throw new LustreException(Errno.ENODEV, by + ": adds " + uuid + ", which no " + kind.getSimpleName()
                    .toLowerCase(java.util.Locale.ROOT) + " device names");
        }
        return (TargetDevice<C>) d;
    }

    /** Connects an mdc as {@code llite} does ({@code client_common_fill_super}: MDS_CONNECT). */
    Mdc connectMdc(String name, String mdtUuid, int index, List<Nid> nids) throws LustreException {
        Mdc mdc = new Mdc(node, new MdcConfig(name, clientUuid, new Uuid(mdtUuid), nids, timeout,
                MdcConfig.DEFAULT_MOD_RPCS_IN_FLIGHT));
        return connected(mdc, mdc::connect);
    }

    /** Connects an osc (OST_CONNECT). */
    Osc connectOsc(String name, String ostUuid, int index, List<Nid> nids) throws LustreException {
        Osc osc = new Osc(node, new OscConfig(name, clientUuid, new Uuid(ostUuid), index, nids, timeout,
                OscConfig.DEFAULT_RPCS_IN_FLIGHT, true, false));
        return connected(osc, osc::connect);
    }

    /** A step that may fail. */
    @FunctionalInterface
    private interface Step {
        void run() throws LustreException;
    }

    private static <C extends AutoCloseable> C connected(C conn, Step connect) throws LustreException {
        try {
            connect.run();
            return conn;
        } catch (LustreException | RuntimeException e) {
            try {
                conn.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Stops the executor; the devices close their connections when the log's devices are cleaned up. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
