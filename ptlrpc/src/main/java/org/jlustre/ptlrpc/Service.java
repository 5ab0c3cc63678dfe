package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.LprocfsStats;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.LnetEvent;
import org.jlustre.lnet.MdOptions;
import org.jlustre.lnet.MemoryDescriptor;
import org.jlustre.lnet.ProcessId;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * A ptlrpc service ({@code struct ptlrpc_service}, lustre/ptlrpc/service.c): request buffers
 * posted on its request portal, a queue, and handler threads that run the registered handler
 * for each opcode and send the reply to the client's reply portal, matched by xid. CONNECT,
 * DISCONNECT and OBD_PING are handled here for the {@link Target}s the service serves; every
 * other request must name a live export ({@code -ENOTCONN} otherwise). OBD_PING is answered on
 * the LNet thread that delivered it rather than by a service thread, since it only looks up the
 * export: this departs from Lustre's threading, not from its protocol.
 *
 * <p>Request buffers bound memory: requests land in {@code buffers} buffers of
 * {@code bufferSize} bytes, many to a buffer; a buffer is posted again once its requests are
 * handled. With none free LNet drops requests and their senders time out, as in Lustre.
 *
 * <p>Bad requests never reach a handler: a message that does not unpack or that is not a
 * request gets an error reply ({@code -EPROTO}) and one log line; an opcode with no handler gets
 * {@code -ENOTSUPP}, as {@code tgt_handler_find_check} answers.
 */
public final class Service implements AutoCloseable {

    private final Ptlrpc node;
    private final ServiceConfig config;
    private final DebugLog log;
    private final ConcurrentHashMap<Integer, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, String> opNames = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Target> targets = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<ServerRequest> queue = new LinkedBlockingQueue<>();
    private final List<RequestBuffer> rqbds = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger posted = new AtomicInteger();
    private final LprocfsStats stats;
    private final ParamGroup params;
    private volatile Duration bulkTimeout = Ptlrpc.OBD_TIMEOUT;
    private volatile boolean stopping;

    private static final ServerRequest STOP = new ServerRequest(null, ProcessId.ANY, 0, MemorySegment.NULL, 0, () -> { });

    /**
     * Starts a service: posts its request buffers and starts its threads.
     *
     * @throws LustreException {@link Errno#EEXIST} when its parameters already exist
     */
    public Service(Ptlrpc node, ServiceConfig config) throws LustreException {
        this.node = node;
        this.config = config;
        this.log = node.libcfs().debug();
        this.stats = new LprocfsStats(node.libcfs().time());
        // ptlrpc_ldebugfs_register_service: the service counters, then one per opcode
        stats.counter("req_waittime", "usecs");
        stats.counter("req_qdepth", "reqs");
        stats.counter("req_active", "reqs");
        stats.counter("req_timeout", "secs");
        stats.counter("reqbuf_avail", "bufs");
        this.params = node.libcfs().params().createGroup(config.paramPrefix().toArray(String[]::new));
        params.add("stats", stats.param());
        params.add("threads_max", Param.readOnly(() -> config.threads() + "\n"));
        params.add("threads_min", Param.readOnly(() -> config.threads() + "\n"));
        params.add("threads_started", Param.readOnly(() -> threads.size() + "\n"));
        params.add("req_buffers_max", Param.readOnly(() -> config.buffers() + "\n"));
        params.add("req_buffer_history", Param.readOnly(this::renderState));
        for (int i = 0; i < config.buffers(); i++) {
            RequestBuffer b = new RequestBuffer(MemorySegment.ofArray(new byte[config.bufferSize()]));
            rqbds.add(b);
            b.post();
        }
        for (int i = 0; i < config.threads(); i++) {
            String tname = String.format(Locale.ROOT, "%s_%02d_%03d", config.name(), 0, i + 1);
            Thread t = Thread.ofVirtual().name(tname).unstarted(this::serve);
            threads.add(t);
            t.start();
        }
        node.register(this);
        log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE, "service %s up: portal %d, %d threads, %d x %d byte buffers",
                config.name(), config.requestPortal(), config.threads(), config.buffers(), config.bufferSize());
    }

    /** The node. */
    public Ptlrpc node() {
        return node;
    }

    /** The configuration. */
    public ServiceConfig config() {
        return config;
    }

    /** The stats shown at {@code <prefix>.stats}. */
    public LprocfsStats stats() {
        return stats;
    }

    /** How long a bulk transfer may take before it fails with {@code -ETIMEDOUT}. */
    public Duration bulkTimeout() {
        return bulkTimeout;
    }

    /** Sets the bulk timeout. */
    public void bulkTimeout(Duration d) {
        bulkTimeout = d;
    }

    /** Registers the handler of an opcode (replacing any); its stats line has Lustre's name for it. */
    public void register(int opcode, RequestHandler handler) {
        handlers.put(opcode, handler);
    }

    /** Registers the handler of an opcode Lustre does not define, with the name its stats line gets. */
    public void register(int opcode, String statsName, RequestHandler handler) {
        opNames.put(opcode, statsName);
        handlers.put(opcode, handler);
    }

    private String opName(int opc) {
        String n = opNames.get(opc);
        return n != null ? n : Opcodes.nameOrNumber(opc);
    }

    /** Serves a target: CONNECTs naming its UUID reach it. */
    public void addTarget(Target t) {
        targets.put(t.uuid().value(), t);
    }

    /** Stops serving a target. */
    public void removeTarget(Target t) {
        targets.remove(t.uuid().value(), t);
    }

    // ------------------------------------------------------------------ request buffers

    /** A request buffer ({@code struct ptlrpc_request_buffer_desc}). */
    private final class RequestBuffer {
        private final MemorySegment seg;
        private int refs;
        private boolean unlinked = true;
        private MemoryDescriptor md;

        RequestBuffer(MemorySegment seg) {
            this.seg = seg;
        }

        /** Posts the buffer ({@code ptlrpc_register_rqbd}). */
        void post() {
            if (stopping) {
                return;
            }
            synchronized (this) {
                unlinked = false;
            }
            md = node.lnet().attach(config.requestPortal(), ProcessId.ANY, 0, ~0L, Lnet.Position.AFTER,
                    MemoryDescriptor.builder(seg).options(MdOptions.OP_PUT).maxSize(config.maxRequestSize())
                            .handler(this::requestIn));
            posted.incrementAndGet();
        }

        /** {@code request_in_callback}: runs on the LNet thread that delivered the request. */
        private void requestIn(LnetEvent ev) {
            boolean repost = false;
            if (ev.type() == LnetEvent.Type.PUT && ev.status() == 0) {
                synchronized (this) {
                    refs++;
                }
                // the request stays in the buffer, which is posted again once all of its requests are done
                ServerRequest req = new ServerRequest(Service.this, ev.initiator(), ev.matchBits(), ev.data(),
                        System.nanoTime(), this::release);
                if (ev.rlength() > ev.mlength()) {
                    log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: request x%d from %s truncated: %d of %d bytes",
                            config.name(), ev.matchBits(), ev.initiator(), ev.mlength(), ev.rlength());
                }
                stats.counter("req_qdepth", "reqs").add(queue.size());
                stats.counter("reqbuf_avail", "bufs").add(posted.get());
                if (req.peekOpcode() == Opcodes.OBD_PING) {
                    // answered here, on the thread that received it: a ping touches nothing but the
                    // export table and never blocks (Lustre hands it to a service thread; jlustre
                    // saves the two thread hand-offs)
                    active.incrementAndGet();
                    try {
                        handle(req);
                    } finally {
                        active.decrementAndGet();
                        req.release();
                    }
                } else {
                    queue.add(req);
                }
            }
            if (ev.unlinked()) {
                posted.decrementAndGet();
                synchronized (this) {
                    unlinked = true;
                    repost = refs == 0;
                }
            }
            if (repost) {
                post();
            }
        }

        /** A request of this buffer is done ({@code ptlrpc_server_drop_request}). */
        private void release() {
            boolean repost;
            synchronized (this) {
                refs--;
                repost = unlinked && refs == 0;
            }
            if (repost) {
                post();
            }
        }
    }

    // ------------------------------------------------------------------ handling

    private void serve() {
        while (true) {
            ServerRequest req;
            try {
                req = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (req == STOP) {
                return;
            }
            active.incrementAndGet();
            try {
                handle(req);
            } catch (RuntimeException | Error e) {
                log.logf(DebugMask.S_RPC, DebugMask.D_ERROR, "%s: handling %s failed: %s", config.name(), req, e);
            } finally {
                active.decrementAndGet();
                req.release();
            }
        }
    }

    /** {@code ptlrpc_server_handle_request} + {@code tgt_request_handle}. */
    private void handle(ServerRequest req) {
        long start = System.nanoTime();
        stats.counter("req_waittime", "usecs").add((start - req.arrivalNanos()) / 1000);
        stats.counter("req_active", "reqs").add(active.get());
        try {
            req.unpack();
        } catch (LustreException e) {
            log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: error unpacking request x%d from %s: %s",
                    config.name(), req.xid(), req.peer(), e.getMessage());
            sendError(req, -Errno.EPROTO.value(), 0);
            return;
        }
        PtlrpcBody body = req.body();
        int opc = body.opc();
        if (body.type() != MsgFlags.PTL_RPC_MSG_REQUEST) {
            log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: wrong message type %d (not a request) x%d from %s",
                    config.name(), body.type(), req.xid(), req.peer());
            sendError(req, -Errno.EPROTO.value(), opc);
            return;
        }
        if (!MsgFlags.versionOk(body.version())) {
            log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: wrong lustre_msg version %08x x%d from %s",
                    config.name(), body.version(), req.xid(), req.peer());
            sendError(req, -Errno.EPROTO.value(), opc);
            return;
        }
        if (log.enabled(DebugMask.S_RPC, DebugMask.D_RPCTRACE)) {
            log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE,
                    "Handling RPC req x%d pname:cluuid+ref:pid:xid:nid:opc %s:%s:%d:x%d:%s:%d", req.xid(),
                    Thread.currentThread().getName(), "", req.peer().pid(), req.xid(), Nid.toString(req.peer().nid()),
                    opc);
        }
        int status;
        try {
            status = dispatch(req, opc);
        } catch (LustreException e) {
            status = -e.errno().value();
            log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE, "%s: x%d opc %d from %s: %s", config.name(), req.xid(),
                    opc, req.peer(), e.getMessage());
        } catch (RuntimeException e) {
            // a handler bug: answer EIO rather than leave the client resending into silence
            status = -Errno.EIO.value();
            log.logf(DebugMask.S_RPC, DebugMask.D_ERROR, "%s: x%d opc %d from %s: handler failed: %s", config.name(),
                    req.xid(), opc, req.peer(), e);
        }
        if (status == DROP) {
            return;
        }
        long end = System.nanoTime();
        long usec = (end - start) / 1000;
        // counted before the reply leaves, so a client holding the reply always finds its request in the stats
        stats.counter(opName(opc), "usecs").add(usec);
        sendReply(req, status, (int) Math.min(Integer.MAX_VALUE, (end - req.arrivalNanos()) / 1_000_000_000L));
        if (log.enabled(DebugMask.S_RPC, DebugMask.D_RPCTRACE)) {
            log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE,
                    "Handled RPC req x%d pname:cluuid+ref:pid:xid:nid:opc %s:%s:%d:x%d:%s:%d Request processed in %dus "
                            + "(%dus total) trans %d rc %d/%d",
                    req.xid(), Thread.currentThread().getName(),
                    req.export() != null ? req.export().clientUuid().value() : "", req.peer().pid(), req.xid(),
                    Nid.toString(req.peer().nid()), opc, usec, (end - req.arrivalNanos()) / 1000, req.transno(), status,
                    status);
        }
    }

    /** A handler result meaning: send no reply. */
    private static final int DROP = Integer.MIN_VALUE;

    private int dispatch(ServerRequest req, int opc) throws LustreException {
        if (opc == config.connectOpcode() && opc != 0) {
            String uuid = Target.string(req.buf(Target.TGTUUID_OFF, 1, "target uuid"), "target uuid");
            checkPrintable(req, "target", uuid);
            Target t = targets.get(uuid);
            if (t == null) {
                log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: connect from %s for unknown target %s",
                        config.name(), req.peer(), uuid);
                throw new LustreException(Errno.ENODEV, "no target " + uuid + " on this node");
            }
            if (req.request().bufCount() > Target.CLUUID_OFF) {
                checkPrintable(req, "client", Target.string(req.buf(Target.CLUUID_OFF, 1, "client uuid"),
                        "client uuid"));
            }
            t.connect(req);
            return 0;
        }
        Export exp = node.export(req.body().handle());
        if (exp == null || exp.isFailed()) {
            // tgt_request_handle: CDEBUG(D_HA, "operation %d on unconnected OST from %s")
            log.logf(DebugMask.S_RPC, DebugMask.D_HA, "%s: opc %d x%d from %s on unknown connection 0x%x",
                    config.name(), opc, req.xid(), req.peer(), req.body().handle());
            throw new LustreException(Errno.ENOTCONN, "no connection 0x" + Long.toHexString(req.body().handle()));
        }
        if (req.body().connCnt() < exp.connCnt()) {
            // ptlrpc_check_req: a request from a connection the client has since replaced
            log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE, "%s: DROPPING x%d from old connection %d < %d",
                    config.name(), req.xid(), req.body().connCnt(), exp.connCnt());
            return DROP;
        }
        exp.touch();
        req.setExport(exp);
        if (opc == Opcodes.OBD_PING) {
            return 0;
        }
        if (opc == config.disconnectOpcode() && opc != 0) {
            exp.target().disconnect(req);
            return 0;
        }
        RequestHandler h = handlers.get(opc);
        if (h == null) {
            // tgt_handler_find_check: an opcode the target has no handler for is -ENOTSUPP, an
            // answer at once rather than silence
            log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: no handler for opcode %d (0x%x) from %s",
                    config.name(), opc, opc, req.peer());
            throw new LustreException(Errno.ENOTSUPP, "opcode " + opc + " not served by " + config.name());
        }
        h.handle(req);
        return 0;
    }

    /**
     * Refuses a CONNECT whose UUID is not printable ASCII: it would end up verbatim in log lines
     * and in the exports parameter, where a line break or a control character from the wire
     * could forge records.
     */
    private void checkPrintable(ServerRequest req, String which, String uuid) throws LustreException {
        for (int i = 0; i < uuid.length(); i++) {
            char c = uuid.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                StringBuilder shown = new StringBuilder();
                for (int k = 0; k < uuid.length(); k++) {
                    char d = uuid.charAt(k);
                    if (d >= 0x20 && d <= 0x7e && d != '\\') {
                        shown.append(d);
                    } else {
                        shown.append(String.format(Locale.ROOT, "\\u%04x", (int) d));
                    }
                }
                log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: connect x%d from %s with a %s uuid that is not "
                        + "printable ASCII: \"%s\"", config.name(), req.xid(), req.peer(), which, shown);
                throw new LustreException(Errno.EPROTO, which + " uuid is not printable ASCII");
            }
        }
    }

    /** Fills the reply's body and sends it ({@code ptlrpc_send_reply}). */
    private void sendReply(ServerRequest req, int status, int serviceTime) {
        LustreMsg reply = req.reply();
        if (reply == null || status != 0 && reply.bufCount() > 1) {
            reply = req.packReply();
        }
        PtlrpcBody rb;
        try {
            rb = reply.body();
        } catch (LustreException e) {
            throw new IllegalStateException("a reply we packed has no body", e);
        }
        PtlrpcBody qb = req.body();
        boolean connect = qb.opc() == config.connectOpcode() && status == 0;
        rb.type(MsgFlags.replyTypeForStatus(status) ? MsgFlags.PTL_RPC_MSG_REPLY : MsgFlags.PTL_RPC_MSG_ERR)
                .version(MsgFlags.PTLRPC_MSG_VERSION)
                .opc(qb.opc())
                .status(status)
                .handle(connect && req.export() != null ? req.export().cookie() : 0)
                .lastXid(qb.lastXid())
                .transno(req.transno())
                .flags(qb.flags() & MsgFlags.MSG_RESENT)
                .opFlags(req.replyOpFlags())
                .connCnt(qb.connCnt())
                .timeout(qb.timeout())
                .serviceTime(serviceTime);
        reply.flags(LustreMsg.MSGHDR_AT_SUPPORT);
        send(req, reply);
    }

    /** An error reply to a request we could not read ({@code ptlrpc_error}). */
    private void sendError(ServerRequest req, int status, int opc) {
        LustreMsg reply = req.packReply();
        try {
            reply.body().type(MsgFlags.PTL_RPC_MSG_ERR).status(status).opc(opc).version(MsgFlags.PTLRPC_MSG_VERSION);
        } catch (LustreException e) {
            throw new IllegalStateException("a reply we packed has no body", e);
        }
        send(req, reply);
    }

    private void send(ServerRequest req, LustreMsg reply) {
        // null_authorize: a client that takes early replies finds the reply past the early-reply room
        int offset = 0;
        if ((requestFlags(req) & LustreMsg.MSGHDR_AT_SUPPORT) != 0) {
            offset = LustreMsg.EARLY_SIZE;
        }
        try {
            MemoryDescriptor md = node.lnet().bind(MemoryDescriptor.builder(reply.segment()).threshold(1));
            node.lnet().put(md, false, req.peer(), config.replyPortal(), req.xid(), offset, 0);
        } catch (LustreException e) {
            log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: cannot reply to x%d from %s: %s", config.name(),
                    req.xid(), req.peer(), e.getMessage());
        }
    }

    /**
     * The request's {@code lm_flags}: from the unpacked message, or, for one that did not unpack
     * (a bad buffer length, say), from its header when the magic shows its byte order, so that
     * the error reply lands where the client looks for its reply. 0 when even that is unreadable.
     */
    private static int requestFlags(ServerRequest req) {
        if (req.request() != null) {
            return req.request().flags();
        }
        MemorySegment raw = req.raw();
        if (raw == null || raw.byteSize() < LustreMsg.FIXED_SIZE) {
            return 0;
        }
        int magic = raw.get(org.jlustre.wire.Le.U32, LustreMsg.OFF_MAGIC);
        if (magic == LustreMsg.MAGIC_V2) {
            return raw.get(org.jlustre.wire.Le.U32, LustreMsg.OFF_FLAGS);
        }
        if (magic == LustreMsg.MAGIC_V2_SWABBED) {
            return raw.get(org.jlustre.wire.Be.U32, LustreMsg.OFF_FLAGS);
        }
        return 0;
    }

    private String renderState() {
        return String.format(Locale.ROOT, "posted: %d%nqueued: %d%nactive: %d%n", posted.get(), queue.size(),
                active.get());
    }

    /** The number of requests waiting for a thread. */
    public int queueDepth() {
        return queue.size();
    }

    /** Stops: unposts the buffers, lets the threads finish what they hold, drops the rest. */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        for (RequestBuffer b : rqbds) {
            if (b.md != null) {
                node.lnet().unlink(b.md);
            }
        }
        ServerRequest dropped;
        while ((dropped = queue.poll()) != null) {
            dropped.release();
        }
        for (int i = 0; i < threads.size(); i++) {
            queue.add(STOP);
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        node.unregister(this);
        params.close();
    }

    /** The UUIDs of the targets served. */
    public List<Uuid> targetUuids() {
        List<Uuid> out = new ArrayList<>();
        for (Target t : targets.values()) {
            out.add(t.uuid());
        }
        return out;
    }
}
