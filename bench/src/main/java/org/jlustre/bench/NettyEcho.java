package org.jlustre.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference for the rpc suite: a plain Netty echo over TCP loopback, no protocol at all.
 * The server writes back what it reads and flushes once per read batch; the client keeps
 * {@code inFlight} messages of {@code size} bytes outstanding and sends one more for each
 * echoed back, on the same event loops and transport socklnd uses.
 */
final class NettyEcho implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel server;
    private final Channel client;
    private final ClientHandler handler;

    NettyEcho(int size, int inFlight) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.write(msg);
                            }

                            @Override
                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                ctx.flush();
                            }
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        handler = new ClientHandler(size, inFlight);
        client = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024))
                .handler(handler).connect(server.localAddress()).sync().channel();
    }

    /** Echoes completed so far. */
    long completed() {
        return handler.done.get();
    }

    /** Counts echoed bytes; every {@code size} of them completes one message and sends the next. */
    private static final class ClientHandler extends ChannelInboundHandlerAdapter {
        private final int size;
        private final int inFlight;
        private final AtomicLong done = new AtomicLong();
        private long pending;
        private ByteBuf message;

        ClientHandler(int size, int inFlight) {
            this.size = size;
            this.inFlight = inFlight;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            message = ctx.alloc().directBuffer(size);
            message.writerIndex(size);
            for (int i = 0; i < inFlight; i++) {
                ctx.write(message.retainedDuplicate());
            }
            ctx.flush();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            pending += b.readableBytes();
            b.release();
            int n = 0;
            while (pending >= size) {
                pending -= size;
                n++;
            }
            if (n > 0) {
                done.addAndGet(n);
                for (int i = 0; i < n; i++) {
                    ctx.write(message.retainedDuplicate());
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    @Override
    public void close() {
        client.close().awaitUninterruptibly();
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
