package org.jlustre.ptlrpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugRecord;
import org.jlustre.lnet.Lnet;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.testing.Nodes;

/**
 * An echo server node over TCP with a chosen {@code sock_timeout} (and {@code accept_timeout}
 * no longer than it), taking {@code accept=all}, for raw peers
 * ({@link RawPeer}) to talk to, and normal client nodes with imports to it (as
 * {@link EchoCluster}, which always uses the default timeout).
 */
final class TcpEchoServer implements AutoCloseable {

    final Nodes nodes;
    final Lnet serverLnet;
    final Ptlrpc server;
    final EchoService echo;
    private final List<Ptlrpc> clients = new ArrayList<>();

    TcpEchoServer(Duration sockTimeout, int threads, int maxRequest) throws LustreException {
        Nodes n = new Nodes(Nodes.Driver.TCP).sockTimeout(sockTimeout);
        // a peer that says nothing is dropped after the shorter of the two, as one that stalls later
        this.nodes = n.accept(n.accept().withTimeout(
                sockTimeout.compareTo(n.accept().timeout()) < 0 ? sockTimeout : n.accept().timeout()));
        this.serverLnet = nodes.node();
        this.server = Ptlrpc.start(serverLnet);
        this.echo = new EchoService(server, EchoService.config(threads, maxRequest));
    }

    /** The acceptor port. */
    int port() {
        return nodes.port(serverLnet);
    }

    /** The server's NID. */
    long nid() {
        return nodes.nid(serverLnet);
    }

    /** The server node's debug log. */
    DebugLog log() {
        return server.libcfs().debug();
    }

    /** The server's log lines kept since the last {@link DebugLog#clear}. */
    List<DebugRecord> lines() {
        return log().snapshot();
    }

    /** A client node with an import to the echo target (not yet connected). */
    Import client(String name, Duration timeout) throws LustreException {
        Lnet l = nodes.node();
        Ptlrpc p = Ptlrpc.start(l);
        clients.add(p);
        ImportConfig cfg = EchoService.importConfig(name, List.of(Nid.fromLnetNid(nid())), timeout);
        return new Import(p, cfg);
    }

    @Override
    public void close() {
        for (Ptlrpc c : clients) {
            c.close();
        }
        try {
            echo.close();
            server.close();
        } finally {
            nodes.close();
        }
    }
}
