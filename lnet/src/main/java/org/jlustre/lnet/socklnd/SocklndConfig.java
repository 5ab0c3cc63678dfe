package org.jlustre.lnet.socklnd;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongToIntFunction;
import org.jlustre.common.Nid;
import org.jlustre.wire.lnet.AcceptorConnreq;

/**
 * How a socklnd interface runs ({@code ksocklnd} and {@code lnet} module parameters).
 *
 * @param nid this interface's NID ({@code a.b.c.d@tcpN}); its address is where the acceptor
 *        listens unless {@code listen} says otherwise
 * @param acceptPort the acceptor's port ({@code accept_port}, 988); 0 picks a free port
 * @param peerPort the port to connect to for a peer NID (Lustre: every node's
 *        {@code accept_port}; tests running several nodes on one address give each its own)
 * @param listen whether to run the acceptor (a client that only connects out need not)
 * @param sockTimeout {@code sock_timeout}: a connection whose hello or current message does not
 *        arrive in this time is dropped
 * @param keepalive {@code keepalive}: an idle connection sends a NOOP this often
 * @param transport which Netty transport to use
 * @param accept whom the acceptor lets in and for how long before their hello
 *        ({@code accept=secure|all}, {@code accept_timeout}, connection limits)
 * @param reservedPorts whether connections we make try a privileged source port, 1023 down to
 *        512, as {@code lnet_connect} always does, so that peers with {@code accept=secure}
 *        take them. Where this process may not bind one (not root), it connects from an
 *        ordinary port and is a user-space peer to the other side. Either way the connection
 *        leaves from this NID's address. Off only to act as an unprivileged process would
 * @param txFlushBytes how much a connection writes while it is reading a batch of messages
 *        before it flushes (jlustre's own; Lustre's socklnd sends each message with its own
 *        {@code sendmsg}). Replies and requests made while reading are flushed in pieces of
 *        about this size rather than once at the batch's end, so the peer starts on the first
 *        ones while this side makes the rest: with 16 pings in flight over TCP loopback on two
 *        cores, 1,500 bytes (about 5 pings) measured 2.2x the rate of one flush per batch, with
 *        1,280 to 1,920 bytes alike; {@link Integer#MAX_VALUE} restores one flush per batch
 */
public record SocklndConfig(Nid nid, int acceptPort, LongToIntFunction peerPort, boolean listen, Duration sockTimeout,
        Duration keepalive, Transport transport, AcceptPolicy accept, boolean reservedPorts, int txFlushBytes) {

    /** {@code sock_timeout} default (seconds). */
    public static final Duration DEFAULT_SOCK_TIMEOUT = Duration.ofSeconds(50);
    /** {@code keepalive} default (seconds). */
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(30);
    /** {@link #txFlushBytes} default. */
    public static final int DEFAULT_TX_FLUSH_BYTES = 1500;

    /** The Netty transports. */
    public enum Transport {
        /** epoll where the native library loads, else NIO. */
        AUTO,
        /** Linux epoll. */
        EPOLL,
        /** Java NIO selectors. */
        NIO
    }

    /** Validates. */
    public SocklndConfig {
        Objects.requireNonNull(nid, "nid");
        Objects.requireNonNull(peerPort, "peerPort");
        Objects.requireNonNull(sockTimeout, "sockTimeout");
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(accept, "accept");
        if (nid.lnd() != Nid.SOCKLND) {
            throw new IllegalArgumentException("socklnd NID " + nid + " is not on a tcp network");
        }
        if (acceptPort < 0 || acceptPort > 65535) {
            throw new IllegalArgumentException("accept_port " + acceptPort + " not in 0..65535");
        }
        if (sockTimeout.isNegative() || sockTimeout.isZero() || keepalive.isNegative() || keepalive.isZero()) {
            throw new IllegalArgumentException("sock_timeout " + sockTimeout + " and keepalive " + keepalive
                    + " must be positive");
        }
        if (txFlushBytes <= 0) {
            throw new IllegalArgumentException("txFlushBytes " + txFlushBytes + " must be positive");
        }
    }

    /**
     * Lustre's defaults for {@code nid}: port 988 everywhere, 50 s timeout, 30 s keepalive,
     * {@code accept=secure} with a 5 s {@code accept_timeout}, privileged source ports.
     */
    public static SocklndConfig of(Nid nid) {
        return new SocklndConfig(nid, AcceptorConnreq.DEFAULT_PORT, peer -> AcceptorConnreq.DEFAULT_PORT, true,
                DEFAULT_SOCK_TIMEOUT, DEFAULT_KEEPALIVE, Transport.AUTO, AcceptPolicy.DEFAULT, true,
                DEFAULT_TX_FLUSH_BYTES);
    }

    /** With another acceptor port. */
    public SocklndConfig withAcceptPort(int port) {
        return new SocklndConfig(nid, port, peerPort, listen, sockTimeout, keepalive, transport, accept,
                reservedPorts, txFlushBytes);
    }

    /** With another way to find peers' ports. */
    public SocklndConfig withPeerPort(LongToIntFunction ports) {
        return new SocklndConfig(nid, acceptPort, ports, listen, sockTimeout, keepalive, transport, accept,
                reservedPorts, txFlushBytes);
    }

    /** With or without an acceptor. */
    public SocklndConfig withListen(boolean on) {
        return new SocklndConfig(nid, acceptPort, peerPort, on, sockTimeout, keepalive, transport, accept,
                reservedPorts, txFlushBytes);
    }

    /** With other timeouts. */
    public SocklndConfig withTimeouts(Duration sockTimeout, Duration keepalive) {
        return new SocklndConfig(nid, acceptPort, peerPort, listen, sockTimeout, keepalive, transport, accept,
                reservedPorts, txFlushBytes);
    }

    /** With another acceptor policy. */
    public SocklndConfig withAccept(AcceptPolicy policy) {
        return new SocklndConfig(nid, acceptPort, peerPort, listen, sockTimeout, keepalive, transport, policy,
                reservedPorts, txFlushBytes);
    }

    /** With another {@code accept} mode, the rest of the acceptor policy kept. */
    public SocklndConfig withAcceptMode(AcceptPolicy.Mode mode) {
        return withAccept(accept.withMode(mode));
    }

    /** With or without privileged source ports for the connections we make. */
    public SocklndConfig withReservedPorts(boolean on) {
        return new SocklndConfig(nid, acceptPort, peerPort, listen, sockTimeout, keepalive, transport, accept, on,
                txFlushBytes);
    }

    /** With another {@link #txFlushBytes}. */
    public SocklndConfig withTxFlushBytes(int bytes) {
        return new SocklndConfig(nid, acceptPort, peerPort, listen, sockTimeout, keepalive, transport, accept,
                reservedPorts, bytes);
    }

    /** With a given transport. */
    public SocklndConfig withTransport(Transport t) {
        return new SocklndConfig(nid, acceptPort, peerPort, listen, sockTimeout, keepalive, t, accept,
                reservedPorts, txFlushBytes);
    }
}
