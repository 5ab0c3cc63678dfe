package org.jlustre.tools.llmount;

import org.jlustre.tools.Closeables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.mem.MemNetwork;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.server.MountData;
import org.jlustre.server.ServerNode;
import org.jlustre.server.ServerTarget;
import org.jlustre.server.TargetType;
import org.jlustre.tools.server.NodeControl;

/**
 * A filesystem's servers in this JVM: each a node of its own on the in-JVM network with its own
 * osd-mem device, registered and configured through the MGS exactly as separate servers are
 * (the same stack, no shortcut), which makes it the fastest way to a running filesystem.
 */
final class InJvmServers extends Servers {

    private final MemNetwork net = MemNetwork.create();
    /** What to close, in the order opened. */
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Nid> mgs;

    /**
     * Starts an MGS on the node of {@code mgsLibcfs}, then an MDT with {@code mdtParams} and
     * {@code osts} OSTs, each on a node of its own.
     */
    InJvmServers(Libcfs mgsLibcfs, String fsname, String mdtParams, int osts) throws LustreException {
        super(fsname);
        try {
            ServerNode mgsNode = node(mgsLibcfs);
            add("mgs", mgsNode, mgsNode.start(MountData.format(fsname, TargetType.MGT, 0, List.of(), "")));
            mgs = List.of(Nid.fromLnetNid(mgsNode.nids()[0]));
            ServerNode mds = node(quiet());
            add("mds1", mds, mds.start(MountData.format(fsname, TargetType.MDT, 0, mgs, mdtParams)));
            for (int i = 0; i < osts; i++) {
                ServerNode oss = node(quiet());
                add("ost" + (i + 1), oss, oss.start(MountData.format(fsname, TargetType.OST, i, mgs, "")));
            }
        } catch (LustreException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void add(String facet, ServerNode node, ServerTarget target) {
        String nid = Nid.toString(node.nids()[0]);
        add(new Member(facet, target.name(), nid, new NodeControl(node.libcfs(),
                () -> List.of("name " + facet, "pid " + ProcessHandle.current().pid(), "targets " + target.name()))));
    }

    /** A node context whose console stays quiet: the MGS node's console speaks for the filesystem. */
    private static Libcfs quiet() {
        Libcfs l = new Libcfs(TimeSource.system(), new java.util.SplittableRandom());
        l.debug().setConsole(null);
        return l;
    }

    private ServerNode node(Libcfs l) throws LustreException {
        Lnet lnet = newLnet(l);
        Ptlrpc p = Ptlrpc.start(lnet);
        open.add(p);
        ServerNode n = new ServerNode(p, Duration.ofSeconds(30), Duration.ofMillis(50));
        open.add(n);
        return n;
    }

    private Lnet newLnet(Libcfs l) throws LustreException {
        Lnet lnet = Lnet.create(l);
        open.add(lnet);
        lnet.addNi(net.nextInterface());
        return lnet;
    }

    @Override
    List<Nid> mgsNids() {
        return mgs;
    }

    @Override
    Lnet clientNode(Libcfs libcfs) throws LustreException {
        Lnet lnet = Lnet.create(libcfs);
        try {
            lnet.addNi(net.nextInterface());
        } catch (LustreException | RuntimeException e) {
            lnet.close();
            throw e;
        }
        return lnet;
    }

    @Override
    boolean local() {
        return true;
    }

    @Override
    String where() {
        return "in this JVM (pid " + ProcessHandle.current().pid() + "), on the in-JVM network";
    }

    @Override
    public void close() {
        // last opened first: the targets' nodes stop before the MGS's, so an unmounting target still reaches it
        Closeables.closeAll(open);
    }
}
