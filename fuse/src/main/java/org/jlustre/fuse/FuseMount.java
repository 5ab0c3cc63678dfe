package org.jlustre.fuse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jlustre.client.LustreClient;
import org.jlustre.common.LustreException;
import org.jlustre.fuse.lowlevel.FuseSession;

/**
 * A Lustre client mounted with FUSE: what {@code jlustre mount MGSNID:/fsname DIR} leaves
 * behind. The mount shows as type {@code fuse.lustre} with source {@code SOURCE} (by convention
 * {@code MGSNID:/fsname}); permissions are the servers' (no {@code default_permissions}), and
 * other users may use the mount when it is made by root ({@code allow_other}). Closing it
 * unmounts (lazily if busy); the client stays mounted and belongs to the caller.
 */
public final class FuseMount implements AutoCloseable {

    /** libfuse loop threads: operations answer asynchronously, so few are needed. */
    private static final int THREADS = 8;

    private final FuseSession session;

    private FuseMount(FuseSession session) {
        this.session = session;
    }

    /** Whether FUSE mounts work in this process (libfuse3, /dev/fuse, root or fusermount3). */
    public static boolean available() {
        return FuseSession.available();
    }

    /**
     * Mounts {@code client} on {@code dir}, naming the mount {@code source}.
     *
     * @throws LustreException ENODEV if FUSE is not available, EIO if the mount fails (libfuse
     *     says why on stderr, e.g. a directory that does not exist)
     */
    public static FuseMount mount(LustreClient client, String source, Path dir) throws LustreException {
        List<String> options = new ArrayList<>(List.of("fsname=" + source.replace(",", "\\,"), "subtype=lustre"));
        if (FuseSession.runningAsRoot()) {
            options.add("allow_other");
        }
        return new FuseMount(FuseSession.mount(dir, new LustreOperations(client), options, THREADS));
    }

    /** Where it is mounted. */
    public Path mountPoint() {
        return session.mountPoint();
    }

    /** Completes once the filesystem is unmounted, by {@link #unmount()} or by anyone else. */
    public CompletableFuture<Integer> unmounted() {
        return session.exited();
    }

    /** Unmounts; EBUSY (still mounted) while a process uses it. */
    public void unmount() throws LustreException {
        session.unmount();
    }

    /** Unmounts the FUSE mount on {@code dir} from any process ({@code jlustre umount DIR}); EBUSY while busy. */
    public static void unmount(Path dir) throws LustreException {
        FuseSession.unmountMountPoint(dir);
    }

    @Override
    public void close() throws LustreException {
        session.close();
    }
}
