package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.lnet.Kiov;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.LnetEvent;
import org.jlustre.lnet.MemoryDescriptor;
import org.jlustre.lnet.ProcessId;
import org.jlustre.wire.lnet.LnetConstants;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * A request as a service handler sees it ({@code struct ptlrpc_request}, server side): the
 * request message, who sent it, its export, and the reply being built. Bulk data moves with
 * {@link #bulkGet} (the client's pages into ours, a write) and {@link #bulkPut} (ours to the
 * client's, a read), straight between the two sides' memory.
 */
public final class ServerRequest {

    private final Service service;
    private final ProcessId peer;
    private final long xid;
    private final long arrivalNanos;
    private final MemorySegment raw;
    private LustreMsg request;
    private PtlrpcBody body;
    private Export export;
    private LustreMsg reply;
    private int replyOpFlags;
    private long transno;
    /** Set by a handler that sends no reply (a fail_loc dropping it, {@code target_send_reply}). */
    private boolean noReply;
    /** A handler's non-negative result for {@code pb_status} (an OST read's bytes); 0 by default. */
    private int status;
    /** The match bits the reply goes to: the xid, or {@code pb_mbits} with REP_MBITS. */
    private long replyMatchBits;
    /** Handled on the network's thread that received it: it must not wait for the network. */
    private boolean onReceivingThread;

    private final Runnable release;

    ServerRequest(Service service, ProcessId peer, long xid, MemorySegment raw, long arrivalNanos, Runnable release) {
        this.release = release;
        this.service = service;
        this.peer = peer;
        this.xid = xid;
        this.raw = raw;
        this.arrivalNanos = arrivalNanos;
    }

    /** Unpacks the request message ({@code ptlrpc_unpack_req_msg}). */
    void unpack() throws LustreException {
        if (body != null) {
            return;
        }
        request = LustreMsg.unpack(raw);
        body = request.body();
    }

    /** The opcode if the request unpacks, else -1 (no exception: the caller only peeks). */
    int peekOpcode() {
        try {
            unpack();
            return body.opc();
        } catch (LustreException e) {
            return -1;
        }
    }

    /** Marks the request as handled on the thread that received it. */
    void onReceivingThread() {
        onReceivingThread = true;
    }

    /** Gives the request's place in its request buffer back. */
    void release() {
        release.run();
    }

    /** The raw bytes as they arrived. */
    MemorySegment raw() {
        return raw;
    }

    /** The service. */
    public Service service() {
        return service;
    }

    /** The sender. */
    public ProcessId peer() {
        return peer;
    }

    /** The xid (the LNet match bits of the request). */
    public long xid() {
        return xid;
    }

    /** The request message. */
    public LustreMsg request() {
        return request;
    }

    /** The request's {@code ptlrpc_body}. */
    public PtlrpcBody body() {
        return body;
    }

    /** The opcode. */
    public int opcode() {
        return body.opc();
    }

    /** Whether the client sends this xid again ({@code MSG_RESENT}). */
    public boolean resent() {
        return (body.flags() & MsgFlags.MSG_RESENT) != 0;
    }

    /** The export of the client, null before CONNECT. */
    public Export export() {
        return export;
    }

    void setExport(Export e) {
        export = e;
    }

    /** When the request arrived ({@code System.nanoTime}). */
    public long arrivalNanos() {
        return arrivalNanos;
    }

    /**
     * Request buffer {@code i} if it has at least {@code minLen} bytes.
     *
     * @throws LustreException {@link Errno#EPROTO} naming the buffer when it is missing or short
     */
    public MemorySegment buf(int i, int minLen, String what) throws LustreException {
        return request.buf(i, minLen, what);
    }

    /**
     * Lays out the reply: the {@code ptlrpc_body} and buffers of these lengths
     * ({@code req_capsule_server_pack}). Buffer {@code k} of the argument list is reply buffer
     * {@code k + 1}.
     */
    public LustreMsg packReply(int... lens) {
        int[] all = new int[lens.length + 1];
        all[0] = PtlrpcBody.SIZE_V3;
        System.arraycopy(lens, 0, all, 1, lens.length);
        reply = LustreMsg.pack(MemorySegment.ofArray(new byte[LustreMsg.size(all)]), all);
        return reply;
    }

    /** Reply buffer {@code i} (1 and up). */
    public MemorySegment replyBuf(int i) {
        if (reply == null) {
            throw new IllegalStateException("reply not packed");
        }
        return reply.buf(i);
    }

    LustreMsg reply() {
        return reply;
    }

    void replyMatchBits(long bits) {
        replyMatchBits = bits;
    }

    long replyMatchBits() {
        return replyMatchBits;
    }

    /** Sets the {@code pb_op_flags} of the reply. */
    public void replyOpFlags(int flags) {
        replyOpFlags = flags;
    }

    int replyOpFlags() {
        return replyOpFlags;
    }

    /** Sets the reply's {@code pb_transno} (the target layer's). */
    public void transno(long t) {
        transno = t;
    }

    long transno() {
        return transno;
    }

    /**
     * Sets a successful handler's {@code pb_status}, a non-negative result such as the bytes an
     * OST_READ sent ({@code tgt_brw_read} returns them, {@code ptlrpc_server_handle_request}
     * puts them in the reply); errors are thrown, not set here.
     *
     * @throws IllegalArgumentException for a negative value
     */
    public void status(int rc) {
        if (rc < 0) {
            throw new IllegalArgumentException("status " + rc + " is an error: throw it instead");
        }
        status = rc;
    }

    int status() {
        return status;
    }

    /**
     * Sends no reply to this request, whatever the handler did ({@code target_send_reply} under
     * a reply fail_loc: "dropping reply"): the client times out and resends it.
     */
    public void dropReply() {
        noReply = true;
    }

    /** Whether the reply is dropped. */
    boolean replyDropped() {
        return noReply;
    }

    /**
     * How many bulk MDs the client prepared ({@code pb_mbits} names the last; the first is the
     * {@link Ptlrpc#BULK_OPS_COUNT}-aligned value below it), 0 for none: a handler checks a
     * requested length against it before it allocates anything.
     */
    public int bulkMds() {
        long last = body.mbits();
        return last == 0 ? 0 : (int) (last - (last & ~(long) (Ptlrpc.BULK_OPS_COUNT - 1))) + 1;
    }

    /**
     * The bulk the client prepared for this request: the number of MDs, from {@code pb_mbits}
     * (the last match bits it uses, {@link Ptlrpc#BULK_OPS_COUNT} reserved per request).
     */
    private long firstBulkBits(int mds) throws LustreException {
        long last = body.mbits();
        long first = last & ~(long) (Ptlrpc.BULK_OPS_COUNT - 1);
        int count = (int) (last - first) + 1;
        if (last == 0 || count != mds) {
            throw new LustreException(Errno.EPROTO, "x" + xid + ": the client prepared " + (last == 0 ? 0 : count)
                    + " bulk buffers (pb_mbits " + last + "), the transfer needs " + mds);
        }
        return first;
    }

    /**
     * Pulls the client's bulk into {@code into} (an OST write: {@code BULK_GET_SINK} on our side,
     * the client's MDs are its {@code BULK_GET_SOURCE}); each segment is one LNet GET of at most
     * {@code LNET_MTU} (the echo target's layout). Returns the bytes moved.
     *
     * @throws LustreException {@link Errno#ETIMEDOUT} when the client does not answer in time,
     *         {@link Errno#EPROTO} when its bulk does not fit, {@link Errno#EIO} on a lost transfer
     */
    public long bulkGet(List<MemorySegment> into) throws LustreException {
        return transfer(split(into), false);
    }

    /** Pushes {@code from} into the client's bulk (an OST read), one LNet PUT per segment. */
    public long bulkPut(List<MemorySegment> from) throws LustreException {
        return transfer(split(from), true);
    }

    /**
     * Pulls the client's bulk straight into {@code fragments} (an OST write into the OSD's pages):
     * the fragments, of any sizes and cut anywhere, are laid onto the MDs of {@code layout} (the
     * split the client made from the same niobufs) with no copy, and each MD is one LNet GET at
     * the match bits {@code pb_mbits} gives. Returns the bytes moved. Whatever the outcome, when
     * this returns no MD is left that could still write into the fragments.
     *
     * @throws LustreException {@link Errno#EPROTO} when the fragments do not hold the layout's
     *         bytes or the client prepared another number of MDs, {@link Errno#ETIMEDOUT} when
     *         the client does not answer in time, the network's errno on a lost transfer
     */
    public long bulkGet(List<MemorySegment> fragments, BulkLayout layout) throws LustreException {
        return transfer(layout.cut(fragments, "bulk GET of x" + xid), false);
    }

    /**
     * Pushes {@code fragments} into the client's bulk (an OST read from the OSD's pages), one
     * LNet PUT per MD of {@code layout} (after {@link BulkLayout#truncate} for a short read: the
     * MDs past the data go as empty PUTs). Errors as {@link #bulkGet(List, BulkLayout)}.
     */
    public long bulkPut(List<MemorySegment> fragments, BulkLayout layout) throws LustreException {
        return transfer(layout.cut(fragments, "bulk PUT of x" + xid), true);
    }

    /**
     * One GET or PUT per MD, then waits for them all ({@code ptlrpc_start_bulk_transfer},
     * {@code ptlrpc_server_bulk_callback}); on a timeout, every MD is unlinked and waited for
     * ({@code ptlrpc_abort_bulk}).
     */
    private long transfer(List<Kiov> pieces, boolean put) throws LustreException {
        if (onReceivingThread) {
            // the transfer's events come on this very thread (socklnd's event loop): waiting here
            // would stall it, and every connection it serves, until the bulk timeout
            throw new IllegalStateException("x" + xid + ": a bulk transfer from a request handled on the thread "
                    + "that received it");
        }
        String what = "bulk " + (put ? "PUT" : "GET") + " of x" + xid + " to " + peer;
        String gone = connectionGone();
        if (gone != null) {
            dropReply();
            throw new LustreException(Errno.ENOTCONN, what + " not started: " + gone);
        }
        long first = firstBulkBits(pieces.size());
        Lnet lnet = service.node().lnet();
        // each MD counts down once, on the event that unlinks it: after that nothing touches its memory
        CountDownLatch done = new CountDownLatch(pieces.size());
        AtomicInteger status = new AtomicInteger();
        AtomicLong moved = new AtomicLong();
        List<MemoryDescriptor> mds = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            // SEND, then ACK (put) or REPLY (get); the MD is done when both came
            MemoryDescriptor md = lnet.bind(MemoryDescriptor.builder(pieces.get(i)).threshold(2)
                    .handler(ev -> bulkEvent(lnet, ev, put, status, moved, done)));
            mds.add(md);
            try {
                if (put) {
                    lnet.put(md, true, peer, service.config().bulkPortal(), first + i, 0, 0);
                } else {
                    lnet.get(md, peer, service.config().bulkPortal(), first + i, 0);
                }
            } catch (LustreException e) {
                status.compareAndSet(0, -e.errno().value());
                lnet.unlink(md); // nothing in progress: its UNLINK event counts it down
            }
        }
        if (!awaitBulk(done)) {
            abort(lnet, mds, done, what);
            gone = connectionGone();
            if (gone != null) {
                // target_bulk_io's "Reconnect on bulk" / "Eviction on bulk": the client no longer
                // waits for this reply on that connection ("We don't reply anyway")
                service.node().libcfs().debug().logf(DebugMask.S_RPC, DebugMask.D_ERROR, "%s abandoned: %s", what,
                        gone);
                dropReply();
                throw new LustreException(Errno.ENOTCONN, what + " abandoned: " + gone);
            }
            throw new LustreException(Errno.ETIMEDOUT, what + " timed out after "
                    + service.bulkTimeout().toMillis() + " ms");
        }
        if (status.get() != 0) {
            throw new LustreException(Errno.of(-status.get()), what + " failed: " + status.get());
        }
        return moved.get();
    }

    /**
     * {@code ptlrpc_abort_bulk}: unlinks every MD and waits until each has reported its last
     * event, so that no GET still lands in memory the caller takes back (an OSD page written after
     * the handler gave up). LNet's drivers end every transfer in finite time (socklnd fails a
     * stalled one after {@code sock_timeout}, the in-JVM network delivers at once), so this wait
     * ends; as in Lustre, it warns while it lasts instead of giving up.
     */
    private void abort(Lnet lnet, List<MemoryDescriptor> mds, CountDownLatch done, String what) {
        for (MemoryDescriptor md : mds) {
            lnet.unlink(md);
        }
        long waited = 0;
        while (!awaitUninterruptibly(done, ABORT_WARN_MILLIS)) {
            waited += ABORT_WARN_MILLIS;
            service.node().libcfs().debug().logf(DebugMask.S_RPC, DebugMask.D_WARNING,
                    "%s: MDs still not unlinked %d ms after the abort", what, waited);
        }
    }

    /** How often a bulk's wait looks whether its client reconnected ({@code target_bulk_io}'s one second). */
    private static final long BULK_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * Waits for every MD of a bulk, up to the service's bulk timeout; gives up sooner when the
     * client reconnected or was evicted meanwhile, as {@code target_bulk_io} does: a client
     * that reconnected timed this request out and will resend it, so the GET it may never
     * answer must not hold a service thread for the whole bulk timeout. Returns whether every
     * MD is done.
     */
    private boolean awaitBulk(CountDownLatch done) {
        long end = System.nanoTime() + service.bulkTimeout().toNanos();
        try {
            while (true) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (done.await(Math.min(left, BULK_POLL_NANOS), TimeUnit.NANOSECONDS)) {
                    return true;
                }
                if (connectionGone() != null) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Why the connection this request came on is over, or null while it stands: its export was
     * evicted or disconnected, or the client reconnected after sending it ({@code exp_conn_cnt}
     * past the request's {@code pb_conn_cnt}).
     */
    private String connectionGone() {
        Export exp = export;
        if (exp == null || body == null) {
            return null;
        }
        if (exp.isFailed()) {
            return "the client's export is gone (evicted or disconnected)";
        }
        if (exp.connCnt() > body.connCnt()) {
            return "the client reconnected (connection " + exp.connCnt() + ", the request's " + body.connCnt() + ")";
        }
        return null;
    }

    /** How often {@link #abort} warns while an MD is still in use. */
    private static final long ABORT_WARN_MILLIS = 5_000;

    /** Waits for the latch; an interrupt does not end the wait early but is kept for the caller. */
    private static boolean awaitUninterruptibly(CountDownLatch latch, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code ptlrpc_server_bulk_callback}; an MD whose operation failed is unlinked at once. */
    private static void bulkEvent(Lnet lnet, LnetEvent ev, boolean put, AtomicInteger status, AtomicLong moved,
            CountDownLatch done) {
        if (ev.status() != 0) {
            status.compareAndSet(0, ev.status());
        }
        LnetEvent.Type end = put ? LnetEvent.Type.ACK : LnetEvent.Type.REPLY;
        if (ev.type() == end) {
            if (ev.mlength() != ev.md().length()) {
                status.compareAndSet(0, -Errno.EPROTO.value());
            }
            moved.addAndGet(ev.mlength());
        }
        if (ev.unlinked()) {
            done.countDown();
        } else if (ev.status() != 0) {
            // its ACK or REPLY will not come: the MD goes now, not at the timeout
            lnet.unlink(ev.md());
        }
    }

    /** Splits segments into pieces of at most LNET_MTU (one MD each). */
    static List<Kiov> split(List<MemorySegment> segs) {
        List<Kiov> out = new ArrayList<>();
        for (MemorySegment s : segs) {
            for (long off = 0; off < s.byteSize(); off += LnetConstants.MTU) {
                out.add(Kiov.of(s.asSlice(off, Math.min(LnetConstants.MTU, s.byteSize() - off))));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "x" + xid + " from " + peer + (body != null ? " opc " + body.opc() : "");
    }
}
