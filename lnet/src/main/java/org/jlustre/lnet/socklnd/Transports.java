package org.jlustre.lnet.socklnd;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty event loops socklnd runs on: one process-wide group per transport, made on first
 * use with daemon threads, one per core (the {@code ksocklnd} scheduler threads).
 */
final class Transports {

    private static EventLoopGroup epoll;
    private static EventLoopGroup nio;

    private Transports() {
    }

    /** Whether epoll is chosen for {@code t}. */
    static boolean useEpoll(SocklndConfig.Transport t) {
        return switch (t) {
            case EPOLL -> {
                Epoll.ensureAvailability();
                yield true;
            }
            case NIO -> false;
            case AUTO -> Epoll.isAvailable();
        };
    }

    static synchronized EventLoopGroup group(boolean useEpoll) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        if (useEpoll) {
            if (epoll == null) {
                epoll = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("socknal-epoll", true),
                        EpollIoHandler.newFactory());
            }
            return epoll;
        }
        if (nio == null) {
            nio = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("socknal-nio", true),
                    NioIoHandler.newFactory());
        }
        return nio;
    }

    static Class<? extends ServerChannel> serverChannel(boolean useEpoll) {
        return useEpoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static Class<? extends SocketChannel> channel(boolean useEpoll) {
        return useEpoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    static String name(boolean useEpoll) {
        return useEpoll ? "epoll" : "nio";
    }
}
