package org.jlustre.lnet.socklnd;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Consumer;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugMask;

/**
 * The connections this interface makes ({@code lnet_connect}, lnet/lnet/acceptor.c): each
 * leaves from this NID's address, and from a privileged port, tried from
 * {@code LNET_ACCEPTOR_MAX_RESERVED_PORT} (1023) down to {@code LNET_ACCEPTOR_MIN_RESERVED_PORT}
 * (512) past those in use, so that a peer with {@code accept=secure} (Lustre's default) takes
 * it and knows us by the NID in our hello. A process that may not bind one (EACCES: not root,
 * no {@code CAP_NET_BIND_SERVICE}) connects from an ordinary port from then on, and is a
 * user-space peer to the other side ({@code ksocknal_recv_hello}); one that finds all 512 in
 * use fails the connection, as Lustre does ("No privileged ports available").
 */
final class Connector {

    private final Socklnd lnd;
    private final InetAddress local;
    /** Whether connections still try privileged ports (false once binding one was refused). */
    private volatile boolean reservedPorts;

    Connector(Socklnd lnd, InetAddress local, boolean reservedPorts) {
        this.lnd = lnd;
        this.local = local;
        this.reservedPorts = reservedPorts;
    }

    /**
     * Checks that {@code address} is one of this host's, so that connections can leave from it.
     *
     * @throws LustreException {@link Errno#EADDRNOTAVAIL} naming the NID and the address
     */
    static void checkLocal(Nid nid, InetAddress address) throws LustreException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(address, 0));
        } catch (IOException e) {
            throw new LustreException(Errno.EADDRNOTAVAIL, "socklnd " + nid + ": " + address.getHostAddress()
                    + " (this NID's address) is not an address of this host: " + e.getMessage(), e);
        }
    }

    /** Whether connections are made from privileged ports. */
    boolean reservedPorts() {
        return reservedPorts;
    }

    /**
     * Connects to the Lustre process {@code peerNid}-{@code peerPid} at {@code remote}; the
     * connection then runs its hello ({@link SocklndConn}), or {@code failed} is told why not.
     */
    void connect(long peerNid, int peerPid, InetSocketAddress remote, Consumer<Throwable> failed) {
        SocklndConfig config = lnd.config();
        Bootstrap b = new Bootstrap().group(lnd.group()).channel(Transports.channel(lnd.usesEpoll()))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.sockTimeout().toMillis()))
                .option(ChannelOption.RCVBUF_ALLOCATOR, Socklnd.recvAllocator())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SocklndConn(lnd, ch, peerNid, peerPid));
                    }
                });
        attempt(b, remote, reservedPorts ? Socklnd.RESERVED_PORT_MAX : 0, failed);
    }

    /** One try from {@code localPort} (0: any ordinary port). */
    private void attempt(Bootstrap b, InetSocketAddress remote, int localPort, Consumer<Throwable> failed) {
        b.connect(remote, new InetSocketAddress(local, localPort)).addListener((ChannelFuture f) -> {
            try {
                if (f.isSuccess()) {
                    return;
                }
                Throwable cause = f.cause();
                switch (localPort == 0 ? BindFailure.NONE : BindFailure.of(cause)) {
                    case IN_USE -> {
                        // lnet_connect: EADDRINUSE or EADDRNOTAVAIL, the next port down
                        if (localPort > Socklnd.RESERVED_PORT_MIN) {
                            attempt(b, remote, localPort - 1, failed);
                        } else {
                            failed.accept(new IOException("No privileged ports available (" + Socklnd.RESERVED_PORT_MIN
                                    + ".." + Socklnd.RESERVED_PORT_MAX + " all in use on " + local.getHostAddress()
                                    + ")"));
                        }
                    }
                    case DENIED -> {
                        if (reservedPorts) {
                            reservedPorts = false;
                            lnd.log().logf(DebugMask.S_LND, DebugMask.D_WARNING, "%s: cannot bind a privileged port (%s):"
                                    + " connecting from ordinary ports, as a user-space process; peers with "
                                    + "accept=secure will refuse this node", lnd.nidString(), cause.getMessage());
                        }
                        attempt(b, remote, 0, failed);
                    }
                    case NONE -> failed.accept(cause);
                }
            } catch (Throwable t) {
                failed.accept(t);
            }
        });
    }

    /** Why binding the local port failed, from the message both transports take from {@code strerror}. */
    private enum BindFailure {
        /** EADDRINUSE, EADDRNOTAVAIL: this port is taken (for this peer). */
        IN_USE,
        /** EACCES: the process may not bind privileged ports. */
        DENIED,
        /** Not a bind failure. */
        NONE;

        static BindFailure of(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                String m = String.valueOf(c.getMessage());
                if (m.contains("Address already in use") || m.contains("Cannot assign requested address")) {
                    return IN_USE;
                }
                if (m.contains("Permission denied")) {
                    return DENIED;
                }
            }
            return NONE;
        }
    }
}
