package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.LprocfsStats;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * An import's connection state machine (lustre/ptlrpc/import.c): the CONNECT and what its reply
 * grants ({@code ptlrpc_connect_import}, {@code ptlrpc_connect_interpret}), the requests that wait
 * for a connection, the failure that starts a reconnect ({@code ptlrpc_fail_import}), the
 * pinger's and the reconnect's timing, and closing. The requests on the wire are
 * {@link InFlightRequests}'; this class hands them CONNECTs to send and requests to resend.
 *
 * <p>Its monitor is the import lock ({@code imp_lock}). Where both are held, the import lock is
 * taken first and a request's monitor inside it (only {@link #send}, on a request not yet sent).
 * Code holding a request's monitor uses only the unlocked accessors below. No future completes
 * under either lock, so a caller's callback (such as {@link #connectInterpret}) may take them.
 *
 * <p>Nothing waits forever: a request waits for a connection at most its delay limit
 * ({@code rq_delay_limit}, checked by {@link #tick}), and a failed connect is tried again after
 * {@code reconnectDelay}, doubled after each failure up to {@link #RECONNECT_DELAY_MAX}.
 */
final class ImportConnection {

    /** {@code CONNECTION_SWITCH_MIN}: the shortest CONNECT timeout. */
    private static final Duration CONNECTION_SWITCH_MIN = Duration.ofSeconds(5);
    /**
     * {@code RECONNECT_DELAY_MAX} (obd_support.h, 60 s with the default obd_timeout): the longest
     * wait between connects to a target that does not answer, as socklnd's
     * {@code max_reconnectms}.
     */
    static final Duration RECONNECT_DELAY_MAX = Duration.ofSeconds(60);
    /**
     * A fail point (jlustre's own id; Lustre 2.15 uses none in 0x5a0..0x5ff): a request taken off
     * the wire pauses up to {@link #REQUEUE_PAUSE_MS} before it is queued for the reconnect, so a
     * test can close the import in between.
     */
    static final int OBD_FAIL_PTLRPC_REQUEUE_PAUSE = 0x5a0;
    /** How long {@link #OBD_FAIL_PTLRPC_REQUEUE_PAUSE} pauses, unless fail_loc is cleared sooner. */
    static final long REQUEUE_PAUSE_MS = 2000;

    /** The facade, which the CONNECTs this builds belong to. */
    private final Import imp;
    /** The node, for its clock. */
    private final Ptlrpc node;
    /** What to connect to and how. */
    private final ImportConfig config;
    /** The debug log the state changes go to. */
    private final DebugLog log;
    /** The requests on the wire, which a failed connection takes back for resending. */
    private final InFlightRequests requests;
    /** {@code imp_dlm_handle}: our own cookie, sent in CONNECT's RMF_CONN; a reconnect repeats it. */
    private final long dlmHandle;

    /**
     * {@code imp_state}; written under the lock, read without it on the send path (a request
     * that found it FULL checks again once it is in the in-flight table, see
     * {@link InFlightRequests#transmit}).
     */
    private volatile ImportState state = ImportState.NEW;
    /** {@code imp_delayed_list}: requests waiting for a connection; guarded by this. */
    private final ArrayDeque<ClientRequest> delayed = new ArrayDeque<>();
    /** The last 16 state changes, "seconds.micros label", for the state parameter; guarded by this. */
    private final ArrayDeque<String> history = new ArrayDeque<>();
    /** What the target granted at the last connect, or null; guarded by this. */
    private ObdConnectData granted;
    /** Completes when a connect reaches FULL; replaced once done; guarded by this. */
    private CompletableFuture<Void> connectFuture = new CompletableFuture<>();
    /** The CONNECT in flight, or null; guarded by this. */
    private ClientRequest connecting;
    /** When a DISCON import may try again; guarded by this. */
    private long nextConnectNanos;
    /** How long to wait after the next failed connect: doubles per failure, reset when FULL; guarded by this. */
    private long reconnectBackoffNanos;
    /** CONNECTs sent, for the import parameter; guarded by this. */
    private long connectAttempts;
    /** Whether a CONNECT ever succeeded, to tell a restarted target from a reconnect; guarded by this. */
    private boolean everConnected;
    /** {@code imp_remote_handle}; written under the lock, read without it on the send path. */
    private volatile long remoteHandle;
    /** {@code imp_conn_cnt}; written under the lock, read without it on the send path. */
    private volatile int connCnt;
    /** Which of the target's NIDs we use; written under the lock, read without it. */
    private volatile int nidIndex;
    /** When a request last left, for the pinger; written by the send path without the lock. */
    private volatile long lastSendNanos = System.nanoTime();
    /**
     * {@code imp_msghdr_flags}: 0 until connected, then CKSUM_INCOMPAT18, and AT_SUPPORT if the
     * target granted OBD_CONNECT_AT ({@code ptlrpc_connect_set_flags}); AT_SUPPORT makes the
     * server put the reply past the early-reply room. Written under the lock, read without it.
     */
    private volatile int msghdrFlags;
    /**
     * Whether the target granted {@code OBD_CONNECT2_REP_MBITS} at the last connect: replies
     * then come to {@code pb_mbits} rather than the xid ({@code ptl_send_rpc}). Written under
     * the lock, read without it.
     */
    private volatile boolean replyMbits;

    /** A NEW connection for {@code imp}, with its own in-flight table counting into {@code stats}. */
    ImportConnection(Import imp, Ptlrpc node, ImportConfig config, LprocfsStats stats) {
        this.imp = imp;
        this.node = node;
        this.config = config;
        this.log = node.libcfs().debug();
        this.dlmHandle = node.newCookie();
        this.requests = new InFlightRequests(this, node, config, stats);
        this.reconnectBackoffNanos = config.reconnectDelay().toNanos();
    }

    /** The requests on the wire. */
    InFlightRequests requests() {
        return requests;
    }

    /** The current state; takes the lock. */
    synchronized ImportState state() {
        return state;
    }

    /** Whether the import is FULL; a volatile read, no lock. */
    boolean fullUnlocked() {
        return state == ImportState.FULL;
    }

    /** {@code imp_remote_handle}; takes the lock. */
    synchronized long remoteHandle() {
        return remoteHandle;
    }

    /** {@code imp_conn_cnt}; takes the lock. */
    synchronized int connCnt() {
        return connCnt;
    }

    /** What the target granted at the last connect, or null; takes the lock. */
    synchronized ObdConnectData connectData() {
        return granted;
    }

    /** The NID we talk to now; a volatile read, no lock. */
    long currentNid() {
        return config.targetNids().get(nidIndex).toLnetNid();
    }

    /** {@code imp_remote_handle} for a request going out; a volatile read, no lock. */
    long remoteHandleUnlocked() {
        return remoteHandle;
    }

    /** {@code imp_conn_cnt} for a request going out; a volatile read, no lock. */
    int connCntUnlocked() {
        return connCnt;
    }

    /** {@code imp_msghdr_flags} for a request going out; a volatile read, no lock. */
    int msghdrFlags() {
        return msghdrFlags;
    }

    /** Whether replies come to {@code pb_mbits} ({@code OBD_CONNECT2_REP_MBITS}); a volatile read, no lock. */
    boolean replyMbits() {
        return replyMbits;
    }

    /** Notes that a request left now, so the pinger stays quiet; no lock. */
    void sentAt(long nanos) {
        lastSendNanos = nanos;
    }

    /**
     * The CONNECT's {@code pb_op_flags}: {@code MSG_CONNECT_INITIAL} while the target has given
     * us no handle ({@code ptlrpc_connect_import}: 2.15 no longer sets MSG_CONNECT_NEXT_VER, and
     * there are no replays to report with {@code MSG_CONNECT_TRANSNO}). Caller holds the lock.
     */
    private int connectOpFlags() {
        return remoteHandle == 0 ? MsgFlags.MSG_CONNECT_INITIAL : 0;
    }

    /** Moves to state {@code s}, logging it and keeping its history; caller holds the lock. */
    private void setState(ImportState s) {
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
     * Connects or returns the connect in progress ({@link Import#connect}); takes the lock, and
     * sends the CONNECT after releasing it.
     */
    CompletableFuture<Void> connect() {
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
            requests.transmit(req);
        }
        return f;
    }

    /**
     * Builds the CONNECT ({@code ptlrpc_connect_import}) and goes CONNECTING; caller holds the
     * lock. Its buffers are {@code obd_connect_client}'s (layout.c): target and client UUIDs,
     * our handle, the connect data and an empty SELinux policy; it goes out with no
     * {@code lm_flags}, as those are renegotiated.
     */
    private ClientRequest prepareConnect() {
        setState(ImportState.CONNECTING);
        connCnt++;
        connectAttempts++;
        msghdrFlags = 0;
        // RMF_TGTUUID and RMF_CLUUID: sizeof(struct obd_uuid) - 1; RMF_SELINUX_POL: none (layout.c)
        int uuidLen = Uuid.FIELD_SIZE - 1;
        ClientRequest req = new ClientRequest(imp, config.connectOpcode(), MsgFlags.version(MsgFlags.LUSTRE_OBD_VERSION),
                new int[] {uuidLen, uuidLen, 8, ObdConnectData.SIZE, 0}, connectTimeout());
        putString(req.buf(1), config.targetUuid().value());
        putString(req.buf(2), config.clientUuid().value());
        req.buf(3).set(Le.U64, 0, dlmHandle);
        config.connectData().write(req.buf(4), 0);
        // "a slightly larger reply for future growth": connect data of 192 + 16 * 8 bytes
        req.replyCapacity(LustreMsg.size(PtlrpcBody.SIZE_V3, ObdConnectData.SIZE + 16 * 8));
        req.noResend().noDelay();
        req.connect = true;
        req.connectOpFlags = connectOpFlags();
        req.queuedNanos = System.nanoTime();
        req.stampSender();
        connecting = req;
        req.future.whenComplete((reply, err) -> connectInterpret(req, reply, err));
        return req;
    }

    /**
     * How long a CONNECT (and a DISCONNECT) may take: {@code INITIAL_CONNECT_TIMEOUT}, and never
     * more than the request timeout. A target not up yet drops the CONNECT (no request buffers),
     * and the next attempt should not wait a whole request timeout for it. No lock: it depends on
     * the configuration only.
     */
    Duration connectTimeout() {
        Duration t = initialConnectTimeout(config);
        return t.compareTo(config.timeout()) > 0 ? config.timeout() : t;
    }

    /**
     * {@code INITIAL_CONNECT_TIMEOUT}, max(5 s, obd_timeout / 20) (obd_support.h): a CONNECT's
     * timeout and the service estimate an import starts with ({@code init_imp_at}).
     */
    static Duration initialConnectTimeout(ImportConfig config) {
        Duration t = config.timeout().dividedBy(20);
        return t.compareTo(CONNECTION_SWITCH_MIN) < 0 ? CONNECTION_SWITCH_MIN : t;
    }

    /** Writes {@code s} NUL-terminated into a fixed-size UUID field, cut to fit. */
    private static void putString(MemorySegment b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, b, 0, Math.min(bytes.length, b.byteSize() - 1));
    }

    /**
     * The CONNECT's outcome ({@code ptlrpc_connect_interpret}): FULL and the waiting requests
     * sent, or DISCON with the next NID and a retry later. Takes the lock; sends after releasing
     * it. Runs on whatever thread completes the CONNECT's future.
     */
    private void connectInterpret(ClientRequest req, Reply reply, Throwable err) {
        List<ClientRequest> resend = List.of();
        List<ClientRequest> refused = List.of();
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
                    replyMbits = (ocd.connectFlags() & ConnectFlags.OBD_CONNECT_FLAGS2) != 0
                            && (ocd.connectFlags2() & ConnectFlags.OBD_CONNECT2_REP_MBITS) != 0;
                    everConnected = true;
                    reconnectBackoffNanos = config.reconnectDelay().toNanos();
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
                // back off as the pinger and socklnd do: a target that is down is not asked every tick
                nextConnectNanos = System.nanoTime() + reconnectBackoffNanos;
                log.logf(DebugMask.S_RPC, DebugMask.D_HA, "%s: connect to %s failed: %s; next try in %d ms",
                        config.name(), config.targetUuid().value(), failure.getMessage(),
                        reconnectBackoffNanos / 1_000_000);
                reconnectBackoffNanos = Math.min(RECONNECT_DELAY_MAX.toNanos(),
                        Math.max(2 * reconnectBackoffNanos, 1_000_000L));
                nidIndex = (nidIndex + 1) % config.targetNids().size();
                refused = takeNoDelay();
            }
        }
        if (failure != null) {
            for (ClientRequest r : refused) {
                r.fail(failure);
            }
            f.completeExceptionally(failure);
            return;
        }
        f.complete(null);
        for (ClientRequest r : resend) {
            requests.transmit(r);
        }
    }

    /** Takes the waiting requests that asked not to wait off the queue, for failing; caller holds the lock. */
    private List<ClientRequest> takeNoDelay() {
        List<ClientRequest> out = new ArrayList<>();
        for (var it = delayed.iterator(); it.hasNext();) {
            ClientRequest r = it.next();
            if (r.noDelay) {
                it.remove();
                out.add(r);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ requests waiting for a connection

    /**
     * Sends {@code req} now when FULL; otherwise queues it until connected (starting the first
     * connect from NEW), or fails it: closed, or no-delay while disconnected ({@link Import#send}).
     * Takes the lock; sends, or fails the request, after releasing it.
     */
    void send(ClientRequest req) {
        boolean now;
        ClientRequest connect = null;
        LustreException refused = null;
        synchronized (this) {
            req.queuedNanos = System.nanoTime();
            if (state == ImportState.CLOSED) {
                refused = new LustreException(Errno.ESHUTDOWN, config.name() + " is closed");
                now = false;
            } else if (state == ImportState.FULL) {
                now = true;
            } else if (req.noDelay && state != ImportState.NEW && state != ImportState.CONNECTING) {
                refused = new LustreException(Errno.ENOTCONN, config.name() + " is not connected (" + state.label()
                        + ")");
                now = false;
            } else {
                now = false;
                delayed.add(req);
                if (state == ImportState.NEW) {
                    connect = prepareConnect();
                }
            }
        }
        if (refused != null) {
            req.fail(refused);
            return;
        }
        if (connect != null) {
            requests.transmit(connect);
        }
        if (now) {
            requests.transmit(req);
        }
    }

    /** {@link #takeBack}'s attempt that matches whichever attempt is on the wire. */
    static final int ANY_ATTEMPT = -1;

    /**
     * Takes a request's attempt (or any, {@link #ANY_ATTEMPT}) off the wire because the
     * connection failed: a no-resend request, or one past its delay limit, fails; the others
     * wait for the reconnect. Does nothing when another thread took the attempt back first.
     * Takes the request's monitor, then the lock after releasing it; the caller holds neither.
     */
    void takeBack(ClientRequest r, int attempt, long now, String why) {
        boolean failIt;
        boolean late;
        synchronized (r) {
            if (r.done || attempt != ANY_ATTEMPT && r.attempt != attempt || !requests.takeOff(r)) {
                return;
            }
            late = r.waitedTooLong(now);
            failIt = r.noResend || late;
            if (failIt) {
                r.done = true;
            }
        }
        if (failIt) {
            r.future.completeExceptionally(new LustreException(late ? Errno.ETIMEDOUT : Errno.ENOTCONN,
                    config.name() + ": connection lost: " + why));
        } else {
            node.libcfs().failLoc().timeoutMs(OBD_FAIL_PTLRPC_REQUEUE_PAUSE, REQUEUE_PAUSE_MS);
            requeueOrShutDown(r);
        }
    }

    /**
     * Queues a request taken off the wire to wait for the reconnect, or, when closed, fails it
     * with {@link Errno#ESHUTDOWN} (after releasing the lock) and returns false. Either way the
     * request is accounted for: {@link #abort} fails what is queued. Takes the lock; the caller
     * holds neither it nor the request's.
     */
    boolean requeueOrShutDown(ClientRequest req) {
        synchronized (this) {
            if (state != ImportState.CLOSED) {
                delayed.add(req);
                return true;
            }
        }
        req.fail(new LustreException(Errno.ESHUTDOWN, config.name() + " is closed"));
        return false;
    }

    /**
     * Withdraws a request its caller stopped waiting for ({@link Import#call} past its bound, or
     * interrupted): off the queue or the wire, failed with {@code why}. Takes the lock, then the
     * request's after releasing it; the caller holds neither.
     */
    void cancel(ClientRequest req, LustreException why) {
        synchronized (this) {
            delayed.remove(req);
        }
        if (withdraw(req)) {
            req.future.completeExceptionally(why);
        }
    }

    /**
     * Marks a request done and takes it off the wire, for failing it: false when it was done
     * already. Takes the request's monitor; the caller holds no lock.
     */
    private boolean withdraw(ClientRequest req) {
        synchronized (req) {
            if (req.done) {
                return false;
            }
            req.done = true;
            requests.detach(req);
        }
        return true;
    }

    // ------------------------------------------------------------------ failure and reconnect

    /**
     * The connection failed ({@code ptlrpc_fail_import}): DISCON, every request in flight is
     * queued for resending (a no-resend one, or one past its delay limit, fails), and a reconnect
     * starts. Not FULL: nothing to do, the reconnect already pending keeps its back-off. Takes
     * the lock, then each request's after releasing it; the caller holds neither.
     */
    void fail(String why) {
        List<ClientRequest> requeue = new ArrayList<>();
        ClientRequest connect = null;
        synchronized (this) {
            if (state != ImportState.FULL) {
                return;
            }
            log.logf(DebugMask.S_RPC, DebugMask.D_HA,
                    "%s: Connection to %s (at %s) was lost; in progress operations using this service will wait for "
                            + "recovery to complete: %s",
                    config.name(), config.targetUuid().value(), Nid.toString(currentNid()), why);
            setState(ImportState.DISCON);
            requeue.addAll(requests.inFlight());
            connect = prepareConnect();
        }
        long now = System.nanoTime();
        for (ClientRequest r : requeue) {
            if (r != connect) {
                takeBack(r, ANY_ATTEMPT, now, why);
            }
        }
        requests.transmit(connect);
    }

    /**
     * LNet lost the peer (connection closed, peer restarted): the CONNECT in flight fails with
     * {@link Errno#ECONNRESET}, or a FULL import fails. Takes the lock twice; acts after releasing it.
     */
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
            requests.expire(c, Errno.ECONNRESET, "peer " + Nid.toString(nid) + " went away");
        } else {
            fail("peer " + Nid.toString(nid) + " went away (" + status + ")");
        }
    }

    /**
     * The timer's connection work (the pinger, {@code ptlrpc_pinger_main}): fails the requests
     * that waited for a connection past their delay limit ({@code ptlrpc_import_delay_req}: "send
     * limit expired", {@code -ETIMEDOUT}), starts a due reconnect, and says whether the import was
     * idle long enough to ping. Takes the lock; completes and sends after releasing it.
     *
     * @return whether to send a ping now
     */
    boolean tick(long now) {
        ClientRequest connect = null;
        boolean ping = false;
        List<ClientRequest> expired = new ArrayList<>();
        synchronized (this) {
            for (var it = delayed.iterator(); it.hasNext();) {
                ClientRequest r = it.next();
                if (r != connecting && r.waitedTooLong(now)) {
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
                    + Opcodes.nameOrNumber(r.opcode) + " waited " + (now - r.queuedNanos) / 1_000_000 + " ms for "
                    + config.targetUuid().value() + " to come back (delay limit " + r.delayLimit.toMillis()
                    + " ms)"));
        }
        if (connect != null) {
            requests.transmit(connect);
        }
        return ping;
    }

    // ------------------------------------------------------------------ close

    /**
     * Goes CLOSED without telling the target: every waiting or in-flight request and the
     * connect fail with {@link Errno#ESHUTDOWN}. Takes the lock, then each request's after
     * releasing it.
     *
     * @return false when it was closed already
     */
    boolean abort() {
        List<ClientRequest> all = new ArrayList<>();
        CompletableFuture<Void> f;
        synchronized (this) {
            if (state == ImportState.CLOSED) {
                return false;
            }
            setState(ImportState.CLOSED);
            all.addAll(delayed);
            delayed.clear();
            all.addAll(requests.inFlight());
            if (connecting != null) {
                all.add(connecting); // built but perhaps not sent yet: it must not go out now
            }
            f = connectFuture;
        }
        LustreException shut = new LustreException(Errno.ESHUTDOWN, config.name() + " is closed");
        for (ClientRequest r : all) {
            if (withdraw(r)) {
                r.future.completeExceptionally(shut);
            }
        }
        f.completeExceptionally(shut);
        return true;
    }

    // ------------------------------------------------------------------ parameters

    /**
     * What the state and import parameters show, read together under the lock.
     *
     * @param state the current state
     * @param history the last state changes, oldest first, each "seconds.micros label"
     * @param granted what the last connect granted, or null
     * @param nidIndex which of the target's NIDs is in use
     * @param connectAttempts CONNECTs sent so far
     * @param connCnt {@code imp_conn_cnt}
     * @param inflight requests on the wire
     * @param delayed requests waiting for a connection
     */
    record Status(ImportState state, List<String> history, ObdConnectData granted, int nidIndex,
            long connectAttempts, int connCnt, int inflight, int delayed) {
    }

    /** A consistent view for the parameters; takes the lock. */
    synchronized Status status() {
        return new Status(state, List.copyOf(history), granted, nidIndex, connectAttempts, connCnt, requests.size(),
                delayed.size());
    }
}
