package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
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
    /** The match bits the reply goes to: the xid, or {@code pb_mbits} with REP_MBITS. */
    private long replyMatchBits;

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
     * {@code LNET_MTU}. Returns the bytes moved.
     *
     * @throws LustreException {@link Errno#ETIMEDOUT} when the client does not answer in time,
     *         {@link Errno#EPROTO} when its bulk does not fit, {@link Errno#EIO} on a lost transfer
     */
    public long bulkGet(List<MemorySegment> into) throws LustreException {
        return bulk(into, false);
    }

    /** Pushes {@code from} into the client's bulk (an OST read), one LNet PUT per segment. */
    public long bulkPut(List<MemorySegment> from) throws LustreException {
        return bulk(from, true);
    }

    private long bulk(List<MemorySegment> segs, boolean put) throws LustreException {
        List<MemorySegment> pieces = split(segs);
        long first = firstBulkBits(pieces.size());
        CountDownLatch done = new CountDownLatch(pieces.size());
        AtomicInteger status = new AtomicInteger();
        long[] moved = new long[1];
        List<MemoryDescriptor> mds = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            MemorySegment piece = pieces.get(i);
            // SEND, then ACK (put) or REPLY (get); the MD is done when both came
            MemoryDescriptor md = service.node().lnet().bind(MemoryDescriptor.builder(piece).threshold(2)
                    .handler(ev -> bulkEvent(ev, put, status, moved, done)));
            mds.add(md);
            try {
                if (put) {
                    service.node().lnet().put(md, true, peer, service.config().bulkPortal(), first + i, 0, 0);
                } else {
                    service.node().lnet().get(md, peer, service.config().bulkPortal(), first + i, 0);
                }
            } catch (LustreException e) {
                status.compareAndSet(0, -e.errno().value());
                service.node().lnet().unlink(md);
                done.countDown();
            }
        }
        boolean finished;
        try {
            finished = done.await(service.bulkTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            for (MemoryDescriptor md : mds) {
                service.node().lnet().unlink(md);
            }
            throw new LustreException(Errno.ETIMEDOUT, "bulk " + (put ? "PUT" : "GET") + " of x" + xid + " to "
                    + peer + " timed out after " + service.bulkTimeout().toMillis() + " ms");
        }
        if (status.get() != 0) {
            throw new LustreException(Errno.of(-status.get()), "bulk " + (put ? "PUT" : "GET") + " of x" + xid
                    + " to " + peer + " failed: " + status.get());
        }
        return moved[0];
    }

    private static void bulkEvent(LnetEvent ev, boolean put, AtomicInteger status, long[] moved, CountDownLatch done) {
        if (ev.status() != 0) {
            status.compareAndSet(0, ev.status());
        }
        LnetEvent.Type end = put ? LnetEvent.Type.ACK : LnetEvent.Type.REPLY;
        if (ev.type() == end) {
            if (ev.mlength() != ev.md().length()) {
                status.compareAndSet(0, -Errno.EPROTO.value());
            }
            synchronized (moved) {
                moved[0] += ev.mlength();
            }
        }
        if (ev.unlinked()) {
            done.countDown();
        }
    }

    /** Splits segments into pieces of at most LNET_MTU (one MD each). */
    static List<MemorySegment> split(List<MemorySegment> segs) {
        List<MemorySegment> out = new ArrayList<>();
        for (MemorySegment s : segs) {
            for (long off = 0; off < s.byteSize(); off += LnetConstants.MTU) {
                out.add(s.asSlice(off, Math.min(LnetConstants.MTU, s.byteSize() - off)));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "x" + xid + " from " + peer + (body != null ? " opc " + body.opc() : "");
    }
}
