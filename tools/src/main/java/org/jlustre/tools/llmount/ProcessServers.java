package org.jlustre.tools.llmount;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.AcceptPolicy;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.tools.control.ControlServer;
import org.jlustre.tools.osd.TargetOsds;

/**
 * A filesystem's servers as processes, one {@code jlustre server} per target over TCP on
 * loopback, as Lustre's test framework puts each facet on a node of its own: the MGS on the
 * first of five consecutive loopback addresses, the MDT and the OSTs on the next ones, the
 * client (this process) on the last, every acceptor on one port (socklnd's {@code accept_port}
 * is one value for the whole network). Each child is started with this process's java and
 * path, stops when this process ends ({@code --stop-with}), and has a deadline to start serving.
 */
final class ProcessServers extends Servers {

    /** How long a stopping server has for its shutdown before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Layout layout;
    private final int osts;
    /** This process's node context, where the MGS's log commands run. */
    private final Libcfs libcfs;
    private final List<TargetProcess> children = new ArrayList<>();

    /**
     * Where the processes listen: their addresses from {@code first} on, and the acceptor port.
     *
     * @param first the MGS's address; the others follow it
     * @param port every node's acceptor port
     * @param privileged whether the servers take only privileged source ports (as root), else
     *     every port ({@code accept=all})
     */
    record Layout(InetAddress first, int port, boolean privileged) {

        /** The NID of the {@code i}th node (0 the MGS, then the MDT, the OSTs, the client last). */
        Nid nid(int i) {
            byte[] a = first.getAddress();
            int last = (a[3] & 0xff) + i;
            if (a.length != 4 || last > 254) {
                throw new IllegalArgumentException("--address " + first.getHostAddress()
                        + ": needs an IPv4 address with room for " + (i + 1) + " addresses after it");
            }
            return Nid.tcp((a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | last);
        }

        /**
         * The layout from {@code first} with {@code port}, or, for port 0, Lustre's 988 where this
         * process may bind it (root) and else a port free on all {@code nodes} addresses.
         *
         * @throws LustreException EADDRNOTAVAIL when an address is not this host's
         */
        static Layout choose(InetAddress first, int port, int nodes) throws LustreException {
            boolean root = TargetOsds.runningAsRoot();
            Layout probe = new Layout(first, 0, root);
            int chosen = port != 0 ? port : root ? 988 : 0;
            for (int attempt = 0; attempt < 20; attempt++) {
                int candidate = chosen != 0 ? chosen : freePort(probe.address(0));
                if (freeOnAll(probe, candidate, nodes)) {
                    return new Layout(first, candidate, root);
                }
                if (chosen != 0) {
                    throw new LustreException(Errno.EADDRINUSE, "port " + chosen + " is taken on one of "
                            + probe.nid(0) + " to " + probe.nid(nodes - 1) + ": is an llmount running already "
                            + "(./jlustre llmountcleanup)? Else give --port or --address");
                }
            }
            throw new LustreException(Errno.EADDRINUSE, "found no port free on all of " + probe.nid(0) + " to "
                    + probe.nid(nodes - 1));
        }

        InetAddress address(int i) throws LustreException {
            try {
                return InetAddress.getByName(nid(i).toString().replace("@tcp", ""));
            } catch (IOException e) {
                throw new LustreException(Errno.EADDRNOTAVAIL, "address of " + nid(i) + ": " + e.getMessage());
            }
        }

        private static int freePort(InetAddress at) throws LustreException {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(at, 0));
                return s.getLocalPort();
            } catch (IOException e) {
                throw new LustreException(Errno.EADDRNOTAVAIL, "cannot listen on " + at.getHostAddress()
                        + ": " + e.getMessage());
            }
        }

        private static boolean freeOnAll(Layout l, int port, int nodes) throws LustreException {
            for (int i = 0; i < nodes; i++) {
                try (ServerSocket s = new ServerSocket()) {
                    s.setReuseAddress(true);
                    s.bind(new InetSocketAddress(l.address(i), port));
                } catch (IOException e) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Starts the MGS, waits until it serves, then the MDT and {@code osts} OSTs at once, each
     * within {@code deadline}; any failure stops what started and is thrown.
     *
     * @param libcfs this process's node context (the lctl commands on the MGS's logs run there)
     * @param mdtParams the MDT's {@code --param}s, {@code KEY=VALUE} separated by spaces
     * @param controlDir where the servers put their control sockets
     */
    ProcessServers(Libcfs libcfs, JavaLauncher java, Layout layout, String fsname, String mdtParams, int osts,
            Path controlDir, Duration deadline, PrintWriter out, PrintWriter err)
            throws LustreException, InterruptedException {
        super(fsname);
        this.layout = layout;
        this.osts = osts;
        this.libcfs = libcfs;
        try {
            TargetProcess mgs = start(java, "mgs", 0, List.of("--type", "mgs"), controlDir, out, err);
            await(mgs, deadline, 0);
            List<String> mdt = new ArrayList<>(List.of("--type", "mdt", "--index", "0"));
            for (String p : mdtParams.split(" +")) {
                mdt.addAll(List.of("--param", p));
            }
            List<TargetProcess> targets = new ArrayList<>();
            targets.add(start(java, "mds1", 1, mdt, controlDir, out, err));
            for (int i = 0; i < osts; i++) {
                targets.add(start(java, "ost" + (i + 1), 2 + i,
                        List.of("--type", "ost", "--index", Integer.toString(i)), controlDir, out, err));
            }
            for (int i = 0; i < targets.size(); i++) {
                await(targets.get(i), deadline, i + 1);
            }
        } catch (LustreException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The number of addresses a filesystem of {@code osts} OSTs takes: MGS, MDT, OSTs and the client. */
    static int nodes(int osts) {
        return 3 + osts;
    }

    private TargetProcess start(JavaLauncher java, String facet, int node, List<String> typeArgs, Path controlDir,
            PrintWriter out, PrintWriter err) throws LustreException {
        List<String> args = new ArrayList<>(List.of("server", "--fsname", fsname(), "--nid", layout.nid(node).toString(),
                "--port", Integer.toString(layout.port()), "--peer-port", Integer.toString(layout.port()),
                "--accept", mode().lustreName(),
                "--control-dir", controlDir.toString(), "--stop-with", Long.toString(ProcessHandle.current().pid())));
        if (node != 0) {
            args.addAll(List.of("--mgsnode", layout.nid(0).toString()));
        }
        args.addAll(typeArgs);
        TargetProcess t = TargetProcess.start(java, facet, args, out, err);
        children.add(t);
        return t;
    }

    /** Whom the acceptors take: as root only privileged ports, as Lustre; else every port. */
    private AcceptPolicy.Mode mode() {
        return layout.privileged() ? AcceptPolicy.Mode.SECURE : AcceptPolicy.Mode.ALL;
    }

    private void await(TargetProcess t, Duration deadline, int node) throws LustreException, InterruptedException {
        String target = t.awaitReady(deadline);
        ControlServer.Node control = new RemoteControl(t.controlSocket());
        if (node == 0) {
            control = new MgsProcessControl(control, libcfs, layout.nid(0) + ":" + layout.port());
        }
        add(new Member(t.facet(), target, layout.nid(node).toString(), control));
    }

    @Override
    List<Nid> mgsNids() {
        return List.of(layout.nid(0));
    }

    @Override
    Lnet clientNode(Libcfs libcfs) throws LustreException {
        Lnet lnet = Lnet.create(libcfs);
        try {
            lnet.addNi(Socklnd.tcp(SocklndConfig.of(layout.nid(nodes(osts) - 1)).withAcceptPort(layout.port())
                    .withPeerPort(n -> layout.port())
                    .withAcceptMode(mode())));
        } catch (LustreException | RuntimeException e) {
            lnet.close();
            throw e;
        }
        return lnet;
    }

    /** The child of {@code facet}, for tests that stop or kill one. */
    TargetProcess process(String facet) {
        return children.stream().filter(c -> c.facet().equals(facet)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no server " + facet + " (" + children + ")"));
    }

    @Override
    boolean local() {
        return false;
    }

    @Override
    String where() {
        return "as processes " + String.join(", ", children.stream().map(TargetProcess::toString).toList())
                + ", over TCP port " + layout.port();
    }

    @Override
    public void close() {
        // the MDT first, then the OSTs, the MGS last (Lustre's stopall)
        List<TargetProcess> order = new ArrayList<>(children.reversed());
        order.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        for (TargetProcess t : order) {
            try {
                t.stop(STOP_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                t.destroyForcibly();
            }
        }
        children.clear();
    }

    private static int rank(TargetProcess t) {
        return t.facet().startsWith("mds") ? 0 : t.facet().startsWith("ost") ? 1 : 2;
    }
}
