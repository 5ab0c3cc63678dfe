package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jlustre.common.LustreException;
import org.jlustre.lnet.Kiov;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * A request a client builds and an {@link Import} sends ({@code struct ptlrpc_request}, client
 * side): the message (buffer 0 the {@code ptlrpc_body} ptlrpc fills, the others the caller's),
 * the reply buffer size, an optional bulk, and the per-request settings. Made by
 * {@link Import#request}; sent once with {@link Import#send}.
 */
public final class ClientRequest {

    /** Which way a bulk moves. */
    public enum BulkType {
        /** The server GETs from our pages ({@code BULK_GET_SOURCE}: a write). */
        GET_SOURCE,
        /** The server PUTs into our pages ({@code BULK_PUT_SINK}: a read). */
        PUT_SINK
    }

    final Import imp;
    final int opcode;
    final int version;
    final LustreMsg msg;
    /** The bytes behind {@link #msg}: the only copy of the message until a resend. */
    final byte[] msgBytes;
    /** {@link #msgBytes} as a segment, what the first attempt sends. */
    final MemorySegment msgSegment;
    /**
     * The last buffer's bytes when the caller's memory holds them ({@link Import#request(int,
     * int, MemorySegment, int...)}), sent after {@link #msgBytes} with its padding; null when the
     * message holds every buffer.
     */
    final MemorySegment tail;
    int replyCapacity;
    Duration timeout;
    /**
     * {@code rq_delay_limit}: how long after {@link Import#send} the request may still wait for a
     * connection; past it, it fails with {@code -ETIMEDOUT} instead of waiting or being resent
     * ({@code ptlrpc_send_limit_expired}). Set by the caller before sending.
     */
    Duration delayLimit;
    /** {@code pb_status} of the request: the sending thread, for distributed debugging. */
    int senderPid;
    boolean noResend;
    boolean noDelay;
    /**
     * {@code rq_request_portal}: the service portal it is sent to, the import's by default; an
     * OSC sends bulk I/O to OST_IO and creates to OST_CREATE over its one import.
     */
    int requestPortal;
    /** {@code rq_queued_time}: when {@link Import#send} took it ({@link System#nanoTime}); 0 before. */
    volatile long queuedNanos;
    /**
     * Whether this is its import's own CONNECT, and the {@code pb_op_flags} it carries: set once,
     * under the import lock, before the CONNECT is sent, so the send and reply paths need not
     * read the connection's state.
     */
    boolean connect;
    int connectOpFlags;
    BulkType bulkType;
    /** The bulk's MDs, one kiov each, in match-bits order. */
    List<Kiov> bulk = List.of();
    final CompletableFuture<Reply> future = new CompletableFuture<>();

    // per-attempt state, guarded by this
    long xid;
    int attempt;
    long deadline;
    long sentNanos;
    int sentFlags;
    long firstSentNanos;
    Object replyMd;
    List<Object> bulkMds = List.of();
    int bulkLeft;
    /** Bytes the server moved in this attempt's bulk ({@code bd_nob_transferred}). */
    long bulkTransferred;
    Reply pendingReply;
    boolean done;
    /** Whether it was resent once already for a reply larger than its buffer. */
    boolean resentForTruncation;
    /** The neighbours in the import's unreplied list; guarded by its lock (InFlightRequests). */
    ClientRequest unrepliedPrev;
    /** See {@link #unrepliedPrev}. */
    ClientRequest unrepliedNext;
    /** {@code pb_timeout}, set when the xid is: what the service estimate allowed then. */
    int wireTimeout;
    /** {@code pb_service_time} of a CONNECT: the estimate its timeout came from; 0 otherwise. */
    int wireServiceTime;

    ClientRequest(Import imp, int opcode, int version, int[] lens, Duration timeout) {
        this(imp, opcode, version, lens, null, timeout);
    }

    ClientRequest(Import imp, int opcode, int version, int[] lens, MemorySegment tail, Duration timeout) {
        this.imp = imp;
        this.opcode = opcode;
        this.version = version;
        int n = lens.length + 1 + (tail != null ? 1 : 0);
        int[] all = new int[n];
        all[0] = PtlrpcBody.SIZE_V3;
        System.arraycopy(lens, 0, all, 1, lens.length);
        if (tail != null && tail.byteSize() > Integer.MAX_VALUE - LustreMsg.size(all) - 8) {
            throw new IllegalArgumentException("tail buffer of " + tail.byteSize() + " bytes: too long for a message");
        }
        // with a tail, the message holds the header (which gives the tail's length) and the
        // buffers before it; the tail's bytes and padding follow it on the wire
        this.msgBytes = new byte[LustreMsg.size(all)];
        this.msgSegment = MemorySegment.ofArray(msgBytes);
        this.msg = LustreMsg.pack(msgSegment, all);
        this.tail = tail;
        if (tail != null) {
            msgSegment.set(Le.U32, LustreMsg.OFF_BUFLENS + 4L * (n - 1), (int) tail.byteSize());
        }
        // A ping's reply is a bare ptlrpc_body (RQF_OBD_PING in ptlrpc/layout.c), and a ping is
        // the most frequent request of all; other requests get room for small reply buffers:
        // larger ones must be asked for, or the reply is truncated and fetched by resending
        // (which runs the request again on the server).
        this.replyCapacity = opcode == Opcodes.OBD_PING ? LustreMsg.size(PtlrpcBody.SIZE_V3)
                : LustreMsg.size(PtlrpcBody.SIZE_V3) + 1024;
        this.timeout = timeout;
        this.delayLimit = timeout;
        this.requestPortal = imp.config().requestPortal();
    }

    /** The opcode. */
    public int opcode() {
        return opcode;
    }

    /** Request buffer {@code i} (1 and up) to fill; empty for a tail sent from the caller's memory. */
    public MemorySegment buf(int i) {
        if (i < 1) {
            throw new IllegalArgumentException("buffer " + i + ": buffer 0 is the ptlrpc_body, which ptlrpc fills");
        }
        return msg.buf(i);
    }

    /**
     * The message. Once sent it holds the header of its first attempt, which went out from these
     * very bytes; a resend goes out from a copy, so these stay as the first attempt sent them.
     */
    public LustreMsg message() {
        return msg;
    }

    /**
     * The size of the reply this request expects ({@code rq_replen}, sent as {@code lm_repsize}).
     * The buffer posted for it is that plus the early-reply room, rounded up to a power of two
     * ({@code null_alloc_repbuf}); a reply that does not fit is fetched by one resend with a
     * buffer of its size, and fails with {@link org.jlustre.common.Errno#EOVERFLOW} if it does
     * not fit that either or the request is no-resend.
     */
    public ClientRequest replyCapacity(int bytes) {
        if (bytes < LustreMsg.size(PtlrpcBody.SIZE_V2) || bytes > InFlightRequests.MAX_REPLY) {
            throw new IllegalArgumentException("reply capacity " + bytes + " not in " + LustreMsg.size(PtlrpcBody.SIZE_V2)
                    + ".." + InFlightRequests.MAX_REPLY);
        }
        replyCapacity = bytes;
        return this;
    }

    /** How long to wait for the reply before the import reconnects (and, unless no-resend, resends). */
    public ClientRequest timeout(Duration t) {
        if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout " + t + " must be positive");
        }
        timeout = t;
        return this;
    }

    /**
     * How long the request may wait for a connection, counted from {@link Import#send}
     * ({@code rq_delay_limit}; {@code MGS_TARGET_REG} uses 10 s): past it, a request still
     * waiting fails with {@link org.jlustre.common.Errno#ETIMEDOUT}, and one that times out on the
     * wire is no longer resent. The default is the import's timeout.
     */
    public ClientRequest delayLimit(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("delay limit " + d + " must be positive");
        }
        delayLimit = d;
        return this;
    }

    /** The delay limit ({@link #delayLimit(Duration)}). */
    public Duration delayLimit() {
        return delayLimit;
    }

    /**
     * Whether the request has waited past its delay limit at {@code now}
     * ({@code ptlrpc_send_limit_expired}); a no-resend request waits no longer than its timeout
     * either. No lock: the limits are set before it was sent.
     */
    boolean waitedTooLong(long now) {
        long queued = queuedNanos;
        if (queued == 0) {
            return false;
        }
        long limit = delayLimit.toNanos();
        if (noResend) {
            limit = Math.min(limit, timeout.toNanos());
        }
        return now - queued - limit > 0;
    }

    /**
     * Fails the request with {@code why} unless it is done already. Takes its monitor briefly and
     * completes the future after releasing it; for a request not on the wire.
     */
    void fail(LustreException why) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        future.completeExceptionally(why);
    }

    /** When its current attempt times out ({@link System#nanoTime}), 0 before it was sent; takes its monitor. */
    synchronized long deadline() {
        return deadline;
    }

    /** Fail instead of resending after a reconnect ({@code rq_no_resend}). */
    public ClientRequest noResend() {
        noResend = true;
        return this;
    }

    /** Fail at once instead of waiting while the import is not connected ({@code rq_no_delay}). */
    public ClientRequest noDelay() {
        noDelay = true;
        return this;
    }

    /**
     * Sends it to another portal of the target's node than the import's request portal
     * ({@code req->rq_request_portal}, as {@code osc_brw_prep_request} sets OST_IO_PORTAL).
     */
    public ClientRequest requestPortal(int portal) {
        if (portal < 0 || portal >= org.jlustre.wire.lnet.LnetConstants.MAX_PORTALS) {
            throw new IllegalArgumentException("request portal " + portal + " not in 0.."
                    + (org.jlustre.wire.lnet.LnetConstants.MAX_PORTALS - 1));
        }
        requestPortal = portal;
        return this;
    }

    /** The portal it is sent to. */
    public int requestPortal() {
        return requestPortal;
    }

    /**
     * Attaches a bulk: these segments (of any size; split into MDs of at most LNET_MTU, at most
     * {@link Ptlrpc#BULK_OPS_COUNT} of them) are the pages the server will GET from or PUT into.
     */
    public ClientRequest bulk(BulkType type, List<MemorySegment> segments) {
        return bulkMds(type, ServerRequest.split(segments));
    }

    /**
     * Attaches a bulk laid out as Lustre lays out the pages of these niobufs
     * ({@code __ptlrpc_prep_bulk_page}): the fragments (of any sizes, cut anywhere) are mapped
     * onto the MDs of {@code layout} with no copy, MD k posted at the k-th match bits of the
     * request, so a server that builds the same layout from the niobufs it is sent GETs or PUTs
     * exactly these bytes.
     *
     * @throws IllegalArgumentException when the fragments do not hold the layout's bytes (naming
     *         both) or the layout has no bytes
     */
    public ClientRequest bulk(BulkType type, List<MemorySegment> fragments, BulkLayout layout) {
        try {
            return bulkMds(type, layout.cut(fragments, "bulk of " + this));
        } catch (LustreException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private ClientRequest bulkMds(BulkType type, List<Kiov> mds) {
        if (mds.isEmpty() || mds.size() > Ptlrpc.BULK_OPS_COUNT) {
            throw new IllegalArgumentException("bulk of " + mds.size() + " MDs not in 1.." + Ptlrpc.BULK_OPS_COUNT);
        }
        bulkType = type;
        bulk = mds;
        return this;
    }

    /**
     * The bytes the server moved in the bulk of the attempt that got the reply
     * ({@code bd_nob_transferred}): what a read checks against the length the reply claims
     * ({@code osc_brw_fini_request}). Meaningful once the future completed.
     */
    public synchronized long bulkTransferred() {
        return bulkTransferred;
    }

    /** The reply, when it comes. */
    public CompletableFuture<Reply> future() {
        return future;
    }

    /**
     * Stamps {@code pb_status} with the calling thread's id, as {@code ptlrpc_queue_wait} stamps
     * {@code current->pid}: the thread that sends the request, for a server's debug log.
     */
    void stampSender() {
        senderPid = (int) Thread.currentThread().threadId();
    }

    /** The xid (0 until sent). */
    public synchronized long xid() {
        return xid;
    }

    @Override
    public String toString() {
        return "req x" + xid + " opc " + opcode + " to " + imp.name();
    }
}
