package org.jlustre.client.nio;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.jlustre.client.FileAttr;
import org.jlustre.client.LustreClient;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.mdc.MdcCred;

/**
 * Paths to FIDs: what the kernel's path walk ({@code link_path_walk}) does for a Lustre mount,
 * one lookup per name from the root (the working directory), following symbolic links
 * (at most {@value #MAX_SYMLINKS}, Linux's {@code MAXSYMLINKS}, then ELOOP) and taking ".." as
 * the parent of the directory actually reached, not of the name written. Nothing is cached, so
 * every walk sees what the MDTs hold now, also what other clients changed.
 */
final class Namespace {

    /** How many symbolic links one walk follows before it fails with ELOOP (Linux's MAXSYMLINKS). */
    static final int MAX_SYMLINKS = 40;

    private final LustreClient client;
    private final MdcCred cred;
    private final Calls calls;

    Namespace(LustreClient client, MdcCred cred, Calls calls) {
        this.client = client;
        this.cred = cred;
        this.calls = calls;
    }

    /** The client every call goes through. */
    LustreClient client() {
        return client;
    }

    /** Whom the calls are made for. */
    MdcCred cred() {
        return cred;
    }

    /** The waiting and error mapping of calls. */
    Calls calls() {
        return calls;
    }

    /**
     * Where a walk ends: the directory holding the last name and that name (both null for the
     * root), and the attributes of the file there, null when the name does not exist (the
     * directory does); {@code real} is the absolute path the walk took, links replaced by
     * what they point to.
     */
    record Location(LustrePath path, Fid parent, byte[] name, FileAttr attr, LustrePath real) {

        /** Whether the file exists. */
        boolean exists() {
            return attr != null;
        }

        /** The attributes of the file; NoSuchFileException when it does not exist. */
        FileAttr existing() throws NoSuchFileException {
            if (attr == null) {
                throw new NoSuchFileException(path.toString());
            }
            return attr;
        }

        /** The directory holding the name; a FileSystemException for the root, which has none. */
        Fid parentOrFail(String operation) throws FileSystemException {
            if (parent == null) {
                throw new FileSystemException(path.toString(), null, operation + " of the root directory");
            }
            return parent;
        }
    }

    /**
     * Walks {@code path}: every directory on the way must exist (NoSuchFileException) and be a
     * directory (ENOTDIR); the last name may be missing. A symbolic link as the last name is
     * followed when {@code followLast}, one on the way always.
     */
    Location locate(LustrePath path, boolean followLast) throws IOException {
        Deque<byte[]> todo = new ArrayDeque<>(Arrays.asList(path.names()));
        List<Fid> dirs = new ArrayList<>(List.of(client.root()));
        List<byte[]> dirNames = new ArrayList<>();
        dirNames.add(null);
        int links = 0;
        while (!todo.isEmpty()) {
            byte[] name = todo.pop();
            if (LustrePath.isDot(name)) {
                continue;
            }
            if (LustrePath.isDotDot(name)) {
                if (dirs.size() > 1) {
                    dirs.removeLast();
                    dirNames.removeLast();
                }
                continue;
            }
            Fid dir = dirs.getLast();
            boolean last = todo.isEmpty();
            FileAttr attr = lookup(dir, name, path);
            if (attr == null) {
                if (last) {
                    return new Location(path, dir, name, null, realPath(path, dirNames, name));
                }
                throw new NoSuchFileException(path.toString());
            }
            if (attr.isSymlink() && (followLast || !last)) {
                if (++links > MAX_SYMLINKS) {
                    throw new FileSystemException(path.toString(), null, "ELOOP (Too many levels of symbolic links)");
                }
                byte[] target = calls.await(client.readlink(cred, attr.fid()), path);
                LustrePath targetPath = LustrePath.parse(path.getFileSystem(), target);
                if (targetPath.isAbsolute()) {
                    dirs.subList(1, dirs.size()).clear();
                    dirNames.subList(1, dirNames.size()).clear();
                }
                byte[][] targetNames = targetPath.names();
                for (int i = targetNames.length - 1; i >= 0; i--) {
                    todo.push(targetNames[i]);
                }
                continue;
            }
            if (last) {
                return new Location(path, dir, name, attr, realPath(path, dirNames, name));
            }
            if (!attr.isDirectory()) {
                throw new FileSystemException(path.toString(), null, "ENOTDIR (Not a directory)");
            }
            dirs.add(attr.fid());
            dirNames.add(name);
        }
        // the walk ended on a directory reached by ".", "..", the root or a link to one of them
        Fid here = dirs.getLast();
        FileAttr attr = calls.await(client.stat(cred, here), path);
        if (dirs.size() == 1) {
            return new Location(path, null, null, attr, path.getFileSystem().root());
        }
        LustrePath real = realPath(path, dirNames.subList(0, dirNames.size() - 1), dirNames.getLast());
        return new Location(path, dirs.get(dirs.size() - 2), dirNames.getLast(), attr, real);
    }

    /** The attributes of the existing file at {@code path}. */
    FileAttr stat(LustrePath path, boolean follow) throws IOException {
        return locate(path, follow).existing();
    }

    /** The target of symbolic link {@code path}, as the bytes it holds; NotLinkException if it is none. */
    LustrePath readSymbolicLink(LustrePath path) throws IOException {
        FileAttr attr = stat(path, false);
        if (!attr.isSymlink()) {
            throw new NotLinkException(path.toString());
        }
        return LustrePath.parse(path.getFileSystem(), calls.await(client.readlink(cred, attr.fid()), path));
    }

    /**
     * The absolute path of {@code path} with every symbolic link on it replaced by what it
     * points to (the last one too when {@code followLast}) and no "." or "..".
     */
    LustrePath realPath(LustrePath path, boolean followLast) throws IOException {
        Location at = locate(path, followLast);
        at.existing();
        return at.real();
    }

    /** The root, then {@code dirNames} after its first (the root's null), then {@code last} (null for none). */
    private static LustrePath realPath(LustrePath path, List<byte[]> dirNames, byte[] last) {
        LustrePath real = path.getFileSystem().root();
        for (byte[] name : dirNames.subList(1, dirNames.size())) {
            real = real.resolveName(name);
        }
        return last == null ? real : real.resolveName(last);
    }

    private FileAttr lookup(Fid dir, byte[] name, LustrePath path) throws IOException {
        try {
            return calls.await(client.lookup(cred, dir, name), path);
        } catch (NoSuchFileException e) {
            if (e.getCause() instanceof LustreException le && le.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }
}
