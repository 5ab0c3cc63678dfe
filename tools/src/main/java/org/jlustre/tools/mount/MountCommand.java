package org.jlustre.tools.mount;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jlustre.client.LustreClient;
import org.jlustre.client.MountOptions;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.fuse.FuseMount;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jlustre mount MGSNID:/fsname DIR}: mounts a Lustre client with FUSE, as
 * {@code mount -t lustre} does. Like mount(8) it returns once the filesystem is mounted: the
 * client keeps running in a process of its own (this command again with {@code --foreground},
 * in a new session, its output in a log file) until {@code jlustre umount DIR}.
 */
@Command(name = "mount", mixinStandardHelpOptions = true,
        description = "Mount a Lustre filesystem with FUSE: jlustre mount MGSNID:/fsname DIR.")
public final class MountCommand implements Callable<Integer> {

    /** How long the background client may take to show up in the mount table. */
    private static final Duration MOUNT_DEADLINE = Duration.ofSeconds(90);
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private final Libcfs libcfs;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MGSNID:/fsname", description = "The MGS's NIDs (NID[:PORT]) and the filesystem.")
    private String source;

    @Parameters(index = "1", paramLabel = "DIR", description = "The directory to mount on.")
    private Path dir;

    @Option(names = "--nid", defaultValue = "127.0.0.1@tcp", description = "This client's NID (default ${DEFAULT-VALUE}).")
    private String nid;

    @Option(names = "--peer-port", defaultValue = "988",
            description = "The servers' acceptor port unless the source names one (default ${DEFAULT-VALUE}).")
    private int peerPort;

    @Option(names = "--timeout", defaultValue = "20", description = "Seconds a request waits for its reply (default ${DEFAULT-VALUE}).")
    private int timeout;

    @Option(names = {"-f", "--foreground"}, description = "Serve the mount in this process until it is unmounted.")
    private boolean foreground;

    /** The command; the client's node is {@code libcfs}'s. */
    public MountCommand(Libcfs libcfs) {
        this.libcfs = libcfs;
    }

    @Override
    public Integer call() throws Exception {
        MountSource where;
        try {
            where = MountSource.parse(source);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "mount point " + dir + " is not a directory");
        }
        if (!FuseMount.available()) {
            spec.commandLine().getErr().println("jlustre mount: FUSE is not available here (install fuse3; needs /dev/fuse)");
            return 1;
        }
        return foreground ? serve(where) : inBackground();
    }

    private int serve(MountSource where) throws LustreException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        Lnet lnet = Lnet.create(libcfs);
        lnet.addNi(Socklnd.tcp(SocklndConfig.of(Nid.parse(nid)).withListen(false)
                .withPeerPort(n -> where.ports().getOrDefault(n, peerPort))));
        Ptlrpc rpc = Ptlrpc.start(lnet);
        List<AutoCloseable> open = new ArrayList<>(List.of(lnet, rpc));
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                for (AutoCloseable c : open.reversed()) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        spec.commandLine().getErr().println("jlustre mount: closing " + c + ": " + e.getMessage());
                    }
                }
            }
        };
        Thread hook = new Thread(close, "jlustre mount shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            LustreClient client = LustreClient.mount(rpc,
                    new MountOptions(where.fsname(), where.mgsNids(), Duration.ofSeconds(timeout)));
            open.add(client);
            FuseMount mount = FuseMount.mount(client, source, dir);
            open.add(mount);
            out.printf("%s mounted on %s%n", source, mount.mountPoint());
            out.flush();
            mount.unmounted().join();
            out.printf("%s unmounted from %s%n", source, mount.mountPoint());
            return 0;
        } finally {
            close.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing left to remove
            }
        }
    }

    /** Starts this command again with --foreground in a new session and waits until DIR is mounted. */
    private int inBackground() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ProcessHandle.Info self = ProcessHandle.current().info();
        if (self.command().isEmpty() || self.arguments().isEmpty()) {
            err.println("jlustre mount: cannot see this process's command line; use --foreground");
            return 1;
        }
        List<String> command = new ArrayList<>(List.of("setsid", self.command().get()));
        command.addAll(List.of(self.arguments().get()));
        command.add("--foreground");
        Path log = Files.createTempFile("jlustre-mount-", ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        Path target = dir.toAbsolutePath().normalize();
        long deadline = System.nanoTime() + MOUNT_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (mounted(target)) {
                spec.commandLine().getOut().printf("%s mounted on %s (client process %d, log %s)%n", source, target,
                        child.pid(), log);
                return 0;
            }
            if (!child.isAlive()) {
                err.print(Files.readString(log));
                err.printf("jlustre mount: the client exited with status %d (log %s)%n", child.exitValue(), log);
                return child.exitValue() == 0 ? 1 : child.exitValue();
            }
            Thread.sleep(100);
        }
        child.destroy();
        err.printf("jlustre mount: %s was not mounted within %s (log %s)%n", target, MOUNT_DEADLINE, log);
        return 1;
    }

    /** Whether the mount table has a FUSE Lustre mount on {@code target}. */
    private static boolean mounted(Path target) throws IOException {
        String point = " " + target + " ";
        return Files.readAllLines(MOUNTINFO).stream().anyMatch(l -> l.contains(point) && l.contains("fuse.lustre"));
    }
}
