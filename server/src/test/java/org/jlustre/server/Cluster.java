package org.jlustre.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.lnet.Lnet;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.testing.Nodes;

/**
 * Server nodes on one of the two drivers, each a {@link ServerNode} with its own Libcfs, LNet
 * and ptlrpc; node 1 usually runs the MGS.
 */
final class Cluster implements AutoCloseable {

    final Nodes nodes;
    private final List<ServerNode> servers = new ArrayList<>();
    private final List<Ptlrpc> rpcs = new ArrayList<>();
    private final java.util.Map<ServerNode, Lnet> lnetOf = new java.util.IdentityHashMap<>();
    private final Duration poll;

    Cluster(Nodes.Driver driver, Duration poll) {
        this.nodes = new Nodes(driver);
        this.poll = poll;
    }

    Cluster(Nodes.Driver driver) {
        this(driver, Duration.ofMillis(50));
    }

    /** A new node. */
    ServerNode node() throws LustreException {
        return serverOn(nodes.node());
    }

    private ServerNode serverOn(Lnet l) {
        Ptlrpc p = Ptlrpc.start(l);
        ServerNode s = new ServerNode(p, Duration.ofSeconds(10), poll);
        rpcs.add(p);
        servers.add(s);
        lnetOf.put(s, l);
        return s;
    }

    /** Stops a node whole (targets, ptlrpc, LNet), as a crash looks to its peers: they find it unreachable. */
    void stop(ServerNode n) {
        n.close();
        n.ptlrpc().close();
        lnetOf.get(n).close();
    }

    /** Starts a stopped node again at its NID (and port), with nothing running yet. */
    ServerNode startAgain(ServerNode old) throws LustreException {
        return serverOn(nodes.restart(lnetOf.get(old)));
    }

    /** The first NID of a node. */
    static Nid nid(ServerNode n) {
        return Nid.fromLnetNid(n.nids()[0]);
    }

    /** Every config command of {@code log} on {@code mgs}, in order. */
    static List<org.jlustre.wire.llog.LustreCfg> records(org.jlustre.mgs.Mgs mgs, String log) throws Exception {
        List<org.jlustre.wire.llog.LustreCfg> out = new ArrayList<>();
        try (var h = mgs.context().open(log, org.jlustre.llog.Llog.OpenMode.EXISTS)) {
            h.init(org.jlustre.wire.llog.LlogFlags.IS_PLAIN, null);
            h.process((llh, rec) -> {
                out.add(org.jlustre.wire.llog.ConfigRecord.decode(rec.bytes()).cfg());
                return 0;
            });
        }
        return out;
    }

    /** The live (not cancelled) sections of {@code log}, as "target comment", in order. */
    static List<String> sections(org.jlustre.mgs.Mgs mgs, String log) throws Exception {
        List<String> out = new ArrayList<>();
        for (var r : records(mgs, log)) {
            var m = org.jlustre.wire.llog.ConfigRecord.of(r).marker();
            if (m != null && (m.flags() & org.jlustre.wire.llog.CfgMarker.CM_START) != 0
                    && (m.flags() & org.jlustre.wire.llog.CfgMarker.CM_SKIP) == 0) {
                out.add(m.targetName() + " " + m.comment());
            }
        }
        return out;
    }

    /** Retries {@code check} for up to 10 s until it passes; then its last failure is thrown. */
    static void eventually(ThrowingRunnable check) throws Exception {
        eventually(check, 10);
    }

    /** Retries {@code check} for up to {@code seconds} until it passes; then its last failure is thrown. */
    static void eventually(ThrowingRunnable check, long seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        for (;;) {
            try {
                check.run();
                return;
            } catch (AssertionError | Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /** A check that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Override
    public void close() {
        for (ServerNode s : servers.reversed()) {
            s.close();
        }
        for (Ptlrpc p : rpcs.reversed()) {
            p.close();
        }
        nodes.close();
    }
}
