package org.jlustre.lnet.socklnd;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.lnet.Lnd;
import org.jlustre.lnet.LndTx;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.ProcessId;
import org.jlustre.wire.lnet.LnetConstants;

/**
 * socklnd: LNet over TCP, protocol V3, with Netty (lnet/klnds/socklnd, lnet/lnet/acceptor.c;
 * reference 7.3). The acceptor listens on {@code accept_port}; a connection starts with the
 * active side's {@code lnet_acceptor_connreq} and both sides' hellos, then carries
 * {@code ksock_msg} frames: NOOP keepalives and LNET messages (the 72-byte LNet header and the
 * payload). One connection per peer, made on the first send and shared by every service; a
 * hello whose incarnation changed means the peer restarted.
 *
 * <p>Peers are processes ({@code lnet_processid}): a kernel peer is known by the NID its hello
 * claims, which must be its address's, and connects from a privileged port; a peer on an
 * ordinary port is a user-space process ({@code ksocknal_recv_hello}), known by its address
 * and port whatever its hello says, reached only over its own connection, and never able to
 * displace a kernel peer's. Who is let in at all is the {@link Acceptor}'s business.
 *
 * <p>Bad input from a peer (a wrong magic or version, a truncated or oversized frame, a header
 * LNet refuses) closes that connection with one log line; nothing else is affected.
 */
public final class Socklnd implements Lnd {

    private final Lnet lnet;
    private final SocklndConfig config;
    private final long nid;
    private final String nidString;
    private final long incarnation;
    private final boolean useEpoll;
    private final EventLoopGroup group;
    private final DebugLog log;
    /** Who the listening socket lets in, and how it survives accept errors (null without one). */
    private final Acceptor acceptor;
    /** The listening socket (null without one). */
    private final Channel serverChannel;
    private final int boundPort;
    private final Connector connector;
    private final ConcurrentHashMap<ProcessId, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SocklndConn, Boolean> conns = new ConcurrentHashMap<>();
    private final LimitedLog userSpaceLog;
    private final ParamGroup params;
    private volatile boolean closed;
    /** The peer of the last send: a client mostly talks to one server. */
    private volatile Peer lastPeer;
    /** {@code min_reconnectms}: the first wait after a failed connect (a parameter). */
    private volatile long minReconnectMs = ReconnectBackoff.DEFAULT_MIN_MS;
    /** {@code max_reconnectms}: the longest wait between connects (a parameter). */
    private volatile long maxReconnectMs = ReconnectBackoff.DEFAULT_MAX_MS;

    final LongAdder refused = new LongAdder();

    /** {@code LNET_ACCEPTOR_MAX_RESERVED_PORT} (libcfs/include/libcfs/libcfs.h). */
    static final int RESERVED_PORT_MAX = 1023;
    /** {@code LNET_ACCEPTOR_MIN_RESERVED_PORT} (libcfs/include/libcfs/libcfs.h). */
    static final int RESERVED_PORT_MIN = 512;

    private Socklnd(Lnet lnet, SocklndConfig config) throws LustreException {
        this.lnet = lnet;
        this.config = config;
        this.nid = config.nid().toLnetNid();
        this.nidString = config.nid().toString();
        this.incarnation = lnet.libcfs().time().realNanos();
        this.log = lnet.libcfs().debug();
        this.useEpoll = Transports.useEpoll(config.transport());
        this.group = Transports.group(useEpoll);
        this.userSpaceLog = new LimitedLog(log, lnet.libcfs().time(), DebugMask.D_NETERROR);
        InetAddress local = address(config.nid());
        this.connector = new Connector(this, local, config.reservedPorts());
        if (config.listen()) {
            this.acceptor = new Acceptor(this, config.accept());
            ServerBootstrap sb = new ServerBootstrap().group(group).channel(Transports.serverChannel(useEpoll))
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .handler(acceptor)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, recvAllocator())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new SocklndConn(Socklnd.this, ch));
                        }
                    });
            InetSocketAddress at = new InetSocketAddress(local, config.acceptPort());
            ChannelFuture f = sb.bind(at).awaitUninterruptibly();
            if (!f.isSuccess()) {
                throw new LustreException(Errno.EADDRINUSE, "socklnd " + config.nid() + ": cannot listen on " + at
                        + ": " + f.cause().getMessage(), f.cause());
            }
            this.serverChannel = f.channel();
            this.boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        } else {
            Connector.checkLocal(config.nid(), local);
            this.acceptor = null;
            this.serverChannel = null;
            this.boundPort = 0;
        }
        ParamGroup g;
        try {
            g = lnet.libcfs().params().createGroup("socklnd", config.nid().toString().replace('.', '_'));
        } catch (LustreException e) {
            if (serverChannel != null) {
                serverChannel.close().awaitUninterruptibly();
            }
            throw e;
        }
        this.params = g;
        // ksocklnd's module parameters of the same names (socklnd_modparams.c), writable as there
        params.add("min_reconnectms", Param.ofLong(() -> minReconnectMs, v -> minReconnectMs = v, 1, 3_600_000));
        params.add("max_reconnectms", Param.ofLong(() -> maxReconnectMs, v -> maxReconnectMs = v, 1, 3_600_000));
        params.add("peers", Param.readOnly(this::renderPeers));
        params.add("accept_port", Param.readOnly(() -> Integer.toString(boundPort)));
        params.add("sock_timeout", Param.readOnly(() -> Long.toString(config.sockTimeout().toSeconds())));
        params.add("keepalive", Param.readOnly(() -> Long.toString(config.keepalive().toSeconds())));
        params.add("transport", Param.readOnly(() -> Transports.name(useEpoll)));
        params.add("tx_flush_bytes", Param.readOnly(() -> Integer.toString(config.txFlushBytes())));
        params.add("reserved_ports", Param.readOnly(() -> connectsFromReservedPorts() ? "1" : "0"));
        if (acceptor != null) {
            acceptor.register(params);
        }
        log.logf(DebugMask.S_LND, DebugMask.D_NET, "socklnd %s up (%s, port %d, accept=%s)", config.nid(),
                Transports.name(useEpoll), boundPort, acceptor == null ? "none" : acceptor.policy().mode().lustreName());
    }

    /** A driver for {@code config}, to give {@link Lnet#addNi}. */
    public static Lnd.Factory tcp(SocklndConfig config) {
        return lnet -> new Socklnd(lnet, config);
    }

    static AdaptiveRecvByteBufAllocator recvAllocator() {
        return new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024);
    }

    static InetAddress address(Nid nid) {
        int a = nid.address();
        byte[] b = {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4-byte address refused", e);
        }
    }

    /** The port the acceptor listens on (the configured one, or the one picked for 0). */
    public int acceptPort() {
        return boundPort;
    }

    @Override
    public long nid() {
        return nid;
    }

    long incarnation() {
        return incarnation;
    }

    /** This interface's NID as text, for log lines. */
    String nidString() {
        return nidString;
    }

    Lnet lnet() {
        return lnet;
    }

    SocklndConfig config() {
        return config;
    }

    DebugLog log() {
        return log;
    }

    EventLoopGroup group() {
        return group;
    }

    boolean usesEpoll() {
        return useEpoll;
    }

    /**
     * Whether the connections this interface makes come from privileged ports, so that peers
     * know it by its NID (false from the first refusal to bind one: an unprivileged process,
     * which its peers know as a user-space process).
     */
    public boolean connectsFromReservedPorts() {
        return connector.reservedPorts();
    }

    /** The acceptor's admission policy; null when this interface does not listen. */
    Acceptor acceptor() {
        return acceptor;
    }

    @Override
    public void send(LndTx tx) {
        if (closed) {
            tx.complete(-Errno.ESHUTDOWN.value());
            return;
        }
        Peer p = lastPeer;
        if (p == null || p.peerNid != tx.destNid() || p.peerPid != tx.destPid()) {
            ProcessId id = new ProcessId(tx.destNid(), tx.destPid());
            p = isUserSpace(id.pid()) ? peers.get(id) : peers.computeIfAbsent(id, Peer::new);
            if (p == null) {
                refuseUserSpace(id, tx);
                return;
            }
            lastPeer = p;
        }
        p.send(tx);
    }

    /** Whether {@code pid} is a user-space process's ({@code LNET_PID_USERFLAG}). */
    static boolean isUserSpace(int pid) {
        return (pid & LnetConstants.PID_USERFLAG) != 0;
    }

    /** ksocknal_launch_packet: no connection is ever made to a user-space process; it must have one to us. */
    private void refuseUserSpace(ProcessId id, LndTx tx) {
        userSpaceLog.logf("%s: Refusing to create a connection to userspace process %s", nidString, id);
        tx.complete(-Errno.EHOSTUNREACH.value());
    }

    /**
     * A connection finished its hello: it is the peer's, for sending, unless one already is. A
     * kernel peer with a new incarnation restarted: its old connection goes. A user-space peer is
     * its own entry (its pid is its port), so it never meets a kernel peer's.
     */
    void established(SocklndConn c, ProcessId id, long peerIncarnation) {
        conns.put(c, Boolean.TRUE);
        Peer p = peers.computeIfAbsent(id, Peer::new);
        boolean restarted;
        long was;
        SocklndConn stale = null;
        SocklndConn target;
        synchronized (p) {
            was = p.incarnation;
            restarted = was != 0 && was != peerIncarnation;
            p.incarnation = peerIncarnation;
            if (restarted && p.conn != null && p.conn != c && p.conn.isOpen()) {
                stale = p.conn;
            }
            if (p.conn == null || !p.conn.isOpen() || restarted) {
                p.conn = c;
            }
            // what waited goes out first: queued on the connection before other threads can see it
            target = p.conn;
            target.queueWaiting(p.waiting);
            p.waiting.clear();
            p.connecting = false;
            p.lastError = 0;
            p.backoff.connected();
        }
        target.kick();
        if (restarted) {
            log.logf(DebugMask.S_LND, DebugMask.D_NETERROR, "%s: peer %s restarted (incarnation 0x%x, was 0x%x)",
                    nidString, id, peerIncarnation, was);
        }
        if (stale != null) {
            // what went over the old connection is lost; losing the old connection was not yet reported
            stale.close("peer restarted");
            lnet.peerDown(id.nid(), -Errno.ECONNRESET.value());
        }
    }

    /** A connection is gone; {@code id} is its peer's once known (else null), {@code wasUp} when it had finished its hello. */
    void closed(SocklndConn c, ProcessId id, boolean wasUp) {
        conns.remove(c);
        if (id == null) {
            return;
        }
        Peer p = peers.get(id);
        if (p == null) {
            return;
        }
        boolean lost;
        List<LndTx> failed = List.of();
        synchronized (p) {
            lost = p.conn == c;
            if (lost) {
                p.conn = null;
            }
            if (c.active && p.connecting && !wasUp) {
                // the connect failed in its hello: a failed connect as much as a refused one
                p.connecting = false;
                p.backoff.failed(System.nanoTime(), minReconnectMs, maxReconnectMs);
                failed = new ArrayList<>(p.waiting);
                p.waiting.clear();
            }
        }
        for (LndTx tx : failed) {
            tx.complete(-Errno.EHOSTUNREACH.value());
        }
        if (isUserSpace(id.pid())) {
            // nothing to remember of a process we cannot reach again (and whose port another may take);
            // ksocknal_peer_failed tells LNet of kernel peers only
            if (lost) {
                peers.remove(id, p);
                if (lastPeer == p) {
                    lastPeer = null;
                }
            }
            return;
        }
        if (lost && !closed || !failed.isEmpty()) {
            lnet.peerDown(id.nid(), -Errno.ECONNRESET.value());
        }
    }

    /** The peer's connection state ({@code ksock_peer_ni}). */
    private final class Peer {
        final long peerNid;
        final int peerPid;
        SocklndConn conn;
        final ArrayDeque<LndTx> waiting = new ArrayDeque<>();
        boolean connecting;
        long incarnation;
        int lastError;
        /** When a connect may start again after a failed one. */
        final ReconnectBackoff backoff = new ReconnectBackoff();

        Peer(ProcessId id) {
            this.peerNid = id.nid();
            this.peerPid = id.pid();
        }

        void send(LndTx tx) {
            SocklndConn c;
            boolean connect = false;
            long backingOff = -1;
            boolean unreachable = false;
            synchronized (this) {
                c = conn;
                if (c == null || !c.isOpen()) {
                    c = null;
                    long now = System.nanoTime();
                    if (isUserSpace(peerPid)) {
                        unreachable = true;
                    } else if (connecting || backoff.mayConnect(now)) {
                        waiting.add(tx);
                        if (!connecting) {
                            connecting = true;
                            connect = true;
                        }
                    } else {
                        backingOff = backoff.remainingMs(now);
                    }
                }
            }
            if (c != null) {
                c.enqueue(tx);
            } else if (unreachable) {
                refuseUserSpace(new ProcessId(peerNid, peerPid), tx);
            } else if (connect) {
                connect();
            } else if (backingOff >= 0) {
                // ksocknal_launch_packet: a peer whose connect failed recently is not tried again
                // before its retry interval is over; the message fails at once
                if (log.enabled(DebugMask.S_LND, DebugMask.D_NET)) {
                    log.logf(DebugMask.S_LND, DebugMask.D_NET, "%s: no usable route to %s: next connect in %d ms",
                            nidString, Nid.toString(peerNid), backingOff);
                }
                tx.complete(-Errno.EHOSTUNREACH.value());
            }
        }

        private void connect() {
            Nid to = Nid.fromLnetNid(peerNid);
            int port = config.peerPort().applyAsInt(peerNid);
            log.logf(DebugMask.S_LND, DebugMask.D_NET, "%s: connecting to %s port %d", nidString, to, port);
            connector.connect(peerNid, peerPid, new InetSocketAddress(address(to), port), this::failConnect);
        }

        private void failConnect(Throwable cause) {
            List<LndTx> failed;
            long retryMs;
            synchronized (this) {
                connecting = false;
                lastError = -Errno.ECONNREFUSED.value();
                backoff.failed(System.nanoTime(), minReconnectMs, maxReconnectMs);
                retryMs = backoff.intervalMs();
                failed = new ArrayList<>(waiting);
                waiting.clear();
            }
            log.logf(DebugMask.S_LND, DebugMask.D_NETERROR, "%s: cannot connect to %s: %s; next try in %d ms",
                    nidString, Nid.toString(peerNid), cause.getMessage(), retryMs);
            for (LndTx tx : failed) {
                tx.complete(-Errno.EHOSTUNREACH.value());
            }
            lnet.peerDown(peerNid, -Errno.ECONNREFUSED.value());
        }
    }

    private String renderPeers() {
        StringBuilder sb = new StringBuilder("nid                      pid         state       incarnation        queued\n");
        for (Peer p : peers.values()) {
            synchronized (p) {
                String state = p.conn != null && p.conn.isOpen() ? "up" : p.connecting ? "connecting" : "down";
                sb.append(String.format(Locale.ROOT, "%-24s %-11s %-11s 0x%016x %d%n", Nid.toString(p.peerNid),
                        Integer.toUnsignedString(p.peerPid), state, p.incarnation, p.waiting.size()));
            }
        }
        return sb.toString();
    }

    /** Closes the acceptor and every connection; queued sends complete with an error. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        for (SocklndConn c : List.copyOf(conns.keySet())) {
            c.close("interface shutting down");
        }
        for (Peer p : peers.values()) {
            List<LndTx> failed;
            synchronized (p) {
                failed = new ArrayList<>(p.waiting);
                p.waiting.clear();
                if (p.conn != null) {
                    p.conn.close("interface shutting down");
                }
            }
            for (LndTx tx : failed) {
                tx.complete(-Errno.ESHUTDOWN.value());
            }
        }
        params.close();
    }

    /**
     * Registers a connection not yet through its hello, so close reaches it; false (and the
     * connection closed) when this interface is shutting down.
     */
    boolean track(SocklndConn c) {
        if (closed) {
            c.close("interface shutting down");
            return false;
        }
        conns.put(c, Boolean.TRUE);
        return true;
    }
}
