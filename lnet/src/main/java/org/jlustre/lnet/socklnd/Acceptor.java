package org.jlustre.lnet.socklnd;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;

/**
 * The acceptor's door (lnet/lnet/acceptor.c, {@code lnet_acceptor}): each socket accept hands
 * over is admitted or closed here before socklnd reads a byte of it, and a failing accept pauses
 * accepting instead of spinning or dying.
 *
 * <ul>
 * <li>{@code accept=secure}: a connection from a port above
 *     {@code LNET_ACCEPTOR_MAX_RESERVED_PORT} (1023, libcfs.h) is closed at once
 *     ("Refusing connection from %pISp: insecure port").
 * <li>Limits, jlustre's own: the accepted connections held at once, in all and from one peer
 *     address. A peer that opens more has the new ones closed at once.
 * <li>Accept errors (EMFILE, ENFILE, ENOBUFS): {@code lnet_acceptor} logs
 *     "Accept error %d: pausing..." and sleeps 1 s. Here accepting stops (the server channel's
 *     auto-read), and resumes after a pause that doubles from 50 ms up to that second while
 *     accept keeps failing and starts again at 50 ms once one succeeds. The connections already
 *     accepted go on being served, and the idle ones are dropped after {@code accept_timeout}
 *     ({@link SocklndConn}), which gives the descriptors back.
 * </ul>
 *
 * <p>It sits on the server channel ahead of Netty's {@code ServerBootstrapAcceptor} and takes
 * every exception there: none reaches Netty's own handling, which logs through
 * {@code java.util.logging}, and that logging could not load the time zone when the process was
 * out of descriptors, threw, and killed the acceptor's event loop thread (which also owned
 * connections that were then never closed). Nothing here lets a {@link Throwable} out.
 *
 * <p>The policy is read when each connection arrives, so {@code lctl set_param} changes it for
 * the connections that follow.
 */
final class Acceptor extends ChannelInboundHandlerAdapter {

    /** The first pause after an accept error. */
    static final long FIRST_PAUSE_MILLIS = 50;
    /** The longest pause: {@code lnet_acceptor}'s, which pauses 1 s after every accept error. */
    static final long MAX_PAUSE_MILLIS = 1000;

    private final Socklnd lnd;
    private volatile AcceptPolicy policy;

    /** Accepted connections open now: in all, and per peer address (an entry only while it has some). */
    private final AtomicInteger held = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> heldPerPeer = new ConcurrentHashMap<>();

    private final LongAdder accepted = new LongAdder();
    private final LongAdder refusedInsecure = new LongAdder();
    private final LongAdder refusedLimit = new LongAdder();
    private final LongAdder droppedIdle = new LongAdder();
    private final LongAdder acceptErrors = new LongAdder();

    private final LimitedLog insecureLog;
    private final LimitedLog totalLimitLog;
    private final LimitedLog peerLimitLog;
    private final LimitedLog idleLog;
    private final LimitedLog errorLog;

    /** Server channel's event loop only: the channel, and the accept errors since the last accept. */
    private ChannelHandlerContext ctx;
    private int failuresInARow;
    /** The pause under way, 0 while accepting. */
    private volatile long pausedMillis;
    /** Made now, so that resuming needs nothing new when the process is out of descriptors. */
    private final Runnable resume = this::resume;

    Acceptor(Socklnd lnd, AcceptPolicy policy) {
        this.lnd = lnd;
        this.policy = policy;
        var time = lnd.lnet().libcfs().time();
        // lnet_acceptor's CERROR and CWARN reach the console; so do ours, the limits' too (an
        // operator should know when they bite); idle drops are network errors like socklnd's others
        this.insecureLog = new LimitedLog(lnd.log(), time, DebugMask.D_ERROR);
        this.totalLimitLog = new LimitedLog(lnd.log(), time, DebugMask.D_WARNING);
        this.peerLimitLog = new LimitedLog(lnd.log(), time, DebugMask.D_WARNING);
        this.idleLog = new LimitedLog(lnd.log(), time, DebugMask.D_NETERROR);
        this.errorLog = new LimitedLog(lnd.log(), time, DebugMask.D_WARNING);
    }

    /** The policy new connections meet. */
    AcceptPolicy policy() {
        return policy;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        this.ctx = c;
    }

    /** A socket accept returned: admit it (to Netty's child setup) or close it now. */
    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        Channel child = (Channel) msg;
        try {
            failuresInARow = 0;
            InetSocketAddress from = (InetSocketAddress) child.remoteAddress();
            if (admit(child, from)) {
                accepted.increment();
                c.fireChannelRead(child);
            } else {
                child.unsafe().closeForcibly();
            }
        } catch (Throwable t) {
            closeQuietly(child);
        }
    }

    /** Whether {@code child} may stay; if so it counts against the limits until it closes. */
    private boolean admit(Channel child, InetSocketAddress from) {
        AcceptPolicy p = policy;
        if (from == null) {
            return false;
        }
        if (p.mode() == AcceptPolicy.Mode.SECURE && from.getPort() > Socklnd.RESERVED_PORT_MAX) {
            refusedInsecure.increment();
            insecureLog.logf("%s: Refusing connection from %s: insecure port %d (accept=secure)", lnd.nidString(),
                    from.getAddress().getHostAddress(), from.getPort());
            return false;
        }
        if (held.incrementAndGet() > p.maxConns()) {
            held.decrementAndGet();
            refusedLimit.increment();
            totalLimitLog.logf("%s: Refusing connection from %s: %d connections held, the most accepted in all",
                    lnd.nidString(), from, p.maxConns());
            return false;
        }
        InetAddress addr = from.getAddress();
        boolean[] room = {false};
        heldPerPeer.compute(addr, (a, n) -> {
            int now = n == null ? 0 : n;
            room[0] = now < p.maxConnsPerPeer();
            return room[0] ? Integer.valueOf(now + 1) : n;
        });
        if (!room[0]) {
            held.decrementAndGet();
            refusedLimit.increment();
            peerLimitLog.logf("%s: Refusing connection from %s: %d connections from %s held, the most accepted per peer",
                    lnd.nidString(), from, p.maxConnsPerPeer(), addr.getHostAddress());
            return false;
        }
        child.closeFuture().addListener((ChannelFutureListener) f -> release(addr));
        return true;
    }

    private void release(InetAddress addr) {
        held.decrementAndGet();
        heldPerPeer.computeIfPresent(addr, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Accept failed (the exception of the server channel's read): pause accepting. */
    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        try {
            acceptErrors.increment();
            if (pausedMillis != 0) {
                return;
            }
            long pause = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(failuresInARow, 16));
            failuresInARow++;
            pausedMillis = pause;
            c.channel().config().setAutoRead(false);
            c.executor().schedule(resume, pause, TimeUnit.MILLISECONDS);
            errorLog.logf("%s: Accept error (%s): pausing %d ms", lnd.nidString(), cause.getMessage(), pause);
        } catch (Throwable t) {
            // nothing may leave an event loop; resume() is scheduled unless the loop is shutting down
        }
    }

    private void resume() {
        try {
            pausedMillis = 0;
            Channel server = ctx.channel();
            if (server.isOpen()) {
                server.config().setAutoRead(true);
            }
        } catch (Throwable t) {
            // the next accept error pauses again
        }
    }

    /** A connection said nothing that identifies it within {@code accept_timeout}: counted and logged (limited). */
    void droppedIdle(Object from, long timeoutMillis) {
        droppedIdle.increment();
        idleLog.logf("%s: closing connection from %s: no acceptor request and hello within accept_timeout (%d ms)",
                lnd.nidString(), from, timeoutMillis);
    }

    private static void closeQuietly(Channel ch) {
        try {
            ch.unsafe().closeForcibly();
        } catch (Throwable t) {
            // already closed, or closing
        }
    }

    /** {@code accept}, {@code accept_timeout}, the limits (writable) and the counts, under the interface's group. */
    void register(ParamGroup params) throws LustreException {
        params.add("accept", Param.ofString(() -> policy.mode().lustreName(), text -> {
            try {
                policy = policy.withMode(AcceptPolicy.Mode.parse(text));
            } catch (IllegalArgumentException e) {
                throw new LustreException(Errno.EINVAL, e.getMessage());
            }
        }));
        params.add("accept_timeout", Param.ofLong(() -> policy.timeout().toSeconds(),
                s -> policy = policy.withTimeout(java.time.Duration.ofSeconds(s)), 1, 3600));
        params.add("accept_max_conns", Param.ofLong(() -> policy.maxConns(),
                n -> policy = policy.withLimits(n.intValue(), policy.maxConnsPerPeer()), 1, Integer.MAX_VALUE));
        params.add("accept_max_conns_per_peer", Param.ofLong(() -> policy.maxConnsPerPeer(),
                n -> policy = policy.withLimits(policy.maxConns(), n.intValue()), 1, Integer.MAX_VALUE));
        params.add("acceptor", Param.readOnly(this::render));
    }

    private String render() {
        return String.format(Locale.ROOT, """
                accept: %s
                held: %d
                accepted: %d
                refused_insecure: %d
                refused_limit: %d
                dropped_idle: %d
                accept_errors: %d
                paused_ms: %d
                """, policy.mode().lustreName(), held.get(), accepted.sum(), refusedInsecure.sum(), refusedLimit.sum(),
                droppedIdle.sum(), acceptErrors.sum(), pausedMillis);
    }

    /** The acceptor's server channel (the tests fire accept errors on its pipeline). */
    Channel channel() {
        return ctx.channel();
    }

    /** The pause under way in milliseconds, 0 while accepting. */
    long pausedMillis() {
        return pausedMillis;
    }

    /** The connections accepted and open now. */
    int held() {
        return held.get();
    }

    /** How many connections were closed for idling past {@code accept_timeout}. */
    long droppedIdleCount() {
        return droppedIdle.sum();
    }

    @Override
    public String toString() {
        return "acceptor of " + Nid.toString(lnd.nid());
    }
}
