package org.jlustre.tools.llmount;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.tools.server.ServerCommand;

/**
 * One {@code jlustre server} child process of {@code llmount --processes}, known by its
 * test-framework facet name ({@code mgs}, {@code mds1}, {@code ost1}): every line it prints is
 * copied to the parent's output or error with {@code FACET: } in front, and it is ready when it
 * prints {@link ServerCommand#SERVING}. It is stopped as an operator stops a server, with
 * SIGTERM (its shutdown hook unmounts the target), and killed only when that takes too long.
 */
final class TargetProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("^(\\S+) started on ");
    private static final Pattern CONTROL = Pattern.compile("^control socket (\\S+) \\(");

    private final String facet;
    private final Process process;
    /** The target's name once the child serves; failed if it ends first. */
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private volatile String target;
    private volatile Path controlSocket;

    private TargetProcess(String facet, Process process) {
        this.facet = facet;
        this.process = process;
    }

    /**
     * Starts {@code jlustre server ARGS} as facet {@code facet}, its lines copied to {@code out}
     * and {@code err}.
     *
     * @throws LustreException EIO naming the command when the process cannot be started
     */
    static TargetProcess start(JavaLauncher java, String facet, List<String> serverArgs, PrintWriter out,
            PrintWriter err) throws LustreException {
        List<String> cmd = java.command(serverArgs);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, facet + ": cannot start " + String.join(" ", cmd) + ": "
                    + e.getMessage());
        }
        TargetProcess t = new TargetProcess(facet, p);
        Thread.ofVirtual().name(facet + " stdout").start(() -> t.copy(p.getInputStream(), out, true));
        Thread.ofVirtual().name(facet + " stderr").start(() -> t.copy(p.getErrorStream(), err, false));
        p.onExit().thenRun(() -> t.ready.completeExceptionally(new LustreException(Errno.EIO, facet + " (pid "
                + p.pid() + ") exited with status " + p.exitValue() + " before it served; its output is above")));
        return t;
    }

    /** Copies the child's lines with the facet in front, noting its name and readiness on the way. */
    private void copy(InputStream from, PrintWriter to, boolean watch) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(from, Charset.defaultCharset()))) {
            String line;
            while ((line = r.readLine()) != null) {
                to.println(facet + ": " + line);
                to.flush();
                if (watch) {
                    Matcher m = STARTED.matcher(line);
                    Matcher c = CONTROL.matcher(line);
                    if (m.find()) {
                        target = m.group(1);
                    } else if (c.find()) {
                        controlSocket = Path.of(c.group(1));
                    } else if (line.equals(ServerCommand.SERVING) && target != null && controlSocket != null) {
                        ready.complete(target);
                    }
                }
            }
        } catch (IOException e) {
            to.println(facet + ": (output lost: " + e.getMessage() + ")");
            to.flush();
        }
    }

    /** The facet name. */
    String facet() {
        return facet;
    }

    /** The child's process id. */
    long pid() {
        return process.pid();
    }

    /** The child's control socket (known once it serves). */
    Path controlSocket() {
        return controlSocket;
    }

    /** Whether the child runs. */
    boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits until the child serves and returns its target's name.
     *
     * @throws LustreException ETIMEDOUT when it does not serve within {@code deadline} (it is
     *     then killed), EIO when it exits first
     */
    String awaitReady(Duration deadline) throws LustreException, InterruptedException {
        try {
            return ready.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new LustreException(Errno.ETIMEDOUT, facet + " (pid " + process.pid() + ") did not serve within "
                    + deadline.toSeconds() + " s; killed");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LustreException le ? le
                    : new LustreException(Errno.EIO, facet + ": " + e.getCause());
        }
    }

    /** Stops the child with SIGTERM, killing it if it has not ended within {@code grace}; returns its exit status. */
    int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Kills the child at once (SIGKILL), as a crash would, without waiting for its end. */
    void destroyForcibly() {
        process.destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(10));
        }
    }

    @Override
    public String toString() {
        return facet + " (pid " + process.pid() + (target == null ? "" : ", " + target) + ")";
    }
}
