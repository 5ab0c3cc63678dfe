package org.jlustre.tools.control;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;

/**
 * A {@code jlustre server}'s control socket: a Unix socket in the user's
 * {@link ControlDirectory}, speaking {@link ControlProtocol}, through which {@code jlustre lctl
 * --server NAME} runs {@code dl}, {@code get_param}, {@code set_param}, {@code list_param} and
 * {@code dk} on the server's node. Each connection runs on a virtual thread, at most
 * {@value #MAX_CONNECTIONS} at once (more are answered EBUSY); every read and write has a
 * deadline; a bad request gets an error line and the server goes on.
 */
public final class ControlServer implements AutoCloseable {

    /** What the server's node does for a request. */
    public interface Node {
        /** Runs lctl with {@code words} on the node, printing to {@code out} and {@code err}; returns its exit status. */
        int lctl(List<String> words, PrintWriter out, PrintWriter err);

        /** Lines saying who the server is ({@code name ...}, {@code pid ...}, {@code targets ...}). */
        List<String> info();

        /**
         * Copies object {@code name} of target {@code target}'s OSD to {@code data}, printing
         * what went wrong to {@code err}; returns the exit status (0, or an errno).
         */
        int dump(String target, String name, OutputStream data, PrintWriter err);

        /**
         * Writes target {@code target}'s OSD into the local directory {@code dir} as an ldiskfs
         * tree, the report on {@code out} and what went wrong on {@code err}; returns the exit
         * status (0, or an errno).
         */
        int export(String target, Path dir, PrintWriter out, PrintWriter err);

        /**
         * Runs lfs {@code words} on the client this node has mounted, relative paths from the
         * caller's directory {@code cwd}; returns the exit status. A server has no client: it
         * refuses with EOPNOTSUPP.
         */
        default int lfs(String cwd, List<String> words, PrintWriter out, PrintWriter err) {
            err.println("error: control: lfs: this process has no client mounted");
            return Errno.EOPNOTSUPP.value();
        }
    }

    /** Connections served at once. */
    static final int MAX_CONNECTIONS = 16;
    /** The lctl commands served, with their aliases. */
    static final Set<String> SERVED = Set.of("dl", "device_list", "get_param", "set_param", "list_param", "dk",
            "debug_kernel");
    /** How long the acceptor backs off after a failed accept (descriptors exhausted, say). */
    private static final Duration ACCEPT_BACKOFF = Duration.ofMillis(200);

    private final String name;
    private final Path socket;
    private final ServerSocketChannel channel;
    private final Node node;
    private final DebugLog log;
    /** How long a connection has to send its request line. */
    private final Duration requestDeadline;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Thread acceptor;
    private volatile boolean open = true;

    private ControlServer(String name, Path socket, ServerSocketChannel channel, Node node, DebugLog log,
            Duration requestDeadline) {
        this.name = name;
        this.socket = socket;
        this.channel = channel;
        this.node = node;
        this.log = log;
        this.requestDeadline = requestDeadline;
        this.acceptor = Thread.ofPlatform().daemon().name("control " + name).unstarted(this::acceptLoop);
    }

    /**
     * Binds server {@code name}'s socket in {@code dir} (made 0700 if need be; the socket 0600),
     * replacing a stale one, and starts serving {@code node}.
     *
     * @throws LustreException EADDRINUSE when a live server already answers on that name, and
     *     the errors of {@link ControlDirectory}
     */
    public static ControlServer start(ControlDirectory dir, String name, Node node, DebugLog log)
            throws LustreException {
        return start(dir, name, node, log, ControlProtocol.REQUEST_DEADLINE);
    }

    /**
     * As {@link #start(ControlDirectory, String, Node, DebugLog)}, giving connections
     * {@code requestDeadline} to send their request.
     */
    static ControlServer start(ControlDirectory dir, String name, Node node, DebugLog log, Duration requestDeadline)
            throws LustreException {
        dir.prepare();
        Path socket = dir.socketOf(name);
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && !ControlDirectory.removeIfStale(socket)) {
            throw new LustreException(Errno.EADDRINUSE, "a jlustre server named " + name + " already answers at "
                    + socket);
        }
        ServerSocketChannel ch;
        try {
            ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, "cannot open a control socket: " + e.getMessage());
        }
        try {
            ch.bind(UnixDomainSocketAddress.of(socket));
            ControlDirectory.restrict(socket);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new LustreException(Errno.EADDRINUSE, "cannot bind control socket " + socket + ": " + e.getMessage());
        }
        ControlServer s = new ControlServer(name, socket, ch, node, log, requestDeadline);
        s.acceptor.start();
        log.logf(DebugMask.S_CLASS, DebugMask.D_CONFIG, "control socket of %s at %s", name, socket);
        return s;
    }

    /** The socket's path. */
    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (open) {
            SocketChannel c;
            try {
                c = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!open) {
                    return;
                }
                log.logf(DebugMask.S_CLASS, DebugMask.D_WARNING, "control socket of %s: accept failed: %s", name, e);
                try {
                    Thread.sleep(ACCEPT_BACKOFF);
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            boolean admitted = slots.tryAcquire();
            Thread.ofVirtual().name("control " + name + " connection").start(() -> {
                try {
                    serve(c, admitted);
                } finally {
                    if (admitted) {
                        slots.release();
                    }
                }
            });
        }
    }

    /** One connection: its request, and the answer. */
    private void serve(SocketChannel c, boolean admitted) {
        try (ChannelLines lines = new ChannelLines(c)) {
            Reply reply = new Reply(lines);
            if (!admitted) {
                reply.refuse(Errno.EBUSY, MAX_CONNECTIONS + " control connections are busy; try again");
                return;
            }
            String line;
            List<String> words;
            try {
                line = lines.readLine(ControlProtocol.MAX_REQUEST, requestDeadline);
                if (line == null) {
                    return; // a probe: connected, then closed
                }
                words = ControlProtocol.words(line);
            } catch (LustreException e) {
                reply.refuse(e.errno(), "bad request: " + e.getMessage());
                return;
            }
            switch (words.getFirst()) {
                case ControlProtocol.INFO -> {
                    for (String l : node.info()) {
                        reply.out(l);
                    }
                    reply.exit(0);
                }
                case ControlProtocol.LCTL -> lctl(words.subList(1, words.size()), reply);
                case ControlProtocol.DUMP -> dump(words.subList(1, words.size()), reply);
                case ControlProtocol.EXPORT -> export(words.subList(1, words.size()), reply);
                case ControlProtocol.LFS -> lfs(words.subList(1, words.size()), reply);
                default -> reply.refuse(Errno.EINVAL, "unknown request '" + words.getFirst() + "' (expected '"
                        + ControlProtocol.LCTL + " COMMAND...', '" + ControlProtocol.DUMP + " TARGET NAME', '"
                        + ControlProtocol.EXPORT + " TARGET DIR', '" + ControlProtocol.LFS + " CWD WORD...' or '"
                        + ControlProtocol.INFO + "')");
            }
        } catch (IOException | LustreException e) {
            log.logf(DebugMask.S_CLASS, DebugMask.D_INFO, "control socket of %s: connection ended: %s", name,
                    e.getMessage());
        }
    }

    /** Runs an lctl command the socket serves, with its output streamed back. */
    private void lctl(List<String> words, Reply reply) throws IOException, LustreException {
        int at = 0;
        if (words.size() >= 2 && words.getFirst().equals("--device")) {
            at = 2;
        }
        if (at >= words.size()) {
            reply.refuse(Errno.EINVAL, "no lctl command (served: dl, get_param, set_param, list_param, dk)");
            return;
        }
        String command = words.get(at);
        if (!SERVED.contains(command)) {
            reply.refuse(Errno.EOPNOTSUPP, "lctl " + command + " is not served over the control socket (served: dl, "
                    + "get_param, set_param, list_param, dk)");
            return;
        }
        if ((command.equals("dk") || command.equals("debug_kernel")) && at + 1 < words.size()
                && !words.get(at + 1).startsWith("-") && !Path.of(words.get(at + 1)).isAbsolute()) {
            reply.refuse(Errno.EINVAL, "dk " + words.get(at + 1) + ": the server writes the file, so it needs an "
                    + "absolute path");
            return;
        }
        int status;
        try (PrintWriter out = reply.writer(ControlProtocol.OUT); PrintWriter err = reply.writer(ControlProtocol.ERR)) {
            try {
                status = node.lctl(words, out, err);
            } catch (RuntimeException e) {
                err.println("error: control: lctl " + command + " failed: " + e);
                status = Errno.EIO.value();
            }
        }
        log.logf(DebugMask.S_CLASS, DebugMask.D_IOCTL, "control socket of %s: lctl %s: %d", name,
                String.join(" ", words), status);
        reply.exit(status);
    }

    /** Copies an object of a target's OSD as data lines. */
    private void dump(List<String> words, Reply reply) throws IOException, LustreException {
        if (words.size() != 2) {
            reply.refuse(Errno.EINVAL, "dump takes a target and an object name, not " + words.size() + " words");
            return;
        }
        int status;
        try (OutputStream data = reply.data(); PrintWriter err = reply.writer(ControlProtocol.ERR)) {
            try {
                status = node.dump(words.get(0), words.get(1), data, err);
            } catch (RuntimeException e) {
                err.println("error: control: dump " + words.get(0) + " " + words.get(1) + " failed: " + e);
                status = Errno.EIO.value();
            }
        }
        log.logf(DebugMask.S_CLASS, DebugMask.D_IOCTL, "control socket of %s: dump %s %s: %d", name, words.get(0),
                words.get(1), status);
        reply.exit(status);
    }

    /** Writes a target's OSD into a local directory of the server's, the report as output lines. */
    private void export(List<String> words, Reply reply) throws IOException, LustreException {
        if (words.size() != 2) {
            reply.refuse(Errno.EINVAL, "export takes a target and a directory, not " + words.size() + " words");
            return;
        }
        Path dir;
        try {
            dir = Path.of(words.get(1));
        } catch (InvalidPathException e) {
            reply.refuse(Errno.EINVAL, "export: bad directory name '" + words.get(1) + "'");
            return;
        }
        if (!dir.isAbsolute()) {
            reply.refuse(Errno.EINVAL, "export " + words.get(1) + ": the server writes the directory, so it needs an "
                    + "absolute path");
            return;
        }
        int status;
        try (PrintWriter out = reply.writer(ControlProtocol.OUT); PrintWriter err = reply.writer(ControlProtocol.ERR)) {
            try {
                status = node.export(words.get(0), dir, out, err);
            } catch (RuntimeException e) {
                err.println("error: control: export " + words.get(0) + " " + dir + " failed: " + e);
                status = Errno.EIO.value();
            }
        }
        log.logf(DebugMask.S_CLASS, DebugMask.D_IOCTL, "control socket of %s: export %s %s: %d", name, words.get(0),
                dir, status);
        reply.exit(status);
    }

    /** Runs lfs on the node's client, from the caller's directory (the first word, absolute). */
    private void lfs(List<String> words, Reply reply) throws IOException, LustreException {
        if (words.isEmpty() || !words.getFirst().startsWith("/")) {
            reply.refuse(Errno.EINVAL, "lfs takes the caller's working directory (absolute) before its words");
            return;
        }
        int status;
        try (PrintWriter out = reply.writer(ControlProtocol.OUT); PrintWriter err = reply.writer(ControlProtocol.ERR)) {
            try {
                status = node.lfs(words.getFirst(), words.subList(1, words.size()), out, err);
            } catch (RuntimeException e) {
                err.println("error: control: lfs failed: " + e);
                status = Errno.EIO.value();
            }
        }
        log.logf(DebugMask.S_CLASS, DebugMask.D_IOCTL, "control socket of %s: lfs %s: %d", name,
                String.join(" ", words), status);
        reply.exit(status);
    }

    /** Stops accepting, waits for the acceptor, and removes the socket file. */
    @Override
    public void close() {
        open = false;
        closeQuietly(channel);
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.logf(DebugMask.S_CLASS, DebugMask.D_WARNING, "control socket %s not removed: %s", socket, e);
        }
    }

    private static void closeQuietly(ServerSocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing a listening socket has nothing to report
        }
    }

    @Override
    public String toString() {
        return "ControlServer[" + name + " at " + socket + "]";
    }
}
