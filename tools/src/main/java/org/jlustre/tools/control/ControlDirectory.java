package org.jlustre.tools.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * The directory of this user's control sockets on this host: one socket per running
 * {@code jlustre server}, named after the server's NID and acceptor port
 * ({@code 127.0.0.1@tcp:988.sock}). The directory is the user's alone (0700, created so, and
 * refused when another user owns it); each socket is 0600. A socket whose process is gone (a
 * connection to it is refused) is stale, and is removed wherever it is found.
 *
 * <p>Where it is: {@code $JLUSTRE_CONTROL_DIR}, else {@code $XDG_RUNTIME_DIR/jlustre}, else
 * {@code <java.io.tmpdir>/jlustre-<user>}.
 */
public final class ControlDirectory {

    /** The environment variable naming the directory. */
    public static final String ENV_DIR = "JLUSTRE_CONTROL_DIR";
    /** The suffix of a socket's file name. */
    static final String SUFFIX = ".sock";
    /** {@code sizeof(sun_path) - 1}: the longest path a Unix socket can be bound to. */
    static final int MAX_PATH = 107;
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path dir;

    private ControlDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The directory at {@code dir}. */
    public static ControlDirectory at(Path dir) {
        return new ControlDirectory(dir);
    }

    /** The directory the environment names ({@link #ENV_DIR}, {@code XDG_RUNTIME_DIR}), else the default. */
    public static ControlDirectory fromEnvironment(Map<String, String> env) {
        String explicit = env.get(ENV_DIR);
        if (explicit != null && !explicit.isEmpty()) {
            return at(Path.of(explicit));
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isEmpty()) {
            return at(Path.of(runtime, "jlustre"));
        }
        return at(Path.of(System.getProperty("java.io.tmpdir"), "jlustre-" + System.getProperty("user.name")));
    }

    /** The directory's path. */
    public Path path() {
        return dir;
    }

    /** A live server: its name and its socket. */
    public record Server(String name, Path socket) {
    }

    /**
     * Creates the directory (0700) or checks the one there: owned by this user (else EPERM) and
     * closed to others (its mode is set back to 0700 if it was not).
     */
    void prepare() throws LustreException {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            }
            String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new LustreException(Errno.EPERM, "control directory " + dir + " belongs to " + owner
                        + ", not to " + System.getProperty("user.name") + "; set " + ENV_DIR);
            }
            if (!Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(DIR_MODE)) {
                Files.setPosixFilePermissions(dir, DIR_MODE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new LustreException(Errno.EEXIST, "control directory " + dir + " exists and is not a directory");
        } catch (IOException | UnsupportedOperationException e) {
            throw new LustreException(Errno.EACCES, "cannot make control directory " + dir + ": " + e);
        }
    }

    /**
     * The socket path of server {@code name}.
     *
     * @throws LustreException EINVAL for a name with a '/' or none, ENAMETOOLONG when the path
     *     is longer than a Unix socket's
     */
    Path socketOf(String name) throws LustreException {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new LustreException(Errno.EINVAL, "bad control socket name '" + name + "'");
        }
        Path p = dir.resolve(name + SUFFIX);
        if (p.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
            throw new LustreException(Errno.ENAMETOOLONG, "control socket path " + p + " is longer than "
                    + MAX_PATH + " bytes; set " + ENV_DIR + " to a shorter directory");
        }
        return p;
    }

    /** Sets a socket's mode to 0600. */
    static void restrict(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, SOCKET_MODE);
    }

    /**
     * Whether a server answers at {@code socket}: true if a connection is accepted, false if it
     * is refused (nothing listens: the socket is stale) or the file is gone.
     *
     * @throws LustreException EACCES when the socket cannot be reached at all (not ours)
     */
    static boolean answers(Path socket) throws LustreException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (SocketException e) {
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            throw new LustreException(Errno.EACCES, "cannot reach control socket " + socket + ": " + e.getMessage());
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, "cannot reach control socket " + socket + ": " + e.getMessage());
        }
    }

    /**
     * Removes {@code socket} if no server answers there; returns whether it is gone. Only a
     * socket file is removed: anything else at the path is ENOTSOCK.
     */
    static boolean removeIfStale(Path socket) throws LustreException {
        if (answers(socket)) {
            return false;
        }
        try {
            if (!isSocket(socket)) {
                if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                    return true;
                }
                throw new LustreException(Errno.ENOTSOCK, socket + " is not a socket");
            }
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new LustreException(Errno.EACCES, "cannot remove stale control socket " + socket + ": " + e);
        }
        return true;
    }

    /** Whether {@code p} is a socket file ({@code S_IFSOCK}). */
    static boolean isSocket(Path p) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & 0170000) == 0140000;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The servers that answer, by name; stale sockets found on the way are removed. */
    public List<Server> servers() throws LustreException {
        List<Server> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : ds) {
                if (isSocket(p) && !removeIfStale(p)) {
                    String file = p.getFileName().toString();
                    out.add(new Server(file.substring(0, file.length() - SUFFIX.length()), p));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, "cannot list control directory " + dir + ": " + e);
        }
        out.sort(Comparator.comparing(Server::name));
        return out;
    }

    /**
     * The socket {@code selector} names: a path (with a '/'), a server's name
     * ({@code NID:PORT}), or a NID that one server alone has.
     *
     * @throws LustreException ENOENT when no live server matches (a stale socket it matched is
     *     removed), EINVAL naming the candidates when several do
     */
    public Path resolve(String selector) throws LustreException {
        if (selector.contains("/")) {
            Path p = Path.of(selector);
            if (removeIfStale(p)) {
                throw new LustreException(Errno.ENOENT, "no jlustre server answers at " + p
                        + " (a stale socket there was removed)");
            }
            return p;
        }
        List<Server> live = servers();
        List<Server> matches = new ArrayList<>();
        for (Server s : live) {
            if (s.name().equals(selector)) {
                return s.socket();
            }
            if (s.name().startsWith(selector + ":")) {
                matches.add(s);
            }
        }
        if (matches.size() == 1) {
            return matches.getFirst().socket();
        }
        if (matches.isEmpty()) {
            throw new LustreException(Errno.ENOENT, "no jlustre server '" + selector + "' in " + dir + " (running: "
                    + (live.isEmpty() ? "none" : String.join(", ", live.stream().map(Server::name).toList())) + ")");
        }
        throw new LustreException(Errno.EINVAL, "'" + selector + "' names several servers: "
                + String.join(", ", matches.stream().map(Server::name).toList()) + "; give NID:PORT");
    }
}
