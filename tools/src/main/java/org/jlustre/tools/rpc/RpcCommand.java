package org.jlustre.tools.rpc;

import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.zip.CRC32C;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.Lnd;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.mem.MemNetwork;
import org.jlustre.lnet.socklnd.AcceptPolicy;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.tools.lctl.Lctl;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.MsgFlags;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jlustre rpc}: ptlrpc over LNet with the echo target. With no options, a server node
 * (this process's, so {@code -e} lctl commands read its parameters) and a client node in one
 * JVM, over the in-JVM network or TCP loopback: connect, pings, inline echoes, a 4 MiB bulk
 * write and read, disconnect. {@code --listen} runs only the server over TCP until
 * interrupted; {@code --connect} runs the client steps against such a server elsewhere, so
 * two processes (and Wireshark on the port) can watch real traffic.
 */
@Command(name = "rpc", mixinStandardHelpOptions = true,
        description = "Run ptlrpc with an echo target: connect, ping, echo, bulk, in this process or across two.")
public final class RpcCommand implements Callable<Integer> {

    private final Libcfs libcfs;

    @Spec
    private CommandSpec spec;

    @Option(names = "--net", defaultValue = "mem",
            description = "mem (the in-JVM network) or tcp (socklnd on loopback); default ${DEFAULT-VALUE}.")
    private String net;

    @Option(names = "--listen", paramLabel = "NID", description = "Only serve the echo target over TCP at this NID.")
    private String listen;

    @Option(names = "--connect", paramLabel = "NID", description = "Only run the client steps against this server NID.")
    private String connect;

    @Option(names = "--port", defaultValue = "0",
            description = "TCP port of the acceptor (--listen) or of the server (--connect; default 988).")
    private int port;

    @Option(names = "--accept", defaultValue = "secure",
            description = "The --listen server's accept mode: secure (privileged source ports only, as Lustre) or "
                    + "all (default ${DEFAULT-VALUE}). The one-process walkthrough's server takes all: its client is "
                    + "this process, privileged or not.")
    private String accept;

    @Option(names = "--pings", defaultValue = "1000", description = "OBD_PINGs to send (default ${DEFAULT-VALUE}).")
    private int pings;

    @Option(names = {"-e", "--exec"}, paramLabel = "LCTL-COMMAND",
            description = "An lctl command to run on this node at the end, e.g. -e 'get_param echo.ECHO.echo.stats'.")
    private List<String> commands = new ArrayList<>();

    /** The command acting on {@code libcfs} (the server's node, or the client's with --connect). */
    public RpcCommand(Libcfs libcfs) {
        this.libcfs = libcfs;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (listen != null && connect != null) {
                throw new IllegalArgumentException("--listen and --connect exclude each other");
            }
            if (!net.equals("mem") && !net.equals("tcp")) {
                throw new IllegalArgumentException("--net must be mem or tcp, not '" + net + "'");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port " + port + " not in 0..65535");
            }
            AcceptPolicy.Mode mode = AcceptPolicy.Mode.parse(accept);
            if (listen != null) {
                return serve(out, Nid.parse(listen), mode);
            }
            if (connect != null) {
                Nid server = Nid.parse(connect);
                int p = port == 0 ? 988 : port;
                try (Node client = Node.tcp(libcfs, new Nid(Nid.SOCKLND, server.netNum(), 0x7f000001 + 1), false,
                        0, n -> p, mode)) {
                    clientSteps(out, client, server);
                }
                return lctl(out, err);
            }
            return walkthrough(out, err);
        } catch (IllegalArgumentException e) {
            err.println("error: rpc: " + e.getMessage());
            return 22;
        } catch (LustreException e) {
            err.println("error: rpc: " + e.getMessage() + ": " + e.errno().message());
            return e.errno().value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 4;
        }
    }

    private int walkthrough(PrintWriter out, PrintWriter err) throws LustreException {
        Libcfs clientNode = new Libcfs(TimeSource.system(), new SplittableRandom());
        clientNode.debug().setConsole(null);
        int rc;
        if (net.equals("mem")) {
            MemNetwork mem = MemNetwork.create();
            try (Node server = Node.of(libcfs, mem.nextInterface()); EchoService echo = echo(out, server);
                    Node client = Node.of(clientNode, mem.nextInterface())) {
                clientSteps(out, client, Nid.fromLnetNid(server.lnet.nids().getFirst()));
                rc = lctl(out, err);
            }
        } else {
            java.util.concurrent.ConcurrentHashMap<Long, Integer> ports = new java.util.concurrent.ConcurrentHashMap<>();
            try (Node server = Node.tcp(libcfs, new Nid(Nid.SOCKLND, 0, 0x7f000001), true, port, n -> 988,
                    AcceptPolicy.Mode.ALL);
                    EchoService echo = echo(out, server);
                    Node client = Node.tcp(clientNode, new Nid(Nid.SOCKLND, 0, 0x7f000002), false, 0,
                            n -> ports.getOrDefault(n, 988), AcceptPolicy.Mode.ALL)) {
                ports.put(server.lnet.nids().getFirst(), server.port);
                out.printf("   acceptor on port %d%n", server.port);
                clientSteps(out, client, Nid.fromLnetNid(server.lnet.nids().getFirst()));
                rc = lctl(out, err);
            }
        }
        out.flush();
        return rc;
    }

    private int serve(PrintWriter out, Nid nid, AcceptPolicy.Mode mode) throws LustreException, InterruptedException {
        try (Node server = Node.tcp(libcfs, nid, true, port == 0 ? 988 : port, n -> 988, mode);
                EchoService echo = echo(out, server)) {
            out.printf("serving %s on %s port %d; interrupt to stop%n", EchoService.UUID.value(), nid, server.port);
            out.flush();
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
        }
        return 0;
    }

    private EchoService echo(PrintWriter out, Node server) throws LustreException {
        EchoService echo = new EchoService(server.ptlrpc, EchoService.config(4, 1 << 20));
        out.printf("== server %s: echo target %s, service %s on portal %d (threads %d)%n",
                Nid.toString(server.lnet.nids().getFirst()), EchoService.UUID.value(), echo.service().config().name(),
                echo.service().config().requestPortal(), echo.service().config().threads());
        return echo;
    }

    private void clientSteps(PrintWriter out, Node client, Nid server) throws LustreException {
        ImportConfig cfg = EchoService.importConfig("echo-osc", List.of(server), Duration.ofSeconds(20))
                .withIntervals(Duration.ofSeconds(25), Duration.ofSeconds(1));
        try (Import imp = new Import(client.ptlrpc, cfg)) {
            out.printf("== client %s connects to %s at %s%n", Nid.toString(client.lnet.nids().getFirst()),
                    EchoService.UUID.value(), server);
            imp.connectSync();
            out.printf("   import %s: state %s, export cookie 0x%x, conn_cnt %d, granted flags 0x%x%n", imp.name(),
                    imp.state().label(), imp.remoteHandle(), imp.connCnt(), imp.connectData().connectFlags());

            long t0 = System.nanoTime();
            for (int i = 0; i < pings; i++) {
                imp.ping();
            }
            double us = (System.nanoTime() - t0) / 1e3 / Math.max(1, pings);
            out.printf(Locale.ROOT, "== %d OBD_PINGs, one at a time: %.1f us per round trip%n", pings, us);

            out.println("== echo (opcode " + EchoService.ECHO + "): the reply's buffer 1 is the request's");
            for (int size : new int[] {0, 64, 4096, 1 << 16, 1 << 19}) {
                byte[] p = new byte[size];
                new Random(size).nextBytes(p);
                ClientRequest r = imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, size);
                r.buf(1).copyFrom(MemorySegment.ofArray(p));
                r.replyCapacity(size + 512);
                Reply reply = imp.call(r);
                boolean same = size == 0 || reply.buf(1, size, "echo").mismatch(MemorySegment.ofArray(p)) == -1;
                out.printf("   %7d bytes: xid %d, %s%n", size, reply.xid(), same ? "same bytes back" : "DIFFERENT BYTES");
            }

            int len = 4 << 20;
            try (Arena arena = Arena.ofShared()) {
                MemorySegment data = arena.allocate(len);
                data.copyFrom(MemorySegment.ofArray(randomBytes(len)));
                ClientRequest w = imp.request(EchoService.ECHO_WRITE, MsgFlags.LUSTRE_OST_VERSION, 16);
                w.buf(1).set(Le.U64, 0, len);
                w.buf(1).set(Le.U64, 8, EchoService.WRITE_CRC);
                w.bulk(ClientRequest.BulkType.GET_SOURCE, List.of(data));
                Reply wr = imp.call(w);
                CRC32C crc = new CRC32C();
                crc.update(data.asByteBuffer());
                out.printf("== bulk write of 4 MiB: the server GETs 4 x 1 MiB, crc32c 0x%08x (ours 0x%08x)%n",
                        wr.buf(1, 16, "write reply").get(Le.U64, 8), crc.getValue());
                MemorySegment back = arena.allocate(len);
                ClientRequest rd = imp.request(EchoService.ECHO_READ, MsgFlags.LUSTRE_OST_VERSION);
                rd.bulk(ClientRequest.BulkType.PUT_SINK, List.of(back));
                imp.call(rd);
                out.printf("== bulk read of 4 MiB: the server PUTs 4 x 1 MiB: %s%n",
                        back.mismatch(data) == -1 ? "same bytes back" : "DIFFERENT BYTES");
            }
            out.println("== client parameters:");
            for (var v : client.libcfs.params().get("osc.echo-osc.import")) {
                out.print(v.value().indent(3));
            }
        }
        out.println("== disconnected");
    }

    private int lctl(PrintWriter out, PrintWriter err) {
        int rc = 0;
        CommandLine lctl = Lctl.commandLine(libcfs);
        lctl.setOut(out);
        lctl.setErr(err);
        for (String c : commands) {
            out.println();
            out.println("lctl " + c);
            int r = lctl.execute(c.strip().split("\\s+"));
            rc = rc == 0 ? r : rc;
        }
        out.flush();
        return rc;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    /** One node: LNet with one interface, and ptlrpc. */
    private static final class Node implements AutoCloseable {
        final Libcfs libcfs;
        final Lnet lnet;
        final Ptlrpc ptlrpc;
        final int port;

        private Node(Libcfs libcfs, Lnet lnet, int port) {
            this.libcfs = libcfs;
            this.lnet = lnet;
            this.ptlrpc = Ptlrpc.start(lnet);
            this.port = port;
        }

        static Node of(Libcfs libcfs, Lnd.Factory ni) throws LustreException {
            Lnet l = Lnet.create(libcfs);
            try {
                l.addNi(ni);
            } catch (LustreException e) {
                l.close();
                throw e;
            }
            return new Node(libcfs, l, 0);
        }

        static Node tcp(Libcfs libcfs, Nid nid, boolean listen, int port, java.util.function.LongToIntFunction peers,
                AcceptPolicy.Mode accept) throws LustreException {
            Lnet l = Lnet.create(libcfs);
            try {
                Socklnd s = (Socklnd) l.addNi(Socklnd.tcp(SocklndConfig.of(nid).withListen(listen).withAcceptPort(port)
                        .withPeerPort(peers).withAcceptMode(accept)));
                return new Node(libcfs, l, s.acceptPort());
            } catch (LustreException e) {
                l.close();
                throw e;
            }
        }

        @Override
        public void close() {
            ptlrpc.close();
            lnet.close();
        }
    }
}
