package org.jlustre.lnet.socklnd;

import io.netty.bootstrap.Bootstrap;
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

/**
 * socklnd: LNet over TCP, protocol V3, with Netty (lnet/klnds/socklnd, lnet/lnet/acceptor.c;
 * reference 7.3). The acceptor listens on {@code accept_port}; a connection starts with the
 * active side's {@code lnet_acceptor_connreq} and both sides' hellos, then carries
 * {@code ksock_msg} frames: NOOP keepalives and LNET messages (the 72-byte LNet header and the
 * payload). One connection per peer, made on the first send and shared by every service; a
 * hello whose incarnation changed means the peer restarted.
 *
 * <p>Bad input from a peer (a wrong magic or version, a truncated or oversized frame, a header
 * LNet refuses) closes that connection with one log line; nothing else is affected.
 */
public final class Socklnd implements Lnd {

    private final Lnet lnet;
    private final SocklndConfig config;
    private final long nid;
    private final long incarnation;
    private final boolean useEpoll;
    private final EventLoopGroup group;
    private final DebugLog log;
    private final Channel acceptor;
    private final int boundPort;
    private final ConcurrentHashMap<Long, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SocklndConn, Boolean> conns = new ConcurrentHashMap<>();
    private final ParamGroup params;
    private volatile boolean closed;
    /** The peer of the last send: a client mostly talks to one server. */
    private volatile Peer lastPeer;
    /** {@code min_reconnectms}: the first wait after a failed connect (a parameter). */
    private volatile long minReconnectMs = ReconnectBackoff.DEFAULT_MIN_MS;
    /** {@code max_reconnectms}: the longest wait between connects (a parameter). */
    private volatile long maxReconnectMs = ReconnectBackoff.DEFAULT_MAX_MS;

    final LongAdder refused = new LongAdder();

    /** {@code LNET_ACCEPTOR_MAX_RESERVED_PORT}. */
    static final int RESERVED_PORT_MAX = 1023;
    /** {@code LNET_ACCEPTOR_MIN_RESERVED_PORT}. */
    static final int RESERVED_PORT_MIN = 512;

    private Socklnd(Lnet lnet, SocklndConfig config) throws LustreException {
        this.lnet = lnet;
        this.config = config;
        this.nid = config.nid().toLnetNid();
        this.incarnation = lnet.libcfs().time().realNanos();
        this.log = lnet.libcfs().debug();
        this.useEpoll = Transports.useEpoll(config.transport());
        this.group = Transports.group(useEpoll);
        if (config.listen()) {
            ServerBootstrap sb = new ServerBootstrap().group(group).channel(Transports.serverChannel(useEpoll))
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, recvAllocator())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SocklndConn c = new SocklndConn(Socklnd.this, ch, false, 0);
                            ch.pipeline().addLast(c);
                        }
                    });
            InetSocketAddress at = new InetSocketAddress(address(config.nid()), config.acceptPort());
            ChannelFuture f = sb.bind(at).awaitUninterruptibly();
            if (!f.isSuccess()) {
                throw new LustreException(Errno.EADDRINUSE, "socklnd " + config.nid() + ": cannot listen on " + at
                        + ": " + f.cause().getMessage(), f.cause());
            }
            this.acceptor = f.channel();
            this.boundPort = ((InetSocketAddress) acceptor.localAddress()).getPort();
        } else {
            this.acceptor = null;
            this.boundPort = 0;
        }
        ParamGroup g;
        try {
            g = lnet.libcfs().params().createGroup("socklnd", config.nid().toString().replace('.', '_'));
        } catch (LustreException e) {
            if (acceptor != null) {
                acceptor.close().awaitUninterruptibly();
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
        log.logf(DebugMask.S_LND, DebugMask.D_NET, "socklnd %s up (%s, port %d)", config.nid(),
                Transports.name(useEpoll), boundPort);
    }

    /** A driver for {@code config}, to give {@link Lnet#addNi}. */
    public static Lnd.Factory tcp(SocklndConfig config) {
        return lnet -> new Socklnd(lnet, config);
    }

    private static AdaptiveRecvByteBufAllocator recvAllocator() {
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

    Lnet lnet() {
        return lnet;
    }

    SocklndConfig config() {
        return config;
    }

    DebugLog log() {
        return log;
    }

    @Override
    public void send(LndTx tx) {
        if (closed) {
            tx.complete(-Errno.ESHUTDOWN.value());
            return;
        }
        Peer p = lastPeer;
        if (p == null || p.peerNid != tx.destNid()) {
            p = peers.computeIfAbsent(tx.destNid(), Peer::new);
            lastPeer = p;
        }
        p.send(tx);
    }

    /** A connection finished its hello: it is the peer's, for sending, unless one already is. */
    void established(SocklndConn c, long peerNid, long peerIncarnation) {
        conns.put(c, Boolean.TRUE);
        Peer p = peers.computeIfAbsent(peerNid, Peer::new);
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
                    config.nid(), Nid.toString(peerNid), peerIncarnation, was);
        }
        if (stale != null) {
            // what went over the old connection is lost; losing the old connection was not yet reported
            stale.close("peer restarted");
            lnet.peerDown(peerNid, -Errno.ECONNRESET.value());
        }
    }

    /** A connection is gone; {@code wasUp} when it had finished its hello. */
    void closed(SocklndConn c, long peerNid, boolean wasUp) {
        conns.remove(c);
        if (peerNid == 0) {
            return;
        }
        Peer p = peers.get(peerNid);
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
        if (lost && !closed || !failed.isEmpty()) {
            lnet.peerDown(peerNid, -Errno.ECONNRESET.value());
        }
    }

    /** The peer's connection state ({@code ksock_peer_ni}). */
    private final class Peer {
        final long peerNid;
        SocklndConn conn;
        final ArrayDeque<LndTx> waiting = new ArrayDeque<>();
        boolean connecting;
        long incarnation;
        int lastError;
        /** When a connect may start again after a failed one. */
        final ReconnectBackoff backoff = new ReconnectBackoff();

        Peer(long peerNid) {
            this.peerNid = peerNid;
        }

        void send(LndTx tx) {
            SocklndConn c;
            boolean connect = false;
            long backingOff = -1;
            synchronized (this) {
                c = conn;
                if (c == null || !c.isOpen()) {
                    c = null;
                    long now = System.nanoTime();
                    if (connecting || backoff.mayConnect(now)) {
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
            } else if (connect) {
                connect();
            } else if (backingOff >= 0) {
                // ksocknal_launch_packet: a peer whose connect failed recently is not tried again
                // before its retry interval is over; the message fails at once
                if (log.enabled(DebugMask.S_LND, DebugMask.D_NET)) {
                    log.logf(DebugMask.S_LND, DebugMask.D_NET, "%s: no usable route to %s: next connect in %d ms",
                            config.nid(), Nid.toString(peerNid), backingOff);
                }
                tx.complete(-Errno.EHOSTUNREACH.value());
            }
        }

        private void connect() {
            Nid to = Nid.fromLnetNid(peerNid);
            int port = config.peerPort().applyAsInt(peerNid);
            log.logf(DebugMask.S_LND, DebugMask.D_NET, "%s: connecting to %s port %d", config.nid(), to, port);
            Bootstrap b = new Bootstrap().group(group).channel(Transports.channel(useEpoll))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                            config.sockTimeout().toMillis()))
                    .option(ChannelOption.RCVBUF_ALLOCATOR, recvAllocator())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new SocklndConn(Socklnd.this, ch, true, peerNid));
                        }
                    });
            InetSocketAddress remote = new InetSocketAddress(address(to), port);
            if (config.securePorts()) {
                connectFromReservedPort(b, remote, RESERVED_PORT_MAX);
            } else {
                b.connect(remote).addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        failConnect(f.cause());
                    }
                });
            }
        }

        /** lnet_connect: bind a local port from 1023 down to 512 until one is free. */
        private void connectFromReservedPort(Bootstrap b, InetSocketAddress remote, int localPort) {
            if (localPort < RESERVED_PORT_MIN) {
                failConnect(new java.io.IOException("no free reserved port in " + RESERVED_PORT_MIN + ".."
                        + RESERVED_PORT_MAX + " (accept=secure needs privileges)"));
                return;
            }
            b.connect(remote, new InetSocketAddress(localPort)).addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    return;
                }
                if (f.cause() instanceof java.net.BindException) {
                    connectFromReservedPort(b, remote, localPort - 1);
                } else {
                    failConnect(f.cause());
                }
            });
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
                    config.nid(), Nid.toString(peerNid), cause.getMessage(), retryMs);
            for (LndTx tx : failed) {
                tx.complete(-Errno.EHOSTUNREACH.value());
            }
            lnet.peerDown(peerNid, -Errno.ECONNREFUSED.value());
        }
    }

    private String renderPeers() {
        StringBuilder sb = new StringBuilder("nid                      state       incarnation        queued\n");
        for (Peer p : peers.values()) {
            synchronized (p) {
                String state = p.conn != null && p.conn.isOpen() ? "up" : p.connecting ? "connecting" : "down";
                sb.append(String.format(Locale.ROOT, "%-24s %-11s 0x%016x %d%n", Nid.toString(p.peerNid), state,
                        p.incarnation, p.waiting.size()));
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
        if (acceptor != null) {
            acceptor.close().awaitUninterruptibly();
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

    /** Registers a connection not yet through its hello, so close reaches it. */
    void track(SocklndConn c) {
        if (closed) {
            c.close("interface shutting down");
            return;
        }
        conns.put(c, Boolean.TRUE);
    }

    void untrack(SocklndConn c) {
        conns.remove(c);
    }
}
