package org.jlustre.client.nio;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.jlustre.client.FileAttr;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.Striping;

/**
 * The namespace operations of the provider over one filesystem's {@link Namespace}: open
 * (with the flags {@code sun.nio.fs.UnixChannelFactory} gives each {@link OpenOption}),
 * mkdir, symlink, link and delete. Each walks to the parent directory and makes one call with
 * the last name, so what the MDT answers (EEXIST, ENOTEMPTY, EACCES ...) is what the caller
 * sees.
 */
final class Operations {

    private final Namespace ns;

    private Operations(Namespace ns) {
        this.ns = ns;
    }

    /** The operations on {@code path}'s filesystem (ClosedFileSystemException once it is closed). */
    static Operations of(LustrePath path) {
        return new Operations(path.getFileSystem().namespace());
    }

    /**
     * Opens {@code path} as {@code Files.newByteChannel} documents: READ unless WRITE or
     * APPEND; CREATE, CREATE_NEW and TRUNCATE_EXISTING only when writing; NOFOLLOW_LINKS and
     * DELETE_ON_CLOSE do not follow a last symbolic link (ELOOP); the file is created with the
     * {@code posix:permissions} and {@link LustreFileAttributeView#STRIPING} attributes given.
     */
    FileChannel open(LustrePath path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        boolean append = options.contains(StandardOpenOption.APPEND);
        boolean write = append || options.contains(StandardOpenOption.WRITE);
        boolean read = options.contains(StandardOpenOption.READ) || !write;
        if (read && append) {
            throw new IllegalArgumentException("READ + APPEND not allowed");
        }
        if (append && options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed");
        }
        for (OpenOption o : options) {
            if (!(o instanceof StandardOpenOption) && o != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("open option " + o + " (the Lustre provider takes the standard ones)");
            }
        }
        int flags = read && write ? OpenFlags.O_RDWR : write ? OpenFlags.O_WRONLY : OpenFlags.O_RDONLY;
        boolean createNew = write && options.contains(StandardOpenOption.CREATE_NEW);
        if (write) {
            flags |= options.contains(StandardOpenOption.TRUNCATE_EXISTING) ? OpenFlags.O_TRUNC : 0;
            flags |= append ? OpenFlags.O_APPEND : 0;
            flags |= createNew ? OpenFlags.O_CREAT | OpenFlags.O_EXCL
                    : options.contains(StandardOpenOption.CREATE) ? OpenFlags.O_CREAT : 0;
        }
        boolean deleteOnClose = options.contains(StandardOpenOption.DELETE_ON_CLOSE);
        boolean follow = !createNew && !deleteOnClose && !options.contains(LinkOption.NOFOLLOW_LINKS);
        Namespace.Location at = ns.locate(path, follow);
        if (at.exists() && at.attr().isSymlink() && !createNew) {
            throw new FileSystemException(path.toString(), null, "ELOOP (the file is a symbolic link and "
                    + (deleteOnClose ? "DELETE_ON_CLOSE" : "NOFOLLOW_LINKS") + " was given)");
        }
        if (at.exists() && createNew) {
            throw new FileAlreadyExistsException(path.toString());
        }
        int mode = 0666;
        Striping striping = Striping.DEFAULT;
        for (FileAttribute<?> a : attrs) {
            switch (a.name()) {
                case "posix:permissions" -> mode = Attributes.modeOf(permissions(a));
                case LustreFileAttributeView.STRIPING -> striping = (Striping) a.value();
                default -> throw new UnsupportedOperationException("initial attribute " + a.name()
                        + " (the Lustre provider takes posix:permissions and " + LustreFileAttributeView.STRIPING + ")");
            }
        }
        OpenFile file = ns.calls().await(ns.client().open(ns.cred(), at.parentOrFail("open"), at.name(), flags, mode,
                striping), path);
        boolean sync = options.contains(StandardOpenOption.SYNC) || options.contains(StandardOpenOption.DSYNC);
        return new LustreFileChannel(file, path, ns.calls(), append, sync, () -> {
            if (deleteOnClose) {
                ns.calls().await(ns.client().unlink(ns.cred(), at.parent(), at.name()), path);
            }
        });
    }

    /** mkdir with the {@code posix:permissions} given (0777 otherwise; the umask applies). */
    void createDirectory(LustrePath path, FileAttribute<?>... attrs) throws IOException {
        int mode = 0777;
        for (FileAttribute<?> a : attrs) {
            if (!a.name().equals("posix:permissions")) {
                throw new UnsupportedOperationException("initial attribute " + a.name()
                        + " of a directory (the Lustre provider takes posix:permissions)");
            }
            mode = Attributes.modeOf(permissions(a));
        }
        Namespace.Location at = missing(path);
        ns.calls().await(ns.client().mkdir(ns.cred(), at.parent(), at.name(), mode), path);
    }

    /** symlink: {@code link} holds the bytes of {@code target} as written, resolved only when followed. */
    void createSymbolicLink(LustrePath link, LustrePath target) throws IOException {
        Namespace.Location at = missing(link);
        ns.calls().await(ns.client().symlink(ns.cred(), at.parent(), at.name(), target.bytes()), link, target);
    }

    /** link: a new name for the file {@code existing} names (a symbolic link itself, as link(2) on Linux). */
    void createLink(LustrePath link, LustrePath existing) throws IOException {
        FileAttr attr = ns.stat(existing, false);
        Namespace.Location at = missing(link);
        ns.calls().await(ns.client().link(ns.cred(), attr.fid(), at.parent(), at.name()), link, existing);
    }

    /** unlink, or rmdir for a directory (DirectoryNotEmptyException unless empty); a last symbolic link goes itself. */
    void delete(LustrePath path) throws IOException {
        Namespace.Location at = ns.locate(path, false);
        FileAttr attr = at.existing();
        if (attr.isDirectory()) {
            ns.calls().await(ns.client().rmdir(ns.cred(), at.parentOrFail("delete"), at.name()), path);
        } else {
            ns.calls().await(ns.client().unlink(ns.cred(), at.parent(), at.name()), path);
        }
    }

    /** Where {@code path} would be made: FileAlreadyExistsException if something (a dangling symbolic link too) is there. */
    private Namespace.Location missing(LustrePath path) throws IOException {
        Namespace.Location at = ns.locate(path, false);
        if (at.exists()) {
            throw new FileAlreadyExistsException(path.toString());
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static Set<PosixFilePermission> permissions(FileAttribute<?> a) {
        return (Set<PosixFilePermission>) a.value();
    }
}
