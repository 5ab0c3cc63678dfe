package org.jlustre.tools.llmount;

import java.io.BufferedReader;
import java.io.IOException;
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
import java.util.concurrent.Callable;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.tools.control.ControlDirectory;
import org.jlustre.tools.control.ControlServer;
import org.jlustre.tools.control.ControlSettings;
import org.jlustre.tools.server.Serving;
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
 * logs and a {@code set_param -P} reaching every node, runs the {@code -e} lctl commands on the
 * MGS node, then serves until standard input ends (or, with {@code --serve}, until interrupted),
 * an interrupt, or {@code jlustre llmountcleanup}, which finds it by its control socket
 * ({@code llmount-FSNAME}).
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
        Serving serving = new Serving(() -> closeAll(open));
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
            open.add(ControlServer.start(dir, LlmountControl.name(fsname), new LlmountControl(servers, "-"),
                    libcfs.debug()));
            out.println();
            out.println("== " + fsname + " is served " + servers.where());
            for (Member m : servers.members()) {
                out.printf("%-5s %-16s on %s%n", m.facet(), m.target(), m.nid());
            }
            serving.serve(null);
            if (serve) {
                out.println("serving; interrupt or ./jlustre llmountcleanup to stop");
                out.flush();
                serving.await();
            } else {
                out.println("serving until the end of standard input, an interrupt or ./jlustre llmountcleanup");
                out.flush();
                drain();
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

    /** Reads standard input to its end. */
    private void drain() throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()))) {
            while (r.readLine() != null) {
                // the shell over the client reads these lines
            }
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

    private static void closeAll(List<AutoCloseable> open) {
        for (AutoCloseable c : open.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + c + ": " + e, e);
            }
        }
    }
}
