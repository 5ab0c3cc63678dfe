package org.jlustre.testing.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy that records every byte it forwards: it listens on a free loopback port and
 * connects each accepted connection to {@code target}, with one thread per direction. Each
 * read is one {@link Chunk}, recorded (with a global sequence number and a timestamp) before it
 * is forwarded, so the order of the chunks respects causality: an answer is always recorded
 * after what it answers. End of stream in a direction is an empty chunk.
 *
 * <p>The forwarded connection leaves from the client's own address, and from a privileged port
 * if the client's was one, so that the server sees the same kind of peer (a kernel, or a
 * user-space process) it would without the proxy.
 */
public final class RecordingProxy implements AutoCloseable {

    /** Which way bytes went. */
    public enum Direction {
        /** From the connecting (active) side to the acceptor. */
        CLIENT_TO_SERVER,
        /** From the acceptor back. */
        SERVER_TO_CLIENT;

        public Direction other() {
            return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
        }
    }

    /** One read: {@code data} empty means end of stream. */
    public record Chunk(long seq, Direction dir, long micros, byte[] data) {
        public boolean eof() {
            return data.length == 0;
        }
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private final long baseMicros = System.currentTimeMillis() * 1000;
    private final long baseNanos = System.nanoTime();
    private final Thread acceptor;
    private volatile boolean closed;

    /** Starts listening; every connection is forwarded to {@code target}. */
    public RecordingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = Thread.ofPlatform().daemon().name("capture-proxy-accept").start(this::acceptLoop);
    }

    /** The port to connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The connections accepted so far. */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    public long nowMicros() {
        return baseMicros + (System.nanoTime() - baseNanos) / 1000;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket c;
            try {
                c = listener.accept();
            } catch (IOException e) {
                return;
            }
            long opened = nowMicros();
            Socket s = null;
            try {
                c.setTcpNoDelay(true);
                s = bindLike(c);
                s.setTcpNoDelay(true);
                s.connect(target, 5000);
            } catch (IOException e) {
                closeQuietly(c);
                closeQuietly(s);
                continue;
            }
            Connection conn = new Connection(c, s, opened);
            connections.add(conn);
            conn.start();
        }
    }

    /** A socket bound to the address of {@code c}'s peer, on a privileged port if the peer's is. */
    private static Socket bindLike(Socket c) throws IOException {
        InetAddress from = c.getInetAddress();
        if (c.getPort() > 1023) {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(from, 0));
            return s;
        }
        for (int port = 1023; port >= 512; port--) {
            Socket s = new Socket();
            s.setReuseAddress(true);
            try {
                s.bind(new InetSocketAddress(from, port));
                return s;
            } catch (IOException e) {
                s.close();
            }
        }
        throw new IOException("no free privileged port on " + from);
    }

    /** One proxied connection and what went through it. */
    public final class Connection {
        private final Socket client;
        private final Socket server;
        private final long openedMicros;
        private final List<Chunk> chunks = new ArrayList<>();
        private final CountDownLatch done = new CountDownLatch(2);
        private volatile IOException failure;

        private Connection(Socket client, Socket server, long openedMicros) {
            this.client = client;
            this.server = server;
            this.openedMicros = openedMicros;
        }

        private void start() {
            int n = connections.size();
            Thread.ofPlatform().daemon().name("capture-proxy-c2s-" + n)
                    .start(() -> pump(client, server, Direction.CLIENT_TO_SERVER));
            Thread.ofPlatform().daemon().name("capture-proxy-s2c-" + n)
                    .start(() -> pump(server, client, Direction.SERVER_TO_CLIENT));
        }

        private void pump(Socket from, Socket to, Direction d) {
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (;;) {
                    int n = in.read(buf);
                    if (n < 0) {
                        record(d, new byte[0]);
                        to.shutdownOutput();
                        break;
                    }
                    record(d, Arrays.copyOf(buf, n));
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                if (!closed && !(e instanceof SocketException && from.isClosed())) {
                    failure = e;
                }
                closeQuietly(client);
                closeQuietly(server);
            } finally {
                done.countDown();
                if (done.getCount() == 0) {
                    closeQuietly(client);
                    closeQuietly(server);
                }
            }
        }

        private synchronized void record(Direction d, byte[] data) {
            chunks.add(new Chunk(seq.getAndIncrement(), d, nowMicros(), data));
        }

        /** When the proxy accepted the connection. */
        public long openedMicros() {
            return openedMicros;
        }

        /** The connecting side's address as the proxy saw it. */
        public InetSocketAddress clientAddress() {
            return (InetSocketAddress) client.getRemoteSocketAddress();
        }

        /** The port the proxy's connection to the server leaves from. */
        public int serverSidePort() {
            return server.getLocalPort();
        }

        /** The chunks, in the order they were read. */
        public synchronized List<Chunk> chunks() {
            return List.copyOf(chunks);
        }

        /** All bytes that went one way. */
        public synchronized byte[] stream(Direction d) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (Chunk c : chunks) {
                if (c.dir() == d) {
                    b.writeBytes(c.data());
                }
            }
            return b.toByteArray();
        }

        /** Waits until both directions ended; false on timeout. */
        public boolean awaitClosed(Duration d) throws InterruptedException {
            return done.await(d.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** An I/O error that ended a direction (null if both ended cleanly). */
        public IOException failure() {
            return failure;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Connection c : connections) {
            closeQuietly(c.client);
            closeQuietly(c.server);
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
