package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
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
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * A client's connection to one target ({@code struct obd_import}, lustre/ptlrpc/import.c,
 * client.c, niobuf.c): it connects with the target's CONNECT (negotiating
 * {@code obd_connect_data}), sends requests with unique xids to the service's request portal
 * and takes their replies on its reply portal, pings when idle, and when the connection fails
 * (a timeout, a lost peer, {@code -ENOTCONN}) reconnects and resends what was in flight with
 * {@code MSG_RESENT}. Requests made while it is not connected wait until it is.
 *
 * <p>Thread-safe; replies arrive on LNet threads and complete each request's future.
 */
public final class Import implements AutoCloseable {

    private final Ptlrpc node;
    private final ImportConfig config;
    private final DebugLog log;
    private final Lnet lnet;
    private final LprocfsStats stats;
    private final ParamGroup params;
    private final ConcurrentHashMap<Long, ClientRequest> sending = new ConcurrentHashMap<>();
    private final LongAdder timeouts = new LongAdder();

    // guarded by this
    private ImportState state = ImportState.NEW;
    private final ArrayDeque<ClientRequest> delayed = new ArrayDeque<>();
    private final ArrayDeque<String> history = new ArrayDeque<>();
    // written under the lock, read without it on the send path
    private volatile long remoteHandle;
    private volatile int connCnt;
    private volatile int nidIndex;
    private ObdConnectData granted;
    private CompletableFuture<Void> connectFuture = new CompletableFuture<>();
    private ClientRequest connecting;
    private long nextConnectNanos;
    private volatile long lastSendNanos = System.nanoTime();
    private long connectAttempts;
    private boolean everConnected;
    /** {@code imp_dlm_handle}: our own cookie, sent in CONNECT's RMF_CONN; a reconnect repeats it. */
    private final long dlmHandle;
    /**
     * {@code imp_msghdr_flags}: 0 until connected, then CKSUM_INCOMPAT18, and AT_SUPPORT if the
     * target granted OBD_CONNECT_AT ({@code ptlrpc_connect_set_flags}); AT_SUPPORT makes the
     * server put the reply past the early-reply room.
     */
    private volatile int msghdrFlags;

    /**
     * An import in state NEW; {@link #connect} starts it.
     *
     * @throws LustreException {@link Errno#EEXIST} when its parameters exist already
     */
    public Import(Ptlrpc node, ImportConfig config) throws LustreException {
        this.node = node;
        this.config = config;
        this.lnet = node.lnet();
        this.dlmHandle = node.newCookie();
        this.log = node.libcfs().debug();
        this.stats = new LprocfsStats(node.libcfs().time());
        stats.counter("req_waittime", "usec");
        this.params = node.libcfs().params().createGroup(config.paramPrefix().toArray(String[]::new));
        params.add("import", Param.readOnly(this::renderImport));
        params.add("state", Param.readOnly(this::renderState));
        params.add("stats", stats.param());
        params.add("timeouts", Param.readOnly(() -> "timeouts: " + timeouts.sum() + "\n"));
        params.add("uuid", Param.readOnly(() -> config.clientUuid().value() + "\n"));
        params.add("conn_uuid", Param.readOnly(() -> Nid.toString(currentNid()) + "\n"));
        node.register(this);
    }

    /** The client device name. */
    public String name() {
        return config.name();
    }

    /** The configuration. */
    public ImportConfig config() {
        return config;
    }

    /** The current state. */
    public synchronized ImportState state() {
        return state;
    }

    /** The target's cookie for our export ({@code imp_remote_handle}). */
    public synchronized long remoteHandle() {
        return remoteHandle;
    }

    /** {@code imp_conn_cnt}: connects so far. */
    public synchronized int connCnt() {
        return connCnt;
    }

    /** What the target granted at the last connect, or null. */
    public synchronized ObdConnectData connectData() {
        return granted;
    }

    /** The client stats ({@code <prefix>.stats}). */
    public LprocfsStats stats() {
        return stats;
    }

    /** Requests that timed out so far. */
    public long timeouts() {
        return timeouts.sum();
    }

    private long currentNid() {
        return config.targetNids().get(nidIndex).toLnetNid();
    }

    private void setState(ImportState s) {
        // caller holds the lock
        if (state == s) {
            return;
        }
        log.logf(DebugMask.S_RPC, DebugMask.D_HA, "%s: changing import state from %s to %s", config.name(),
                state.label(), s.label());
        state = s;
        history.addLast(String.format(Locale.ROOT, "%d.%06d %s", node.libcfs().time().realNanos() / 1_000_000_000L,
                (node.libcfs().time().realNanos() / 1000) % 1_000_000, s.label()));
        while (history.size() > 16) {
            history.removeFirst();
        }
    }

    // ------------------------------------------------------------------ connect

    /**
     * Connects (or returns the connect in progress): completes when the import is FULL, or
     * exceptionally with the target's refusal or a timeout. A failed import keeps trying every
     * {@code reconnectDelay} in the background.
     */
    public CompletableFuture<Void> connect() {
        ClientRequest req;
        CompletableFuture<Void> f;
        synchronized (this) {
            if (state == ImportState.CLOSED) {
                return CompletableFuture.failedFuture(new LustreException(Errno.ESHUTDOWN, config.name() + " is closed"));
            }
            if (state == ImportState.FULL) {
                return CompletableFuture.completedFuture(null);
            }
            if (connectFuture.isDone()) {
                connectFuture = new CompletableFuture<>();
            }
            f = connectFuture;
            req = state == ImportState.CONNECTING ? null : prepareConnect();
        }
        if (req != null) {
            transmit(req);
        }
        return f;
    }

    /** Connects and waits for FULL. */
    public void connectSync() throws LustreException {
        await(connect(), config.timeout().multipliedBy(2), "connect");
    }

    /** Builds the CONNECT ({@code ptlrpc_connect_import}); caller holds the lock. */
    private ClientRequest prepareConnect() {
        setState(ImportState.CONNECTING);
        connCnt++;
        connectAttempts++;
        // RMF_TGTUUID and RMF_CLUUID: sizeof(struct obd_uuid) - 1 (layout.c)
        int uuidLen = Uuid.FIELD_SIZE - 1;
        ClientRequest req = new ClientRequest(this, config.connectOpcode(), MsgFlags.version(MsgFlags.LUSTRE_OBD_VERSION),
                new int[] {uuidLen, uuidLen, 8, ObdConnectData.SIZE}, connectTimeout());
        putString(req.buf(1), config.targetUuid().value());
        putString(req.buf(2), config.clientUuid().value());
        req.buf(3).set(Le.U64, 0, dlmHandle);
        config.connectData().write(req.buf(4), 0);
        req.replyCapacity(LustreMsg.size(PtlrpcBody.SIZE_V3, ObdConnectData.SIZE));
        req.noResend().noDelay();
        connecting = req;
        req.future.whenComplete((reply, err) -> connectInterpret(req, reply, err));
        return req;
    }

    /**
     * How long a CONNECT may take: {@code INITIAL_CONNECT_TIMEOUT}, max(5 s, obd_timeout / 20),
     * and never more than the request timeout. A target not up yet drops the CONNECT (no request
     * buffers), and the next attempt should not wait a whole request timeout for it.
     */
    private Duration connectTimeout() {
        Duration t = config.timeout().dividedBy(20);
        if (t.compareTo(CONNECTION_SWITCH_MIN) < 0) {
            t = CONNECTION_SWITCH_MIN;
        }
        return t.compareTo(config.timeout()) > 0 ? config.timeout() : t;
    }

    /** {@code CONNECTION_SWITCH_MIN}. */
    private static final Duration CONNECTION_SWITCH_MIN = Duration.ofSeconds(5);

    private static void putString(MemorySegment b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, b, 0, Math.min(bytes.length, b.byteSize() - 1));
    }

    /** {@code ptlrpc_connect_interpret}. */
    private void connectInterpret(ClientRequest req, Reply reply, Throwable err) {
        List<ClientRequest> resend = List.of();
        CompletableFuture<Void> f;
        LustreException failure = null;
        synchronized (this) {
            if (connecting != req || state == ImportState.CLOSED) {
                return;
            }
            connecting = null;
            f = connectFuture;
            if (err == null && reply.status() == 0) {
                try {
                    ObdConnectData ocd = ObdConnectData.read(reply.buf(1, 8, "connect data"), 0,
                            reply.message().swabbed());
                    long handle = reply.body().handle();
                    boolean reconnect = (reply.body().opFlags() & MsgFlags.MSG_CONNECT_RECONNECT) != 0;
                    if (everConnected && !reconnect && handle != remoteHandle) {
                        log.logf(DebugMask.S_RPC, DebugMask.D_HA,
                                "%s: %s has a new connection for us (0x%x, was 0x%x): it restarted or evicted us",
                                config.name(), Nid.toString(currentNid()), handle, remoteHandle);
                    }
                    remoteHandle = handle;
                    granted = ocd;
                    msghdrFlags = LustreMsg.MSGHDR_CKSUM_INCOMPAT18
                            | ((ocd.connectFlags() & ConnectFlags.OBD_CONNECT_AT) != 0 ? LustreMsg.MSGHDR_AT_SUPPORT : 0);
                    everConnected = true;
                    setState(ImportState.FULL);
                    resend = new ArrayList<>(delayed);
                    delayed.clear();
                    log.logf(DebugMask.S_RPC, DebugMask.D_HA, "%s: Connection to %s (at %s) was restored",
                            config.name(), config.targetUuid().value(), Nid.toString(currentNid()));
                } catch (LustreException e) {
                    failure = e;
                }
            } else if (err != null) {
                failure = err instanceof LustreException le ? le
                        : new LustreException(Errno.EIO, config.name() + ": connect failed: " + err, err);
            } else {
                failure = new LustreException(reply.errno(), config.name() + ": " + config.targetUuid().value()
                        + " refused the connection: " + reply.errno().name());
            }
            if (failure != null) {
                setState(ImportState.DISCON);
                nextConnectNanos = System.nanoTime() + config.reconnectDelay().toNanos();
                nidIndex = (nidIndex + 1) % config.targetNids().size();
                log.logf(DebugMask.S_RPC, DebugMask.D_HA, "%s: connect to %s failed: %s", config.name(),
                        config.targetUuid().value(), failure.getMessage());
                failNoDelay(failure);
            }
        }
        if (failure != null) {
            f.completeExceptionally(failure);
            return;
        }
        f.complete(null);
        for (ClientRequest r : resend) {
            transmit(r);
        }
    }

    /** Fails waiting requests that asked not to wait; caller holds the lock. */
    private void failNoDelay(LustreException why) {
        for (var it = delayed.iterator(); it.hasNext();) {
            ClientRequest r = it.next();
            if (r.noDelay) {
                it.remove();
                r.future.completeExceptionally(why);
            }
        }
    }

    // ------------------------------------------------------------------ requests

    /**
     * A new request for {@code opcode}, with request buffers of these lengths after the
     * {@code ptlrpc_body}; {@code serviceVersion} is the {@code LUSTRE_*_VERSION} of the opcode.
     */
    public ClientRequest request(int opcode, int serviceVersion, int... lens) {
        return new ClientRequest(this, opcode, MsgFlags.version(serviceVersion), lens, config.timeout());
    }

    /**
     * Sends a request. The future completes with the reply (whatever its status), or
     * exceptionally when it cannot be sent or answered: {@link Errno#ETIMEDOUT} for a no-resend
     * request that timed out, {@link Errno#ESHUTDOWN} when the import closes, the connect error
     * for a no-delay request while disconnected.
     */
    public CompletableFuture<Reply> send(ClientRequest req) {
        if (req.imp != this) {
            throw new IllegalArgumentException(req + " belongs to another import");
        }
        boolean now;
        ClientRequest connect = null;
        synchronized (this) {
            if (state == ImportState.CLOSED) {
                req.future.completeExceptionally(new LustreException(Errno.ESHUTDOWN, config.name() + " is closed"));
                return req.future;
            }
            now = state == ImportState.FULL;
            if (!now) {
                if (req.noDelay && state != ImportState.NEW && state != ImportState.CONNECTING) {
                    req.future.completeExceptionally(new LustreException(Errno.ENOTCONN, config.name()
                            + " is not connected (" + state.label() + ")"));
                    return req.future;
                }
                synchronized (req) {
                    req.deadline = System.nanoTime() + req.timeout.toNanos();
                }
                delayed.add(req);
                if (state == ImportState.NEW) {
                    connect = prepareConnect();
                }
            }
        }
        if (connect != null) {
            transmit(connect);
        }
        if (now) {
            transmit(req);
        }
        return req.future;
    }

    /**
     * Sends and waits: the reply if its status is 0.
     *
     * @throws LustreException the reply's error, or why there was none
     */
    public Reply call(ClientRequest req) throws LustreException {
        Reply r = await(send(req), null, Opcodes.nameOrNumber(req.opcode));
        if (r.status() != 0) {
            throw new LustreException(r.errno(), config.name() + ": " + Opcodes.nameOrNumber(req.opcode) + " x"
                    + r.xid() + " failed: " + r.status());
        }
        return r;
    }

    static <T> T await(CompletableFuture<T> f, Duration limit, String what) throws LustreException {
        try {
            return limit == null ? f.get() : f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LustreException le) {
                throw le;
            }
            throw new LustreException(Errno.EIO, what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new LustreException(Errno.ETIMEDOUT, what + " did not finish in " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LustreException(Errno.EINTR, what + " interrupted");
        }
    }

    /** Sends one attempt of a request ({@code ptl_send_rpc}). */
    private void transmit(ClientRequest req) {
        long peerNid = currentNid();
        long handle = remoteHandle;
        int cnt = connCnt;
        lastSendNanos = System.nanoTime();
        ProcessId peer = ProcessId.lustre(peerNid);
        MemorySegment wire;
        MemoryDescriptor replyMd;
        int attempt;
        long xid;
        synchronized (req) {
            if (req.done) {
                return;
            }
            attempt = ++req.attempt;
            boolean resent = attempt > 1 && req.xid != 0;
            if (req.xid == 0) {
                req.xid = node.nextXid();
            }
            long mbits = 0;
            if (!req.bulk.isEmpty()) {
                // ptlrpc_set_bulk_mbits: the xid's for the first attempt, fresh ones for a resend so a
                // late bulk of the old attempt cannot land; pb_mbits names the last MD's
                long base = resent ? node.nextXid() : req.xid;
                mbits = base + req.bulk.size() - 1;
                registerBulk(req, peer, base, attempt);
            }
            xid = req.xid;
            // each attempt sends a copy: the one before may still be on its way out
            wire = MemorySegment.ofArray(req.msgBytes.clone());
            wire.set(Le.U32, LustreMsg.OFF_REPSIZE, req.replyCapacity);
            req.sentFlags = msghdrFlags;
            wire.set(Le.U32, LustreMsg.OFF_FLAGS, req.sentFlags);
            PtlrpcBody b = PtlrpcBody.of(wire.asSlice(req.msg.bufOffset(0), req.msg.bufLen(0)));
            b.handle(handle).type(MsgFlags.PTL_RPC_MSG_REQUEST).version(req.version).opc(req.opcode)
                    .lastXid(0).connCnt(cnt).timeout((int) Math.max(1, req.timeout.toSeconds()))
                    .mbits(mbits).flags(resent ? MsgFlags.MSG_RESENT : 0)
                    .opFlags(req == connecting ? connectOpFlags() : 0);
            final int att = attempt;
            // early replies land at offset 0, the reply at lustre_msg_early_size (null_alloc_repbuf)
            replyMd = lnet.attach(config.replyPortal(), peer, xid, 0, Lnet.Position.AFTER,
                    MemoryDescriptor.builder(MemorySegment.ofArray(new byte[LustreMsg.EARLY_SIZE + req.replyCapacity]))
                            .options(MdOptions.OP_PUT | MdOptions.MANAGE_REMOTE | MdOptions.TRUNCATE)
                            .handler(ev -> replyIn(req, att, ev)));
            req.replyMd = replyMd;
            long now = System.nanoTime();
            req.sentNanos = now;
            if (req.firstSentNanos == 0) {
                req.firstSentNanos = now;
            }
            req.deadline = now + req.timeout.toNanos();
        }
        sending.put(xid, req);
        if (log.enabled(DebugMask.S_RPC, DebugMask.D_RPCTRACE)) {
            log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE,
                    "Sending RPC req x%d pname:cluuid:pid:xid:nid:opc %s:%s:%d:%d:%s:%d%s",
                    xid, Thread.currentThread().getName(), config.clientUuid().value(), peer.pid(), xid,
                    Nid.toString(peerNid), req.opcode, attempt > 1 ? " (resent)" : "");
        }
        try {
            MemoryDescriptor md = lnet.bind(MemoryDescriptor.builder(wire).threshold(1)
                    .handler(ev -> requestOut(req, attempt, ev)));
            lnet.put(md, false, peer, config.requestPortal(), xid, 0, 0);
        } catch (LustreException e) {
            netError(req, attempt, e.errno().value() * -1, e.getMessage());
        }
    }

    private int connectOpFlags() {
        // caller holds the import lock
        int f = MsgFlags.MSG_CONNECT_NEXT_VER;
        if (!everConnected) {
            f |= MsgFlags.MSG_CONNECT_INITIAL;
        }
        return f;
    }

    private void registerBulk(ClientRequest req, ProcessId peer, long base, int attempt) {
        req.bulkMds = new ArrayList<>(req.bulk.size());
        req.bulkLeft = req.bulk.size();
        int op = req.bulkType == ClientRequest.BulkType.GET_SOURCE ? MdOptions.OP_GET : MdOptions.OP_PUT;
        for (int i = 0; i < req.bulk.size(); i++) {
            MemoryDescriptor md = lnet.attach(config.bulkPortal(), peer, base + i, 0, Lnet.Position.AFTER,
                    MemoryDescriptor.builder(req.bulk.get(i)).options(op).threshold(1)
                            .handler(ev -> bulkIn(req, attempt, ev)));
            req.bulkMds.add(md);
        }
    }

    /** {@code request_out_callback}: the request left, or could not. */
    private void requestOut(ClientRequest req, int attempt, LnetEvent ev) {
        if (ev.type() == LnetEvent.Type.SEND && ev.status() != 0) {
            netError(req, attempt, ev.status(), "send failed: " + ev.status());
        }
    }

    /** {@code client_bulk_callback}. */
    private void bulkIn(ClientRequest req, int attempt, LnetEvent ev) {
        Reply complete = null;
        synchronized (req) {
            if (req.attempt != attempt || req.done) {
                return;
            }
            if (ev.status() != 0) {
                log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: bulk of x%d failed: %d", config.name(), req.xid,
                        ev.status());
            }
            if (ev.unlinked()) {
                req.bulkLeft--;
                if (req.bulkLeft == 0 && req.pendingReply != null) {
                    complete = req.pendingReply;
                }
            }
        }
        if (complete != null) {
            finish(req, complete);
        }
    }

    /** {@code reply_in_callback}. */
    private void replyIn(ClientRequest req, int attempt, LnetEvent ev) {
        if (ev.type() != LnetEvent.Type.PUT) {
            return;
        }
        if (ev.status() != 0) {
            netError(req, attempt, ev.status(), "reply lost: " + ev.status());
            return;
        }
        Reply reply;
        synchronized (req) {
            if (req.attempt != attempt || req.done) {
                return;
            }
            if (ev.offset() == 0 && (req.sentFlags & LustreMsg.MSGHDR_AT_SUPPORT) != 0) {
                // an early reply: the server is still at it (ptlrpc_at_recv_early_reply)
                log.logf(DebugMask.S_RPC, DebugMask.D_OTHER, "%s: early reply for x%d", config.name(), req.xid);
                req.deadline = System.nanoTime() + req.timeout.toNanos();
                return;
            }
            lnet.unlink(ev.md());
            if (ev.mlength() < ev.rlength()) {
                // truncated: post a buffer as large as the reply and ask again (rq_reply_truncated)
                log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE, "%s: reply of x%d truncated (%d of %d bytes): resend",
                        config.name(), req.xid, ev.mlength(), ev.rlength());
                req.replyCapacity = ev.rlength();
                unlinkBulk(req);
                sending.remove(req.xid, req);
                reply = null;
            } else {
                try {
                    LustreMsg m = LustreMsg.unpack(ev.data());
                    PtlrpcBody b = m.body();
                    if (b.type() != MsgFlags.PTL_RPC_MSG_REPLY && b.type() != MsgFlags.PTL_RPC_MSG_ERR) {
                        throw new LustreException(Errno.EPROTO, "reply of type " + b.type());
                    }
                    reply = new Reply(req.xid, m, b);
                } catch (LustreException e) {
                    log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: bad reply to x%d from %s: %s",
                            config.name(), req.xid, ev.target(), e.getMessage());
                    req.done = true;
                    sending.remove(req.xid, req);
                    unlinkBulk(req);
                    req.future.completeExceptionally(new LustreException(Errno.EPROTO, config.name()
                            + ": bad reply to x" + req.xid + ": " + e.getMessage()));
                    return;
                }
            }
        }
        if (reply == null) {
            transmit(req);
            return;
        }
        int status = reply.status();
        if ((status == -Errno.ENOTCONN.value() || status == -Errno.ENODEV.value()) && req != connecting
                && !req.noResend) {
            // ptlrpc_request_handle_notconn: the target lost our export; reconnect, then resend
            synchronized (req) {
                sending.remove(req.xid, req);
                unlinkBulk(req);
            }
            synchronized (this) {
                if (state != ImportState.CLOSED) {
                    delayed.add(req);
                }
            }
            fail("target " + config.targetUuid().value() + " does not know our connection (" + status + ")");
            return;
        }
        boolean wait;
        synchronized (req) {
            wait = status == 0 && req.bulkLeft > 0;
            if (wait) {
                req.pendingReply = reply;
            } else {
                unlinkBulk(req);
            }
        }
        if (!wait) {
            finish(req, reply);
        }
    }

    private void unlinkBulk(ClientRequest req) {
        // caller holds the request's lock
        for (Object md : req.bulkMds) {
            lnet.unlink((MemoryDescriptor) md);
        }
        req.bulkMds = List.of();
        req.bulkLeft = 0;
    }

    private void finish(ClientRequest req, Reply reply) {
        long rtt;
        synchronized (req) {
            if (req.done) {
                return;
            }
            req.done = true;
            sending.remove(req.xid, req);
            rtt = (System.nanoTime() - req.sentNanos) / 1000;
        }
        stats.counter("req_waittime", "usec").add(rtt);
        stats.counter(Opcodes.nameOrNumber(req.opcode), "usec").add(rtt);
        if (log.enabled(DebugMask.S_RPC, DebugMask.D_RPCTRACE)) {
            log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE,
                    "Completed RPC req x%d pname:cluuid:pid:xid:nid:opc %s:%s:%d:%d:%s:%d status %d", req.xid,
                    Thread.currentThread().getName(), config.clientUuid().value(), 12345, req.xid,
                    Nid.toString(currentNid()), req.opcode, reply.status());
        }
        req.future.complete(reply);
    }

    /** The request could not be sent or its reply was lost. */
    private void netError(ClientRequest req, int attempt, int status, String why) {
        synchronized (req) {
            if (req.attempt != attempt || req.done) {
                return;
            }
        }
        expire(req, Errno.ofOrNull(status) != null ? Errno.ofOrNull(status) : Errno.EIO, why);
    }

    /**
     * A request failed on the network or timed out ({@code ptlrpc_expire_one_request}): a
     * no-resend request fails; the others wait for the reconnect this starts.
     */
    private void expire(ClientRequest req, Errno errno, String why) {
        boolean failIt;
        synchronized (req) {
            if (req.done) {
                return;
            }
            sending.remove(req.xid, req);
            if (req.replyMd != null) {
                lnet.unlink((MemoryDescriptor) req.replyMd);
            }
            unlinkBulk(req);
            failIt = req.noResend;
            if (failIt) {
                req.done = true;
            }
        }
        if (failIt) {
            req.future.completeExceptionally(new LustreException(errno, config.name() + ": "
                    + Opcodes.nameOrNumber(req.opcode) + " x" + req.xid + " to " + Nid.toString(currentNid()) + ": "
                    + why));
        } else {
            synchronized (this) {
                if (state == ImportState.CLOSED) {
                    req.future.completeExceptionally(new LustreException(Errno.ESHUTDOWN, config.name() + " is closed"));
                    return;
                }
                delayed.add(req);
            }
        }
        fail(Opcodes.nameOrNumber(req.opcode) + " x" + req.xid + ": " + why);
    }

    /**
     * The connection failed ({@code ptlrpc_fail_import}): DISCON, every request in flight is
     * queued for resending, and a reconnect starts.
     */
    private void fail(String why) {
        List<ClientRequest> requeue = new ArrayList<>();
        ClientRequest connect = null;
        synchronized (this) {
            if (state != ImportState.FULL) {
                if (state == ImportState.DISCON || state == ImportState.NEW) {
                    nextConnectNanos = Math.min(nextConnectNanos, System.nanoTime());
                }
                return;
            }
            log.logf(DebugMask.S_RPC, DebugMask.D_HA,
                    "%s: Connection to %s (at %s) was lost; in progress operations using this service will wait for "
                            + "recovery to complete: %s",
                    config.name(), config.targetUuid().value(), Nid.toString(currentNid()), why);
            setState(ImportState.DISCON);
            for (ClientRequest r : sending.values()) {
                requeue.add(r);
            }
            connect = prepareConnect();
        }
        for (ClientRequest r : requeue) {
            boolean failIt;
            synchronized (r) {
                if (r.done || r == connect) {
                    continue;
                }
                sending.remove(r.xid, r);
                if (r.replyMd != null) {
                    lnet.unlink((MemoryDescriptor) r.replyMd);
                }
                unlinkBulk(r);
                failIt = r.noResend;
                if (failIt) {
                    r.done = true;
                }
            }
            if (failIt) {
                r.future.completeExceptionally(new LustreException(Errno.ENOTCONN, config.name() + ": connection lost: "
                        + why));
            } else {
                synchronized (this) {
                    delayed.add(r);
                }
            }
        }
        transmit(connect);
    }

    /** LNet lost the peer (connection closed, peer restarted). */
    void peerDown(long nid, int status) {
        boolean ours;
        synchronized (this) {
            ours = nid == currentNid() && (state == ImportState.FULL || state == ImportState.CONNECTING);
        }
        if (!ours) {
            return;
        }
        ClientRequest c;
        synchronized (this) {
            c = state == ImportState.CONNECTING ? connecting : null;
        }
        if (c != null) {
            expire(c, Errno.ECONNRESET, "peer " + Nid.toString(nid) + " went away");
        } else {
            fail("peer " + Nid.toString(nid) + " went away (" + status + ")");
        }
    }

    /** The timer: expiry, pings, reconnects ({@code ptlrpc_expired_set}, the pinger). */
    void tick(long now) {
        for (ClientRequest r : sending.values()) {
            long deadline;
            synchronized (r) {
                deadline = r.deadline;
            }
            if (now - deadline > 0) {
                timeouts.increment();
                stats.counter("req_timeout", "reqs").add(1);
                log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: Request x%d sent to %s has timed out for slow "
                        + "reply after %d ms", config.name(), r.xid(), Nid.toString(currentNid()),
                        r.timeout.toMillis());
                expire(r, Errno.ETIMEDOUT, "timed out after " + r.timeout.toMillis() + " ms");
            }
        }
        ClientRequest connect = null;
        boolean ping = false;
        List<ClientRequest> expired = new ArrayList<>();
        synchronized (this) {
            // a no-resend request does not wait for recovery longer than its timeout
            for (var it = delayed.iterator(); it.hasNext();) {
                ClientRequest r = it.next();
                if (r.noResend && r != connecting && now - r.deadline > 0) {
                    it.remove();
                    expired.add(r);
                }
            }
            if (state == ImportState.DISCON && now - nextConnectNanos >= 0) {
                connect = prepareConnect();
            } else if (state == ImportState.FULL && !config.pingInterval().isZero()
                    && now - lastSendNanos > config.pingInterval().toNanos()) {
                ping = true;
                lastSendNanos = now;
            }
        }
        for (ClientRequest r : expired) {
            synchronized (r) {
                if (r.done) {
                    continue;
                }
                r.done = true;
            }
            r.future.completeExceptionally(new LustreException(Errno.ETIMEDOUT, config.name() + ": "
                    + Opcodes.nameOrNumber(r.opcode) + " waited " + r.timeout.toMillis() + " ms for "
                    + config.targetUuid().value() + " to come back"));
        }
        if (connect != null) {
            transmit(connect);
        }
        if (ping) {
            send(request(Opcodes.OBD_PING, MsgFlags.LUSTRE_OBD_VERSION).noResend().noDelay());
        }
    }

    /**
     * Sends an OBD_PING and waits for its reply; like the pinger's, it neither waits for a
     * reconnect nor is resent ({@link Errno#ENOTCONN} while disconnected).
     */
    public Reply ping() throws LustreException {
        return call(request(Opcodes.OBD_PING, MsgFlags.LUSTRE_OBD_VERSION).noResend().noDelay());
    }

    // ------------------------------------------------------------------ disconnect

    /**
     * Disconnects ({@code ptlrpc_disconnect_import}): a DISCONNECT when connected, then CLOSED;
     * requests still waiting fail with {@link Errno#ESHUTDOWN}.
     */
    @Override
    public void close() {
        boolean full;
        synchronized (this) {
            if (state == ImportState.CLOSED) {
                return;
            }
            full = state == ImportState.FULL;
        }
        if (full && config.disconnectOpcode() != 0) {
            try {
                call(request(config.disconnectOpcode(), MsgFlags.LUSTRE_OBD_VERSION).noResend().noDelay()
                        .timeout(config.timeout()));
            } catch (LustreException e) {
                log.logf(DebugMask.S_RPC, DebugMask.D_HA, "%s: disconnect: %s", config.name(), e.getMessage());
            }
        }
        abort();
    }

    /** Closes without telling the target. */
    void abort() {
        List<ClientRequest> all = new ArrayList<>();
        CompletableFuture<Void> f;
        synchronized (this) {
            if (state == ImportState.CLOSED) {
                return;
            }
            setState(ImportState.CLOSED);
            all.addAll(delayed);
            delayed.clear();
            all.addAll(sending.values());
            f = connectFuture;
        }
        LustreException shut = new LustreException(Errno.ESHUTDOWN, config.name() + " is closed");
        for (ClientRequest r : all) {
            synchronized (r) {
                if (r.done) {
                    continue;
                }
                r.done = true;
                sending.remove(r.xid, r);
                if (r.replyMd != null) {
                    lnet.unlink((MemoryDescriptor) r.replyMd);
                }
                unlinkBulk(r);
            }
            r.future.completeExceptionally(shut);
        }
        f.completeExceptionally(shut);
        node.unregister(this);
        params.close();
    }

    // ------------------------------------------------------------------ parameters

    private synchronized String renderState() {
        StringBuilder sb = new StringBuilder("current_state: ").append(state.label()).append("\nstate_history:\n");
        for (String h : history) {
            String[] p = h.split(" ");
            sb.append(" - [ ").append(p[0]).append(", ").append(p[1]).append(" ]\n");
        }
        return sb.toString();
    }

    private synchronized String renderImport() {
        // the layout of lprocfs_import_seq_show, with what jlustre tracks
        StringBuilder sb = new StringBuilder();
        sb.append("import:\n");
        sb.append("    name: ").append(config.name()).append('\n');
        sb.append("    target: ").append(config.targetUuid().value()).append('\n');
        sb.append("    state: ").append(state.label()).append('\n');
        sb.append(String.format(Locale.ROOT, "    connect_flags: %#x%n", granted != null ? granted.connectFlags() : 0));
        if (granted != null) {
            sb.append("    connect_data:\n");
            sb.append("       flags: ").append(String.format(Locale.ROOT, "%#x", granted.connectFlags())).append('\n');
            sb.append("       instance: ").append(granted.instance()).append('\n');
            sb.append("       target_version: ").append(ObdConnectData.versionString(granted.version())).append('\n');
        }
        sb.append("    connection:\n");
        sb.append("       failover_nids: [ ");
        for (int i = 0; i < config.targetNids().size(); i++) {
            sb.append(i > 0 ? ", " : "").append(config.targetNids().get(i));
        }
        sb.append(" ]\n");
        sb.append("       current_connection: ").append(config.targetNids().get(nidIndex)).append('\n');
        sb.append("       connection_attempts: ").append(connectAttempts).append('\n');
        sb.append("       generation: ").append(connCnt).append('\n');
        sb.append("    rpcs:\n");
        sb.append("       inflight: ").append(sending.size()).append('\n');
        sb.append("       delayed: ").append(delayed.size()).append('\n');
        sb.append("       timeouts: ").append(timeouts.sum()).append('\n');
        LprocfsStats.Counter w = stats.find("req_waittime");
        long avg = w != null && w.count() > 0 ? w.sum() / w.count() : 0;
        sb.append("       avg_waittime: ").append(avg).append(" usec\n");
        return sb.toString();
    }
}
