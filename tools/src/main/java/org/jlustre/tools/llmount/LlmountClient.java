package org.jlustre.tools.llmount;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jlustre.client.LustreClient;
import org.jlustre.client.MountOptions;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.fuse.FuseMount;
import org.jlustre.lnet.Lnet;
import org.jlustre.ptlrpc.Ptlrpc;

/**
 * llmount's client: a node on the servers' network, the client mounted on it from the MGS
 * ({@code mount -t lustre MGSNID:/fsname}), and, where FUSE works, that client mounted at the
 * mount point (created if missing, as llmount.sh's {@code mkdir -p $MOUNT}). Where FUSE does not
 * work the client stays mounted in this process only, for the shell and lfs, and
 * {@link #fuseProblem} says why. Closing unmounts FUSE (lazily if busy), then the client, then
 * the node.
 */
final class LlmountClient implements AutoCloseable {

    private final Lnet lnet;
    private final Ptlrpc rpc;
    private final LustreClient client;
    private final String source;
    private FuseMount fuse;
    private String fuseProblem;

    private LlmountClient(Lnet lnet, Ptlrpc rpc, LustreClient client, String source) {
        this.lnet = lnet;
        this.rpc = rpc;
        this.client = client;
        this.source = source;
    }

    /**
     * Mounts a client of {@code servers}' filesystem on a new node of {@code libcfs}, then with
     * FUSE at {@code mountpoint} if it can ({@code fuse}).
     */
    static LlmountClient mount(Servers servers, Libcfs libcfs, Path mountpoint, boolean fuse) throws LustreException {
        Lnet lnet = servers.clientNode(libcfs);
        Ptlrpc rpc = null;
        LlmountClient c;
        try {
            rpc = Ptlrpc.start(lnet);
            LustreClient client = LustreClient.mount(rpc, MountOptions.of(servers.fsname(), servers.mgsNids()));
            c = new LlmountClient(lnet, rpc, client, servers.mgsNids().getFirst() + ":/" + servers.fsname());
        } catch (LustreException | RuntimeException e) {
            if (rpc != null) {
                rpc.close();
            }
            lnet.close();
            throw e;
        }
        if (fuse) {
            c.mountFuse(mountpoint);
        } else {
            c.fuseProblem = "not asked for (--no-fuse)";
        }
        return c;
    }

    private void mountFuse(Path mountpoint) {
        if (!FuseMount.available()) {
            fuseProblem = "FUSE is not available here (it needs /dev/fuse, libfuse3 and root or fusermount3)";
            return;
        }
        try {
            Files.createDirectories(mountpoint);
            fuse = FuseMount.mount(client, source, mountpoint);
        } catch (IOException e) {
            fuseProblem = "cannot make the mount point " + mountpoint + ": " + e.getMessage();
        } catch (LustreException e) {
            fuseProblem = "the FUSE mount at " + mountpoint + " failed: " + e.getMessage();
        }
    }

    /** The mounted client. */
    LustreClient client() {
        return client;
    }

    /** Where the client is mounted, as {@code mount -t lustre} names it: {@code MGSNID:/fsname}. */
    String source() {
        return source;
    }

    /** Why there is no FUSE mount, or null when there is one. */
    String fuseProblem() {
        return fuseProblem;
    }

    @Override
    public void close() throws LustreException {
        try {
            if (fuse != null) {
                fuse.close();
            }
        } finally {
            client.close();
            rpc.close();
            lnet.close();
        }
    }
}
