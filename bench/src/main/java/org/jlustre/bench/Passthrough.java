package org.jlustre.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * libfuse's {@code passthrough_ll} example (the low-level API, as the jlustre FUSE mount uses)
 * mounted over a directory: the FUSE cost with nothing behind it but the kernel's own
 * filesystem, which the client suite's FUSE path is measured against. The example ships as
 * source with libfuse3-dev ({@value #SOURCE}); it is compiled with {@code cc} into a scratch
 * directory and run in the foreground with its defaults (multi-threaded, {@code cache=auto},
 * 1 s attribute timeout).
 */
final class Passthrough implements AutoCloseable {

    static final String SOURCE = "/usr/share/doc/libfuse3-dev/examples/passthrough_ll.c";
    private static final long MOUNT_LIMIT_MS = 10_000;

    private final Process process;
    private final Path mountPoint;

    private Passthrough(Process process, Path mountPoint) {
        this.process = process;
        this.mountPoint = mountPoint;
    }

    /**
     * Why no passthrough can be measured here, or null when it can: the example's source, a C
     * compiler and pkg-config's flags for fuse3 are all needed, and /dev/fuse.
     */
    static String unavailable() {
        if (!Files.isReadable(Path.of(SOURCE))) {
            return SOURCE + " is not there (install libfuse3-dev)";
        }
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return "/dev/fuse is not there";
        }
        try {
            run(List.of("pkg-config", "--exists", "fuse3"));
            run(List.of("cc", "--version"));
        } catch (IOException e) {
            return e.getMessage();
        }
        return null;
    }

    /** Compiles the example into {@code scratch} and mounts {@code source} on {@code mountPoint}. */
    static Passthrough mount(Path scratch, Path source, Path mountPoint) throws IOException, InterruptedException {
        Path binary = scratch.resolve("passthrough_ll");
        List<String> cc = new ArrayList<>(List.of("cc", "-O2", "-o", binary.toString(), "-I",
                Path.of(SOURCE).getParent().toString(), SOURCE));
        cc.addAll(List.of(run(List.of("pkg-config", "--cflags", "--libs", "fuse3")).strip().split("\\s+")));
        run(cc);
        Process p = new ProcessBuilder(binary.toString(), "-f", "-o", "source=" + source, mountPoint.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Passthrough pt = new Passthrough(p, mountPoint);
        long deadline = System.currentTimeMillis() + MOUNT_LIMIT_MS;
        while (!pt.mounted()) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                pt.close();
                throw new IOException("passthrough_ll did not mount " + mountPoint + " within " + MOUNT_LIMIT_MS
                        + " ms" + (p.isAlive() ? "" : " (exit status " + p.exitValue() + ")"));
            }
            Thread.sleep(20);
        }
        return pt;
    }

    /** Whether the mount shows in this process's mount table. */
    private boolean mounted() throws IOException {
        String needle = " " + mountPoint.toAbsolutePath() + " ";
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(needle));
    }

    /** Unmounts ({@code fusermount3 -u}), which ends the example; killed if it is still there 10 s later. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (mounted()) {
                run(List.of("fusermount3", "-u", mountPoint.toString()));
            }
        } finally {
            if (!process.waitFor(MOUNT_LIMIT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Runs a command to completion within a minute; its output, or IOException naming it and its status. */
    private static String run(List<String> cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.getFirst() + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " exited with status " + p.exitValue() + ": "
                        + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + cmd.getFirst(), e);
        }
    }
}
