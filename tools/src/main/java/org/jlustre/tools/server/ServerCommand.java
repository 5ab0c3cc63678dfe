package org.jlustre.tools.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.AcceptPolicy;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.server.MountData;
import org.jlustre.server.ServerNode;
import org.jlustre.server.ServerTarget;
import org.jlustre.server.TargetType;
import org.jlustre.tools.control.ControlDirectory;
import org.jlustre.tools.control.ControlServer;
import org.jlustre.tools.control.ControlSettings;
import org.jlustre.tools.lctl.Lctl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jlustre server}: one server target in this process on a fresh OSD device (osd-mem), like
 * {@code mkfs.lustre} followed by {@code mount -t lustre}, over TCP (socklnd). It registers
 * with the MGS, replays its config log, runs the {@code -e} lctl commands and serves until
 * interrupted. The options default to the seed's mount helper's environment
 * ({@code OSD_MEM_TGT_TYPE}, {@code OSD_MEM_INDEX}, {@code OSD_MEM_MGS_NID}, {@code OSD_MEM_FSNAME},
 * {@code OSD_MEM_PRIMARY_MDT} for a combined MGS/MDT).
 *
 * <p>As soon as its network is up, before it registers, the server opens its control socket
 * ({@link ControlServer}, named {@code NID:PORT} in the user's control directory), so
 * {@code jlustre lctl --server NID:PORT dl|get_param|set_param|list_param|dk} reaches it from
 * another process, also while it waits for its MGS.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start an MGS, MDT or OST on osd-mem in this process, over TCP, until interrupted.")
public final class ServerCommand implements Callable<Integer> {

    /** The line a server prints once it serves (what {@code llmount --processes} waits for). */
    public static final String SERVING = "serving; interrupt to stop";

    private final Libcfs libcfs;

    @Spec
    private CommandSpec spec;

    @Option(names = "--type", defaultValue = "${env:OSD_MEM_TGT_TYPE:-mgs}", description = "mgs, mdt or ost.")
    private String type;

    @Option(names = "--mgs", arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            defaultValue = "${env:OSD_MEM_PRIMARY_MDT:-0}",
            description = "With --type mdt: run the MGS on this MDT's device too, a combined MGS/MDT (mkfs.lustre "
                    + "--mgs --mdt; default $OSD_MEM_PRIMARY_MDT, as the seed's mount helper).")
    private String combined;

    @Option(names = "--fsname", defaultValue = "${env:OSD_MEM_FSNAME:-lustre}", description = "Filesystem name.")
    private String fsname;

    @Option(names = "--index", defaultValue = "${env:OSD_MEM_INDEX:--1}",
            description = "Target index; -1 lets the MGS choose (default ${DEFAULT-VALUE}).")
    private int index;

    @Option(names = "--mgsnode", defaultValue = "${env:OSD_MEM_MGS_NID:-}",
            description = "The MGS's NID, with :PORT when its acceptor is not on --peer-port.")
    private String mgsnode;

    @Option(names = "--nid", defaultValue = "127.0.0.1@tcp", description = "This node's NID (default ${DEFAULT-VALUE}).")
    private String nid;

    @Option(names = "--port", defaultValue = "988", description = "This node's acceptor port (default ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--peer-port", defaultValue = "988", description = "Other nodes' acceptor port (default ${DEFAULT-VALUE}).")
    private int peerPort;

    @Option(names = "--accept", defaultValue = "secure",
            description = "Whom the acceptor takes (accept=): secure, only privileged source ports, as Lustre by "
                    + "default; or all, also processes on other ports, as user-space peers (default ${DEFAULT-VALUE}).")
    private String accept;

    @Option(names = "--accept-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long a new connection has to send its acceptor request and hello (accept_timeout; "
                    + "default ${DEFAULT-VALUE}).")
    private int acceptTimeout;

    @Option(names = "--max-conns", defaultValue = "" + AcceptPolicy.DEFAULT_MAX_CONNS,
            description = "The most accepted connections held at once (default ${DEFAULT-VALUE}).")
    private int maxConns;

    @Option(names = "--max-conns-per-peer", defaultValue = "" + AcceptPolicy.DEFAULT_MAX_CONNS_PER_PEER,
            description = "The most accepted connections held at once from one address (default ${DEFAULT-VALUE}).")
    private int maxConnsPerPeer;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A parameter to register with (repeatable).")
    private List<String> params = new ArrayList<>();

    @Option(names = "--backfstype", defaultValue = "mem",
            description = "The OSD to format the target on, as mkfs.lustre's (osd-<type>; default ${DEFAULT-VALUE}).")
    private String backfstype;

    @Option(names = "--writeconf", description = "Regenerate this target's config logs (tunefs --writeconf).")
    private boolean writeconf;

    @Option(names = "--replace", description = "Take the place of a registered target with the same --index, on a "
            + "fresh device (mkfs.lustre --replace): the MGS keeps its logs.")
    private boolean replace;

    @Option(names = {"-e", "--exec"}, paramLabel = "LCTL-COMMAND", description = "lctl commands to run once started.")
    private List<String> commands = new ArrayList<>();

    @Option(names = "--exit", description = "Stop after the -e commands instead of serving until interrupted.")
    private boolean exit;

    @Option(names = "--stop-with", paramLabel = "PID",
            description = "Stop when process PID ends (llmount --processes gives its own, so that no server outlives it).")
    private Long stopWith;

    @Option(names = "--control-dir", paramLabel = "DIR",
            description = "Where to put the control socket lctl --server reaches (default $JLUSTRE_CONTROL_DIR, else "
                    + "$XDG_RUNTIME_DIR/jlustre, else <tmpdir>/jlustre-<user>).")
    private Path controlDir;

    /** Where control sockets go unless {@code --control-dir} says. */
    private final ControlSettings control;

    /** The command on {@code libcfs}, this process's node, its control socket where {@code control} says. */
    public ServerCommand(Libcfs libcfs, ControlSettings control) {
        this.libcfs = libcfs;
        this.control = control;
    }

    /** What the control socket runs: lctl on this process's node, and who this server is. */
    private ControlServer.Node controlNode(String name, AtomicReference<ServerTarget> started) {
        return new NodeControl(libcfs, () -> {
            ServerTarget t = started.get();
            return List.of("name " + name, "pid " + ProcessHandle.current().pid(),
                    "targets " + (t == null ? "-" : t.name()));
        });
    }

    /**
     * Whether {@code --mgs} (or {@code OSD_MEM_PRIMARY_MDT}) makes this target a combined MGS/MDT.
     * Its {@code --mgsnode} may only name this node itself, as the seed's mount helper sets it.
     */
    private boolean combined(TargetType t, List<Nid> mgs) throws LustreException {
        boolean on = switch (combined.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no", "" -> false;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--mgs (OSD_MEM_PRIMARY_MDT) '" + combined + "': expected 1 or 0");
        };
        if (!on) {
            return false;
        }
        if (t != TargetType.MDT) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--mgs (OSD_MEM_PRIMARY_MDT) is for an MDT, not an " + t);
        }
        Nid self = Nid.parse(nid);
        if (!mgs.isEmpty() && (mgs.size() > 1 || !mgs.getFirst().equals(self))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a combined MGS/MDT is its own MGS: "
                    + "--mgsnode " + mgsnode + " is not this node (" + self + ")");
        }
        return true;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TargetType t = switch (type.toLowerCase(Locale.ROOT)) {
            case "mgs", "mgt" -> TargetType.MGT;
            case "mdt" -> TargetType.MDT;
            case "ost" -> TargetType.OST;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--type '" + type + "': expected mgs, mdt or ost");
        };
        ConcurrentHashMap<Long, Integer> ports = new ConcurrentHashMap<>();
        List<Nid> mgs = new ArrayList<>();
        if (!mgsnode.isEmpty()) {
            int colon = mgsnode.lastIndexOf(':');
            Nid m = Nid.parse(colon > 0 ? mgsnode.substring(0, colon) : mgsnode);
            if (colon > 0) {
                ports.put(m.toLnetNid(), Integer.parseInt(mgsnode.substring(colon + 1)));
            }
            mgs.add(m);
        }
        boolean withMgs = combined(t, mgs);
        if (t != TargetType.MGT && !withMgs && mgs.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "an " + t + " needs --mgsnode");
        }
        MountData md;
        try {
            md = (withMgs ? MountData.formatCombined(fsname, index, String.join(" ", params))
                    : MountData.format(fsname, t, t == TargetType.MGT ? 0 : index, mgs, String.join(" ", params)))
                    .withOsdType("osd-" + backfstype);
            if (replace) {
                md = md.replace();
            }
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        AcceptPolicy policy;
        try {
            policy = new AcceptPolicy(AcceptPolicy.Mode.parse(accept), Duration.ofSeconds(acceptTimeout), maxConns,
                    maxConnsPerPeer);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Lnet lnet = Lnet.create(libcfs);
        Socklnd sl = (Socklnd) lnet.addNi(Socklnd.tcp(SocklndConfig.of(Nid.parse(nid)).withAcceptPort(port)
                .withPeerPort(n -> ports.getOrDefault(n, peerPort)).withAccept(policy)));
        Ptlrpc rpc = Ptlrpc.start(lnet);
        ServerNode node = new ServerNode(rpc, Duration.ofSeconds(30), Duration.ofSeconds(1));
        AtomicReference<ServerTarget> started = new AtomicReference<>();
        String name = Nid.toString(sl.nid()) + ":" + sl.acceptPort();
        ControlServer controlSocket;
        try {
            controlSocket = ControlServer.start(controlDir != null ? ControlDirectory.at(controlDir)
                    : control.directory(), name, controlNode(name, started), libcfs.debug());
        } catch (LustreException e) {
            node.close();
            rpc.close();
            lnet.close();
            spec.commandLine().getErr().println("jlustre server: control socket: " + e.getMessage());
            return e.errno().value();
        }
        Serving serving = new Serving(() -> {
            controlSocket.close();
            node.close();
            rpc.close();
            lnet.close();
        });
        try {
            out.printf("control socket %s (jlustre lctl --server %s ...)%n", controlSocket.socket(), name);
            out.flush();
            ServerTarget target = node.start(writeconf ? md.writeconf() : md);
            started.set(target);
            out.printf("%s started on %s (acceptor port %d)%n", target.name(), Nid.toString(sl.nid()),
                    sl.acceptPort());
            out.flush();
            int rc = 0;
            for (String c : commands) {
                rc |= Lctl.commandLine(libcfs).setOut(out).setErr(spec.commandLine().getErr())
                        .execute(c.trim().split("\\s+"));
            }
            if (exit) {
                return rc;
            }
            serving.serve(stopWith);
            out.println(SERVING);
            out.flush();
            serving.await();
            return rc;
        } catch (LustreException e) {
            spec.commandLine().getErr().println("jlustre server: " + e.getMessage());
            return e.errno().value();
        } finally {
            serving.close();
        }
    }
}
