package org.jlustre.tools;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code jlustre ...} as a process of its own: this JVM's java and test class path running
 * {@link Main}, as the launcher script runs it, for tests of what only a real process shows
 * (its file descriptors, its exit, its sockets).
 */
final class JlustreProcess {

    private JlustreProcess() {
    }

    /** A builder for {@code jlustre ARGS} with {@code env} added to this process's environment. */
    static ProcessBuilder builder(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs {@code jlustre ARGS} to its end, stdin closed, and returns the process. */
    static Process run(ProcessBuilder pb, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jlustre " + pb.command() + " did not end within " + timeoutSeconds + " s");
        }
        return p;
    }
}
