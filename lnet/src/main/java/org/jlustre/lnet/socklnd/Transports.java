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
import java.util.TimeZone;

/**
 * The Netty event loops socklnd runs on: one process-wide group per transport, made on first
 * use with daemon threads, one per core (the {@code ksocklnd} scheduler threads). Making the
 * first one also readies what the error paths need when the process is out of file
 * descriptors ({@link #prepareForDescriptorExhaustion}).
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
        if (epoll == null && nio == null) {
            prepareForDescriptorExhaustion();
        }
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

    /**
     * Does now what would need a new file descriptor later, when a flood of connections may have
     * taken them all. Seen: Netty logged the failed accept through {@code java.util.logging},
     * whose formatter wanted the default time zone, whose first use opens {@code tzdb.dat}; that
     * failed, the class stayed unusable for the life of the JVM, and the Error killed the event
     * loop. Also: a class path jar that cannot be opened when a class is first looked up is
     * dropped from the search for good ({@code URLClassPath}), so every entry is opened now (the
     * lookup of a name no jar holds walks them all; the module path's jars open the same way).
     */
    static void prepareForDescriptorExhaustion() {
        TimeZone.getDefault();
        ClassLoader loader = Transports.class.getClassLoader();
        if (loader != null) {
            loader.getResource("META-INF/jlustre-socklnd-opens-every-jar-now");
        }
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
