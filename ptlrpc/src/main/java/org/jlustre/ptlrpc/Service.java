package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
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
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * A ptlrpc service ({@code struct ptlrpc_service}, lustre/ptlrpc/service.c): request buffers
 * posted on its request portal, a queue, and handler threads that run the registered handler
 * for each opcode and send the reply to the client's reply portal, matched by xid. CONNECT,
 * DISCONNECT and OBD_PING are handled here for the {@link Target}s the service serves; every
 * other request must name a live export ({@code -ENOTCONN} otherwise). OBD_PING, and the
 * requests a handler registered as quick (an OST's short I/O), are answered on the LNet thread
 * that delivered them rather than by a service thread: they never block, and the two hand-offs
 * between threads cost more than their handling. This departs from Lustre's threading
 * ({@code ptlrpc_main} handles every request), not from its protocol; the stats count them
 * alike.
 *
 * <p>Request buffers bound memory: requests land in {@code buffers} buffers of
 * {@code bufferSize} bytes, many to a buffer; a buffer is posted again once its requests are
 * handled. With none free LNet drops requests and their senders time out, as in Lustre.
 *
 * <p>Bad requests never reach a handler ({@code ptlrpc_server_handle_req_in}): a message that
 * does not unpack, has a security flavour other than null, is not a request, or asks for
 * adaptive timeouts with a timeout of 0 is dropped with one log line and no reply; a request
 * whose opcode has no handler gets {@code -ENOTSUPP} ({@code tgt_handler_find_check}).
 *
 * <p>Replies carry what a 2.15 server fills in ({@code ptlrpc_send_reply},
 * {@code ptlrpc_at_set_reply}): no {@code lm_flags}, {@code pb_last_xid}, {@code pb_conn_cnt}
 * or {@code pb_flags}; {@code pb_service_time} how long this request took, in whole seconds
 * and at least 1; {@code pb_timeout} the service's adaptive estimate of that time (the worst of
 * the last ten minutes, shown in {@code <prefix>.timeouts}). They go to the reply portal at
 * the request's xid, or at its {@code pb_mbits} when the export negotiated
 * {@code OBD_CONNECT2_REP_MBITS}.
 */
public final class Service implements AutoCloseable {

    private final Ptlrpc node;
    private final ServiceConfig config;
    private final DebugLog log;
    private final ConcurrentHashMap<Integer, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, String> opNames = new ConcurrentHashMap<>();
    /** Per opcode, which of its requests are handled on the thread that received them. */
    private final ConcurrentHashMap<Integer, Predicate<ServerRequest>> receivingThread = new ConcurrentHashMap<>();
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
    /** {@code scp_at_estimate}: how long requests take here, reported in every reply's {@code pb_timeout}. */
    private final AdaptiveTimeout estimate;
    /** Whether an unknown opcode was logged already ("don't spew error messages for unhandled RPCs"). */
    private volatile boolean unknownOpcodeLogged;

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
        // ptlrpc_service_part_init: at_init(&svcpt->scp_at_estimate, 10, 0)
        this.estimate = new AdaptiveTimeout(10, 0, nowSeconds());
        this.params = node.libcfs().params().createGroup(config.paramPrefix().toArray(String[]::new));
        params.add("stats", stats.param());
        params.add("timeouts", Param.readOnly(() -> estimate.render("service", nowSeconds())));
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

    /**
     * Registers the handler of an opcode whose requests that pass {@code quick} are handled on
     * the thread that received them, as OBD_PING is, not handed to a service thread: for
     * requests that never block, such as a short write into memory. The hand-off to a service
     * thread and back to the network's thread cost more than such a request's handling.
     * {@code quick} sees the request unpacked but not yet checked and must not throw. A handler
     * run there that starts a bulk transfer fails with {@code -EIO} instead of waiting: the
     * transfer would need the very thread it holds.
     */
    public void register(int opcode, RequestHandler handler, Predicate<ServerRequest> quick) {
        handlers.put(opcode, handler);
        receivingThread.put(opcode, quick);
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
                if (quick(req)) {
                    // answered here, on the thread that received it (Lustre hands every request to
                    // a service thread; jlustre saves the two thread hand-offs where they cost
                    // more than the handling)
                    req.onReceivingThread();
                    handleAndRelease(req);
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

    /**
     * Whether a request is handled on the thread that received it: OBD_PING (it touches nothing
     * but the export table and never blocks) and what a handler registered as quick.
     */
    private boolean quick(ServerRequest req) {
        int opc = req.peekOpcode();
        if (opc == Opcodes.OBD_PING) {
            return true;
        }
        Predicate<ServerRequest> p = opc < 0 ? null : receivingThread.get(opc);
        return p != null && p.test(req);
    }

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
            handleAndRelease(req);
        }
    }

    /** Handles a request, counted in {@code req_active}, then gives its buffer space back. */
    private void handleAndRelease(ServerRequest req) {
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

    /** Wall-clock seconds of the node's clock, for the service estimate. */
    private long nowSeconds() {
        return node.libcfs().time().realNanos() / 1_000_000_000L;
    }

    /**
     * {@code ptlrpc_server_handle_req_in} + {@code ptlrpc_server_handle_request} +
     * {@code tgt_request_handle}.
     */
    private void handle(ServerRequest req) {
        long start = System.nanoTime();
        stats.counter("req_waittime", "usecs").add((start - req.arrivalNanos()) / 1000);
        stats.counter("req_active", "reqs").add(active.get());
        String bad = checkRequest(req);
        if (bad != null) {
            // dropped: no reply, the client times out (SECSVC_DROP, goto err_req)
            log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: %s", config.name(), bad);
            return;
        }
        req.replyMatchBits(replyMatchBits(req));
        PtlrpcBody body = req.body();
        int opc = body.opc();
        if (log.enabled(DebugMask.S_RPC, DebugMask.D_RPCTRACE)) {
            log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE,
                    "Handling RPC req x%d pname:cluuid+ref:pid:xid:nid:opc %s:%s:%d:x%d:%s:%d", req.xid(),
                    Thread.currentThread().getName(), "", body.status(), req.xid(), Nid.toString(req.peer().nid()),
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
        if (status == DROP || req.replyDropped()) {
            return;
        }
        long end = System.nanoTime();
        long usec = (end - start) / 1000;
        // counted before the reply leaves, so a client holding the reply always finds its request in the stats
        stats.counter(opName(opc), "usecs").add(usec);
        sendReply(req, status, end);
        if (log.enabled(DebugMask.S_RPC, DebugMask.D_RPCTRACE)) {
            log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE,
                    "Handled RPC req x%d pname:cluuid+ref:pid:xid:nid:opc %s:%s:%d:x%d:%s:%d Request processed in %dus "
                            + "(%dus total) trans %d rc %d/%d",
                    req.xid(), Thread.currentThread().getName(),
                    req.export() != null ? req.export().clientUuid().value() : "", body.status(), req.xid(),
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
            if (!unknownOpcodeLogged) {
                unknownOpcodeLogged = true;
                log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: no handler for opcode 0x%x from %s",
                        config.name(), opc, req.peer());
            }
            throw new LustreException(Errno.ENOTSUPP, "opcode " + opc + " not served by " + config.name());
        }
        h.handle(req);
        return req.status();
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

    /**
     * Why a request must be dropped, or null when it may be handled: what
     * {@code sptlrpc_svc_unwrap_request}, {@code lustre_unpack_req_ptlrpc_body} and
     * {@code ptlrpc_server_handle_req_in} refuse, worded as they log it.
     */
    private static String checkRequest(ServerRequest req) {
        try {
            req.unpack();
        } catch (LustreException e) {
            return "error unpacking request from " + req.peer() + " x" + req.xid() + ": " + e.getMessage();
        }
        LustreMsg m = req.request();
        if (m.wireFlavor() != LustreMsg.SECFLVR_NULL) {
            return String.format(Locale.ROOT, "unsupported rpc flavor 0x%x from %s x%d", m.wireFlavor(), req.peer(),
                    req.xid());
        }
        PtlrpcBody body = req.body();
        if (!MsgFlags.versionOk(body.version())) {
            return String.format(Locale.ROOT, "error unpacking ptlrpc body from %s x%d: wrong lustre_msg version %08x",
                    req.peer(), req.xid(), body.version());
        }
        if (body.type() != MsgFlags.PTL_RPC_MSG_REQUEST) {
            return "wrong packet type received (type=" + Integer.toUnsignedString(body.type()) + ") from " + req.peer()
                    + " x" + req.xid();
        }
        if ((m.flags() & LustreMsg.MSGHDR_AT_SUPPORT) != 0 && body.timeout() == 0) {
            return "Dropping request with 0 timeout from " + req.peer() + " x" + req.xid();
        }
        return null;
    }

    /**
     * Fills the reply's body and sends it ({@code ptlrpc_send_reply}, {@code ptlrpc_at_set_reply}).
     * A handler's reply is sent as it packed it, whatever the status (an llog open that failed
     * still carries its llogd_body); with none, a bare body ({@code ptlrpc_send_error}).
     */
    private void sendReply(ServerRequest req, int status, long endNanos) {
        LustreMsg reply = req.reply();
        if (reply == null) {
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
        int type = MsgFlags.replyTypeForStatus(status) ? MsgFlags.PTL_RPC_MSG_REPLY : MsgFlags.PTL_RPC_MSG_ERR;
        rb.type(type)
                .version(MsgFlags.PTLRPC_MSG_VERSION)
                .opc(qb.opc())
                .status(status)
                .handle(connect && req.export() != null ? req.export().cookie() : 0)
                .transno(req.transno())
                .opFlags(req.replyOpFlags());
        setTimes(req, rb, type, endNanos);
        send(req, reply);
    }

    /**
     * {@code ptlrpc_at_set_reply}: {@code pb_service_time} is this request's time here in whole
     * seconds, 1 to {@code at_max}; a reply that is not an error and not to a resent or replayed
     * request adds it to the service estimate, which goes in {@code pb_timeout} (0 in an error to
     * a client without an export, which it must not learn from).
     */
    private void setTimes(ServerRequest req, PtlrpcBody rb, int type, long endNanos) {
        long seconds = (endNanos - req.arrivalNanos()) / 1_000_000_000L;
        int serviceTime = (int) Math.clamp(seconds, 1, AdaptiveTimeout.AT_MAX);
        int recovery = MsgFlags.MSG_RESENT | MsgFlags.MSG_REPLAY | MsgFlags.MSG_REQ_REPLAY_DONE
                | MsgFlags.MSG_LOCK_REPLAY_DONE;
        if (type != MsgFlags.PTL_RPC_MSG_ERR && (req.body().flags() & recovery) == 0) {
            estimate.measured(serviceTime, nowSeconds());
        }
        rb.serviceTime(serviceTime);
        rb.timeout(type == MsgFlags.PTL_RPC_MSG_ERR && req.export() == null ? 0 : estimate.get());
    }

    private void send(ServerRequest req, LustreMsg reply) {
        // null_authorize: a client that takes early replies finds the reply past the early-reply room
        int offset = (req.request().flags() & LustreMsg.MSGHDR_AT_SUPPORT) != 0 ? LustreMsg.EARLY_SIZE : 0;
        try {
            MemoryDescriptor md = node.lnet().bind(MemoryDescriptor.builder(reply.segment()).threshold(1));
            node.lnet().put(md, false, req.peer(), config.replyPortal(), req.replyMatchBits(), offset, 0);
        } catch (LustreException e) {
            log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: cannot reply to x%d from %s: %s", config.name(),
                    req.xid(), req.peer(), e.getMessage());
        }
    }

    /**
     * Where the reply will go, decided as the request comes in, while its export still exists
     * ({@code ptlrpc_server_handle_req_in}, {@code ptlrpc_send_reply}): the request's
     * {@code pb_mbits} when its export negotiated {@code OBD_CONNECT2_REP_MBITS} and it is not a
     * CONNECT (and the client set them), else its xid.
     */
    private long replyMatchBits(ServerRequest req) {
        Export exp = node.export(req.body().handle());
        if (exp == null || req.opcode() == config.connectOpcode()) {
            return req.xid();
        }
        ObdConnectData ocd = exp.connectData();
        boolean repMbits = ocd != null && (ocd.connectFlags() & ConnectFlags.OBD_CONNECT_FLAGS2) != 0
                && (ocd.connectFlags2() & ConnectFlags.OBD_CONNECT2_REP_MBITS) != 0;
        long mbits = req.body().mbits();
        return repMbits && mbits != 0 ? mbits : req.xid();
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
