package org.jlustre.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.mem.MemNetwork;
import org.jlustre.lnet.socklnd.AcceptPolicy;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;

/**
 * An echo server node and a client node with one connected import, over TCP loopback
 * (socklnd, {@code 127.0.0.1@tcp} and {@code 127.0.0.2@tcp}) or the in-JVM network: the
 * whole ptlrpc and LNet path, as a client and a server in separate processes would run it.
 */
final class RpcFixture implements AutoCloseable {

    /** The two networks. */
    enum Net {
        TCP, MEM
    }

    private final Lnet serverLnet;
    private final Lnet clientLnet;
    private final Ptlrpc server;
    private final Ptlrpc client;
    private final EchoService echo;
    final Import imp;

    RpcFixture(Net net, int threads) throws LustreException {
        Libcfs s = new Libcfs(TimeSource.system(), new SplittableRandom(1));
        Libcfs c = new Libcfs(TimeSource.system(), new SplittableRandom(2));
        s.debug().setConsole(null);
        c.debug().setConsole(null);
        serverLnet = Lnet.create(s);
        clientLnet = Lnet.create(c);
        if (net == Net.TCP) {
            ConcurrentHashMap<Long, Integer> ports = new ConcurrentHashMap<>();
            Nid sn = new Nid(Nid.SOCKLND, 0, 0x7f000001);
            Nid cn = new Nid(Nid.SOCKLND, 0, 0x7f000002);
            Socklnd sl = (Socklnd) serverLnet.addNi(Socklnd.tcp(SocklndConfig.of(sn).withAcceptPort(0)
                    // whoever runs the benchmark, root or not, may not get a privileged port
                    .withAcceptMode(AcceptPolicy.Mode.ALL)));
            ports.put(sl.nid(), sl.acceptPort());
            clientLnet.addNi(Socklnd.tcp(SocklndConfig.of(cn).withListen(false)
                    .withPeerPort(n -> ports.getOrDefault(n, 988))));
        } else {
            MemNetwork mem = MemNetwork.create();
            serverLnet.addNi(mem.nextInterface());
            clientLnet.addNi(mem.nextInterface());
        }
        server = Ptlrpc.start(serverLnet);
        client = Ptlrpc.start(clientLnet);
        echo = new EchoService(server, EchoService.config(threads, 1 << 14));
        ImportConfig cfg = EchoService.importConfig("bench-echo-osc",
                List.of(Nid.fromLnetNid(serverLnet.nids().getFirst())), Duration.ofSeconds(100));
        imp = new Import(client, cfg);
        imp.connectSync();
    }

    /** The server node's debug log, for diagnosing a run. */
    String serverLog() {
        return serverLnet.libcfs().debug().dumpToString();
    }

    /** A parameter of the server (s) or client node, for diagnosing a run. */
    String param(boolean serverSide, String name) throws LustreException {
        var l = serverSide ? serverLnet : clientLnet;
        StringBuilder sb = new StringBuilder();
        for (var v : l.libcfs().params().get(name)) {
            sb.append(v.name()).append('=').append(v.value()).append('\n');
        }
        return sb.toString();
    }

    /** The client node's debug log. */
    String clientLog() {
        return clientLnet.libcfs().debug().dumpToString();
    }

    /** An OBD_PING: a 224-byte request, a 224-byte reply. */
    ClientRequest ping() {
        return imp.request(Opcodes.OBD_PING, MsgFlags.LUSTRE_OBD_VERSION);
    }

    /** Fills the server's buffer with {@code len} bytes by one bulk write. */
    void prime(MemorySegment data) throws LustreException {
        imp.call(write(data));
    }

    /** A bulk write of {@code data} (the server GETs it). */
    ClientRequest write(MemorySegment data) {
        ClientRequest w = imp.request(EchoService.ECHO_WRITE, MsgFlags.LUSTRE_OST_VERSION, 8);
        w.buf(1).set(Le.U64, 0, data.byteSize());
        return w.bulk(ClientRequest.BulkType.GET_SOURCE, List.of(data));
    }

    /** A bulk read into {@code into} (the server PUTs its buffer). */
    ClientRequest read(MemorySegment into) {
        return imp.request(EchoService.ECHO_READ, MsgFlags.LUSTRE_OST_VERSION)
                .bulk(ClientRequest.BulkType.PUT_SINK, List.of(into));
    }

    /** Off-heap buffers for bulk, as an OST's pages are. */
    static MemorySegment buffer(Arena arena, int len) {
        MemorySegment m = arena.allocate(len, 4096);
        m.fill((byte) 0x5a);
        return m;
    }

    @Override
    public void close() {
        imp.close();
        client.close();
        echo.close();
        server.close();
        clientLnet.close();
        serverLnet.close();
    }
}
