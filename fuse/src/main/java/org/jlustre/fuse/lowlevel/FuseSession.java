package org.jlustre.fuse.lowlevel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.jlustre.fuse.lowlevel.Layouts.ARGS;
import static org.jlustre.fuse.lowlevel.Layouts.LOWLEVEL_OPS;
import static org.jlustre.fuse.lowlevel.Layouts.offset;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * A mounted libfuse low-level session: {@code fuse_session_new} with our operations table,
 * {@code fuse_session_mount}, then {@code fuse_session_loop_mt} on a thread of its own until the
 * filesystem is unmounted, here ({@link #unmount()}) or by anyone ({@code fusermount3 -u},
 * {@code umount}); then {@code fuse_session_unmount} and {@code fuse_session_destroy} (which
 * calls the operations' destroy). As lustre-reference-targets.md §7.5 says, the kernel sends no
 * DESTROY for ordinary mounts: an unmount shows as ENODEV on /dev/fuse, which ends libfuse's loop.
 */
public final class FuseSession implements AutoCloseable {

    /** umount2's MNT_DETACH: a lazy unmount that cannot fail with EBUSY. */
    private static final int MNT_DETACH = 2;
    private static final Path DEV_FUSE = Path.of("/dev/fuse");
    private static final Path FUSERMOUNT = Path.of("/usr/bin/fusermount3");
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(30);

    private final Path mountPoint;
    private final Arena arena;
    private final MemorySegment session;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();

    private FuseSession(Path mountPoint, Arena arena, MemorySegment session) {
        this.mountPoint = mountPoint;
        this.arena = arena;
        this.session = session;
    }

    /**
     * Whether this process can mount: libfuse3 loads, /dev/fuse exists, and we are root or
     * have fusermount3.
     */
    public static boolean available() {
        return LibFuse.available() && Files.exists(DEV_FUSE)
                && (LibFuse.root() || Files.isExecutable(FUSERMOUNT));
    }

    /**
     * Mounts {@code ops} on {@code mountPoint} with the mount options {@code options} (as
     * {@code -o} takes them: "fsname=...", "subtype=...", "allow_other" ...) and serves it with
     * at most {@code threads} loop threads.
     *
     * @throws LustreException ENODEV when FUSE is not available here, EIO when libfuse refuses
     *     the options or the mount (libfuse prints why on stderr)
     */
    public static FuseSession mount(Path mountPoint, LowLevelOperations ops, List<String> options, int threads)
            throws LustreException {
        if (!available()) {
            throw new LustreException(Errno.ENODEV, "FUSE is not available here (libfuse3.so.3 and /dev/fuse needed)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        Path dir = mountPoint.toAbsolutePath().normalize();
        Arena arena = Arena.ofShared();
        try {
            OperationsTable table = new OperationsTable(ops, arena);
            MemorySegment session = (MemorySegment) LibFuse.SESSION_NEW.invokeExact(args(arena, options),
                    table.table(), LOWLEVEL_OPS.byteSize(), MemorySegment.NULL);
            if (session.address() == 0) {
                throw new LustreException(Errno.EINVAL, "fuse_session_new refused the options " + options);
            }
            int rc = (int) LibFuse.SESSION_MOUNT.invokeExact(session, arena.allocateFrom(dir.toString()));
            if (rc != 0) {
                LibFuse.SESSION_DESTROY.invokeExact(session);
                throw new LustreException(Errno.EIO, "fuse_session_mount of " + dir + " failed");
            }
            FuseSession mounted = new FuseSession(dir, arena, session);
            Thread.ofPlatform().name("fuse-loop " + dir).daemon().start(() -> mounted.loop(threads));
            return mounted;
        } catch (LustreException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException("libfuse call failed mounting " + dir, t);
        }
    }

    /** Whether this process runs as root (then it mounts itself and may use allow_other). */
    public static boolean runningAsRoot() {
        return LibFuse.root();
    }

    /** Where the filesystem is mounted. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** Completes with the loop's return code once the session has ended and been destroyed. */
    public CompletableFuture<Integer> exited() {
        return exited.copy();
    }

    /**
     * Unmounts the filesystem as umount(8) would: fails with EBUSY while a process has a file
     * open or its working directory in it, and leaves it mounted. Returns once the session ended.
     */
    public void unmount() throws LustreException {
        if (!exited.isDone()) {
            unmountMountPoint(mountPoint);
        }
        awaitExit();
    }

    /**
     * Unmounts {@code mountPoint}, a FUSE mount of this or another process: umount2 as root,
     * else {@code fusermount3 -u}. EBUSY when busy; EINVAL when nothing is mounted there.
     */
    public static void unmountMountPoint(Path mountPoint) throws LustreException {
        String dir = mountPoint.toAbsolutePath().normalize().toString();
        if (LibFuse.root()) {
            int errno = LibFuse.umount2(dir, 0);
            if (errno != 0) {
                Errno e = Errno.ofOrNull(errno);
                throw new LustreException(e == null ? Errno.EIO : e, "umount " + dir + ": "
                        + (e == null ? "errno " + errno : e.message()));
            }
            return;
        }
        fusermount(dir);
    }

    /** Unmounts (lazily if busy) and waits for the session to end. */
    @Override
    public void close() throws LustreException {
        if (!exited.isDone()) {
            try {
                unmountMountPoint(mountPoint);
            } catch (LustreException busy) {
                LibFuse.umount2(mountPoint.toString(), MNT_DETACH);
            }
        }
        awaitExit();
    }

    private void awaitExit() throws LustreException {
        try {
            exited.get(EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new LustreException(Errno.ETIMEDOUT, "FUSE session on " + mountPoint + " did not end in "
                    + EXIT_DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LustreException(Errno.EINTR, "interrupted waiting for " + mountPoint + " to unmount");
        } catch (ExecutionException e) {
            throw new IllegalStateException("FUSE loop of " + mountPoint + " failed", e.getCause());
        }
    }

    private void loop(int threads) {
        int rc = -1;
        try {
            MemorySegment config = (MemorySegment) LibFuse.LOOP_CFG_CREATE.invokeExact();
            LibFuse.LOOP_CFG_SET_MAX_THREADS.invokeExact(config, threads);
            LibFuse.LOOP_CFG_SET_IDLE_THREADS.invokeExact(config, Math.max(1, threads / 2));
            try {
                rc = (int) LibFuse.SESSION_LOOP_MT.invokeExact(session, config);
            } finally {
                LibFuse.LOOP_CFG_DESTROY.invokeExact(config);
                LibFuse.SESSION_UNMOUNT.invokeExact(session);
                LibFuse.SESSION_DESTROY.invokeExact(session);
                arena.close();
            }
            exited.complete(rc);
        } catch (Throwable t) {
            exited.completeExceptionally(t);
        }
    }

    /** {@code struct fuse_args} for "jlustre -o OPTIONS" (libfuse keeps copies of what it needs). */
    private static MemorySegment args(Arena arena, List<String> options) {
        List<String> argv = new ArrayList<>(List.of("jlustre"));
        if (!options.isEmpty()) {
            argv.add("-o");
            argv.add(String.join(",", options));
        }
        MemorySegment array = arena.allocate(ADDRESS, argv.size() + 1L);
        for (int i = 0; i < argv.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(argv.get(i), StandardCharsets.UTF_8));
        }
        MemorySegment args = arena.allocate(ARGS);
        args.set(JAVA_INT, offset(ARGS, "argc"), argv.size());
        args.set(ADDRESS, offset(ARGS, "argv"), array);
        args.set(JAVA_INT, offset(ARGS, "allocated"), 0);
        return args;
    }

    private static void fusermount(String dir) throws LustreException {
        try {
            Process p = new ProcessBuilder(FUSERMOUNT.toString(), "-u", "--", dir).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LustreException(Errno.ETIMEDOUT, "fusermount3 -u " + dir + " did not finish");
            }
            if (p.exitValue() != 0) {
                Errno e = out.contains("busy") ? Errno.EBUSY : out.contains("not mounted") ? Errno.EINVAL : Errno.EIO;
                throw new LustreException(e, "fusermount3 -u " + dir + ": " + out);
            }
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, "cannot run fusermount3: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LustreException(Errno.EINTR, "interrupted running fusermount3 -u " + dir);
        }
    }
}
