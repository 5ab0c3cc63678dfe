package org.jlustre.client.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import org.jlustre.client.FileAttr;
import org.jlustre.client.LustreClient;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.SetAttr;
import org.jlustre.client.Striping;
import org.jlustre.common.Fid;

/**
 * {@code Files.copy} and {@code Files.move} inside one Lustre filesystem, with the meaning
 * {@code sun.nio.fs.UnixCopyFile} gives them: a copy makes a new file of the source's type and
 * permission bits (a directory is copied empty, a symbolic link is copied as a link only with
 * NOFOLLOW_LINKS), with COPY_ATTRIBUTES also its times; a move is one rename on the MDT, which
 * keeps the FID. With REPLACE_EXISTING an existing target (a directory only if empty) is
 * deleted first; without it, an existing target is FileAlreadyExistsException. A target that is
 * the source itself is left as it is.
 */
final class Copier {

    /** Bytes per read and write while copying a file's data. */
    private static final int CHUNK = 1 << 20;

    private final Namespace ns;

    Copier(Namespace ns) {
        this.ns = ns;
    }

    void copy(LustrePath source, LustrePath target, CopyOption... options) throws IOException {
        boolean replace = false;
        boolean copyAttributes = false;
        boolean follow = true;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.REPLACE_EXISTING) {
                replace = true;
            } else if (o == StandardCopyOption.COPY_ATTRIBUTES) {
                copyAttributes = true;
            } else if (o == LinkOption.NOFOLLOW_LINKS) {
                follow = false;
            } else {
                throw new UnsupportedOperationException("copy option " + o + " (the Lustre provider copies with "
                        + "REPLACE_EXISTING, COPY_ATTRIBUTES and NOFOLLOW_LINKS)");
            }
        }
        FileAttr src = ns.stat(source, follow);
        Namespace.Location at = clearTarget(src, target, replace);
        if (at == null) {
            return;
        }
        LustreClient client = ns.client();
        int perms = src.permissions();
        FileAttr made;
        if (src.isDirectory()) {
            made = ns.calls().await(client.mkdir(ns.cred(), at.parent(), at.name(), perms), target);
        } else if (src.isSymlink()) {
            byte[] link = ns.calls().await(client.readlink(ns.cred(), src.fid()), source);
            made = ns.calls().await(client.symlink(ns.cred(), at.parent(), at.name(), link), target);
        } else if (src.isRegularFile()) {
            made = copyData(source, src, target, at, perms);
        } else {
            made = ns.calls().await(client.mknod(ns.cred(), at.parent(), at.name(), src.mode(), src.rdev()), target);
        }
        if (copyAttributes && !src.isSymlink()) {
            ns.calls().await(client.setattr(ns.cred(), made.fid(), SetAttr.NONE.withTimes(src.atime(), src.mtime())),
                    target);
        }
    }

    void move(LustrePath source, LustrePath target, CopyOption... options) throws IOException {
        boolean replace = false;
        boolean atomic = false;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.REPLACE_EXISTING) {
                replace = true;
            } else if (o == StandardCopyOption.ATOMIC_MOVE) {
                atomic = true;
            } else if (o != StandardCopyOption.COPY_ATTRIBUTES && o != LinkOption.NOFOLLOW_LINKS) {
                throw new UnsupportedOperationException("move option " + o + " (the Lustre provider moves with "
                        + "REPLACE_EXISTING and ATOMIC_MOVE)");
            }
        }
        Namespace.Location from = ns.locate(source, false);
        FileAttr src = from.existing();
        Fid srcParent = from.parentOrFail("move");
        Namespace.Location at;
        int flags;
        if (atomic) {
            // rename(2) replaces the target in the same step, as the JDK's ATOMIC_MOVE does
            at = ns.locate(target, false);
            flags = 0;
            if (at.exists() && at.attr().fid().equals(src.fid())) {
                return;
            }
        } else {
            at = clearTarget(src, target, replace);
            if (at == null) {
                return;
            }
            flags = LustreClient.RENAME_NOREPLACE;
        }
        ns.calls().await(ns.client().rename(ns.cred(), srcParent, from.name(), at.parentOrFail("move"), at.name(),
                flags), source, target);
    }

    /**
     * Where the new file goes: null when the target is the source itself (nothing to do),
     * FileAlreadyExistsException when it exists and {@code replace} is not given, else the
     * location after deleting what was there.
     */
    private Namespace.Location clearTarget(FileAttr src, LustrePath target, boolean replace) throws IOException {
        Namespace.Location at = ns.locate(target, false);
        if (!at.exists()) {
            return at;
        }
        if (at.attr().fid().equals(src.fid())) {
            return null;
        }
        if (!replace) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Operations.of(target).delete(target);
        return ns.locate(target, false);
    }

    private FileAttr copyData(LustrePath source, FileAttr src, LustrePath target, Namespace.Location at, int perms)
            throws IOException {
        LustreClient client = ns.client();
        OpenFile in = ns.calls().await(client.open(ns.cred(), src.fid(), OpenFlags.O_RDONLY), source);
        try {
            OpenFile out = ns.calls().await(client.open(ns.cred(), at.parent(), at.name(),
                    OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL, perms, Striping.DEFAULT), target);
            try {
                ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(CHUNK, Math.max(src.size(), 1)));
                long offset = 0;
                while (true) {
                    buffer.clear();
                    long n = ns.calls().await(in.read(offset, buffer), source);
                    if (n == 0) {
                        break;
                    }
                    buffer.flip();
                    ns.calls().await(out.write(offset, buffer), target);
                    offset += n;
                }
                return ns.calls().await(out.stat(), target);
            } finally {
                ns.calls().await(out.close(), target);
            }
        } finally {
            ns.calls().await(in.close(), source);
        }
    }
}
