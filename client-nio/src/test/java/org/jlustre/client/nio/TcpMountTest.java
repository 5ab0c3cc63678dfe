package org.jlustre.client.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.AcceptPolicy;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.server.MountData;
import org.jlustre.server.ServerNode;
import org.jlustre.server.TargetType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The URI alone: {@code FileSystems.newFileSystem(lustre://127.0.0.2@tcp:PORT/lustre, {})}
 * mounts over a TCP node of its own ({@link org.jlustre.client.LustreClient#mountTcp}). The servers run as a Lustre deployment
 * does, one node per target on addresses of their own (127.0.0.2 to .4) and every acceptor on
 * the same port.
 */
class TcpMountTest {

    private final List<AutoCloseable> transports = new ArrayList<>();
    private final List<ServerNode> servers = new ArrayList<>();

    /** The MDT first (its osp leaves the OST still there), then the OST, then the MGS; then the networks. */
    @AfterEach
    void stop() throws Exception {
        if (servers.size() > 1) {
            servers.get(1).close();
        }
        for (ServerNode s : servers.reversed()) {
            s.close();
        }
        for (AutoCloseable c : transports.reversed()) {
            c.close();
        }
    }

    @Test
    void aUriAloneMountsOverTcp() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        ServerNode mgs = serverNode(2, port);
        mgs.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
        List<Nid> mgsNids = List.of(Nid.fromLnetNid(mgs.nids()[0]));
        ServerNode mdt = serverNode(3, port);
        mdt.start(MountData.format("lustre", TargetType.MDT, 0, mgsNids, ""));
        serverNode(4, port).start(MountData.format("lustre", TargetType.OST, 0, mgsNids, ""));
        awaitPrecreated(mdt);

        URI uri = URI.create("lustre://127.0.0.2@tcp:" + port + "/lustre");
        Path file;
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of(LustreFileSystemProvider.ENV_TIMEOUT,
                Duration.ofSeconds(10)))) {
            Path dir = Files.createDirectory(fs.getPath("/over-tcp"));
            file = Files.writeString(dir.resolve("f"), "through socklnd");
            assertThat(Files.readString(file)).isEqualTo("through socklnd");
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.toList()).containsExactly(file);
            }
            assertThat(Files.readAttributes(file, LustreFileAttributes.class).layout().orElseThrow().objects())
                    .hasSize(1);
        }
        assertThatThrownBy(() -> Files.readString(file)).isInstanceOf(ClosedFileSystemException.class);
    }

    @Test
    void aMountThatFailsSaysWhich() {
        URI nobody = URI.create("lustre://127.0.0.9@tcp:1/lustre");
        assertThatThrownBy(() -> FileSystems.newFileSystem(nobody, Map.of(LustreFileSystemProvider.ENV_TIMEOUT,
                Duration.ofSeconds(1)))).isInstanceOf(IOException.class).hasMessageContaining(nobody.toString());
        assertThatThrownBy(() -> FileSystems.newFileSystem(URI.create("lustre://0@lo:988/lustre"), Map.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("0@lo");
    }

    private ServerNode serverNode(int address, int port) throws LustreException {
        Libcfs libcfs = new Libcfs(TimeSource.system(), new SplittableRandom(address));
        libcfs.debug().setConsole(null);
        Lnet lnet = Lnet.create(libcfs);
        transports.add(lnet);
        lnet.addNi(Socklnd.tcp(SocklndConfig.of(new Nid(Nid.SOCKLND, 0, 0x7f000000 | address)).withAcceptPort(port)
                .withPeerPort(peer -> port).withAccept(AcceptPolicy.DEFAULT.withMode(AcceptPolicy.Mode.ALL))));
        Ptlrpc ptlrpc = Ptlrpc.start(lnet);
        transports.add(ptlrpc);
        ServerNode node = new ServerNode(ptlrpc, Duration.ofSeconds(10), Duration.ofMillis(50));
        servers.add(node);
        return node;
    }

    /** Waits (10 s at most) until the MDT's osp has objects precreated on the OST, so a create needs no wait. */
    private static void awaitPrecreated(ServerNode mdt) throws InterruptedException, LustreException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var next = mdt.libcfs().params().get("osp.*.prealloc_next_id");
            var last = mdt.libcfs().params().get("osp.*.prealloc_last_id");
            if (!next.isEmpty() && !last.isEmpty() && Long.parseLong(last.getFirst().value().strip())
                    >= Long.parseLong(next.getFirst().value().strip())) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
