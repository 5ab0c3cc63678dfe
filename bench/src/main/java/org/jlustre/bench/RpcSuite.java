package org.jlustre.bench;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jlustre.ptlrpc.Reply;

/**
 * {@code ./jlustre bench rpc}: ptlrpc over LNet, TCP loopback (socklnd) and in-JVM, against a
 * plain Netty echo of the same sizes measured in the same run (performance.md). OBD_PING round
 * trips with 1 and 16 in flight (a ping is 224 bytes each way, 320 on the wire with the
 * socklnd and LNet headers, the echo's message size), and bulk reads and writes of 1 MiB with
 * 4 in flight (the server PUTs into, or GETs from, the client's off-heap buffer) against a
 * 1 MiB echo with 4 in flight. Targets from the issue: 0.7x the echo with one ping in flight,
 * 200 k pings/s with 16 over TCP, 2 GB/s of bulk over TCP.
 */
final class RpcSuite implements Suite {

    /** Bytes of a ping on the wire: ksock_msg 24 + lnet_hdr 72 + lustre_msg 40 + ptlrpc_body 184. */
    static final int PING_WIRE = 24 + 72 + 40 + 184;
    static final int BULK = 1 << 20;
    static final int BULK_IN_FLIGHT = 4;
    private static final String PINGS = "pings/s";
    private static final String GBS = "GB/s";

    @Override
    public String name() {
        return "rpc";
    }

    @Override
    public String summary() {
        return "ptlrpc pings and 1 MiB bulk over TCP loopback and in-JVM, against a plain Netty echo";
    }

    /**
     * Runs the echo references and each network in a JVM of its own ({@link Fork}): measured
     * in one JVM after the echo, the 16-in-flight pings lost a third to the JIT's profile of
     * the echo's pipeline.
     */
    @Override
    public List<Figure> run(RunLength length, PrintStream progress) throws Exception {
        List<Measurement> echo = Fork.run(name(), "echo", length, progress);
        List<Figure> out = new ArrayList<>();
        for (RpcFixture.Net net : RpcFixture.Net.values()) {
            List<Measurement> m = Fork.run(name(), net.name(), length, progress);
            out.addAll(figures(net, new Measured(m.get(0), m.get(1), m.get(2), m.get(3)), echo.get(0), echo.get(1),
                    echo.get(2)));
        }
        return out;
    }

    /** A forked part: "echo" (1 and 16 in flight of a ping's size, then 1 MiB) or a network's name. */
    static Fork.Part part(String name) {
        if (name.equals("echo")) {
            return (length, progress) -> {
                progress.println("rpc: netty echo references");
                return List.of(echo(length, PING_WIRE, 1), echo(length, PING_WIRE, 16),
                        echo(length, BULK, BULK_IN_FLIGHT).scaled(BULK / 1e9));
            };
        }
        RpcFixture.Net net = RpcFixture.Net.valueOf(name);
        return (length, progress) -> {
            progress.println("rpc: " + (net == RpcFixture.Net.TCP ? "tcp" : "in-JVM"));
            try (RpcFixture f = new RpcFixture(net, 4); Arena arena = Arena.ofShared()) {
                return List.of(pings(length, f, 1), pings(length, f, 16),
                        bulk(length, f, arena, true).scaled(BULK / 1e9), bulk(length, f, arena, false).scaled(BULK / 1e9));
            }
        };
    }

    /** What one network measured: pings with 1 and 16 in flight, bulk reads and writes (GB/s). */
    record Measured(Measurement ping1, Measurement ping16, Measurement read, Measurement write) {
    }

    /** The rows of one network, against the echo references; the targets apply over TCP. */
    static List<Figure> figures(RpcFixture.Net net, Measured m, Measurement echo1, Measurement echo16,
            Measurement echoBulk) {
        boolean tcp = net == RpcFixture.Net.TCP;
        String where = tcp ? "tcp" : "in-JVM";
        return List.of(
                new Figure("ping, 1 in flight, " + where, PINGS, m.ping1(), "netty echo 320 B, 1 in flight", echo1,
                        tcp ? Target.ratioAtLeast(0.7) : Target.REPORT),
                new Figure("ping, 16 in flight, " + where, PINGS, m.ping16(), "netty echo 320 B, 16 in flight", echo16,
                        tcp ? Target.valueAtLeast(200_000) : Target.REPORT),
                new Figure("bulk read 1 MiB, 4 in flight, " + where, GBS, m.read(), "netty echo 1 MiB, 4 in flight",
                        echoBulk, tcp ? Target.valueAtLeast(2) : Target.REPORT),
                new Figure("bulk write 1 MiB, 4 in flight, " + where, GBS, m.write(), "netty echo 1 MiB, 4 in flight",
                        echoBulk, tcp ? Target.valueAtLeast(2) : Target.REPORT));
    }

    private static Measurement echo(RunLength length, int size, int inFlight) throws InterruptedException {
        try (NettyEcho e = new NettyEcho(size, inFlight)) {
            return Load.rate(length, e::completed);
        }
    }

    private static Measurement pings(RunLength length, RpcFixture f, int inFlight) throws Exception {
        try (Load.Chains c = new Load.Chains(inFlight, i -> checked(f.imp.send(f.ping())))) {
            return Load.rate(length, c::completed);
        }
    }

    private static Measurement bulk(RunLength length, RpcFixture f, Arena arena, boolean read) throws Exception {
        MemorySegment[] bufs = new MemorySegment[BULK_IN_FLIGHT];
        for (int i = 0; i < bufs.length; i++) {
            bufs[i] = RpcFixture.buffer(arena, BULK);
        }
        f.prime(bufs[0]);
        try (Load.Chains c = new Load.Chains(BULK_IN_FLIGHT,
                i -> checked(f.imp.send(read ? f.read(bufs[i]) : f.write(bufs[i]))))) {
            return Load.rate(length, c::completed);
        }
    }

    /** Fails the chain on a reply with an error status. */
    private static CompletableFuture<Reply> checked(CompletableFuture<Reply> f) {
        return f.thenApply(r -> {
            if (r.status() != 0) {
                throw new IllegalStateException("reply x" + r.xid() + " with status " + r.status());
            }
            return r;
        });
    }
}
