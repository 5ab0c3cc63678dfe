package org.jlustre.tools.llmount;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.tools.control.ControlClient;
import org.jlustre.tools.control.ControlDirectory;
import org.jlustre.tools.control.ControlSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jlustre llmountcleanup}: stops the filesystems {@code llmount} started, as Lustre's
 * {@code llmountcleanup.sh}. It finds every llmount of this user by its control socket
 * ({@code llmount-FSNAME} in the control directory), asks it who it is (its process id) and
 * sends it SIGTERM, as an interrupt would: the llmount unmounts its client and stops its servers
 * (its server processes too, MDT first, MGS last), then exits. It waits for each, with a deadline,
 * and kills one that outlasts it.
 */
@Command(name = "llmountcleanup", mixinStandardHelpOptions = true,
        description = "Stop the filesystems jlustre llmount started (its client, then its servers), and wait for them.")
public final class LlmountCleanupCommand implements Callable<Integer> {

    private final ControlSettings control;

    @Spec
    private CommandSpec spec;

    @Option(names = "--fsname", description = "Only the llmount of this filesystem (default: every one).")
    private String fsname;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long each llmount has to stop before it is killed (default ${DEFAULT-VALUE}).")
    private int timeout;

    @Option(names = "--control-dir", paramLabel = "DIR",
            description = "Where the control sockets are (default $JLUSTRE_CONTROL_DIR, else $XDG_RUNTIME_DIR/jlustre, "
                    + "else <tmpdir>/jlustre-<user>).")
    private Path controlDir;

    /** The command, finding control sockets where {@code control} says. */
    public LlmountCleanupCommand(ControlSettings control) {
        this.control = control;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ControlDirectory dir = controlDir != null ? ControlDirectory.at(controlDir) : control.directory();
        int rc = 0;
        int found = 0;
        try {
            for (ControlDirectory.Server s : dir.servers()) {
                if (!s.name().startsWith(LlmountControl.PREFIX)
                        || fsname != null && !s.name().equals(LlmountControl.name(fsname))) {
                    continue;
                }
                found++;
                try {
                    stop(s, out);
                } catch (LustreException e) {
                    err.println("jlustre llmountcleanup: " + s.name() + ": " + e.getMessage());
                    rc = e.errno().value();
                }
            }
        } catch (LustreException e) {
            err.println("jlustre llmountcleanup: " + e.getMessage());
            return e.errno().value();
        }
        if (found == 0) {
            out.println("no llmount " + (fsname == null ? "" : "of " + fsname + " ") + "is running (control directory "
                    + dir.path() + ")");
        }
        out.flush();
        return rc;
    }

    /** Stops one llmount and waits for its process to end. */
    private void stop(ControlDirectory.Server s, PrintWriter out) throws LustreException, InterruptedException {
        String pidText = ControlClient.info(s.socket()).get("pid");
        if (pidText == null) {
            throw new LustreException(Errno.EPROTO, "its info names no pid");
        }
        long pid = Long.parseLong(pidText.strip());
        if (pid == ProcessHandle.current().pid()) {
            throw new LustreException(Errno.EBUSY, "it runs in this process; stop it there");
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty()) {
            return; // gone meanwhile
        }
        out.println("stopping " + s.name() + " (pid " + pid + ")");
        out.flush();
        long t0 = System.nanoTime();
        p.get().destroy();
        try {
            p.get().onExit().get(timeout, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            p.get().destroyForcibly();
            throw new LustreException(Errno.ETIMEDOUT, "pid " + pid + " did not stop within " + timeout
                    + " s; killed");
        } catch (ExecutionException e) {
            throw new LustreException(Errno.EIO, "waiting for pid " + pid + ": " + e.getCause());
        }
        out.printf("%s stopped in %d ms%n", s.name(), Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }
}
