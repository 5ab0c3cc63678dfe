package org.jlustre.client.nio;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.client.FileAttr;

/**
 * The {@code lustre} java.nio.file provider: {@code FileSystems.newFileSystem(
 * URI.create("lustre://MGS/FSNAME"), env)} mounts a Lustre filesystem and gives it as a
 * {@link LustreFileSystem}; {@link java.nio.file.Files} then works on its paths. How the
 * environment chooses the client and the credentials is {@link Mounts}'s; what each operation
 * does is {@link Operations}'s. What it cannot do fails with UnsupportedOperationException
 * naming the operation: {@code Path.toFile()}, {@code FileChannel.map/lock/tryLock}, watch
 * services, {@code newFileSystem(Path, env)}.
 */
public final class LustreFileSystemProvider extends FileSystemProvider {

    /** Environment key: a mounted {@link org.jlustre.client.LustreClient} of the URI's filesystem. */
    public static final String ENV_CLIENT = "lustre.client";
    /** Environment key: a {@link org.jlustre.ptlrpc.Ptlrpc} node to mount on. */
    public static final String ENV_NODE = "lustre.node";
    /** Environment key: the uid calls are made for (Integer). */
    public static final String ENV_UID = "uid";
    /** Environment key: the gid calls are made for (Integer; the uid when absent). */
    public static final String ENV_GID = "gid";
    /** Environment key: supplementary groups (int[] or a collection of Integer). */
    public static final String ENV_GROUPS = "groups";
    /** Environment key: the umask creates apply (Integer, 022 by default). */
    public static final String ENV_UMASK = "umask";
    /** Environment key: the request timeout (Duration). */
    public static final String ENV_TIMEOUT = "timeout";

    private final Map<String, LustreFileSystem> filesystems = new ConcurrentHashMap<>();

    /** The provider {@link java.util.ServiceLoader} makes; use {@link java.nio.file.FileSystems} to reach it. */
    public LustreFileSystemProvider() {
    }

    @Override
    public String getScheme() {
        return LustreUri.SCHEME;
    }

    /**
     * Mounts the filesystem {@code uri} names (or takes the mounted client the environment
     * holds, see {@link Mounts}); FileSystemAlreadyExistsException while one of the same URI is
     * open, IOException when the mount fails.
     */
    @Override
    public LustreFileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
        LustreUri id = LustreUri.of(uri);
        synchronized (filesystems) {
            if (filesystems.containsKey(id.key())) {
                throw new FileSystemAlreadyExistsException(id.toUri().toString());
            }
            LustreFileSystem fs = Mounts.open(this, id, env);
            filesystems.put(id.key(), fs);
            return fs;
        }
    }

    /** The open filesystem {@code uri} names; FileSystemNotFoundException if none is. */
    @Override
    public LustreFileSystem getFileSystem(URI uri) {
        LustreUri id = LustreUri.of(uri);
        LustreFileSystem fs = filesystems.get(id.key());
        if (fs == null) {
            throw new FileSystemNotFoundException(id.toUri() + " is not open (FileSystems.newFileSystem opens it)");
        }
        return fs;
    }

    /** The path {@code lustre://MGS/FSNAME/PATH} names, in its open filesystem. */
    @Override
    public LustrePath getPath(URI uri) {
        return getFileSystem(uri).getPath(LustreUri.pathOf(uri));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        LustrePath p = check(path);
        return Operations.of(p).open(p, options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        LustrePath p = check(dir);
        Namespace ns = p.getFileSystem().namespace();
        FileAttr attr = ns.stat(p, true);
        if (!attr.isDirectory()) {
            throw new NotDirectoryException(p.toString());
        }
        return new LustreDirectoryStream(ns, p, attr.fid(), filter);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        LustrePath p = check(dir);
        Operations.of(p).createDirectory(p, attrs);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        LustrePath p = check(link);
        if (attrs.length > 0) {
            throw new UnsupportedOperationException("createSymbolicLink with attributes " + Arrays.toString(attrs)
                    + ": a symbolic link has none of its own");
        }
        Operations.of(p).createSymbolicLink(p, check(target));
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        LustrePath p = check(link);
        Operations.of(p).createLink(p, check(existing));
    }

    @Override
    public void delete(Path path) throws IOException {
        LustrePath p = check(path);
        Operations.of(p).delete(p);
    }

    @Override
    public LustrePath readSymbolicLink(Path link) throws IOException {
        LustrePath p = check(link);
        return p.getFileSystem().namespace().readSymbolicLink(p);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        LustrePath from = check(source);
        new Copier(from.getFileSystem().namespace()).copy(from, check(target), options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        LustrePath from = check(source);
        new Copier(from.getFileSystem().namespace()).move(from, check(target), options);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        LustrePath p = check(path);
        if (p.equals(path2)) {
            return true;
        }
        if (!(path2 instanceof LustrePath q) || q.getFileSystem() != p.getFileSystem()) {
            return false;
        }
        Namespace ns = p.getFileSystem().namespace();
        return ns.stat(p, true).fid().equals(ns.stat(q, true).fid());
    }

    /** A name starting with '.', as on Unix. */
    @Override
    public boolean isHidden(Path path) {
        LustrePath name = check(path).getFileName();
        return name != null && name.getNameCount() == 1 && name.nameBytes(0).length > 0 && name.nameBytes(0)[0] == '.';
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        LustrePath p = check(path);
        p.getFileSystem().namespace().stat(p, true);
        return p.getFileSystem().store();
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        LustrePath p = check(path);
        Namespace ns = p.getFileSystem().namespace();
        Access.check(ns.cred(), ns.stat(p, true), p, modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        LustrePath p = check(path);
        if (type == UserDefinedFileAttributeView.class) {
            return type.cast(new UserAttributeView(p, follow(options)));
        }
        String name = type == BasicFileAttributeView.class ? "basic"
                : type == FileOwnerAttributeView.class ? "owner"
                : type == PosixFileAttributeView.class ? "posix"
                : type == LustreFileAttributeView.class ? LustreFileAttributeView.NAME : null;
        return name == null ? null : type.cast(new AttributeView(name, p, follow(options)));
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        LustrePath p = check(path);
        String view = type == LustreFileAttributes.class ? LustreFileAttributeView.NAME
                : type == BasicFileAttributes.class || type == PosixFileAttributes.class ? "posix" : null;
        if (view == null) {
            throw new UnsupportedOperationException("readAttributes as " + type.getName()
                    + ": the Lustre provider offers BasicFileAttributes, PosixFileAttributes and LustreFileAttributes");
        }
        return type.cast(new AttributeView(view, p, follow(options)).readAttributes());
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        LustrePath p = check(path);
        int colon = attributes.indexOf(':');
        String view = colon < 0 ? "basic" : attributes.substring(0, colon);
        String names = attributes.substring(colon + 1);
        if (view.equals(UserAttributeView.NAME)) {
            return new UserAttributeView(p, follow(options)).read(names);
        }
        if (!Attributes.NAMES.containsKey(view)) {
            throw new UnsupportedOperationException("attribute view '" + view + "' (the Lustre provider has "
                    + Attributes.NAMES.keySet() + ")");
        }
        boolean layout = view.equals(LustreFileAttributeView.NAME)
                && Arrays.stream(names.split(",")).anyMatch(n -> n.equals("*") || n.equals("layout"));
        AttributeView reader = new AttributeView(layout ? view : "posix", p, follow(options));
        return reader.readAttributes().toMap(view, names);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        LustrePath p = check(path);
        int colon = attribute.indexOf(':');
        String view = colon < 0 ? "basic" : attribute.substring(0, colon);
        if (view.equals(UserAttributeView.NAME)) {
            new UserAttributeView(p, follow(options)).set(attribute.substring(colon + 1), value);
            return;
        }
        if (!Attributes.NAMES.containsKey(view)) {
            throw new UnsupportedOperationException("attribute view '" + view + "' (the Lustre provider has "
                    + Attributes.NAMES.keySet() + ")");
        }
        new AttributeView(view, p, follow(options)).set(attribute.substring(colon + 1), value);
    }

    /** {@link Path#toRealPath} of a Lustre path. */
    LustrePath realPath(LustrePath path, LinkOption... options) throws IOException {
        return path.getFileSystem().namespace().realPath(path, follow(options));
    }

    /** Drops a closed filesystem, so its URI can be mounted again. */
    void forget(LustreUri uri, LustreFileSystem fs) {
        filesystems.remove(uri.key(), fs);
    }

    static boolean follow(LinkOption... options) {
        for (LinkOption o : options) {
            if (o == LinkOption.NOFOLLOW_LINKS) {
                return false;
            }
        }
        return true;
    }

    private static LustrePath check(Path path) {
        if (!(path instanceof LustrePath p)) {
            throw new ProviderMismatchException(path == null ? "null path"
                    : path + " is a " + path.getClass().getName() + ", not a Lustre path");
        }
        return p;
    }
}
