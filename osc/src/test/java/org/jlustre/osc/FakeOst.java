package org.jlustre.osc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.RequestHandler;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.ptlrpc.Service;
import org.jlustre.ptlrpc.ServiceConfig;
import org.jlustre.ptlrpc.Target;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ost.ObdFlags;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * A scripted OST for the OSC's wire tests: target {@code lustre-OST0000} served on the three OSS
 * portals (OST_REQUEST 28, OST_IO 6, OST_CREATE 7), recording every request it gets (portal,
 * opcode, buffer lengths, the bytes of each buffer) and answering with the handler a test sets
 * per opcode. No OFD behind it: what the OSC sends is checked byte by byte, and what it does with
 * odd replies.
 */
final class FakeOst implements AutoCloseable {

    /** One request as it arrived. */
    record Seen(int portal, int opcode, int[] lens, List<byte[]> bufs, boolean swabbed) {
        MemorySegment buf(int i) {
            return MemorySegment.ofArray(bufs.get(i));
        }
    }

    static final String NAME = "lustre-OST0000";
    static final Uuid UUID = new Uuid(NAME + "_UUID");

    final Nodes nodes;
    final Ptlrpc node;
    final Target target;
    final List<Service> services = new ArrayList<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final Map<Integer, RequestHandler> handlers = new ConcurrentHashMap<>();
    /** What the connect hook grants. */
    volatile int grant = 8 << 20;
    volatile int brwSize = 4 << 20;
    volatile int cksumTypes = ObdFlags.OBD_CKSUM_ADLER | ObdFlags.OBD_CKSUM_CRC32 | ObdFlags.OBD_CKSUM_CRC32C;
    volatile ObdConnectData lastAsked;
    /** Whether the connect hook grants OBD_CONNECT_SHORTIO. */
    volatile boolean shortIo;
    private final List<Ptlrpc> clients = new CopyOnWriteArrayList<>();
    /** The node of the client made last. */
    volatile Ptlrpc lastClientNode;

    FakeOst(Nodes nodes) throws LustreException {
        this.nodes = nodes;
        this.node = Ptlrpc.start(nodes.node());
        this.target = new Target(node, NAME, UUID, ConnectFlags.OST_CONNECT_SUPPORTED,
                ConnectFlags.OST_CONNECT_SUPPORTED2, 1, this::connect, List.of("obdfilter", NAME));
        for (int portal : new int[] {Portals.OST_REQUEST, Portals.OST_IO, Portals.OST_CREATE}) {
            Service s = new Service(node, new ServiceConfig("ost" + portal, List.of("ost", "p" + portal), portal,
                    Portals.OSC_REPLY, Portals.OST_BULK, 16384, 1 << 20, 8, 2, Opcodes.OST_CONNECT,
                    Opcodes.OST_DISCONNECT, MsgFlags.LUSTRE_OST_VERSION));
            s.addTarget(target);
            for (int opc : new int[] {Opcodes.OST_GETATTR, Opcodes.OST_SETATTR, Opcodes.OST_READ, Opcodes.OST_WRITE,
                Opcodes.OST_CREATE, Opcodes.OST_DESTROY, Opcodes.OST_GET_INFO, Opcodes.OST_PUNCH, Opcodes.OST_STATFS,
                Opcodes.OST_SYNC}) {
                s.register(opc, req -> handle(portal, req));
            }
            services.add(s);
        }
    }

    private ObdConnectData connect(org.jlustre.ptlrpc.Export exp, ObdConnectData asked, ObdConnectData g) {
        lastAsked = asked;
        long flags = shortIo ? g.connectFlags() : g.connectFlags() & ~ConnectFlags.OBD_CONNECT_SHORTIO;
        return new ObdConnectData(flags, g.version(), grant, g.index(), Math.min(asked.brwSize(), brwSize),
                g.ibitsKnown(), 12, 17, 0, 0, g.transno(), asked.group(), asked.cksumTypes() & cksumTypes, 0,
                g.instance(), 1L << 44, 0, g.connectFlags2());
    }

    private void handle(int portal, ServerRequest req) throws LustreException {
        int n = req.request().bufCount();
        int[] lens = new int[n - 1];
        List<byte[]> bufs = new ArrayList<>();
        bufs.add(new byte[0]);
        for (int i = 1; i < n; i++) {
            lens[i - 1] = req.request().bufLen(i);
            bufs.add(req.request().buf(i).toArray(ValueLayout.JAVA_BYTE));
        }
        seen.add(new Seen(portal, req.opcode(), lens, bufs, req.request().swabbed()));
        RequestHandler h = handlers.get(req.opcode());
        if (h == null) {
            throw new LustreException(org.jlustre.common.Errno.EOPNOTSUPP, "no scripted answer for "
                    + Opcodes.nameOrNumber(req.opcode()));
        }
        h.handle(req);
    }

    /** The requests of one opcode seen so far. */
    List<Seen> seen(int opcode) {
        return seen.stream().filter(s -> s.opcode() == opcode).toList();
    }

    Nid nid() {
        return Nid.fromLnetNid(nodes.nid(node.lnet()));
    }

    /** A connected OSC on a node of its own. */
    Osc client(String name, boolean checksums) throws LustreException {
        Ptlrpc p = Ptlrpc.start(nodes.node());
        clients.add(p);
        lastClientNode = p;
        OscConfig cfg = OscConfig.client("lustre", 0, List.of(nid()), name, Duration.ofSeconds(10))
                .withChecksums(checksums);
        Osc osc = new Osc(p, cfg);
        osc.connect();
        return osc;
    }

    @Override
    public void close() {
        for (Ptlrpc p : clients) {
            p.close();
        }
        for (Service s : services) {
            s.close();
        }
        target.close();
        node.close();
    }
}
