package org.jlustre.ptlrpc;

import java.time.Duration;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.lnet.Lnet;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.testing.Nodes;

/** A server node running the echo target and client nodes with imports to it, on one driver. */
final class EchoCluster implements AutoCloseable {

    final Nodes nodes;
    Lnet serverLnet;
    Ptlrpc server;
    EchoService echo;
    private final int threads;
    private final int maxRequest;
    private final java.util.ArrayList<Ptlrpc> clients = new java.util.ArrayList<>();

    EchoCluster(Nodes.Driver driver, int threads, int maxRequest) throws LustreException {
        this.nodes = new Nodes(driver);
        this.threads = threads;
        this.maxRequest = maxRequest;
        serverLnet = nodes.node();
        startServer();
    }

    private void startServer() throws LustreException {
        server = Ptlrpc.start(serverLnet);
        echo = new EchoService(server, EchoService.config(threads, maxRequest));
    }

    /** Stops the server node and starts it again at the same NID (a restart: no exports). */
    void restartServer() throws LustreException {
        echo.close();
        server.close();
        serverLnet = nodes.restart(serverLnet);
        startServer();
    }

    /** Stops the server node. */
    void stopServer() {
        echo.close();
        server.close();
        serverLnet.close();
    }

    /** Starts it again after {@link #stopServer}. */
    void startServerAgain() throws LustreException {
        serverLnet = nodes.restart(serverLnet);
        startServer();
    }

    Nid serverNid() {
        return Nid.fromLnetNid(nodes.nid(serverLnet));
    }

    /** A client node with an import to the echo target (not yet connected). */
    Import client(String name, Duration timeout) throws LustreException {
        Lnet l = nodes.node();
        Ptlrpc p = Ptlrpc.start(l);
        clients.add(p);
        ImportConfig cfg = EchoService.importConfig(name, List.of(serverNid()), timeout);
        return new Import(p, cfg);
    }

    /** The node of the client made last by {@link #client}. */
    Ptlrpc lastClientNode() {
        return clients.getLast();
    }

    /** Every client node's debug log, then the server's, for a failure message. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        for (Ptlrpc c : clients) {
            sb.append("== client ").append(c.lnet().nids()).append('\n').append(c.libcfs().debug().dumpToString());
        }
        return sb.append("== server\n").append(server.libcfs().debug().dumpToString()).toString();
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
