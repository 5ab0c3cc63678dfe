package org.jlustre.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jlustre.client.LustreClient;
import org.jlustre.client.MountOptions;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.param.ParamTree;
import org.jlustre.lnet.Lnet;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.server.MountData;
import org.jlustre.server.ServerNode;
import org.jlustre.server.ServerTarget;
import org.jlustre.server.TargetType;
import org.jlustre.testing.Nodes;

/**
 * A whole filesystem in this JVM, as {@code llmount.sh} starts one: an MGS, MDT0 and N OSTs
 * (two by default), each on a node of its own with its own osd-mem device, over the in-JVM
 * network or TCP loopback ({@link Nodes.Driver}), registered and configured through the MGS.
 * {@link #start} returns once the MDT has objects precreated on every OST, so a striped create
 * works at once. Clients mount on nodes of their own ({@link #mount}); a test that builds its
 * own client stack takes a bare node from {@link #clientNode}.
 *
 * <pre>{@code
 * try (LocalCluster c = LocalCluster.start(Nodes.Driver.MEM);
 *      LustreClient fs = c.mount()) {
 *     fs.mkdir(MdcCred.root(), fs.root(), "d".getBytes(UTF_8), 0755).join();
 * }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {

    /**
     * The MDT node's {@code osp.*.NAME} parameters; none yet (not an error) while the MDT has not
     * set up an osp from its config log.
     */
    private List<ParamTree.Value> ospParams(String name) throws LustreException {
        try {
            return mdtNode.libcfs().params().get("osp.*." + name);
        } catch (LustreException e) {
            if (e.errno() == Errno.ENOENT) {
                return List.of();
            }
            throw e;
        }
    }

    /** The filesystem name. */
    public static final String FSNAME = "lustre";
    /** How long the servers' and clients' requests wait for a reply. */
    public static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #start} waits for the MDT to be ready to stripe over every OST. */
    private static final Duration READY_LIMIT = Duration.ofSeconds(30);

    private final Nodes nodes;
    private final List<Ptlrpc> rpcs = new ArrayList<>();
    private final List<ServerNode> servers = new ArrayList<>();
    private final List<LustreClient> clients = new ArrayList<>();
    private final Map<Ptlrpc, Lnet> lnetOf = new java.util.IdentityHashMap<>();
    private final Map<Integer, ServerTarget> osts = new TreeMap<>();
    private final Map<Integer, ServerNode> ostNodes = new TreeMap<>();
    private ServerTarget mdt;
    private ServerNode mdtNode;
    private List<Nid> mgsNids;

    private LocalCluster(Nodes.Driver driver) {
        this.nodes = new Nodes(driver);
    }

    /** An MGS, an MDT and two OSTs on {@code driver}. */
    public static LocalCluster start(Nodes.Driver driver) throws LustreException {
        return start(driver, 2);
    }

    /** An MGS, an MDT and {@code ostCount} OSTs on {@code driver}. */
    public static LocalCluster start(Nodes.Driver driver, int ostCount) throws LustreException {
        if (ostCount < 1) {
            throw new IllegalArgumentException("a filesystem needs an OST, not " + ostCount);
        }
        LocalCluster c = new LocalCluster(driver);
        try {
            ServerNode mgs = c.serverNode();
            mgs.start(MountData.format(FSNAME, TargetType.MGT, 0, List.of(), ""));
            c.mgsNids = List.of(Nid.fromLnetNid(mgs.nids()[0]));
            c.mdtNode = c.serverNode();
            c.mdt = c.mdtNode.start(MountData.format(FSNAME, TargetType.MDT, 0, c.mgsNids, "sys.timeout=20"));
            for (int i = 0; i < ostCount; i++) {
                ServerNode oss = c.serverNode();
                ServerTarget t = oss.start(MountData.format(FSNAME, TargetType.OST, i, c.mgsNids, ""));
                c.osts.put(i, t);
                c.ostNodes.put(i, oss);
            }
            c.awaitPrecreated(ostCount);
            return c;
        } catch (LustreException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private ServerNode serverNode() throws LustreException {
        Ptlrpc p = ptlrpc();
        ServerNode s = new ServerNode(p, RPC_TIMEOUT, Duration.ofMillis(50));
        servers.add(s);
        return s;
    }

    private Ptlrpc ptlrpc() throws LustreException {
        Lnet l = nodes.node();
        Ptlrpc p = Ptlrpc.start(l);
        rpcs.add(p);
        lnetOf.put(p, l);
        return p;
    }

    /** Waits until the MDT's osp for every OST has precreated objects ({@code osp.*.prealloc_*}). */
    private void awaitPrecreated(int ostCount) throws LustreException {
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        for (;;) {
            int ready = 0;
            var next = ospParams("prealloc_next_id");
            var last = ospParams("prealloc_last_id");
            for (int i = 0; i < Math.min(next.size(), last.size()); i++) {
                if (Long.parseLong(last.get(i).value().strip()) >= Long.parseLong(next.get(i).value().strip())) {
                    ready++;
                }
            }
            if (ready >= ostCount) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new LustreException(Errno.ETIMEDOUT, "the MDT has objects precreated on " + ready + " of "
                        + ostCount + " OSTs after " + READY_LIMIT);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LustreException(Errno.EINTR, "interrupted waiting for the MDT's precreated objects");
            }
        }
    }

    /** The filesystem name. */
    public String fsname() {
        return FSNAME;
    }

    /** The MGS's NIDs, as {@code mount -t lustre} takes them. */
    public List<Nid> mgsNids() {
        return mgsNids;
    }

    /** What a client mount of this filesystem takes. */
    public MountOptions mountOptions() {
        return new MountOptions(FSNAME, mgsNids, RPC_TIMEOUT);
    }

    /** MDT0. */
    public ServerTarget mdt() {
        return mdt;
    }

    /** OST {@code index} (its OSD holds the stripe objects). */
    public ServerTarget ost(int index) {
        ServerTarget t = osts.get(index);
        if (t == null) {
            throw new IllegalArgumentException("no OST " + index + " (OSTs " + osts.keySet() + ")");
        }
        return t;
    }

    /** A new bare node on the cluster's network, closed with the cluster. */
    public synchronized Ptlrpc clientNode() throws LustreException {
        return ptlrpc();
    }

    /** Mounts a client on a new node of its own; unmounted with the cluster if not before. */
    public synchronized LustreClient mount() throws LustreException {
        LustreClient c = LustreClient.mount(ptlrpc(), mountOptions());
        clients.add(c);
        return c;
    }

    /**
     * Stops OST {@code index}'s node whole, as a crash looks to its peers: its requests go
     * unanswered from now on.
     */
    public synchronized void crashOst(int index) {
        ServerNode n = ostNodes.get(index);
        if (n == null) {
            throw new IllegalArgumentException("no OST " + index);
        }
        n.close();
        n.ptlrpc().close();
        lnetOf.get(n.ptlrpc()).close();
    }

    /**
     * Unmounts every client, then stops the servers in {@code llmountcleanup.sh}'s order: the
     * MDT first (its osps disconnect from OSTs still there), then the OSTs together (each waits
     * out its own disconnects), then the MGS; then the nodes.
     */
    @Override
    public synchronized void close() {
        for (LustreClient c : clients.reversed()) {
            c.close();
        }
        if (mdtNode != null) {
            mdtNode.close();
        }
        List<Thread> stopping = new ArrayList<>();
        for (ServerNode s : ostNodes.values()) {
            stopping.add(Thread.ofVirtual().name("stop " + s).start(s::close));
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ServerNode s : servers.reversed()) {
            s.close();
        }
        for (Ptlrpc p : rpcs.reversed()) {
            p.close();
        }
        nodes.close();
    }
}
