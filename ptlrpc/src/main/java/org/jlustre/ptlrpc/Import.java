package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.LprocfsStats;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;

/**
 * A client's connection to one target ({@code struct obd_import}, lustre/ptlrpc/import.c,
 * client.c, niobuf.c): it connects with the target's CONNECT (negotiating
 * {@code obd_connect_data}), sends requests with unique xids to the service's request portal
 * and takes their replies on its reply portal, pings when idle, and when the connection fails
 * (a timeout, a lost peer, {@code -ENOTCONN}) reconnects and resends what was in flight with
 * {@code MSG_RESENT}. Requests made while it is not connected wait until it is.
 *
 * <p>This is the facade over its parts: {@link ImportConnection} (the connection state machine,
 * the requests waiting for it, and the import lock), {@link InFlightRequests} (the requests on
 * the wire: transmit, replies, resend, expiry), {@link ClientBulk} (their bulk MDs) and
 * {@link ImportParams} (its parameters).
 *
 * <p>Thread-safe; replies arrive on LNet threads and complete each request's future.
 */
public final class Import implements AutoCloseable {

    /** The node it was made on, which ticks it and tells it of lost peers. */
    private final Ptlrpc node;
    /** What it connects to and how. */
    private final ImportConfig config;
    /** The debug log, for a failed DISCONNECT. */
    private final DebugLog log;
    /** The client stats ({@code <prefix>.stats}). */
    private final LprocfsStats stats;
    /** The connection state machine; its monitor is the import lock. */
    private final ImportConnection connection;
    /** The requests on the wire. */
    private final InFlightRequests requests;
    /** The parameters, removed when it closes. */
    private final ImportParams params;

    /**
     * An import in state NEW; {@link #connect} starts it.
     *
     * @throws LustreException {@link Errno#EEXIST} when its parameters exist already
     */
    public Import(Ptlrpc node, ImportConfig config) throws LustreException {
        this.node = node;
        this.config = config;
        this.log = node.libcfs().debug();
        this.stats = new LprocfsStats(node.libcfs().time());
        stats.counter("req_waittime", "usec");
        this.connection = new ImportConnection(this, node, config, stats);
        this.requests = connection.requests();
        this.params = new ImportParams(node, config, stats, connection, requests);
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
    public ImportState state() {
        return connection.state();
    }

    /** The target's cookie for our export ({@code imp_remote_handle}). */
    public long remoteHandle() {
        return connection.remoteHandle();
    }

    /** {@code imp_conn_cnt}: connects so far. */
    public int connCnt() {
        return connection.connCnt();
    }

    /** What the target granted at the last connect, or null. */
    public ObdConnectData connectData() {
        return connection.connectData();
    }

    /** The client stats ({@code <prefix>.stats}). */
    public LprocfsStats stats() {
        return stats;
    }

    /** Requests that timed out so far. */
    public long timeouts() {
        return requests.timeouts();
    }

    // ------------------------------------------------------------------ connect

    /**
     * Connects (or returns the connect in progress): completes when the import is FULL, or
     * exceptionally with the target's refusal or a timeout. A failed import keeps trying every
     * {@code reconnectDelay} in the background.
     */
    public CompletableFuture<Void> connect() {
        return connection.connect();
    }

    /** Connects and waits for FULL. */
    public void connectSync() throws LustreException {
        await(connect(), config.timeout().multipliedBy(2), "connect");
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
     * A new request whose last buffer is {@code tail}, sent from the caller's memory rather than
     * copied into the message (a short write's data, {@code RMF_SHORT_IO}): the buffers before it
     * have these lengths. The bytes on the wire are the same as with {@link #request} and the
     * data copied in; the caller keeps {@code tail} unchanged and readable by any thread until
     * the request's future completes, as it keeps a bulk's pages. {@link ClientRequest#buf} of
     * the tail's index is then empty.
     */
    public ClientRequest request(int opcode, int serviceVersion, MemorySegment tail, int... lens) {
        return new ClientRequest(this, opcode, MsgFlags.version(serviceVersion), lens, tail, config.timeout());
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
        req.stampSender();
        connection.send(req);
        return req.future;
    }

    /**
     * Sends and waits: the reply if its status is 0. The wait is bounded: the import fails a
     * request that waits for a connection past its delay limit, or times out once past it, so the
     * call returns by then ({@code ptlrpc_queue_wait}); as a backstop, and when the calling thread
     * is interrupted, the request is withdrawn and the call fails.
     *
     * @throws LustreException the reply's error, or why there was none: {@link Errno#ETIMEDOUT}
     *     past the delay limit, {@link Errno#EINTR} when interrupted, ...
     */
    public Reply call(ClientRequest req) throws LustreException {
        Reply r = awaitReply(req, send(req));
        if (r.status() != 0) {
            throw new LustreException(r.errno(), config.name() + ": " + Opcodes.nameOrNumber(req.opcode) + " x"
                    + r.xid() + " failed: " + r.status());
        }
        return r;
    }

    /**
     * How long past a request's own bound {@link #call} waits before it withdraws the request: the
     * timer that fails it runs every 50 ms, late on a loaded machine.
     */
    private static final long CALL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * Waits for the reply to {@code req}, at most until a second past the later of its delay
     * limit and its current attempt's deadline (re-read after each wait: a resend or an early
     * reply moves it); then, or when interrupted, withdraws the request. No lock held.
     */
    private Reply awaitReply(ClientRequest req, CompletableFuture<Reply> f) throws LustreException {
        String what = config.name() + ": " + Opcodes.nameOrNumber(req.opcode);
        while (!f.isDone()) {
            long bound = Math.max(req.queuedNanos + req.delayLimit.toNanos(), req.deadline()) + CALL_GRACE_NANOS;
            long wait = bound - System.nanoTime();
            if (wait <= 0) {
                connection.cancel(req, new LustreException(Errno.ETIMEDOUT, what + " x" + req.xid()
                        + " had no answer within its delay limit (" + req.delayLimit.toMillis() + " ms) and timeout ("
                        + req.timeout.toMillis() + " ms)"));
                break;
            }
            try {
                f.get(wait, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // the bound may have moved: look again
            } catch (InterruptedException e) {
                connection.cancel(req, new LustreException(Errno.EINTR, what + " interrupted"));
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                break;
            }
        }
        return await(f, Duration.ZERO, what);
    }

    /**
     * Waits for {@code f}, at most {@code limit} (zero: it must be done already), with its failure
     * as a LustreException.
     */
    static <T> T await(CompletableFuture<T> f, Duration limit, String what) throws LustreException {
        try {
            return limit.isZero() ? f.getNow(null) : f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
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

    /**
     * Sends an OBD_PING and waits for its reply; like the pinger's, it neither waits for a
     * reconnect nor is resent ({@link Errno#ENOTCONN} while disconnected).
     */
    public Reply ping() throws LustreException {
        return call(request(Opcodes.OBD_PING, MsgFlags.LUSTRE_OBD_VERSION).noResend().noDelay());
    }

    // ------------------------------------------------------------------ the node's timer and LNet

    /** LNet lost the peer (connection closed, peer restarted); called with no lock held. */
    void peerDown(long nid, int status) {
        connection.peerDown(nid, status);
    }

    /** The timer: expiry, pings, reconnects ({@code ptlrpc_expired_set}, the pinger); no lock held. */
    void tick(long now) {
        requests.expireOverdue(now);
        if (connection.tick(now)) {
            send(request(Opcodes.OBD_PING, MsgFlags.LUSTRE_OBD_VERSION).noResend().noDelay());
        }
    }

    // ------------------------------------------------------------------ disconnect

    /**
     * Disconnects ({@code ptlrpc_disconnect_import}): a DISCONNECT when connected, then CLOSED;
     * requests still waiting fail with {@link Errno#ESHUTDOWN}.
     */
    @Override
    public void close() {
        ImportState state = connection.state();
        if (state == ImportState.CLOSED) {
            return;
        }
        boolean full = state == ImportState.FULL;
        if (full && config.disconnectOpcode() != 0) {
            try {
                // ptlrpc_disconnect_prep_req: "we want client umounts to happen quickly, no matter
                // the server state", so at most INITIAL_CONNECT_TIMEOUT
                call(request(config.disconnectOpcode(), MsgFlags.LUSTRE_OBD_VERSION).noResend().noDelay()
                        .timeout(connection.connectTimeout()));
            } catch (LustreException e) {
                log.logf(DebugMask.S_RPC, DebugMask.D_HA, "%s: disconnect: %s", config.name(), e.getMessage());
            }
        }
        abort();
    }

    /** Closes without telling the target; no lock held. */
    void abort() {
        if (!connection.abort()) {
            return;
        }
        node.unregister(this);
        params.close();
    }
}
