package org.jlustre.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jlustre.client.LustreClient;
import org.jlustre.client.MountOptions;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.mem.MemNetwork;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.server.MountData;
import org.jlustre.server.ServerNode;
import org.jlustre.server.TargetType;

/**
 * A whole filesystem in this JVM for the mount tests, as {@code jlustre llmount} starts one: an
 * MGS, an MDT and two OSTs, each a node on the in-JVM network with its own osd-mem device, and
 * clients mounted from nodes of their own.
 */
final class LocalLustre implements AutoCloseable {

    static final String FSNAME = "lustre";

    private final MemNetwork net = MemNetwork.create();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Nid> mgs;

    LocalLustre() throws LustreException {
        ServerNode mgsNode = serverNode();
        mgsNode.start(MountData.format(FSNAME, TargetType.MGT, 0, List.of(), ""));
        mgs = List.of(Nid.fromLnetNid(mgsNode.nids()[0]));
        serverNode().start(MountData.format(FSNAME, TargetType.MDT, 0, mgs, "sys.timeout=20 lov.stripesize=1048576"));
        for (int i = 0; i < 2; i++) {
            serverNode().start(MountData.format(FSNAME, TargetType.OST, -1, mgs, ""));
        }
    }

    /** The source a mount names: {@code MGSNID:/fsname}. */
    String source() {
        return mgs.getFirst() + ":/" + FSNAME;
    }

    /** A new client, on a node of its own (closed with the filesystem). */
    LustreClient mountClient() throws LustreException {
        LustreClient client = LustreClient.mount(ptlrpc(), MountOptions.of(FSNAME, mgs));
        open.add(client);
        return client;
    }

    /**
     * Makes directory {@code dir} (world-searchable: tests reach it as other users too) and
     * mounts {@code client} on it with FUSE, unmounted when the filesystem closes.
     */
    Path mountFuse(LustreClient client, Path dir) throws LustreException, IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        open.add(FuseMount.mount(client, source(), dir));
        return dir;
    }

    private ServerNode serverNode() throws LustreException {
        ServerNode node = new ServerNode(ptlrpc(), Duration.ofSeconds(30), Duration.ofMillis(50));
        open.add(node);
        return node;
    }

    private Ptlrpc ptlrpc() throws LustreException {
        Libcfs libcfs = new Libcfs(TimeSource.system(), new SplittableRandom(1));
        libcfs.debug().setConsole(null);
        Lnet lnet = Lnet.create(libcfs);
        open.add(lnet);
        lnet.addNi(net.nextInterface());
        Ptlrpc p = Ptlrpc.start(lnet);
        open.add(p);
        return p;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }
}
