package org.jlustre.lnet.socklnd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.lnet.Kiov;
import org.jlustre.lnet.LndRx;
import org.jlustre.lnet.LndTx;
import org.jlustre.lnet.ProcessId;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;
import org.jlustre.wire.lnet.AcceptorConnreq;
import org.jlustre.wire.lnet.KsockHello;
import org.jlustre.wire.lnet.KsockMsg;
import org.jlustre.wire.lnet.LnetConstants;
import org.jlustre.wire.lnet.LnetHeader;

/**
 * One socklnd connection ({@code struct ksock_conn}): the handshake, then the receive state
 * machine of {@code ksocknal_process_receive} (ksock_msg header, LNet header, payload straight
 * into the MD LNet picked) and a send queue drained on the event loop with one flush per batch.
 * All receive state lives on the channel's event loop thread.
 *
 * <p>A passive connection learns who its peer is from the hello and the socket together
 * ({@code ksocknal_recv_hello}): from a privileged port, the NID the hello claims, which must be
 * the address the connection comes from; from any other port, a user-space process whose NID is
 * its address and whose pid is its port with {@code LNET_PID_USERFLAG}, whatever the hello
 * claims, and whose messages have that identity written over their source
 * ({@code ksocknal_process_receive}). It must get that far within {@code accept_timeout}.
 *
 * <p>Every entry point from Netty (handler callbacks, timers, tasks) keeps its {@link Throwable}s
 * to itself: a failure closes this connection, never the event loop that serves the others.
 */
final class SocklndConn extends ChannelInboundHandlerAdapter {

    /** Payloads up to this size are copied behind the headers; larger ones are sent from the MD itself. */
    private static final int COPY_LIMIT = 16 * 1024;

    private enum State {
        /** Passive side: the acceptor connreq. */
        CONNREQ,
        /** The fixed part of the peer's hello. */
        HELLO,
        /** The address list of the peer's hello. */
        HELLO_IPS,
        /** A ksock_msg header. */
        MSG,
        /** The LNet header of an LNET message. */
        LNET_HDR,
        /** The payload. */
        PAYLOAD,
        /** Closed: everything further is ignored. */
        DEAD
    }

    private final Socklnd lnd;
    private final Channel ch;
    final boolean active;
    /** The peer's process id; for a passive connection, known once its hello is in. */
    private long peerNid;
    private int peerPid;
    /** A user-space peer: known by its address and port, its messages' source rewritten to them. */
    private boolean userSpace;
    /** Where the peer connects from (set when the channel is active). */
    private InetSocketAddress remote;
    private State state;
    private boolean flip;
    private boolean up;

    private final byte[] acc = new byte[KsockHello.SIZE + 4 * KsockHello.MAX_IPS];
    private final MemorySegment accSeg = MemorySegment.ofArray(acc);
    private int accLen;
    private int need;
    private byte[] helloFixed;

    private LndRx rx;
    private long rxLength;
    private long payloadLeft;
    private long sinkDone;
    /** The sink's fragment the next payload byte goes to, and how far into it. */
    private int sinkFrag;
    private long sinkFragDone;

    private final ConcurrentLinkedQueue<LndTx> outq = new ConcurrentLinkedQueue<>();
    /** Event loop only: inside a read batch, writes wait for its end (or txFlushBytes of them) to be flushed. */
    private boolean reading;
    /** Bytes written in this read batch and not yet flushed. */
    private long unflushed;
    /**
     * Event loop only: where small messages are written until the next flush, so that a
     * flush's worth goes to the socket as one buffer (one write, one pooled allocation).
     */
    private ByteBuf batch;
    /** Room past txFlushBytes in a batch buffer: the message that crosses the mark still fits. */
    private static final int BATCH_SLACK = 512;
    /** The most a batch buffer is made for, however large txFlushBytes is: more messages take another. */
    private static final int BATCH_MAX = 64 * 1024;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile long lastRx;
    private volatile long lastTx;
    private volatile long lastTxDone;
    /** When the outbound buffer last went over its high-water mark (0: it is not). */
    private volatile long unwritableSince;
    private long lastKeepalive;
    private final java.util.concurrent.atomic.AtomicInteger pendingWrites = new java.util.concurrent.atomic.AtomicInteger();
    /** {@code SOCKNAL_KEEPALIVE_PING}: the ack cookie of a keepalive NOOP. */
    private static final long SOCKNAL_KEEPALIVE_PING = 1;
    private final long created;
    private ScheduledFuture<?> timer;
    /** Passive side: closes the connection unless its hello is in by accept_timeout. */
    private ScheduledFuture<?> acceptDeadline;
    private volatile boolean open = true;

    /** A connection the acceptor took: it starts with the peer's acceptor request. */
    SocklndConn(Socklnd lnd, Channel ch) {
        this(lnd, ch, false, 0, 0);
    }

    /** A connection we make to the Lustre process {@code peerNid}-{@code peerPid}. */
    SocklndConn(Socklnd lnd, Channel ch, long peerNid, int peerPid) {
        this(lnd, ch, true, peerNid, peerPid);
    }

    private SocklndConn(Socklnd lnd, Channel ch, boolean active, long peerNid, int peerPid) {
        this.lnd = lnd;
        this.ch = ch;
        this.active = active;
        this.peerNid = peerNid;
        this.peerPid = peerPid;
        this.state = active ? State.HELLO : State.CONNREQ;
        this.need = active ? KsockHello.SIZE : AcceptorConnreq.SIZE;
        this.created = System.nanoTime();
        this.lastRx = created;
        this.lastTx = created;
        this.lastTxDone = created;
        this.lastKeepalive = created;
    }

    /** The peer's process id once known, else null. */
    private ProcessId peerId() {
        return peerNid == 0 ? null : new ProcessId(peerNid, peerPid);
    }

    /** How log lines name the peer: its process id once known, else where it connects from. */
    private String peerName() {
        return peerNid != 0 ? peerId().toString() : String.valueOf(remote != null ? remote : ch.remoteAddress());
    }

    boolean isOpen() {
        return open && ch.isActive();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        try {
            remote = (InetSocketAddress) ch.remoteAddress();
            if (!lnd.track(this)) {
                return;
            }
            long tick = Math.max(10, Math.min(lnd.config().sockTimeout().toMillis(),
                    lnd.config().keepalive().toMillis()) / 4);
            timer = ctx.executor().scheduleAtFixedRate(this::tickSafely, tick, tick, TimeUnit.MILLISECONDS);
            if (!active) {
                // lnet_accept and ksocknal_recv_hello read the passive side's first bytes within accept_timeout
                long limit = lnd.acceptor().policy().timeout().toMillis();
                acceptDeadline = ctx.executor().schedule(() -> acceptTimedOut(limit), limit, TimeUnit.MILLISECONDS);
            } else {
                // lnet_connect: the acceptor request, then (ksocknal_create_conn) our hello first
                ByteBuf b = ctx.alloc().directBuffer(AcceptorConnreq.SIZE + KsockHello.SIZE);
                MemorySegment m = MemorySegment.ofArray(new byte[AcceptorConnreq.SIZE + KsockHello.SIZE]);
                new AcceptorConnreq(AcceptorConnreq.VERSION, peerNid).write(m, 0);
                // ksocknal_send_hello leaves dst_pid and dst_incarnation 0; a V3 kernel never sends on
                // an ANY connection, so ours is CONTROL, which it also uses for bulk when it has no other
                hello(peerNid, 0, 0, KsockHello.CONN_CONTROL).write(m, AcceptorConnreq.SIZE);
                b.writeBytes(m.asByteBuffer());
                ctx.writeAndFlush(b);
            }
            ctx.fireChannelActive();
        } catch (Throwable t) {
            internalError("channelActive", t);
        }
    }

    /** The acceptor request and hello did not both arrive within {@code accept_timeout}. */
    private void acceptTimedOut(long limitMillis) {
        try {
            if (!up && state != State.DEAD) {
                lnd.refused.increment();
                lnd.acceptor().droppedIdle(remote, limitMillis);
                close("accept_timeout");
            }
        } catch (Throwable t) {
            internalError("accept_timeout", t);
        }
    }

    private KsockHello hello(long dstNid, int dstPid, long dstIncarnation, int ctype) {
        return new KsockHello(KsockHello.PROTO_V3, lnd.nid(), dstNid, LnetConstants.PID_LUSTRE, dstPid,
                lnd.incarnation(), dstIncarnation, ctype, new int[0]);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        unwritableSince = ch.isWritable() ? 0 : System.nanoTime();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        try {
            reading = false;
            if (unflushed > 0) {
                flush();
            }
            ctx.fireChannelReadComplete();
        } catch (Throwable t) {
            internalError("channelReadComplete", t);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        ByteBuf in = (ByteBuf) msg;
        try {
            lastRx = System.nanoTime();
            while (in.isReadable() && state != State.DEAD) {
                if (state == State.PAYLOAD) {
                    payload(in);
                } else if (fill(in)) {
                    step();
                }
            }
        } catch (LustreException e) {
            refuse(e.getMessage());
        } catch (Throwable t) {
            internalError("channelRead", t);
        } finally {
            in.release();
        }
    }

    /** Accumulates up to {@code need} bytes of a fixed-size part; true when complete. */
    private boolean fill(ByteBuf in) {
        int n = Math.min(need - accLen, in.readableBytes());
        in.readBytes(acc, accLen, n);
        accLen += n;
        return accLen == need;
    }

    private void expect(State next, int bytes) {
        state = next;
        need = bytes;
        accLen = 0;
    }

    private void step() throws LustreException {
        switch (state) {
            case CONNREQ -> connreq();
            case HELLO -> {
                int nips = KsockHello.nips(accSeg, 0);
                if (nips == 0) {
                    helloDone(KsockHello.read(accSeg, 0));
                } else {
                    helloFixed = java.util.Arrays.copyOf(acc, KsockHello.SIZE);
                    expect(State.HELLO_IPS, 4 * nips);
                }
            }
            case HELLO_IPS -> {
                byte[] whole = new byte[KsockHello.SIZE + need];
                System.arraycopy(helloFixed, 0, whole, 0, KsockHello.SIZE);
                System.arraycopy(acc, 0, whole, KsockHello.SIZE, need);
                helloDone(KsockHello.read(MemorySegment.ofArray(whole), 0));
            }
            case MSG -> {
                int type = accSeg.get(flip ? Be.U32 : Le.U32, KsockMsg.OFF_TYPE);
                long zcReq = accSeg.get(flip ? Be.U64 : Le.U64, KsockMsg.OFF_ZC_REQ_COOKIE);
                if (zcReq != 0) {
                    // ksocknal_handle_zcreq: the sender waits for this cookie before it frees its pages
                    noop(0, zcReq);
                }
                if (type == KsockMsg.TYPE_NOOP) {
                    expect(State.MSG, KsockMsg.HEADER_SIZE);
                } else if (type == KsockMsg.TYPE_LNET) {
                    expect(State.LNET_HDR, LnetHeader.SIZE);
                } else {
                    throw new LustreException(Errno.EPROTO, "unknown ksock_msg type 0x" + Integer.toHexString(type));
                }
            }
            case LNET_HDR -> lnetHeader();
            default -> throw new IllegalStateException("state " + state);
        }
    }

    private void connreq() throws LustreException {
        int magic = accSeg.get(Le.U32, AcceptorConnreq.OFF_MAGIC);
        if (magic == KsockHello.MAGIC || KsockHello.isSwabbed(magic)) {
            // lnet_accept: a hello without the acceptor request; tell the peer what we expect
            answerConnreq();
            throw new LustreException(Errno.EPROTO, "hello without an acceptor request");
        }
        if (!AcceptorConnreq.isMagic(magic)) {
            throw new LustreException(Errno.EPROTO, "bad acceptor magic 0x" + Integer.toHexString(magic)
                    + " (expected 0x" + Integer.toHexString(AcceptorConnreq.MAGIC) + ")");
        }
        AcceptorConnreq cr = AcceptorConnreq.read(accSeg, 0);
        if (cr.version() != AcceptorConnreq.VERSION) {
            answerConnreq();
            throw new LustreException(Errno.EPROTO, "acceptor protocol version " + Integer.toUnsignedString(cr.version())
                    + " (this node speaks " + AcceptorConnreq.VERSION + ")");
        }
        if (cr.nid() != lnd.nid()) {
            throw new LustreException(Errno.EPERM, "connection for " + Nid.toString(cr.nid()) + ", not this NI ("
                    + lnd.nidString() + ")");
        }
        expect(State.HELLO, KsockHello.SIZE);
    }

    /** lnet_accept's answer to a connreq it cannot take: our magic and version, NID 0. */
    private void answerConnreq() {
        MemorySegment m = MemorySegment.ofArray(new byte[AcceptorConnreq.SIZE]);
        new AcceptorConnreq(AcceptorConnreq.VERSION, 0).write(m, 0);
        ch.writeAndFlush(Unpooled.wrappedBuffer(m.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
    }

    private void helloDone(KsockHello h) throws LustreException {
        flip = KsockHello.isSwabbed(accSeg.get(Le.U32, KsockHello.OFF_MAGIC));
        if (h.version() != KsockHello.PROTO_V3) {
            if (!active) {
                // so the active side learns what we speak (ksocknal_create_conn)
                sendHello(h.srcNid(), h.srcPid(), h.srcIncarnation(), KsockHello.invertType(h.ctype()));
            }
            throw new LustreException(Errno.EPROTO, "socklnd protocol version " + h.version() + " from "
                    + Nid.toString(h.srcNid()) + " (this node speaks " + KsockHello.PROTO_V3 + ")");
        }
        if (active) {
            HelloCheck.active(lnd.nid(), h, peerId(), remote);
        } else {
            HelloCheck.Peer who = HelloCheck.passive(lnd.nid(), h, remote);
            peerNid = who.id().nid();
            peerPid = who.id().pid();
            userSpace = who.userSpace();
            // the kernel answers in the hello buffer it received: dst_pid and dst_incarnation echo the
            // peer's; dst_nid is the NID it knows the peer by (ksocknal_create_conn)
            sendHello(peerNid, h.dstPid(), h.dstIncarnation(), KsockHello.invertType(h.ctype()));
        }
        up = true;
        if (acceptDeadline != null) {
            acceptDeadline.cancel(false);
        }
        expect(State.MSG, KsockMsg.HEADER_SIZE);
        lnd.log().logf(DebugMask.S_LND, DebugMask.D_NET, "%s: connection %s %s up (%s)", lnd.nidString(),
                active ? "to" : "from", peerId(), remote);
        lnd.established(this, peerId(), h.srcIncarnation());
    }

    private void sendHello(long dstNid, int dstPid, long dstIncarnation, int ctype) {
        MemorySegment m = MemorySegment.ofArray(new byte[KsockHello.SIZE]);
        hello(dstNid, dstPid, dstIncarnation, ctype).write(m, 0);
        ByteBuf b = ch.alloc().directBuffer(KsockHello.SIZE);
        b.writeBytes(m.asByteBuffer());
        ch.writeAndFlush(b);
    }

    private void lnetHeader() throws LustreException {
        // the LNet header is little-endian whatever the peer's byte order; only ksock_msg flips
        int len = accSeg.get(Le.U32, LnetHeader.OFF_PAYLOAD_LENGTH);
        if (len < 0 || len > LnetConstants.MTU) {
            throw new LustreException(Errno.EPROTO, "LNet message of " + Integer.toUnsignedString(len)
                    + " bytes from " + peerName() + " (LNET_MTU is " + LnetConstants.MTU + ")");
        }
        if (userSpace) {
            // ksocknal_process_receive: "Substitute process ID assigned at connection time"
            accSeg.set(Le.U64, LnetHeader.OFF_SRC_NID, peerNid);
            accSeg.set(Le.U32, LnetHeader.OFF_SRC_PID, peerPid);
        }
        long src = accSeg.get(Le.U64, LnetHeader.OFF_SRC_NID);
        if (src != peerNid) {
            throw new LustreException(Errno.EPROTO, "message from " + Nid.toString(src) + " on the connection of "
                    + peerName());
        }
        // LNet decodes the header at once and keeps none of these bytes
        rx = lnd.lnet().receive(lnd, accSeg.asSlice(0, LnetHeader.SIZE));
        rxLength = len;
        payloadLeft = len;
        sinkDone = 0;
        sinkFrag = 0;
        sinkFragDone = 0;
        if (len == 0) {
            finishRx(0);
        } else {
            state = State.PAYLOAD;
        }
    }

    private void payload(ByteBuf in) {
        int n = (int) Math.min(payloadLeft, in.readableBytes());
        long sinkLen = rx.sinkLength();
        int toSink = (int) Math.min(n, sinkLen - sinkDone);
        if (toSink > 0) {
            sinkDone += toSink;
            // straight into each fragment of the MD in turn (ksocknal_recv_kiov)
            Kiov sink = rx.sink();
            for (int left = toSink; left > 0; ) {
                MemorySegment frag = sink.fragment(sinkFrag);
                int k = (int) Math.min(left, frag.byteSize() - sinkFragDone);
                MemorySegment dst = frag.asSlice(sinkFragDone, k);
                if (dst.heapBase().orElse(null) instanceof byte[] array) {
                    // a heap MD (request and reply buffers): straight into its array
                    in.readBytes(array, (int) dst.address(), k);
                } else {
                    in.readBytes(dst.asByteBuffer());
                }
                left -= k;
                sinkFragDone += k;
                if (sinkFragDone == frag.byteSize()) {
                    sinkFrag++;
                    sinkFragDone = 0;
                }
            }
        }
        in.skipBytes(n - toSink);
        payloadLeft -= n;
        if (payloadLeft == 0) {
            finishRx(0);
        }
    }

    private void finishRx(int status) {
        LndRx r = rx;
        rx = null;
        expect(State.MSG, KsockMsg.HEADER_SIZE);
        r.finish(status);
    }

    // ------------------------------------------------------------------ sending

    void enqueue(LndTx tx) {
        if (!open) {
            tx.complete(-Errno.ECONNRESET.value());
            return;
        }
        if (ch.eventLoop().inEventLoop()) {
            // already on our thread (a reply sent while receiving, the next request sent from a
            // completion): write now, after anything other threads queued; inside a read batch,
            // flush every txFlushBytes and at the batch's end, so the peer works on the first
            // messages while we make the rest; outside one, flush at once
            if (!outq.isEmpty()) {
                drain();
            }
            // tx.complete inside write may send (and flush) again: add after it returns
            long n = write(tx, reading);
            unflushed += n;
            lastTx = System.nanoTime();
            if (!reading || unflushed >= lnd.config().txFlushBytes()) {
                flush();
            }
            return;
        }
        outq.add(tx);
        if (drainScheduled.compareAndSet(false, true)) {
            ch.eventLoop().execute(this::drainSafely);
        }
    }

    /**
     * Queues messages that waited for this connection ahead of anything sent after this call,
     * without sending them yet: the caller holds the peer's lock, and the connection becomes
     * visible to other senders only when it lets go; {@link #kick} then sends them.
     */
    void queueWaiting(java.util.Collection<LndTx> txs) {
        outq.addAll(txs);
    }

    /** Sends what {@link #queueWaiting} queued: now on our event loop, else from a task. */
    void kick() {
        if (ch.eventLoop().inEventLoop()) {
            drain();
        } else if (drainScheduled.compareAndSet(false, true)) {
            ch.eventLoop().execute(this::drainSafely);
        }
    }

    private void drainSafely() {
        try {
            drain();
        } catch (Throwable t) {
            internalError("sending", t);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (!open) {
            failQueued();
            return;
        }
        LndTx tx;
        int n = 0;
        while ((tx = outq.poll()) != null) {
            long bytes = write(tx, reading || !outq.isEmpty());
            unflushed += bytes;
            n++;
        }
        if (n > 0 && !reading) {
            flush();
            lastTx = System.nanoTime();
        }
    }

    /**
     * Writes one message behind the batch so far; {@code more} says messages are likely to follow
     * before the next flush (a read batch, a drain with more queued), so a new batch buffer gets
     * room for a flush's worth. Returns the bytes written, 0 for a message dropped because its
     * payload cannot be read (its send completes with -EIO).
     */
    private long write(LndTx tx, boolean more) {
        Kiov payload = tx.payload();
        long plen = payload.length();
        int headers = KsockMsg.LNET_HEADERS_SIZE;
        boolean copy = plen <= COPY_LIMIT;
        int need = (int) (headers + (copy ? plen : 0));
        ByteBuf b = batch;
        if (b == null || b.writableBytes() < need) {
            writeBatch();
            // room for a flush's worth of small messages: they go out in one buffer, one write
            int room = more ? Math.min(lnd.config().txFlushBytes(), BATCH_MAX) + BATCH_SLACK : 0;
            b = batch = ch.alloc().directBuffer(Math.max(need, room));
        }
        int mark = b.writerIndex();
        try {
            b.writeIntLE(KsockMsg.TYPE_LNET).writeIntLE(0).writeLongLE(0).writeLongLE(0);
            writeSegment(b, tx.header());
            if (copy) {
                for (int i = 0; i < payload.count(); i++) {
                    writeSegment(b, payload.fragment(i));
                }
            } else {
                checkReadable(payload);
            }
        } catch (RuntimeException e) {
            // a payload this thread cannot read (memory of a confined or closed arena): the message
            // goes whole, not its first bytes, so the ones after it still frame
            b.writerIndex(mark);
            lnd.log().logf(DebugMask.S_LND, DebugMask.D_NETERROR, "%s: dropping a message to %s: its payload "
                    + "cannot be read: %s", lnd.nidString(), peerName(), e);
            tx.complete(-Errno.EIO.value());
            return 0;
        }
        if (copy) {
            // the payload is copied: the MD is free (SEND) once the bytes are queued for the socket;
            // a connection that then fails loses them as a network would
            tx.complete(0);
        } else {
            writeBatch();
            pendingWrites.incrementAndGet();
            io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<? super Void>> done = f -> {
                pendingWrites.decrementAndGet();
                lastTxDone = System.nanoTime();
                tx.complete(f.isSuccess() ? 0 : -Errno.EIO.value());
            };
            ch.write(wrap(payload)).addListener(done);
        }
        return headers + plen;
    }

    /** Hands the batch buffer to the channel (to go out with the next flush). */
    private void writeBatch() {
        ByteBuf b = batch;
        if (b != null) {
            batch = null;
            if (b.isReadable()) {
                ch.write(b, ch.voidPromise());
            } else {
                b.release();
            }
        }
    }

    /** Writes the batch and flushes. */
    private void flush() {
        unflushed = 0;
        writeBatch();
        ch.flush();
    }

    /**
     * Refuses a payload sent from where it lies whose memory this thread cannot read: Netty reads
     * a wrapped direct buffer by address, past the segment's checks, so memory of a closed arena
     * would go out as garbage (or fault) instead of failing the send.
     */
    private static void checkReadable(Kiov payload) {
        Thread self = Thread.currentThread();
        for (int i = 0; i < payload.count(); i++) {
            MemorySegment f = payload.fragment(i);
            if (!f.scope().isAlive() || !f.isAccessibleBy(self)) {
                throw new IllegalStateException("fragment " + i + " of " + payload.count() + " ("
                        + f.byteSize() + " bytes) is memory of a closed arena or of another thread's");
            }
        }
    }

    /** The payload's fragments as one buffer that reads them where they are (no copy). */
    private static ByteBuf wrap(Kiov payload) {
        if (payload.count() == 1) {
            return Unpooled.wrappedBuffer(payload.fragment(0).asByteBuffer());
        }
        java.nio.ByteBuffer[] views = new java.nio.ByteBuffer[payload.count()];
        for (int i = 0; i < views.length; i++) {
            views[i] = payload.fragment(i).asByteBuffer();
        }
        return Unpooled.wrappedBuffer(views.length, views);
    }

    /** Copies a segment into the buffer, from its array when it has one (no ByteBuffer view). */
    private static void writeSegment(ByteBuf b, MemorySegment m) {
        if (m.heapBase().orElse(null) instanceof byte[] array) {
            b.writeBytes(array, (int) m.address(), (int) m.byteSize());
        } else {
            b.writeBytes(m.asByteBuffer());
        }
    }

    /** A NOOP with these zero-copy cookies: {0, 1} is V3's keepalive, {0, c} acknowledges cookie c. */
    private void noop(long reqCookie, long ackCookie) {
        writeBatch(); // after the messages before it, flushed with it
        unflushed = 0;
        ByteBuf b = ch.alloc().directBuffer(KsockMsg.HEADER_SIZE);
        b.writeIntLE(KsockMsg.TYPE_NOOP).writeIntLE(0).writeLongLE(reqCookie).writeLongLE(ackCookie);
        ch.writeAndFlush(b, ch.voidPromise());
        lastTx = System.nanoTime();
    }

    private void failQueued() {
        LndTx tx;
        while ((tx = outq.poll()) != null) {
            tx.complete(-Errno.ECONNRESET.value());
        }
    }

    // ------------------------------------------------------------------ timers, errors, close

    private void tickSafely() {
        try {
            tick();
        } catch (Throwable t) {
            internalError("the timer", t);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        long timeout = lnd.config().sockTimeout().toNanos();
        if (active && !up && now - created > timeout) {
            refuse("no hello within sock_timeout (" + lnd.config().sockTimeout().toMillis() + " ms) from "
                    + remote);
        } else if (up && (state != State.MSG || accLen > 0) && now - lastRx > timeout) {
            refuse("message from " + peerName() + " stalled for sock_timeout ("
                    + lnd.config().sockTimeout().toMillis() + " ms)");
        } else if (up && (pendingWrites.get() > 0 && now - lastTxDone > timeout
                || unwritableSince != 0 && now - unwritableSince > timeout)) {
            refuse("send to " + peerName() + " stalled for sock_timeout ("
                    + lnd.config().sockTimeout().toMillis() + " ms)");
        } else if (up && now - lastRx > lnd.config().keepalive().toNanos()
                && now - lastKeepalive > lnd.config().keepalive().toNanos()) {
            lastKeepalive = now;
            noop(0, SOCKNAL_KEEPALIVE_PING);
        }
    }

    /** Bad input or a timeout: one log line, then the connection goes. */
    private void refuse(String why) {
        lnd.refused.increment();
        lnd.log().logf(DebugMask.S_LND, DebugMask.D_NETERROR, "%s: closing connection %s %s: %s",
                lnd.nidString(), active ? "to" : "from",
                peerName(), why);
        close(why);
    }

    void close(String why) {
        if (state == State.DEAD && !open) {
            return;
        }
        state = State.DEAD;
        open = false;
        ch.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        try {
            inactive(ctx);
        } catch (Throwable t) {
            internalError("channelInactive", t);
        }
    }

    private void inactive(ChannelHandlerContext ctx) {
        String cut = unfinished();
        if (cut != null) {
            // the peer went away in the middle of something (ksocknal_destroy_conn: "Incomplete receive")
            lnd.log().logf(DebugMask.S_LND, DebugMask.D_NETERROR, "%s: connection %s %s closed by the peer in the "
                    + "middle of %s", lnd.nidString(), active ? "to" : "from",
                    peerName(), cut);
        }
        open = false;
        state = State.DEAD;
        if (timer != null) {
            timer.cancel(false);
        }
        if (acceptDeadline != null) {
            acceptDeadline.cancel(false);
        }
        if (batch != null) {
            // lost with the connection, as the messages queued on its socket are
            batch.release();
            batch = null;
        }
        if (rx != null) {
            LndRx r = rx;
            rx = null;
            r.finish(-Errno.EIO.value());
        }
        failQueued();
        lnd.closed(this, peerId(), up);
        ctx.fireChannelInactive();
    }

    /**
     * What a connection the peer closed was receiving, or null when it was between messages,
     * had sent nothing yet, or we closed it ourselves (which {@link #refuse} already logged).
     */
    private String unfinished() {
        return switch (state) {
            case DEAD -> null;
            case CONNREQ -> accLen == 0 ? null : "the acceptor request (" + accLen + " of " + need + " bytes)";
            case HELLO -> accLen == 0 && active ? null : "the hello (" + accLen + " of " + need + " bytes)";
            case HELLO_IPS -> "the hello's addresses (" + accLen + " of " + need + " bytes)";
            case MSG -> accLen == 0 ? null : "a ksock_msg header (" + accLen + " of " + need + " bytes)";
            case LNET_HDR -> "an LNet header (" + accLen + " of " + need + " bytes)";
            case PAYLOAD -> "the payload (" + (rxLength - payloadLeft) + " of " + rxLength + " bytes)";
        };
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        try {
            if (cause instanceof java.nio.channels.ClosedChannelException || !open) {
                // a write queued before the connection went: its loss is already reported as the close
                ch.close();
                return;
            }
            refuse(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (Throwable t) {
            internalError("exceptionCaught", t);
        }
    }

    /**
     * A {@link Throwable} out of our own handling (or what it called): this connection goes with
     * one line, and nothing leaves the event loop, which serves other connections too. Netty
     * would log it through {@code java.util.logging}, which can itself fail (out of descriptors)
     * and kill the loop.
     */
    private void internalError(String where, Throwable t) {
        try {
            refuse("internal error in " + where + ": " + t);
        } catch (Throwable again) {
            try {
                open = false;
                state = State.DEAD;
                ch.close();
            } catch (Throwable ignored) {
                // the channel is beyond reach; the loop goes on
            }
        }
    }
}
