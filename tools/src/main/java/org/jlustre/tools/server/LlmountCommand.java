package org.jlustre.tools.server;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
import org.jlustre.tools.lctl.Lctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jlustre llmount}: a whole filesystem's servers in this JVM, like Lustre's
 * {@code llmount.sh}: an MGS, an MDT and two OSTs, each a node of its own on the in-JVM
 * network with its own osd-mem device, registered and configured through the MGS. It shows
 * what each node's config replay built, the config logs, and a {@code set_param -P} reaching
 * every node, then runs the {@code -e} lctl commands on the MGS node. The OSTs serve objects
 * (their logs set up {@code obdfilter}, the ofd); the MDT serves the namespace (its log sets up
 * {@code lod}, {@code mdt} with its {@code mdd}, and an {@code osp} per OST, connected to the
 * OSTs).
 */
@Command(name = "llmount", mixinStandardHelpOptions = true,
        description = "Start an MGS, an MDT and two OSTs on osd-mem in this JVM and show their configuration.")
public final class LlmountCommand implements Callable<Integer> {

    private final Libcfs libcfs;

    @Spec
    private CommandSpec spec;

    @Option(names = "--fsname", defaultValue = "lustre", description = "Filesystem name (default ${DEFAULT-VALUE}).")
    private String fsname;

    @Option(names = {"-e", "--exec"}, paramLabel = "LCTL-COMMAND",
            description = "lctl commands to run on the MGS node at the end, e.g. -e 'llog_print lustre-MDT0000'.")
    private List<String> commands = new ArrayList<>();

    /** The command; the MGS node is {@code libcfs}'s. */
    public LlmountCommand(Libcfs libcfs) {
        this.libcfs = libcfs;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MemNetwork net = MemNetwork.create();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            ServerNode mgsNode = node(libcfs, net, open);
            mgsNode.start(MountData.format(fsname, TargetType.MGT, 0, List.of(), ""));
            List<Nid> mgs = List.of(Nid.fromLnetNid(mgsNode.nids()[0]));
            List<ServerNode> servers = new ArrayList<>();
            List<ServerTarget> targets = new ArrayList<>();
            ServerNode mds = node(quiet(), net, open);
            targets.add(mds.start(MountData.format(fsname, TargetType.MDT, 0, mgs, "sys.timeout=20 lov.stripesize=1048576")));
            servers.add(mds);
            for (int i = 0; i < 2; i++) {
                ServerNode oss = node(quiet(), net, open);
                targets.add(oss.start(MountData.format(fsname, TargetType.OST, -1, mgs, "")));
                servers.add(oss);
            }
            out.printf("%s: MGS and %d targets started in %.0f ms%n", fsname, targets.size(),
                    (System.nanoTime() - t0) / 1e6);
            section(out, "lctl dl on the MGS node (" + mgs.getFirst() + ")");
            lctl(mgsNode.libcfs(), out, err, "dl");
            for (ServerTarget t : targets) {
                awaitDevices(t);
            }
            for (int i = 0; i < servers.size(); i++) {
                section(out, "lctl dl on the " + targets.get(i).name() + " node (" + Nid.toString(servers.get(i).nids()[0])
                        + ")");
                lctl(servers.get(i).libcfs(), out, err, "dl");
            }
            section(out, "lctl get_param on the " + targets.getFirst().name() + " node: the MDT serves");
            lctl(servers.getFirst().libcfs(), out, err, "get_param", "mdt.*.uuid", "mdt.*.num_exports",
                    "lod.*.numobd", "lod.*.stripesize");
            for (int i = 0; i < servers.size(); i++) {
                if (targets.get(i).mountData().type() != TargetType.OST) {
                    continue;
                }
                section(out, "lctl get_param on the " + targets.get(i).name() + " node: the OST serves");
                lctl(servers.get(i).libcfs(), out, err, "get_param", "obdfilter.*.uuid", "obdfilter.*.kbytestotal",
                        "obdfilter.*.kbytesfree", "obdfilter.*.filesfree", "obdfilter.*.last_id",
                        "obdfilter.*.num_exports");
            }
            section(out, "lctl llog_catlist");
            lctl(mgsNode.libcfs(), out, err, "llog_catlist");
            section(out, "lctl llog_print " + fsname + "-client");
            lctl(mgsNode.libcfs(), out, err, "llog_print", fsname + "-client");
            section(out, "lctl set_param -P timeout=40, then get_param timeout on every node");
            lctl(mgsNode.libcfs(), out, err, "set_param", "-P", "timeout=40");
            for (ServerNode n : servers) {
                awaitParam(n.libcfs(), "timeout", "40");
                out.print(n.targets().getFirst().name() + ": ");
                lctl(n.libcfs(), out, err, "get_param", "timeout");
            }
            int rc = 0;
            for (String c : commands) {
                section(out, "lctl " + c);
                rc |= lctl(mgsNode.libcfs(), out, err, c.trim().split("\\s+"));
            }
            return rc;
        } catch (LustreException e) {
            err.println("jlustre llmount: " + e.getMessage());
            return e.errno().value();
        } finally {
            for (AutoCloseable c : open.reversed()) {
                c.close();
            }
            out.flush();
        }
    }

    private static Libcfs quiet() {
        Libcfs l = new Libcfs(TimeSource.system(), new java.util.SplittableRandom());
        l.debug().setConsole(null);
        return l;
    }

    private static ServerNode node(Libcfs l, MemNetwork net, List<AutoCloseable> open) throws LustreException {
        Lnet lnet = Lnet.create(l);
        open.add(lnet);
        lnet.addNi(net.nextInterface());
        Ptlrpc p = Ptlrpc.start(lnet);
        open.add(p);
        ServerNode n = new ServerNode(p, Duration.ofSeconds(30), Duration.ofMillis(50));
        open.add(n);
        return n;
    }

    /** Waits (up to 5 s) until a target's log has nothing left to replay: its devices include every OST. */
    private static void awaitDevices(ServerTarget t) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (t.mountData().type() == TargetType.MDT && t.devices().stream().filter(d -> d.contains("-osc-")).count() < 2
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static void awaitParam(Libcfs l, String name, String value) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!l.params().get(name).getFirst().value().strip().equals(value) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static void section(PrintWriter out, String title) {
        out.println();
        out.println("== " + title);
    }

    private static int lctl(Libcfs l, PrintWriter out, PrintWriter err, String... args) {
        int rc = Lctl.commandLine(l).setOut(out).setErr(err).execute(args);
        out.flush();
        return rc;
    }
}
