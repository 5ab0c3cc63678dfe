package org.jlustre.tools.osd;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.LuAttr;
import org.jlustre.target.OsdExport;

/**
 * Writes what {@link OsdExport} walks into a local directory, as the target's files look on an
 * ldiskfs device mounted with {@code -t ldiskfs}: directories, files (holes kept), symlinks,
 * hard links, fifos, sockets and devices (with {@code mknod}), each with its mode, owner, times
 * and xattrs ({@code trusted.lma}, {@code trusted.link}, {@code trusted.lov}, {@code user.*}
 * ...). Without privilege (not root), owners, devices and every xattr but {@code user.*} are
 * left out and counted for the report, never silently.
 *
 * <p>One thread; {@link #finish} sets the directories' times once nothing more is written into them.
 */
final class LocalTree implements OsdExport.Sink {

    /** Failures of one kind printed before they are only counted. */
    private static final int MAX_LINES = 10;

    /** The directory written into. */
    private final Path root;
    /** Whether owners, devices and non-user xattrs can be set (root). */
    private final boolean privileged;
    /** Report lines of what was left out. */
    private final List<String> skipped = new ArrayList<>();
    /** Directories and their attributes, times set at the end (writing into one changes its mtime). */
    private final List<Map.Entry<Path, LuAttr>> dirTimes = new ArrayList<>();
    private int xattrsSet;
    private int xattrsUnprivileged;
    private int xattrFailures;
    private int ownersUnprivileged;
    private int devicesUnprivileged;
    private int otherFailures;

    private LocalTree(Path root, boolean privileged) {
        this.root = root;
        this.privileged = privileged;
    }

    /**
     * A tree written into {@code dir}, made when missing.
     *
     * @param privileged whether to set owners, devices and trusted/system xattrs (pass whether
     *     the process runs as root)
     * @throws LustreException EEXIST when {@code dir} exists and is not an empty directory;
     *     EIO when it cannot be made
     */
    static LocalTree at(Path dir, boolean privileged) throws LustreException {
        try {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    throw new LustreException(Errno.EEXIST, dir + " exists and is not a directory");
                }
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                    if (s.iterator().hasNext()) {
                        throw new LustreException(Errno.EEXIST, dir + " is not empty; export writes into an empty "
                                + "or new directory");
                    }
                }
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, "cannot make " + dir + ": " + e.getMessage());
        }
        return new LocalTree(dir, privileged);
    }

    /** Whether this process may set owners, devices and trusted xattrs. */
    static boolean runningAsRoot() {
        return Posix.geteuid() == 0;
    }

    private Path resolve(String path) throws IOException {
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IOException("'" + path + "' is outside " + root);
        }
        return p;
    }

    @Override
    public void directory(String path, OsdExport.Node node) throws IOException {
        Path p = resolve(path);
        Files.createDirectory(p);
        apply(p, node, true);
        dirTimes.add(Map.entry(p, node.attr()));
    }

    @Override
    public void file(String path, OsdExport.Node node, OsdExport.Contents data) throws IOException, LustreException {
        Path p = resolve(path);
        Files.createFile(p);
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            FileChannel ch = raf.getChannel();
            data.forEachData((pos, buf) -> {
                long at = pos;
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
            });
            raf.setLength(node.attr().size()); // a hole up to the size, as the body has
        }
        apply(p, node, true);
        times(p, node.attr());
    }

    @Override
    public void symlink(String path, String target, OsdExport.Node node) throws IOException {
        Path p = resolve(path);
        try {
            Files.createSymbolicLink(p, p.getFileSystem().getPath(target));
        } catch (InvalidPathException e) {
            skipped("symlink '" + path + "' -> '" + target + "': not a local path name: left out");
            return;
        }
        apply(p, node, false);
        times(p, node.attr());
    }

    @Override
    public void special(String path, OsdExport.Node node) throws IOException {
        Path p = resolve(path);
        int mode = node.attr().mode();
        int type = FileMode.type(mode);
        boolean device = type == FileMode.S_IFCHR || type == FileMode.S_IFBLK;
        if (device && !privileged) {
            devicesUnprivileged++;
            return;
        }
        try {
            Posix.mknod(p, type | (mode & 07777), device ? Posix.devT(node.attr().rdev()) : 0);
        } catch (LustreException e) {
            skipped("mknod '" + path + "' (" + node.fid() + "): " + e.getMessage() + " (" + e.errno().message()
                    + "): left out");
            return;
        }
        apply(p, node, true);
        times(p, node.attr());
    }

    @Override
    public void hardLink(String path, String existing) throws IOException {
        Files.createLink(resolve(path), resolve(existing));
    }

    @Override
    public void skipped(String line) {
        if (skipped.size() < 1000) {
            skipped.add(line);
        }
    }

    /** Owner, mode (not for symlinks) and xattrs. */
    private void apply(Path p, OsdExport.Node node, boolean chmod) {
        LuAttr a = node.attr();
        if (privileged) {
            try {
                Posix.lchown(p, a.uid(), a.gid());
            } catch (LustreException e) {
                failure("owner", p, e);
            }
        } else if (a.uid() != 0 || a.gid() != 0) {
            ownersUnprivileged++;
        }
        if (chmod) {
            try {
                Posix.chmod(p, a.mode());
            } catch (LustreException e) {
                failure("mode", p, e);
            }
        }
        for (Map.Entry<String, byte[]> x : node.xattrs().entrySet()) {
            if (!privileged && !x.getKey().startsWith("user.")) {
                xattrsUnprivileged++;
                continue;
            }
            try {
                Posix.lsetxattr(p, x.getKey(), x.getValue());
                xattrsSet++;
            } catch (LustreException e) {
                if (xattrFailures++ < MAX_LINES) {
                    skipped("xattr " + x.getKey() + " on '" + root.relativize(p) + "': " + e.errno().message()
                            + ": left out");
                }
            }
        }
    }

    private void failure(String what, Path p, LustreException e) {
        if (otherFailures++ < MAX_LINES) {
            skipped(what + " of '" + root.relativize(p) + "': " + e.getMessage() + " (" + e.errno().message()
                    + "): left as it is");
        }
    }

    /** Access and modification times, of the file itself (a symlink's own, a fifo's without opening it). */
    private void times(Path p, LuAttr a) {
        try {
            Posix.utimes(p, a.atime(), a.mtime());
        } catch (LustreException e) {
            failure("times", p, e);
        }
    }

    /** Sets the directories' times, deepest first, and returns the report of what was left out. */
    List<String> finish() {
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            times(dirTimes.get(i).getKey(), dirTimes.get(i).getValue());
        }
        List<String> out = new ArrayList<>(skipped);
        if (xattrFailures > MAX_LINES) {
            out.add((xattrFailures - MAX_LINES) + " more xattrs could not be set");
        }
        if (otherFailures > MAX_LINES) {
            out.add((otherFailures - MAX_LINES) + " more owners or modes could not be set");
        }
        if (xattrsUnprivileged > 0) {
            out.add(xattrsUnprivileged + " trusted.*/system.* xattrs not set: that needs root (CAP_SYS_ADMIN); "
                    + "run the export as root to have them");
        }
        if (ownersUnprivileged > 0) {
            out.add(ownersUnprivileged + " owners not set: that needs root (CAP_CHOWN)");
        }
        if (devicesUnprivileged > 0) {
            out.add(devicesUnprivileged + " device files not made: mknod of a device needs root (CAP_MKNOD)");
        }
        return out;
    }

    /** xattrs set on the written files. */
    int xattrsSet() {
        return xattrsSet;
    }
}
