package org.jlustre.lnet;

import io.netty.util.collection.LongObjectHashMap;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.wire.lnet.LnetConstants;
import org.jlustre.wire.lnet.LnetHeader;
import org.jlustre.wire.lnet.LnetWireHandle;

/**
 * The LNet instance of one node ({@code the_lnet}): its network interfaces (one driver each),
 * the portal table of match entries and the memory descriptors, and the four message kinds
 * (PUT, GET, ACK, REPLY) moved between them (lnet/lnet/lib-move.c, lib-md.c, lib-me.c,
 * lib-ptl.c; reference 7.2).
 *
 * <p>Every message crosses a driver as the 72-byte header and its payload, even between two
 * interfaces of the same node (the loopback path builds and parses the same bytes). Payload is
 * copied once, from the wire (or the sender's MD) straight into the matching MD's fragments;
 * sends hand the MD's own memory (its {@link Kiov}) to the driver.
 *
 * <p>Thread-safe. Event handlers run on the thread that completed the operation (a driver's, or
 * the sender's for in-JVM and loopback delivery) with no lock held.
 */
public final class Lnet implements AutoCloseable {

    /** Guards MDs, match entries and the portal table ({@code lnet_res_lock}). */
    final Object resLock = new Object();
    /** This instance's {@code wh_interface_cookie}. */
    final long interfaceCookie;

    private final Libcfs libcfs;
    private final DebugLog log;
    private final Portal[] portals = new Portal[LnetConstants.MAX_PORTALS];
    private final LongObjectHashMap<MemoryDescriptor> mds = new LongObjectHashMap<>();
    private long nextCookie = 1;
    /** MDs bound or attached and not yet unlinked. */
    private int live;
    private final CopyOnWriteArrayList<Lnd> nis = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<PeerListener> peerListeners = new CopyOnWriteArrayList<>();
    private final ParamGroup params;
    private volatile boolean closed;

    private final LongAdder sendCount = new LongAdder();
    private final LongAdder recvCount = new LongAdder();
    private final LongAdder dropCount = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder sendLength = new LongAdder();
    private final LongAdder recvLength = new LongAdder();
    private final LongAdder dropLength = new LongAdder();

    /** Told when a driver loses its connection to a peer or finds that the peer restarted. */
    @FunctionalInterface
    public interface PeerListener {
        /**
         * The peer {@code nid} is unreachable or restarted; messages in flight to it may be
         * lost.
         */
        void peerDown(long nid, int status);
    }

    private Lnet(Libcfs libcfs) throws LustreException {
        this.libcfs = libcfs;
        this.log = libcfs.debug();
        this.interfaceCookie = libcfs.time().realNanos();
        for (int i = 0; i < portals.length; i++) {
            portals[i] = new Portal();
        }
        this.params = libcfs.params().createGroup("lnet");
        params.add("stats", Param.readOnly(this::renderStats));
        params.add("nis", Param.readOnly(this::renderNis));
    }

    /**
     * Starts LNet on a node with no interfaces yet; its parameters go under {@code lnet.}.
     *
     * @throws LustreException {@link Errno#EEXIST} when the node already runs an LNet
     */
    public static Lnet create(Libcfs libcfs) throws LustreException {
        return new Lnet(libcfs);
    }

    /** The node this LNet runs on. */
    public Libcfs libcfs() {
        return libcfs;
    }

    /**
     * Adds a network interface served by a driver.
     *
     * @throws LustreException {@link Errno#EEXIST} when an interface on that network exists,
     *         or the driver's own error
     */
    public synchronized Lnd addNi(Lnd.Factory factory) throws LustreException {
        if (closed) {
            throw new LustreException(Errno.ESHUTDOWN, "LNet is shut down");
        }
        Lnd ni = factory.start(this);
        for (Lnd other : nis) {
            if (net(other.nid()) == net(ni.nid())) {
                ni.close();
                throw new LustreException(Errno.EEXIST, "network " + Nid.fromLnetNid(ni.nid()).netName()
                        + " already has the interface " + Nid.toString(other.nid()));
            }
        }
        nis.add(ni);
        log.logf(DebugMask.S_LNET, DebugMask.D_NET, "Added LNI %s", Nid.toString(ni.nid()));
        return ni;
    }

    /** The NIDs of this node's interfaces. */
    public List<Long> nids() {
        List<Long> out = new ArrayList<>();
        for (Lnd ni : nis) {
            out.add(ni.nid());
        }
        return out;
    }

    /** This node's NID on the network of {@code peer}: the source NID of what we send it. */
    public long localNidFor(long peer) throws LustreException {
        return niFor(peer).nid();
    }

    /** Whether {@code nid} is one of this node's. */
    public boolean isLocal(long nid) {
        for (Lnd ni : nis) {
            if (ni.nid() == nid) {
                return true;
            }
        }
        return false;
    }

    /** Registers a listener for lost and restarted peers. */
    public void addPeerListener(PeerListener l) {
        peerListeners.add(l);
    }

    /** Removes a listener. */
    public void removePeerListener(PeerListener l) {
        peerListeners.remove(l);
    }

    // ------------------------------------------------------------------ MDs and MEs

    /** Where a match entry goes on its portal's list. */
    public enum Position {
        /** {@code LNET_INS_BEFORE}: matched first. */
        BEFORE,
        /** {@code LNET_INS_AFTER}: matched after the others. */
        AFTER
    }

    /**
     * Attaches a match entry with an MD to a portal ({@code LNetMEAttach} + {@code LNetMDAttach},
     * {@code LNET_UNLINK}): PUTs and GETs from {@code matchId} whose match bits agree with
     * {@code matchBits} outside {@code ignoreBits} use the MD. Exact entries (no ignore bits) are
     * found by their match bits before the others are scanned.
     */
    public MemoryDescriptor attach(int portal, ProcessId matchId, long matchBits, long ignoreBits, Position pos,
            MemoryDescriptor.Builder builder) {
        checkPortal(portal);
        MemoryDescriptor md = builder.build();
        synchronized (resLock) {
            register(md);
            MatchEntry me = new MatchEntry(portal, matchId, matchBits, ignoreBits, md);
            md.me = me;
            portals[portal].add(me, pos);
        }
        return md;
    }

    /** Makes an MD live for our own PUTs and GETs ({@code LNetMDBind}). */
    public MemoryDescriptor bind(MemoryDescriptor.Builder builder) {
        MemoryDescriptor md = builder.build();
        synchronized (resLock) {
            register(md);
        }
        return md;
    }

    /**
     * Unlinks an MD ({@code LNetMDUnlink}): no new operation uses it. With none in progress it is
     * gone now and its handler gets an UNLINK event; otherwise the event of the last one in
     * progress says {@code unlinked}.
     */
    public void unlink(MemoryDescriptor md) {
        LnetEvent ev = null;
        synchronized (resLock) {
            if (md.owner != this || md.unlinked || md.unlinkRequested) {
                return;
            }
            md.unlinkRequested = true;
            if (md.pending == 0) {
                doUnlink(md);
                ev = new LnetEvent(LnetEvent.Type.UNLINK, ProcessId.ANY, ProcessId.ANY,
                        md.me != null ? md.me.portal : 0, md.me != null ? md.me.matchBits : 0, 0, 0, 0, md, 0, 0, true);
            }
        }
        if (ev != null) {
            deliver(ev);
        }
    }

    private void register(MemoryDescriptor md) {
        if (md.owner != null) {
            throw new IllegalStateException(md + " is already in use");
        }
        md.owner = this;
        md.cookie = nextCookie++;
        live++;
    }

    /**
     * The MD's wire handle, entering it in the table ACKs and REPLYs are looked up in; only MDs
     * that a peer addresses (a PUT asking for an ACK, a GET) need to be there. Caller holds resLock.
     */
    private LnetWireHandle addressable(MemoryDescriptor md) {
        if (!md.addressable) {
            md.addressable = true;
            mds.put(md.cookie, md);
        }
        return md.wireHandle();
    }

    /** Caller holds resLock. */
    private void doUnlink(MemoryDescriptor md) {
        md.unlinked = true;
        live--;
        if (md.addressable) {
            mds.remove(md.cookie);
        }
        if (md.me != null) {
            portals[md.me.portal].remove(md.me);
        }
    }

    /** Takes one use of the MD for an operation; caller holds resLock. */
    private static void take(MemoryDescriptor md) {
        if (md.threshold != MdOptions.THRESH_INF) {
            md.threshold--;
        }
        md.pending++;
    }

    /** Ends one operation on the MD; true when it was the last and the MD is now unlinked. Caller holds resLock. */
    private boolean release(MemoryDescriptor md) {
        md.pending--;
        if (md.pending == 0 && !md.unlinked && (md.unlinkRequested || md.exhausted())) {
            doUnlink(md);
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends the MD's memory as a PUT ({@code LNetPut}); the MD's handler gets SEND when it left
     * and, if {@code ack}, ACK when the target took it.
     *
     * @throws LustreException {@link Errno#EHOSTUNREACH} with no interface on the target's
     *         network, {@link Errno#EMSGSIZE} past {@code LNET_MTU}, {@link Errno#ENOENT} for an
     *         unlinked or exhausted MD
     */
    public void put(MemoryDescriptor md, boolean ack, ProcessId target, int portal, long matchBits, int offset,
            long hdrData) throws LustreException {
        checkPortal(portal);
        Lnd ni = niFor(target.nid());
        int len = payloadLength(md);
        LnetWireHandle ackWmd;
        synchronized (resLock) {
            checkLive(md);
            take(md);
            ackWmd = ack ? addressable(md) : LnetWireHandle.NONE;
        }
        LnetHeader h = new LnetHeader(target.nid(), ni.nid(), target.pid(), LnetConstants.PID_LUSTRE, len,
                new LnetHeader.Put(ackWmd, matchBits, hdrData, portal, offset));
        ProcessId self = new ProcessId(ni.nid(), LnetConstants.PID_LUSTRE);
        if (log.enabled(DebugMask.S_LNET, DebugMask.D_NET)) {
            log.logf(DebugMask.S_LNET, DebugMask.D_NET, "LNetPut -> %s portal %d match %d offset %d length %d", target,
                    portal, matchBits, offset, len);
        }
        transmit(ni, h, md.kiov(), status -> sendDone(md, self, target, portal, matchBits, len, status));
    }

    /**
     * Asks the target for data into the MD with a GET ({@code LNetGet}); the MD's handler gets
     * SEND when it left and REPLY when the data landed (at offset 0).
     *
     * @throws LustreException as {@link #put}
     */
    public void get(MemoryDescriptor md, ProcessId target, int portal, long matchBits, int offset)
            throws LustreException {
        checkPortal(portal);
        Lnd ni = niFor(target.nid());
        int len = payloadLength(md);
        LnetWireHandle wmd;
        synchronized (resLock) {
            checkLive(md);
            take(md);
            wmd = addressable(md);
        }
        LnetHeader h = new LnetHeader(target.nid(), ni.nid(), target.pid(), LnetConstants.PID_LUSTRE, 0,
                new LnetHeader.Get(wmd, matchBits, portal, offset, len));
        ProcessId self = new ProcessId(ni.nid(), LnetConstants.PID_LUSTRE);
        if (log.enabled(DebugMask.S_LNET, DebugMask.D_NET)) {
            log.logf(DebugMask.S_LNET, DebugMask.D_NET, "LNetGet -> %s portal %d match %d offset %d length %d", target,
                    portal, matchBits, offset, len);
        }
        transmit(ni, h, Kiov.EMPTY, status -> sendDone(md, self, target, portal, matchBits, len, status));
    }

    private static int payloadLength(MemoryDescriptor md) throws LustreException {
        long len = md.length();
        if (len > LnetConstants.MTU) {
            throw new LustreException(Errno.EMSGSIZE, md + " is larger than LNET_MTU (" + LnetConstants.MTU
                    + " bytes)");
        }
        return (int) len;
    }

    private void checkLive(MemoryDescriptor md) throws LustreException {
        if (md.owner != this) {
            throw new IllegalArgumentException(md + " is not bound to this LNet");
        }
        if (md.unlinked || md.unlinkRequested || md.threshold == 0) {
            throw new LustreException(Errno.ENOENT, md + " is unlinked or exhausted");
        }
    }

    private void sendDone(MemoryDescriptor md, ProcessId self, ProcessId target, int portal, long matchBits, int len,
            int status) {
        if (status != 0) {
            errors.increment();
        } else {
            sendCount.increment();
            sendLength.add(len);
        }
        boolean unlinked;
        synchronized (resLock) {
            unlinked = release(md);
        }
        deliver(new LnetEvent(LnetEvent.Type.SEND, self, target, portal, matchBits, len, status == 0 ? len : 0, 0, md,
                0, status, unlinked));
    }

    /** Encodes the header and hands the message to the interface, or to loopback for our own NID. */
    private void transmit(Lnd ni, LnetHeader h, Kiov payload, java.util.function.IntConsumer done) {
        MemorySegment hdr = MemorySegment.ofArray(new byte[LnetHeader.SIZE]);
        h.write(hdr, 0);
        LndTx tx = new LndTx(h.destNid(), h.destPid(), hdr, payload, done);
        if (closed) {
            tx.complete(-Errno.ESHUTDOWN.value());
            return;
        }
        // a user-space process at this node's own address is a peer on a connection, not us
        if (h.destNid() == ni.nid() && (h.destPid() & LnetConstants.PID_USERFLAG) == 0) {
            Trampoline.run(() -> loopback(ni, tx));
        } else {
            ni.send(tx);
        }
    }

    /** Delivers a message to ourselves through the same header parsing ({@code lolnd}). */
    private void loopback(Lnd ni, LndTx tx) {
        try {
            LndRx rx = receive(ni, tx.header());
            try {
                Kiov.copy(tx.payload(), 0, rx.sink(), 0, rx.sinkLength());
            } catch (RuntimeException e) {
                // memory of a closed arena, or of another thread's: lost, as a driver would lose it
                log.logf(DebugMask.S_LNET, DebugMask.D_NETERROR, "loopback message lost: %s", e.getMessage());
                rx.finish(-Errno.EIO.value());
                tx.complete(-Errno.EIO.value());
                return;
            }
            rx.finish(0);
            tx.complete(0);
        } catch (LustreException e) {
            tx.complete(-e.errno().value());
        }
    }

    private Lnd niFor(long nid) throws LustreException {
        for (Lnd ni : nis) {
            if (net(ni.nid()) == net(nid)) {
                return ni;
            }
        }
        throw new LustreException(Errno.EHOSTUNREACH, "no route to " + Nid.toString(nid) + ": no interface on its network");
    }

    private static int net(long nid) {
        return (int) (nid >>> 32);
    }

    private static void checkPortal(int portal) {
        if (portal < 0 || portal >= LnetConstants.MAX_PORTALS) {
            throw new IllegalArgumentException("portal " + portal + " not in 0.." + (LnetConstants.MAX_PORTALS - 1));
        }
    }

    // ------------------------------------------------------------------ receiving

    /**
     * A driver received a message: decides where its payload goes ({@code lnet_parse}). The
     * driver copies the payload into {@link LndRx#sink}, drops the rest and calls
     * {@link LndRx#finish}.
     *
     * @throws LustreException {@link Errno#EPROTO} for a header that is not LNet's (unknown
     *         type, payload past {@code LNET_MTU}, a HELLO or an ACK with payload): the driver
     *         should drop the connection
     */
    public LndRx receive(Lnd ni, MemorySegment header) throws LustreException {
        LnetHeader h = LnetHeader.read(header, 0);
        int len = h.payloadLength();
        if (len > LnetConstants.MTU) {
            throw new LustreException(Errno.EPROTO, "message from " + Nid.toString(h.srcNid()) + " with payload of "
                    + Integer.toUnsignedString(len) + " bytes, larger than LNET_MTU " + LnetConstants.MTU);
        }
        if (!isLocal(h.destNid())) {
            return drop(h, "it is for " + Nid.toString(h.destNid()) + ", not this node (no routing)");
        }
        return switch (h.body()) {
            case LnetHeader.Put p -> parsePut(h, p);
            case LnetHeader.Get g -> parseGet(ni, h, g);
            case LnetHeader.Ack a -> parseAck(h, a);
            case LnetHeader.Reply r -> parseReply(h, r);
            case LnetHeader.Hello hello -> throw new LustreException(Errno.EPROTO, "unexpected HELLO from "
                    + Nid.toString(h.srcNid()) + " after the connection was set up");
        };
    }

    private LndRx drop(LnetHeader h, String why) {
        dropCount.increment();
        dropLength.add(h.payloadLength());
        // lnet_parse_put/get/reply: CNETERR("Dropping PUT from ..."); an ACK for an MD that is gone is
        // expected (lnet_parse_ack: "Don't moan"), so D_NET
        int mask = h.type() == LnetHeader.TYPE_ACK ? DebugMask.D_NET : DebugMask.D_NETERROR;
        log.logf(DebugMask.S_LNET, mask, "Dropping %s from %s-%d length %d: %s",
                LnetHeader.typeName(h.type()), Nid.toString(h.srcNid()), h.srcPid(), h.payloadLength(), why);
        return LndRx.DROP;
    }

    private LndRx parsePut(LnetHeader h, LnetHeader.Put p) {
        if (p.portal() < 0 || p.portal() >= LnetConstants.MAX_PORTALS) {
            return drop(h, "portal " + p.portal() + " out of range");
        }
        int rlength = h.payloadLength();
        MemoryDescriptor md;
        int offset;
        int mlength;
        synchronized (resLock) {
            MatchEntry me = portals[p.portal()].match(h.srcNid(), h.srcPid(), p.matchBits(), MdOptions.OP_PUT, rlength,
                    p.offset());
            if (me == null) {
                return drop(h, "no match on portal " + p.portal() + " for match bits " + p.matchBits());
            }
            md = me.md;
            offset = md.has(MdOptions.MANAGE_REMOTE) ? p.offset() : (int) md.localOffset;
            mlength = (int) Math.min(rlength, md.length() - offset);
            if (md.has(MdOptions.MAX_SIZE)) {
                mlength = Math.min(mlength, md.maxSize());
            }
            take(md);
            if (!md.has(MdOptions.MANAGE_REMOTE)) {
                md.localOffset += mlength;
            }
        }
        recvCount.increment();
        recvLength.add(rlength);
        ProcessId src = new ProcessId(h.srcNid(), h.srcPid());
        ProcessId dst = new ProcessId(h.destNid(), h.destPid());
        boolean ackWanted = !p.ackWmd().isNone() && !md.has(MdOptions.ACK_DISABLE);
        final int ml = mlength;
        final int off = offset;
        Delivery d = status -> {
            boolean unlinked;
            synchronized (resLock) {
                unlinked = release(md);
            }
            deliver(new LnetEvent(LnetEvent.Type.PUT, src, dst, p.portal(), p.matchBits(), rlength, ml, off, md,
                    p.hdrData(), status, unlinked));
            if (status == 0 && ackWanted) {
                sendAck(h, p, ml);
            }
        };
        return new LndRx(md.kiov().slice(offset, mlength), d);
    }

    private void sendAck(LnetHeader put, LnetHeader.Put p, int mlength) {
        try {
            Lnd ni = niFor(put.srcNid());
            // lnet_prep_send: the source pid is ours (ln_pid), whatever pid the PUT was addressed to
            LnetHeader ack = new LnetHeader(put.srcNid(), put.destNid(), put.srcPid(), LnetConstants.PID_LUSTRE, 0,
                    new LnetHeader.Ack(p.ackWmd(), p.matchBits(), mlength));
            transmit(ni, ack, Kiov.EMPTY, status -> countSend(status, 0));
        } catch (LustreException e) {
            errors.increment();
            log.logf(DebugMask.S_LNET, DebugMask.D_NETERROR, "cannot ACK %s: %s", Nid.toString(put.srcNid()),
                    e.getMessage());
        }
    }

    private void countSend(int status, int len) {
        if (status == 0) {
            sendCount.increment();
            sendLength.add(len);
        } else {
            errors.increment();
        }
    }

    private LndRx parseGet(Lnd ni, LnetHeader h, LnetHeader.Get g) throws LustreException {
        if (h.payloadLength() != 0) {
            throw new LustreException(Errno.EPROTO, "GET from " + Nid.toString(h.srcNid()) + " with "
                    + h.payloadLength() + " bytes of payload");
        }
        if (g.portal() < 0 || g.portal() >= LnetConstants.MAX_PORTALS) {
            return drop(h, "portal " + g.portal() + " out of range");
        }
        int rlength = g.sinkLength();
        if (rlength < 0) {
            return drop(h, "GET for " + Integer.toUnsignedString(rlength) + " bytes");
        }
        MemoryDescriptor md;
        int offset;
        int mlength;
        synchronized (resLock) {
            MatchEntry me = portals[g.portal()].match(h.srcNid(), h.srcPid(), g.matchBits(), MdOptions.OP_GET, rlength,
                    g.srcOffset());
            if (me == null) {
                return drop(h, "no match on portal " + g.portal() + " for match bits " + g.matchBits());
            }
            md = me.md;
            offset = md.has(MdOptions.MANAGE_REMOTE) ? g.srcOffset() : (int) md.localOffset;
            mlength = (int) Math.min(rlength, md.length() - offset);
            take(md);
            if (!md.has(MdOptions.MANAGE_REMOTE)) {
                md.localOffset += mlength;
            }
        }
        recvCount.increment();
        ProcessId src = new ProcessId(h.srcNid(), h.srcPid());
        ProcessId dst = new ProcessId(h.destNid(), h.destPid());
        // lnet_prep_send: the source pid is ours (ln_pid); a peer that knows us as a user-space process
        // (our port with LNET_PID_USERFLAG) addressed the GET to that
        LnetHeader reply = new LnetHeader(h.srcNid(), h.destNid(), h.srcPid(), LnetConstants.PID_LUSTRE, mlength,
                new LnetHeader.Reply(g.returnWmd()));
        final int ml = mlength;
        final int off = offset;
        transmit(ni, reply, md.kiov().slice(offset, mlength), status -> {
            countSend(status, ml);
            boolean unlinked;
            synchronized (resLock) {
                unlinked = release(md);
            }
            deliver(new LnetEvent(LnetEvent.Type.GET, src, dst, g.portal(), g.matchBits(), rlength, ml, off, md, 0,
                    status, unlinked));
        });
        return new LndRx(Kiov.EMPTY, null);
    }

    private MemoryDescriptor lookup(LnetWireHandle wmd) {
        if (wmd.interfaceCookie() != interfaceCookie) {
            return null;
        }
        MemoryDescriptor md = mds.get(wmd.objectCookie());
        if (md == null || md.unlinked || md.threshold == 0) {
            return null;
        }
        return md;
    }

    private LndRx parseReply(LnetHeader h, LnetHeader.Reply r) {
        int rlength = h.payloadLength();
        MemoryDescriptor md;
        int mlength;
        synchronized (resLock) {
            md = lookup(r.dstWmd());
            if (md == null) {
                return drop(h, "REPLY for MD " + r.dstWmd() + " that is gone");
            }
            if (rlength > md.length() && !md.has(MdOptions.TRUNCATE)) {
                return drop(h, "REPLY of " + rlength + " bytes for " + md);
            }
            mlength = (int) Math.min(rlength, md.length());
            take(md);
        }
        recvCount.increment();
        recvLength.add(rlength);
        ProcessId self = new ProcessId(h.destNid(), h.destPid());
        ProcessId src = new ProcessId(h.srcNid(), h.srcPid());
        final int ml = mlength;
        Delivery d = status -> {
            boolean unlinked;
            synchronized (resLock) {
                unlinked = release(md);
            }
            deliver(new LnetEvent(LnetEvent.Type.REPLY, self, src, 0, 0, rlength, ml, 0, md, 0, status, unlinked));
        };
        return new LndRx(md.kiov().slice(0, mlength), d);
    }

    private LndRx parseAck(LnetHeader h, LnetHeader.Ack a) throws LustreException {
        if (h.payloadLength() != 0) {
            throw new LustreException(Errno.EPROTO, "ACK from " + Nid.toString(h.srcNid()) + " with "
                    + h.payloadLength() + " bytes of payload");
        }
        MemoryDescriptor md;
        boolean unlinked;
        synchronized (resLock) {
            md = lookup(a.dstWmd());
            if (md == null) {
                return drop(h, "ACK for MD " + a.dstWmd() + " that is gone");
            }
            take(md);
            unlinked = release(md);
        }
        recvCount.increment();
        deliver(new LnetEvent(LnetEvent.Type.ACK, new ProcessId(h.destNid(), h.destPid()),
                new ProcessId(h.srcNid(), h.srcPid()), 0, a.matchBits(), a.mlength(), a.mlength(), 0, md, 0, 0,
                unlinked));
        return new LndRx(Kiov.EMPTY, null);
    }

    private void deliver(LnetEvent ev) {
        try {
            ev.md().handler().onEvent(ev);
        } catch (RuntimeException e) {
            errors.increment();
            log.logf(DebugMask.S_LNET, DebugMask.D_ERROR, "event handler of %s failed on %s: %s", ev.md(), ev.type(),
                    e);
        }
    }

    /** The driver-side completion of a received message. */
    @FunctionalInterface
    interface Delivery {
        void finish(int status);
    }

    /** A driver reports a lost or restarted peer. */
    public void peerDown(long nid, int status) {
        log.logf(DebugMask.S_LNET, DebugMask.D_NET, "peer %s down: %d", Nid.toString(nid), status);
        for (PeerListener l : peerListeners) {
            l.peerDown(nid, status);
        }
    }

    // ------------------------------------------------------------------ parameters, shutdown

    private String renderStats() {
        // lnet_counters as /sys/kernel/debug/lnet/stats prints them: msgs_alloc msgs_max errors
        // send_count recv_count route_count drop_count send_length recv_length route_length drop_length
        int liveNow;
        synchronized (resLock) {
            liveNow = live;
        }
        return String.format(Locale.ROOT, "%d %d %d %d %d %d %d %d %d %d %d%n", liveNow, liveNow, errors.sum(),
                sendCount.sum(), recvCount.sum(), 0, dropCount.sum(), sendLength.sum(), recvLength.sum(), 0,
                dropLength.sum());
    }

    private String renderNis() {
        StringBuilder sb = new StringBuilder("nid                      status\n");
        for (Lnd ni : nis) {
            sb.append(String.format(Locale.ROOT, "%-24s %s%n", Nid.toString(ni.nid()), closed ? "down" : "up"));
        }
        return sb.toString();
    }

    /** Stops every interface; sends not yet done complete with an error. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Lnd ni : nis) {
            ni.close();
        }
        nis.clear();
        params.close();
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }
}
