package org.jlustre.mdc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jlustre.common.Errno;
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
import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.fid.SeqQuery;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * A scripted MDT for the MDC's wire tests: target {@code lustre-MDT0000} served on MDS_REQUEST
 * (12), MDS_READPAGE (23) and SEQ_METADATA (30), recording every request it gets (portal,
 * opcode, buffer lengths and bytes, {@code pb_tag}) and answering with the handler a test sets per
 * opcode. SEQ_QUERY grants one sequence per query from {@link #FIRST_SEQ} on. No MDD behind it:
 * what the MDC sends is checked byte by byte, and what it does with odd replies.
 */
final class FakeMdt implements AutoCloseable {

    /** One request as it arrived; {@code repSize} is the reply room it asked ({@code lm_repsize}). */
    record Seen(int portal, int opcode, int[] lens, List<byte[]> bufs, int tag, long xid, boolean resent,
            int repSize) {
        MemorySegment buf(int i) {
            return MemorySegment.ofArray(bufs.get(i));
        }
    }

    static final String NAME = "lustre-MDT0000";
    static final Uuid UUID = new Uuid(NAME + "_UUID");
    /** The first sequence SEQ_QUERY grants. */
    static final long FIRST_SEQ = 0x200000400L;

    final Nodes nodes;
    final Ptlrpc node;
    final Target target;
    final List<Service> services = new ArrayList<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final Map<Integer, RequestHandler> handlers = new ConcurrentHashMap<>();
    /** What the connect hook grants for modifying RPCs. */
    volatile int maxModRpcs = 8;
    /** Whether the connect hook grants MULTIMODRPCS. */
    volatile boolean multiModRpcs = true;
    /** What it grants as {@code ocd_max_easize}. */
    volatile int maxEasize = 8192;
    volatile ObdConnectData lastAsked;
    /** The next sequence SEQ_QUERY grants. */
    private long nextSeq = FIRST_SEQ;
    private final List<Ptlrpc> clients = new CopyOnWriteArrayList<>();

    FakeMdt(Nodes nodes) throws LustreException {
        this.nodes = nodes;
        this.node = Ptlrpc.start(nodes.node());
        this.target = new Target(node, NAME, UUID, Mdc.CONNECT_FLAGS, Mdc.CONNECT_FLAGS2, 1, this::connect,
                List.of("mdt", NAME));
        for (int portal : new int[] {Portals.MDS_REQUEST, Portals.MDS_READPAGE, Portals.SEQ_METADATA}) {
            Service s = new Service(node, new ServiceConfig("mds" + portal, List.of("mds", "p" + portal), portal,
                    Portals.MDC_REPLY, Portals.MDS_BULK, 16384, 1 << 16, 16, 8, Opcodes.MDS_CONNECT,
                    Opcodes.MDS_DISCONNECT, MsgFlags.LUSTRE_MDS_VERSION));
            s.addTarget(target);
            for (int opc : new int[] {Opcodes.MDS_GETATTR, Opcodes.MDS_GETATTR_NAME, Opcodes.MDS_CLOSE,
                Opcodes.MDS_REINT, Opcodes.MDS_READPAGE, Opcodes.MDS_GET_ROOT, Opcodes.MDS_STATFS, Opcodes.MDS_SYNC,
                Opcodes.MDS_GETXATTR, Opcodes.SEQ_QUERY}) {
                s.register(opc, req -> handle(portal, req));
            }
            services.add(s);
        }
        handlers.put(Opcodes.SEQ_QUERY, this::seqQuery);
    }

    private ObdConnectData connect(org.jlustre.ptlrpc.Export exp, ObdConnectData asked, ObdConnectData g) {
        lastAsked = asked;
        long flags = multiModRpcs ? g.connectFlags() : g.connectFlags() & ~ConnectFlags.OBD_CONNECT_MULTIMODRPCS;
        return new ObdConnectData(flags, g.version(), 0, 0, Math.min(asked.brwSize(), 1 << 20), asked.ibitsKnown(),
                12, 0, 0, 0, g.transno(), 0, asked.cksumTypes(), maxEasize, g.instance(), 0, maxModRpcs,
                g.connectFlags2());
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
        if (req.opcode() != Opcodes.SEQ_QUERY) {
            seen.add(new Seen(portal, req.opcode(), lens, bufs, req.body().tag(), req.xid(), req.resent(),
                    req.request().repSize()));
        }
        RequestHandler h = handlers.get(req.opcode());
        if (h == null) {
            throw new LustreException(Errno.EOPNOTSUPP, "no scripted answer for " + Opcodes.nameOrNumber(req.opcode()));
        }
        h.handle(req);
    }

    /** One sequence of metadata FIDs per query, as an MDT's sequence server grants a client. */
    private synchronized void seqQuery(ServerRequest req) throws LustreException {
        int opc = req.buf(SeqQuery.REQ_OPC, 4, "seq_opc").get(org.jlustre.wire.Le.U32, 0);
        if (opc != SeqQuery.ALLOC_META) {
            throw new LustreException(Errno.EINVAL, "seq opc " + opc);
        }
        req.packReply(LuSeqRange.SIZE);
        LuSeqRange.of(nextSeq, nextSeq + 1, 0, LuSeqRange.MDT).write(req.replyBuf(1), 0);
        nextSeq++;
    }

    /** The requests of one opcode seen so far. */
    List<Seen> seen(int opcode) {
        return seen.stream().filter(s -> s.opcode() == opcode).toList();
    }

    /** The last request of one opcode. */
    Seen last(int opcode) {
        List<Seen> l = seen(opcode);
        if (l.isEmpty()) {
            throw new AssertionError("no " + Opcodes.nameOrNumber(opcode) + " seen");
        }
        return l.get(l.size() - 1);
    }

    Nid nid() {
        return Nid.fromLnetNid(nodes.nid(node.lnet()));
    }

    /** A connected MDC on a node of its own. */
    Mdc client(String name) throws LustreException {
        return client(MdcConfig.client("lustre", 0, List.of(nid()), name, Duration.ofSeconds(10)));
    }

    /** A connected MDC with this configuration on a node of its own. */
    Mdc client(MdcConfig cfg) throws LustreException {
        Ptlrpc p = Ptlrpc.start(nodes.node());
        clients.add(p);
        Mdc mdc = new Mdc(p, cfg);
        mdc.connect();
        return mdc;
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
