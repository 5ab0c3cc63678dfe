package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.LprocfsStats;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.LnetEvent;
import org.jlustre.lnet.MdOptions;
import org.jlustre.lnet.MemoryDescriptor;
import org.jlustre.lnet.ProcessId;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * An import's requests on the wire ({@code imp_sending_list}, lustre/ptlrpc/client.c and the
 * client callbacks of events.c): each attempt sent with its reply MD posted
 * ({@code ptl_send_rpc}), the reply taken in or a truncated one fetched again
 * ({@code reply_in_callback}, {@code after_reply}), and a request that timed out or was lost
 * handed to the {@link ImportConnection} to wait for the reconnect
 * ({@code ptlrpc_expire_one_request}).
 *
 * <p>The table is concurrent; a request's per-attempt state is guarded by the request's own
 * monitor. Only {@link #inFlight} and {@link #size}, which take no lock, are called with the
 * import lock held. The connection's methods called here take the import lock, always after the
 * request's monitor is released, and futures complete with no lock held.
 */
final class InFlightRequests {

    /** The largest reply a buffer is posted for: its power-of-two buffer stays within 1 GiB. */
    static final int MAX_REPLY = (1 << 30) - LustreMsg.EARLY_SIZE;

    /** The connection: where the header fields come from, and where failures go. */
    private final ImportConnection connection;
    /** The node, for xids. */
    private final Ptlrpc node;
    /** Portals, timeouts and names. */
    private final ImportConfig config;
    /** Where the MDs are posted. */
    private final Lnet lnet;
    /** The RPC trace and network errors go here. */
    private final DebugLog log;
    /** The import's stats: wait times per opcode, timeouts. */
    private final LprocfsStats stats;
    /** The requests' bulk MDs. */
    private final ClientBulk bulk;
    /**
     * The attempts on the wire by {@code xid / PTLRPC_BULK_OPS_COUNT} (xids step by 64: keyed
     * by the xid itself they would share a handful of the map's bins); a request leaves when done
     * or taken back.
     */
    private final ConcurrentHashMap<Long, ClientRequest> sending = new ConcurrentHashMap<>();
    /**
     * {@code imp_unreplied_list}: the requests given an xid and not yet answered (sent, waiting
     * to be resent, or waiting for their bulk), in xid order, linked through the requests
     * themselves; the first one's xid less one is every request's {@code pb_last_xid}. A request
     * leaves when its future completes. Its monitor guards the list and the requests' links.
     */
    private final Object unrepliedLock = new Object();
    /** The lowest unanswered request, or null; guarded by {@link #unrepliedLock}. */
    private ClientRequest unrepliedHead;
    /** The highest, or null; guarded by {@link #unrepliedLock}. */
    private ClientRequest unrepliedTail;
    /**
     * {@code iat_service_estimate}: how long the target says its service takes, from each
     * reply's {@code pb_timeout} ({@code ptlrpc_at_adj_service}); requests ask for
     * {@code at_est2timeout} of it.
     */
    private final AdaptiveTimeout serviceEstimate;
    /** Requests that timed out so far. */
    private final LongAdder timeouts = new LongAdder();

    /** An empty table for {@code connection}'s requests, counting into {@code stats}. */
    InFlightRequests(ImportConnection connection, Ptlrpc node, ImportConfig config, LprocfsStats stats) {
        this.connection = connection;
        this.node = node;
        this.config = config;
        this.lnet = node.lnet();
        this.log = node.libcfs().debug();
        this.stats = stats;
        this.bulk = new ClientBulk(node, config, this::finish);
        this.serviceEstimate = new AdaptiveTimeout((int) ImportConnection.initialConnectTimeout(config).toSeconds(),
                AdaptiveTimeout.NO_HISTORY, nowSeconds());
    }

    /** Wall-clock seconds of the node's clock, for the service estimate. */
    private long nowSeconds() {
        return node.libcfs().time().realNanos() / 1_000_000_000L;
    }

    /** The target's service estimate as the import last heard it ({@code at_get}). */
    int serviceEstimate() {
        return serviceEstimate.get();
    }

    /**
     * {@code ptlrpc_add_unreplied} and {@code ptlrpc_known_replied_xid}: puts a request that was
     * just given its xid in the list, in xid order (walking from the end, where it nearly always
     * goes), to leave it again when its future completes; returns the known replied xid.
     */
    private long addUnreplied(ClientRequest req) {
        long known;
        synchronized (unrepliedLock) {
            ClientRequest after = unrepliedTail;
            while (after != null && after.xid > req.xid) {
                after = after.unrepliedPrev;
            }
            req.unrepliedPrev = after;
            req.unrepliedNext = after == null ? unrepliedHead : after.unrepliedNext;
            if (req.unrepliedNext == null) {
                unrepliedTail = req;
            } else {
                req.unrepliedNext.unrepliedPrev = req;
            }
            if (after == null) {
                unrepliedHead = req;
            } else {
                after.unrepliedNext = req;
            }
            known = unrepliedHead.xid - 1;
        }
        req.future.whenComplete((r, e) -> removeUnreplied(req));
        return known;
    }

    /** Takes an answered (or failed) request out of the unreplied list. */
    private void removeUnreplied(ClientRequest req) {
        synchronized (unrepliedLock) {
            if (req.unrepliedPrev == null) {
                unrepliedHead = req.unrepliedNext;
            } else {
                req.unrepliedPrev.unrepliedNext = req.unrepliedNext;
            }
            if (req.unrepliedNext == null) {
                unrepliedTail = req.unrepliedPrev;
            } else {
                req.unrepliedNext.unrepliedPrev = req.unrepliedPrev;
            }
            req.unrepliedPrev = null;
            req.unrepliedNext = null;
        }
    }

    /**
     * {@code ptlrpc_known_replied_xid}: the highest xid below which every request was answered,
     * the lowest unanswered one less one ({@code fallback} less one when none is left).
     */
    private long knownRepliedXid(long fallback) {
        synchronized (unrepliedLock) {
            return (unrepliedHead != null ? Math.min(unrepliedHead.xid, fallback) : fallback) - 1;
        }
    }

    /** The key of an xid in {@link #sending}. */
    private static Long slot(long xid) {
        return xid / Ptlrpc.BULK_OPS_COUNT;
    }

    /** Requests that timed out so far. */
    long timeouts() {
        return timeouts.sum();
    }

    /** How many attempts are on the wire. */
    int size() {
        return sending.size();
    }

    /** A live view of the requests on the wire; the caller copies it. */
    Collection<ClientRequest> inFlight() {
        return sending.values();
    }

    /**
     * Takes a request's attempt off the wire: out of the table, its reply and bulk MDs unlinked.
     * Caller holds the request's monitor.
     */
    void detach(ClientRequest req) {
        takeOff(req);
    }

    /**
     * {@link #detach}, telling whether the attempt was still in the table: of two threads that
     * take the same attempt back for a reconnect, under its monitor, only one gets true and
     * queues it. Caller holds the request's monitor.
     */
    boolean takeOff(ClientRequest req) {
        boolean was = sending.remove(slot(req.xid), req);
        if (req.replyMd != null) {
            lnet.unlink((MemoryDescriptor) req.replyMd);
        }
        bulk.unlink(req);
        return was;
    }

    /**
     * Sends one attempt of a request ({@code ptl_send_rpc}): a fresh xid the first time,
     * {@code MSG_RESENT} after, the reply MD (and bulk MDs) posted before the PUT. Takes the
     * request's monitor; the caller holds no lock.
     *
     * <p>The header is what {@code ptlrpc_send_new_req} and {@code ptl_send_rpc} write:
     * {@code lm_secflvr} with our sec part, {@code pb_status} the sending thread,
     * {@code pb_last_xid} the highest xid answered with none lower outstanding (0 for CONNECT
     * and DISCONNECT, which {@code process_req_last_xid} must not count), {@code pb_mbits} the
     * match bits of the last bulk MD or, with {@code OBD_CONNECT2_REP_MBITS}, of the reply
     * (fresh ones on a resend, so a late reply to the attempt before cannot land), and
     * {@code pb_timeout} the time the service estimate allows ({@code ptlrpc_at_set_req_timeout};
     * a CONNECT: {@code INITIAL_CONNECT_TIMEOUT}, with the estimate in {@code pb_service_time}).
     */
    void transmit(ClientRequest req) {
        long peerNid = connection.currentNid();
        long handle = connection.remoteHandleUnlocked();
        int cnt = connection.connCntUnlocked();
        boolean repMbits = connection.replyMbits();
        connection.sentAt(System.nanoTime());
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
            boolean connect = req.connect;
            long known;
            if (req.xid == 0) {
                req.xid = node.nextXid();
                known = addUnreplied(req);
                int estimate = serviceEstimate.get();
                req.wireTimeout = connect ? (int) Math.max(1, req.timeout.toSeconds())
                        : AdaptiveTimeout.estimateToTimeout(estimate);
                req.wireServiceTime = connect
                        ? AdaptiveTimeout.timeoutToEstimate(AdaptiveTimeout.estimateToTimeout(estimate)) : 0;
            } else {
                known = knownRepliedXid(req.xid);
            }
            xid = req.xid;
            // ptlrpc_set_mbits with OBD_CONNECT_BULK_MBITS: the xid's the first time, fresh ones
            // after; with several bulk MDs, pb_mbits names the last
            boolean replyByMbits = repMbits && !connect;
            long mbits = 0;
            if (!req.bulk.isEmpty() || replyByMbits) {
                long base = resent ? node.nextXid() : xid;
                bulk.register(req, peer, base, attempt);
                mbits = base + Math.max(1, req.bulk.size()) - 1;
            }
            long lastXid = connect || req.opcode == config.disconnectOpcode() ? 0 : known;
            // the first attempt sends the request's own bytes (nothing writes them afterwards:
            // the caller is done filling them once it sends); a resend sends a copy, since the
            // attempt before may still be on its way out
            wire = attempt == 1 ? req.msgSegment : MemorySegment.ofArray(req.msgBytes.clone());
            wire.set(Le.U32, LustreMsg.OFF_SECFLVR, LustreMsg.SECFLVR_NULL | config.secPart() << LustreMsg.SEC_PART_SHIFT);
            wire.set(Le.U32, LustreMsg.OFF_REPSIZE, req.replyCapacity);
            req.sentFlags = connection.msghdrFlags();
            wire.set(Le.U32, LustreMsg.OFF_FLAGS, req.sentFlags);
            PtlrpcBody b = PtlrpcBody.of(wire.asSlice(req.msg.bufOffset(0), req.msg.bufLen(0)));
            b.handle(handle).type(MsgFlags.PTL_RPC_MSG_REQUEST).version(req.version).opc(req.opcode)
                    .status(req.senderPid).lastXid(lastXid).connCnt(cnt).timeout(req.wireTimeout)
                    .serviceTime(req.wireServiceTime).mbits(mbits).flags(resent ? MsgFlags.MSG_RESENT : 0)
                    .opFlags(connect ? req.connectOpFlags : 0);
            final int att = attempt;
            // early replies land at offset 0, the reply at lustre_msg_early_size; the buffer is
            // rounded up to a power of two (null_alloc_repbuf)
            replyMd = lnet.attach(config.replyPortal(), peer, replyByMbits ? mbits : xid, 0, Lnet.Position.AFTER,
                    MemoryDescriptor.builder(MemorySegment.ofArray(new byte[replyBufferSize(req.replyCapacity)]))
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
        sending.put(slot(xid), req);
        if (!req.connect && !connection.fullUnlocked()) {
            // the connection failed between the caller's check that it was FULL and this entry
            // in the table, so fail() may have missed this attempt: sent now, it would carry the
            // old connection count, which the target drops (ptlrpc_check_req), and wait out its
            // whole timeout. fail() writes the state before it reads the table, this wrote the
            // entry before it read the state: at least one of the two sees the other, and
            // takeBack lets only one of them queue the attempt for the reconnect (ptlrpc_resend).
            connection.takeBack(req, attempt, System.nanoTime(), "the connection failed as it was being sent");
            return;
        }
        if (log.enabled(DebugMask.S_RPC, DebugMask.D_RPCTRACE)) {
            log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE,
                    "Sending RPC req x%d pname:cluuid:pid:xid:nid:opc %s:%s:%d:%d:%s:%d%s",
                    xid, Thread.currentThread().getName(), config.clientUuid().value(), req.senderPid, xid,
                    Nid.toString(peerNid), req.opcode, attempt > 1 ? " (resent)" : "");
        }
        try {
            MemoryDescriptor md = lnet.bind((req.tail == null ? MemoryDescriptor.builder(wire)
                    : MemoryDescriptor.builder(withTail(wire, req.tail))).threshold(1)
                    .handler(ev -> requestOut(req, attempt, ev)));
            lnet.put(md, false, peer, req.requestPortal, xid, 0, 0);
        } catch (LustreException e) {
            netError(req, attempt, e.errno().value() * -1, e.getMessage());
        }
    }

    /** Eight zero bytes: the most padding a tail buffer needs to end on a multiple of 8. */
    private static final MemorySegment ZEROS = MemorySegment.ofArray(new byte[8]);

    /** A message and its tail buffer as the fragments of one MD, padded as {@code lustre_msg_size_v2} pads. */
    private static List<MemorySegment> withTail(MemorySegment message, MemorySegment tail) {
        int pad = (int) (-tail.byteSize() & 7);
        return pad == 0 ? List.of(message, tail) : List.of(message, tail, ZEROS.asSlice(0, pad));
    }

    /** {@code request_out_callback}: the request left, or could not. LNet thread, no lock held. */
    private void requestOut(ClientRequest req, int attempt, LnetEvent ev) {
        if (ev.type() == LnetEvent.Type.SEND && ev.status() != 0) {
            netError(req, attempt, ev.status(), "send failed: " + ev.status());
        }
    }

    /**
     * The reply buffer for a reply of {@code replyLength} bytes: room for early replies before
     * it, rounded up to a power of two ({@code null_alloc_repbuf}).
     */
    static int replyBufferSize(int replyLength) {
        if (replyLength < 0 || replyLength > MAX_REPLY) {
            throw new IllegalArgumentException("reply of " + replyLength + " bytes (0.." + MAX_REPLY + ")");
        }
        int n = LustreMsg.EARLY_SIZE + replyLength;
        return Integer.highestOneBit(n - 1) << 1;
    }


    /**
     * {@code reply_in_callback} and {@code after_reply}: a reply larger than the buffer is
     * fetched again, once, by a resend with a buffer of the size the server said (its length
     * and offset); a no-resend request, or one truncated again, fails with
     * {@link Errno#EOVERFLOW}. An early reply pushes the deadline out; {@code -ENOTCONN} and
     * {@code -ENODEV} send the request back to wait for a reconnect; a reply with bulk still
     * moving waits for it; every reply's {@code pb_timeout} updates the service estimate. LNet
     * thread; takes the request's monitor, and the import lock only after releasing it.
     */
    private void replyIn(ClientRequest req, int attempt, LnetEvent ev) {
        if (ev.type() != LnetEvent.Type.PUT) {
            return;
        }
        if (ev.status() != 0) {
            netError(req, attempt, ev.status(), "reply lost: " + ev.status());
            return;
        }
        Reply reply;
        LustreException bad = null;
        boolean connect;
        synchronized (req) {
            if (req.attempt != attempt || req.done) {
                return;
            }
            connect = req.connect;
            if (ev.mlength() < ev.rlength()) {
                lnet.unlink(ev.md());
                long needed = (long) ev.rlength() + ev.offset();
                if (req.noResend || req.resentForTruncation || needed > MAX_REPLY) {
                    log.logf(DebugMask.S_RPC, DebugMask.D_ERROR,
                            "%s: x%d opc %d: reply buffer overflow, expected=%d, actual size=%d", config.name(),
                            req.xid, req.opcode, needed, ev.md().length());
                    req.done = true;
                    detach(req);
                    bad = new LustreException(Errno.EOVERFLOW, config.name() + ": " + Opcodes.nameOrNumber(
                            req.opcode) + " x" + req.xid + ": reply of " + ev.rlength() + " bytes at offset "
                            + ev.offset() + " does not fit a " + ev.md().length() + "-byte buffer");
                    reply = null;
                } else {
                    // rq_reply_truncated: post a buffer for the whole reply and ask again
                    log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE,
                            "%s: reply of x%d truncated (%d of %d bytes at offset %d): resend", config.name(), req.xid,
                            ev.mlength(), ev.rlength(), ev.offset());
                    req.resentForTruncation = true;
                    req.replyCapacity = (int) needed;
                    bulk.unlink(req);
                    sending.remove(slot(req.xid), req);
                    reply = null;
                }
            } else if (ev.offset() == 0 && (req.sentFlags & LustreMsg.MSGHDR_AT_SUPPORT) != 0) {
                // an early reply: the server is still at it (ptlrpc_at_recv_early_reply)
                log.logf(DebugMask.S_RPC, DebugMask.D_OTHER, "%s: early reply for x%d", config.name(), req.xid);
                req.deadline = System.nanoTime() + req.timeout.toNanos();
                return;
            } else {
                lnet.unlink(ev.md());
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
                    sending.remove(slot(req.xid), req);
                    bulk.unlink(req);
                    bad = new LustreException(Errno.EPROTO, config.name() + ": bad reply to x" + req.xid + ": "
                            + e.getMessage());
                    reply = null;
                }
            }
        }
        if (bad != null) {
            // completed outside the request's monitor: a CONNECT's callback takes the import lock
            req.future.completeExceptionally(bad);
            return;
        }
        if (reply == null) {
            transmit(req);
            return;
        }
        // ptlrpc_at_adj_service: the target's estimate, for the timeouts of the next requests
        serviceEstimate.measured(reply.body().timeout(), nowSeconds());
        int status = reply.status();
        if ((status == -Errno.ENOTCONN.value() || status == -Errno.ENODEV.value()) && !connect && !req.noResend
                && !req.waitedTooLong(System.nanoTime())) {
            // ptlrpc_request_handle_notconn: the target lost our export; reconnect, then resend
            synchronized (req) {
                if (req.attempt != attempt || req.done) {
                    return;
                }
                sending.remove(slot(req.xid), req);
                bulk.unlink(req);
            }
            node.libcfs().failLoc().timeoutMs(ImportConnection.OBD_FAIL_PTLRPC_REQUEUE_PAUSE,
                    ImportConnection.REQUEUE_PAUSE_MS);
            connection.requeueOrShutDown(req);
            connection.fail("target " + config.targetUuid().value() + " does not know our connection (" + status + ")");
            return;
        }
        boolean wait;
        synchronized (req) {
            wait = status == 0 && req.bulkLeft > 0;
            if (wait) {
                req.pendingReply = reply;
            } else {
                bulk.unlink(req);
            }
        }
        if (!wait) {
            finish(req, reply);
        }
    }

    /**
     * Completes a request with its reply ({@code after_reply}), counting its wait time; once
     * only. Takes the request's monitor; completes its future after releasing it.
     */
    private void finish(ClientRequest req, Reply reply) {
        long rtt;
        synchronized (req) {
            if (req.done) {
                return;
            }
            req.done = true;
            sending.remove(slot(req.xid), req);
            rtt = (System.nanoTime() - req.sentNanos) / 1000;
        }
        stats.counter("req_waittime", "usec").add(rtt);
        stats.counter(Opcodes.nameOrNumber(req.opcode), "usec").add(rtt);
        if (log.enabled(DebugMask.S_RPC, DebugMask.D_RPCTRACE)) {
            log.logf(DebugMask.S_RPC, DebugMask.D_RPCTRACE,
                    "Completed RPC req x%d pname:cluuid:pid:xid:nid:opc %s:%s:%d:%d:%s:%d status %d", req.xid,
                    Thread.currentThread().getName(), config.clientUuid().value(), req.senderPid, req.xid,
                    Nid.toString(connection.currentNid()), req.opcode, reply.status());
        }
        req.future.complete(reply);
    }

    /**
     * The request could not be sent or its reply was lost: expires it unless that attempt is
     * over. Takes the request's monitor briefly; the caller holds no lock.
     */
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
     * no-resend request, or one past its delay limit ({@code ptlrpc_no_resend}), fails; the others
     * wait for the reconnect this starts. Takes the request's monitor, then the import lock after
     * releasing it; the caller holds neither.
     */
    void expire(ClientRequest req, Errno errno, String why) {
        boolean failIt;
        boolean late;
        synchronized (req) {
            if (req.done) {
                return;
            }
            detach(req);
            late = !req.noResend && req.waitedTooLong(System.nanoTime());
            failIt = req.noResend || late;
            if (failIt) {
                req.done = true;
            }
        }
        if (!failIt && !connection.requeueOrShutDown(req)) {
            return;
        }
        String to = Nid.toString(connection.currentNid());
        // the import fails before the caller hears of it (ptlrpc_expire_one_request fails the
        // import, the interpret comes later): a request it sends next waits for the reconnect
        // instead of leaving with the old connection count, which the target drops
        connection.fail(Opcodes.nameOrNumber(req.opcode) + " x" + req.xid + ": " + why);
        if (failIt) {
            req.future.completeExceptionally(new LustreException(errno, config.name() + ": "
                    + Opcodes.nameOrNumber(req.opcode) + " x" + req.xid + " to " + to + ": " + why
                    + (late ? "; past its delay limit of " + req.delayLimit.toMillis() + " ms, not resent" : "")));
        }
    }

    /**
     * The timer's expiry ({@code ptlrpc_expired_set}): every attempt past its deadline times out.
     * Takes each request's monitor briefly; the caller holds no lock.
     */
    void expireOverdue(long now) {
        for (ClientRequest r : sending.values()) {
            long deadline;
            synchronized (r) {
                deadline = r.deadline;
            }
            if (now - deadline > 0) {
                timeouts.increment();
                stats.counter("req_timeout", "reqs").add(1);
                log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: Request x%d sent to %s has timed out for slow "
                        + "reply after %d ms", config.name(), r.xid(), Nid.toString(connection.currentNid()),
                        r.timeout.toMillis());
                expire(r, Errno.ETIMEDOUT, "timed out after " + r.timeout.toMillis() + " ms");
            }
        }
    }
}
