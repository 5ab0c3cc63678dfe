package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    /** The bytes behind {@link #msg}. */
    final byte[] msgBytes;
    int replyCapacity;
    Duration timeout;
    boolean noResend;
    boolean noDelay;
    BulkType bulkType;
    List<MemorySegment> bulk = List.of();
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
    Reply pendingReply;
    boolean done;

    ClientRequest(Import imp, int opcode, int version, int[] lens, Duration timeout) {
        this.imp = imp;
        this.opcode = opcode;
        this.version = version;
        int[] all = new int[lens.length + 1];
        all[0] = PtlrpcBody.SIZE_V3;
        System.arraycopy(lens, 0, all, 1, lens.length);
        this.msgBytes = new byte[LustreMsg.size(all)];
        this.msg = LustreMsg.pack(MemorySegment.ofArray(msgBytes), all);
        // A ping's reply is a bare ptlrpc_body (RQF_OBD_PING in ptlrpc/layout.c), and a ping is
        // the most frequent request of all; other requests get room for small reply buffers:
        // larger ones must be asked for, or the reply is truncated and fetched by resending
        // (which runs the request again on the server).
        this.replyCapacity = opcode == Opcodes.OBD_PING ? LustreMsg.size(PtlrpcBody.SIZE_V3)
                : LustreMsg.size(PtlrpcBody.SIZE_V3) + 1024;
        this.timeout = timeout;
    }

    /** The opcode. */
    public int opcode() {
        return opcode;
    }

    /** Request buffer {@code i} (1 and up) to fill. */
    public MemorySegment buf(int i) {
        if (i < 1) {
            throw new IllegalArgumentException("buffer " + i + ": buffer 0 is the ptlrpc_body, which ptlrpc fills");
        }
        return msg.buf(i);
    }

    /** The message. */
    public LustreMsg message() {
        return msg;
    }

    /** The reply buffer size to post ({@code rq_replen}); a larger reply is fetched by a resend. */
    public ClientRequest replyCapacity(int bytes) {
        if (bytes < LustreMsg.size(PtlrpcBody.SIZE_V2)) {
            throw new IllegalArgumentException("reply capacity " + bytes + " is smaller than a bare reply");
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
     * Attaches a bulk: these segments (of any size; split into MDs of at most LNET_MTU, at most
     * {@link Ptlrpc#BULK_OPS_COUNT} of them) are the pages the server will GET from or PUT into.
     */
    public ClientRequest bulk(BulkType type, List<MemorySegment> segments) {
        List<MemorySegment> pieces = ServerRequest.split(segments);
        if (pieces.isEmpty() || pieces.size() > Ptlrpc.BULK_OPS_COUNT) {
            throw new IllegalArgumentException("bulk of " + pieces.size() + " MDs not in 1.." + Ptlrpc.BULK_OPS_COUNT);
        }
        bulkType = type;
        bulk = pieces;
        return this;
    }

    /** The reply, when it comes. */
    public CompletableFuture<Reply> future() {
        return future;
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
