package org.jlustre.tools.llmount;

import org.jlustre.tools.Closeables;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.TimeSource;
import org.jlustre.tools.control.ControlDirectory;
import org.jlustre.tools.control.ControlServer;
import org.jlustre.tools.control.ControlSettings;
import org.jlustre.tools.lfs.Creds;
import org.jlustre.tools.lfs.Mounted;
import org.jlustre.tools.server.Serving;
import org.jlustre.tools.shell.ClientShell;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jlustre llmount}: a whole filesystem, like Lustre's {@code llmount.sh}: an MGS, an MDT
 * and two OSTs on osd-mem, registered and configured through the MGS, in this JVM (each a node
 * of its own on the in-JVM network) or with {@code --processes} one {@code jlustre server}
 * process each over TCP on loopback. It shows what each node's config replay built, the config
 * logs and a {@code set_param -P} reaching every node, and runs the {@code -e} lctl commands on
 * the MGS node. Then it mounts a client ({@code mount -t lustre MGSNID:/fsname}), through FUSE at
 * {@code --mount} ({@code $MOUNT}, {@code /mnt/lustre}) where FUSE works, says what is mounted
 * where, and serves: a shell on the client ({@link ClientShell}) reads standard input until it
 * ends, or with {@code --serve} until interrupted; an interrupt or {@code jlustre
 * llmountcleanup}, which finds it by its control socket ({@code llmount-FSNAME}), stops it too.
 */
@Command(name = "llmount", mixinStandardHelpOptions = true,
        description = {"Start a filesystem (an MGS, an MDT and two OSTs on osd-mem) in this JVM, or one process per "
                + "target with --processes, show its configuration, and serve it until standard input ends, an "
                + "interrupt, or jlustre llmountcleanup."})
public final class LlmountCommand implements Callable<Integer> {

    /** The MDT's parameters, as llmount.sh's MDSOPT gives them. */
    static final String MDT_PARAMS = "sys.timeout=20 lov.stripesize=1048576";
    /** The OSTs llmount starts, as llmount.sh's OSTCOUNT=2. */
    static final int OSTS = 2;

    private final Libcfs libcfs;
    private final ControlSettings control;
    private final InputStream in;

    @Spec
    private CommandSpec spec;

    @Option(names = "--fsname", defaultValue = "lustre", description = "Filesystem name (default ${DEFAULT-VALUE}).")
    private String fsname;

    @Option(names = {"-e", "--exec"}, paramLabel = "LCTL-COMMAND",
            description = "lctl commands to run on the MGS node at the end, e.g. -e 'llog_print lustre-MDT0000'.")
    private List<String> commands = new ArrayList<>();

    @Option(names = "--processes", description = "Start each server as a process of its own (jlustre server) over "
            + "TCP on loopback, instead of in this JVM.")
    private boolean processes;

    @Option(names = "--address", paramLabel = "IPV4", defaultValue = "127.0.0.2",
            description = "With --processes: the MGS's address; the MDT, the OSTs and the client take the next ones "
                    + "(default ${DEFAULT-VALUE}).")
    private String address;

    @Option(names = "--port", defaultValue = "0", description = "With --processes: every node's acceptor port "
            + "(default: 988 as root, else a port free on every address).")
    private int port;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "With --processes: how long each server has to start serving (default ${DEFAULT-VALUE}).")
    private int startTimeout;

    @Option(names = "--mount", paramLabel = "DIR", defaultValue = "${env:MOUNT:-/mnt/lustre}",
            description = "Where the client is mounted, through FUSE where it works (default $MOUNT, else "
                    + "/mnt/lustre).")
    private Path mount;

    @Option(names = "--no-fuse", description = "Mount the client in this process only, for the shell and lfs, not "
            + "through FUSE.")
    private boolean noFuse;

    @Option(names = "--serve", description = "Serve until interrupted or jlustre llmountcleanup, not reading "
            + "standard input (to run it in the background).")
    private boolean serve;

    @Option(names = "--control-dir", paramLabel = "DIR",
            description = "Where the control sockets go (default $JLUSTRE_CONTROL_DIR, else $XDG_RUNTIME_DIR/jlustre, "
                    + "else <tmpdir>/jlustre-<user>).")
    private Path controlDir;

    /**
     * The command: the MGS node (in this JVM) is {@code libcfs}'s; control sockets go where
     * {@code control} says; {@code in} is standard input.
     */
    public LlmountCommand(Libcfs libcfs, ControlSettings control, InputStream in) {
        this.libcfs = libcfs;
        this.control = control;
        this.in = in;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ControlDirectory dir = controlDir != null ? ControlDirectory.at(controlDir) : control.directory();
        long t0 = System.nanoTime();
        Servers servers;
        try {
            servers = processes ? startProcesses(dir, out, err) : new InJvmServers(libcfs, fsname, MDT_PARAMS, OSTS);
        } catch (LustreException e) {
            err.println("jlustre llmount: " + e.getMessage());
            return e.errno().value();
        }
        List<AutoCloseable> open = new ArrayList<>(List.of(servers));
        Serving serving = new Serving(() -> Closeables.closeAll(open));
        try {
            out.printf("%s: MGS and %d targets started in %.0f ms%n", fsname, servers.members().size() - 1,
                    (System.nanoTime() - t0) / 1e6);
            ConfigurationReport report = new ConfigurationReport(servers, out, err);
            report.print();
            int rc = 0;
            for (String c : commands) {
                out.println();
                out.println("== lctl " + c);
                rc |= report.lctl(servers.members().getFirst(), c.trim().split("\\s+"));
            }
            String mountpoint = Mounted.normalize(mount.toAbsolutePath().toString());
            LlmountClient client = LlmountClient.mount(servers, servers.local() ? quiet() : libcfs, Path.of(mountpoint),
                    !noFuse);
            open.add(client);
            open.add(ControlServer.start(dir, LlmountControl.name(fsname),
                    new LlmountControl(servers, client.client(), mountpoint), libcfs.debug()));
            out.println();
            out.println("== " + fsname + " is served " + servers.where());
            for (Member m : servers.members()) {
                out.printf("%-6s %-16s on %s%n", m.facet(), m.target(), m.nid());
            }
            if (client.fuseProblem() == null) {
                out.printf("%-6s %-16s on %s (FUSE)%n", "client", client.source(), mountpoint);
            } else {
                out.printf("%-6s %-16s in this process, not at %s: %s%n", "client", client.source(), mountpoint,
                        client.fuseProblem());
            }
            serving.serve(null);
            if (serve) {
                out.println("serving; interrupt or ./jlustre llmountcleanup to stop");
                out.flush();
                serving.await();
            } else {
                out.println("serving until the end of standard input, an interrupt or ./jlustre llmountcleanup; "
                        + "meanwhile a shell on the client (help lists its commands; ./jlustre lfs works on paths under "
                        + mountpoint + ")");
                out.flush();
                boolean terminal = in == System.in && System.console() != null && System.console().isTerminal();
                // the shell's paths are the filesystem's own, from its root, whether or not FUSE mounted it
                rc |= new ClientShell(new Mounted(client.client(), Creds.ofThisProcess(), "", "/"), out, err, terminal).run(new BufferedReader(new InputStreamReader(in, Charset.defaultCharset())));
            }
            return rc;
        } catch (LustreException e) {
            err.println("jlustre llmount: " + e.getMessage());
            return e.errno().value();
        } finally {
            serving.close();
            out.flush();
        }
    }

    private Servers startProcesses(ControlDirectory dir, PrintWriter out, PrintWriter err)
            throws LustreException, InterruptedException {
        InetAddress first;
        try {
            first = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--address '" + address + "': " + e.getMessage());
        }
        ProcessServers.Layout layout;
        try {
            layout = ProcessServers.Layout.choose(first, port, ProcessServers.nodes(OSTS));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return new ProcessServers(libcfs, JavaLauncher.current(), layout, fsname, MDT_PARAMS, OSTS, dir.path(),
                Duration.ofSeconds(startTimeout), out, err);
    }

    /** A node context whose console stays quiet (the in-JVM client's: the MGS node's console speaks). */
    private static Libcfs quiet() {
        Libcfs l = new Libcfs(TimeSource.system(), new SplittableRandom());
        l.debug().setConsole(null);
        return l;
    }
}
