package org.jlustre.fuse;

import static org.jlustre.fuse.Conversions.attributes;
import static org.jlustre.fuse.Conversions.credentials;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.jlustre.client.FileAttr;
import org.jlustre.client.LustreClient;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.SetAttr;
import org.jlustre.client.Striping;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.fuse.lowlevel.Connection;
import org.jlustre.fuse.lowlevel.Entry;
import org.jlustre.fuse.lowlevel.FileInfo;
import org.jlustre.fuse.lowlevel.FileLock;
import org.jlustre.fuse.lowlevel.LowLevelOperations;
import org.jlustre.fuse.lowlevel.Request;
import org.jlustre.fuse.lowlevel.SetAttributes;
import org.jlustre.mdc.MdcCred;

/**
 * A Lustre client served to the kernel as llite serves it (lustre/llite/{namei,file,dir}.c):
 * each FUSE operation becomes the client API call with the caller's credentials, and its
 * answer goes back when the call's future completes, so libfuse's threads never wait on the
 * servers. Nothing is cached: attributes and names are given to the kernel with a timeout of 0,
 * so every mount sees the servers' state at each system call, and opens drop cached pages.
 *
 * <p>POSIX (fcntl) and flock(2) locks are LDLM flock locks on the MDT, owned by the kernel's
 * lock owner of the open file, so they hold across mounts. Not served here (documented in
 * docs/fuse.md): fallocate and SEEK_DATA/SEEK_HOLE work as on a filesystem without space
 * reservation and holes (the client API has neither yet).
 */
final class LustreOperations implements LowLevelOperations {

    private static final double NO_CACHE = 0.0;
    /** FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE (linux/falloc.h). */
    private static final int FALLOC_KEEP_SIZE = 0x1;
    private static final int FALLOC_PUNCH_HOLE = 0x2;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;

    private final LustreClient client;
    private final NodeTable nodes;
    private final OpenFiles files = new OpenFiles();
    private final DirectoryReader directories;
    private final long fsid;

    LustreOperations(LustreClient client) {
        this.client = client;
        this.nodes = new NodeTable(client.root());
        this.directories = new DirectoryReader(client, nodes);
        this.fsid = client.fsname().hashCode() & 0xffffffffL;
    }

    /** A call to the client that may fail before it starts (an unknown node id, a bad handle). */
    @FunctionalInterface
    private interface Call<T> {
        CompletableFuture<T> start() throws LustreException;
    }

    /**
     * Starts {@code call} and answers {@code req} with {@code reply} on success, or the errno;
     * the future returned completes once {@code req} is answered.
     */
    private static <T> CompletableFuture<T> serve(Request req, Call<T> call, BiConsumer<Request, T> reply) {
        CompletableFuture<T> future;
        try {
            future = call.start();
        } catch (LustreException e) {
            req.replyError(e.errno());
            return CompletableFuture.failedFuture(e);
        }
        return future.whenComplete((value, failure) -> {
            if (failure != null) {
                req.replyError(Conversions.errno(failure));
                return;
            }
            try {
                reply.accept(req, value);
            } catch (RuntimeException e) {
                if (!req.answered()) {
                    req.replyError(Errno.EIO);
                }
            }
        });
    }

    private static void ok(Request req, Object ignored) {
        req.replyOk();
    }

    private Entry entry(FileAttr attr) {
        return new Entry(nodes.reference(attr.fid()), 0, attributes(attr), NO_CACHE, NO_CACHE);
    }

    private void replyEntry(Request req, FileAttr attr) {
        req.replyEntry(entry(attr));
    }

    private void replyAttr(Request req, FileAttr attr) {
        req.replyAttributes(attributes(attr), NO_CACHE);
    }

    @Override
    public void init(Connection connection) {
        connection.want(Connection.CAP_ASYNC_READ | Connection.CAP_ATOMIC_O_TRUNC | Connection.CAP_AUTO_INVAL_DATA
                | Connection.CAP_READDIRPLUS | Connection.CAP_READDIRPLUS_AUTO | Connection.CAP_PARALLEL_DIROPS,
                true);
        // POSIX and flock locks are the MDT's (LDLM flock), so every mount sees them
        connection.want(Connection.CAP_POSIX_LOCKS | Connection.CAP_FLOCK_LOCKS, true);
        // the servers check permissions and clear set-id bits; the kernel caches no writes
        connection.want(Connection.CAP_WRITEBACK_CACHE | Connection.CAP_HANDLE_KILLPRIV | Connection.CAP_EXPORT_SUPPORT
                | Connection.CAP_DONT_MASK, false);
    }

    @Override
    public void destroy() {
        for (OpenFile file : files.drain()) {
            file.close();
        }
    }

    @Override
    public void lookup(Request req, long parent, byte[] name) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.lookup(cred, nodes.fid(parent), name), this::replyEntry);
    }

    @Override
    public void forget(long ino, long nlookup) {
        nodes.forget(ino, nlookup);
    }

    @Override
    public void getattr(Request req, long ino, FileInfo fileInfo) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.stat(cred, nodes.fid(ino)), this::replyAttr);
    }

    @Override
    public void setattr(Request req, long ino, SetAttributes attributes, FileInfo fileInfo) {
        MdcCred cred = credentials(req.caller());
        SetAttr change = Conversions.setAttr(attributes);
        if (fileInfo != null && change.equals(SetAttr.NONE.withSize(change.size())) && change.size() >= 0) {
            // ftruncate: through the open file, whose open already passed the permission check
            serve(req, () -> {
                OpenFile file = files.get(fileInfo.handle());
                return file.truncate(change.size()).thenCompose(v -> file.stat());
            }, this::replyAttr);
            return;
        }
        serve(req, () -> change.isEmpty() ? client.stat(cred, nodes.fid(ino))
                : client.setattr(cred, nodes.fid(ino), change), this::replyAttr);
    }

    @Override
    public void readlink(Request req, long ino) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.readlink(cred, nodes.fid(ino)), Request::replyReadlink);
    }

    @Override
    public void mknod(Request req, long parent, byte[] name, int mode, long rdev) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.mknod(cred, nodes.fid(parent), name, mode, rdev), this::replyEntry);
    }

    @Override
    public void mkdir(Request req, long parent, byte[] name, int mode) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.mkdir(cred, nodes.fid(parent), name, mode & 07777), this::replyEntry);
    }

    @Override
    public void unlink(Request req, long parent, byte[] name) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.unlink(cred, nodes.fid(parent), name), LustreOperations::ok);
    }

    @Override
    public void rmdir(Request req, long parent, byte[] name) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.rmdir(cred, nodes.fid(parent), name), LustreOperations::ok);
    }

    @Override
    public void symlink(Request req, byte[] target, long parent, byte[] name) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.symlink(cred, nodes.fid(parent), name, target), this::replyEntry);
    }

    @Override
    public void rename(Request req, long parent, byte[] name, long newParent, byte[] newName, int flags) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.rename(cred, nodes.fid(parent), name, nodes.fid(newParent), newName, flags),
                LustreOperations::ok);
    }

    @Override
    public void link(Request req, long ino, long newParent, byte[] newName) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.link(cred, nodes.fid(ino), nodes.fid(newParent), newName), this::replyEntry);
    }

    @Override
    public void open(Request req, long ino, FileInfo fileInfo) {
        MdcCred cred = credentials(req.caller());
        int flags = fileInfo.flags() & ~(OpenFlags.O_CREAT | OpenFlags.O_EXCL);
        serve(req, () -> client.open(cred, nodes.fid(ino), flags).thenCompose(file -> truncated(file, flags)),
                (r, file) -> {
                    fileInfo.handle(files.add(file));
                    r.replyOpen(fileInfo);
                });
    }

    /** O_TRUNC as the kernel passes it with FUSE_CAP_ATOMIC_O_TRUNC: the open truncates. */
    private static CompletableFuture<OpenFile> truncated(OpenFile file, int flags) {
        if ((flags & OpenFlags.O_TRUNC) == 0 || !OpenFlags.writable(flags)) {
            return CompletableFuture.completedFuture(file);
        }
        return file.truncate(0).thenApply(v -> file);
    }

    @Override
    public void create(Request req, long parent, byte[] name, int mode, FileInfo fileInfo) {
        MdcCred cred = credentials(req.caller());
        int flags = fileInfo.flags() | OpenFlags.O_CREAT;
        serve(req, () -> client.open(cred, nodes.fid(parent), name, flags, mode & 07777, Striping.DEFAULT)
                .thenCompose(file -> file.stat().thenApply(attr -> new Opened(file, attr))),
                (r, opened) -> {
                    fileInfo.handle(files.add(opened.file()));
                    r.replyCreate(entry(opened.attr()), fileInfo);
                });
    }

    /** A file created and opened, with its attributes for the kernel's entry. */
    private record Opened(OpenFile file, FileAttr attr) {
    }

    @Override
    public void read(Request req, long ino, long size, long offset, FileInfo fileInfo) {
        MemorySegment buffer = req.buffer(size).asSlice(0, size);
        serve(req, () -> files.get(fileInfo.handle()).read(offset, buffer), (r, n) -> r.replyData(buffer.asSlice(0, n)));
    }

    @Override
    public void write(Request req, long ino, MemorySegment data, long offset, FileInfo fileInfo) {
        long size = data.byteSize();
        serve(req, () -> files.get(fileInfo.handle()).write(offset, data), (r, end) -> r.replyWrite(size));
    }

    @Override
    public void flush(Request req, long ino, FileInfo fileInfo) {
        // writes are on the OSTs when they are answered: nothing is left to flush
        req.replyOk();
    }

    @Override
    public void release(Request req, long ino, FileInfo fileInfo) {
        int pid = req.caller().pid();
        serve(req, () -> {
            OpenFile file = files.remove(fileInfo.handle());
            if (!fileInfo.flockRelease()) {
                return file.close();
            }
            // the last close of a file holding flock locks drops them (FUSE_RELEASE_FLOCK_UNLOCK)
            return client.flock(file.fid(), fileInfo.lockOwner(), pid, FileLock.F_UNLCK, false)
                    .handle((v, failure) -> null).thenCompose(v -> file.close());
        }, LustreOperations::ok);
    }

    @Override
    public void fsync(Request req, long ino, boolean dataOnly, FileInfo fileInfo) {
        serve(req, () -> files.get(fileInfo.handle()).fsync(), LustreOperations::ok);
    }

    @Override
    public void opendir(Request req, long ino, FileInfo fileInfo) {
        req.replyOpen(fileInfo);
    }

    @Override
    public void readdir(Request req, long ino, long size, long offset, FileInfo fileInfo, boolean plus) {
        directories.readdir(req, ino, size, offset, plus);
    }

    @Override
    public void releasedir(Request req, long ino, FileInfo fileInfo) {
        req.replyOk();
    }

    @Override
    public void fsyncdir(Request req, long ino, boolean dataOnly, FileInfo fileInfo) {
        // directory operations are synchronous on the MDT: nothing to sync
        req.replyOk();
    }

    @Override
    public void statfs(Request req, long ino) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.statfs(cred), (r, s) -> r.replyStatfs(Conversions.statfs(s, fsid)));
    }

    @Override
    public void setxattr(Request req, long ino, byte[] name, byte[] value, int flags) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.setxattr(cred, nodes.fid(ino), xattrName(name), value, flags), LustreOperations::ok);
    }

    @Override
    public void getxattr(Request req, long ino, byte[] name, long size) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.getxattr(cred, nodes.fid(ino), xattrName(name)), (r, value) -> sized(r, value, size));
    }

    @Override
    public void listxattr(Request req, long ino, long size) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.listxattr(cred, nodes.fid(ino)), (r, names) -> {
            StringBuilder list = new StringBuilder();
            names.forEach(n -> list.append(n).append('\0'));
            sized(r, list.toString().getBytes(StandardCharsets.UTF_8), size);
        });
    }

    /** getxattr/listxattr: size 0 asks for the length; a buffer too small is ERANGE. */
    private static void sized(Request req, byte[] value, long size) {
        if (size == 0) {
            req.replyXattrSize(value.length);
        } else if (size < value.length) {
            req.replyError(Errno.ERANGE);
        } else {
            req.replyData(value);
        }
    }

    @Override
    public void removexattr(Request req, long ino, byte[] name) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.removexattr(cred, nodes.fid(ino), xattrName(name)), LustreOperations::ok);
    }

    /** Xattr names are strings in the client API (and on Lustre's wire): UTF-8. */
    private static String xattrName(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }

    @Override
    public void access(Request req, long ino, int mask) {
        MdcCred cred = credentials(req.caller());
        serve(req, () -> client.stat(cred, nodes.fid(ino)), (r, attr) -> {
            if (Permissions.allows(attr, cred, mask)) {
                r.replyOk();
            } else {
                r.replyError(Errno.EACCES);
            }
        });
    }

    @Override
    public void getlk(Request req, long ino, FileInfo fileInfo, FileLock lock) {
        serve(req, () -> client.getlk(nodes.fid(ino), fileInfo.lockOwner(), Locks.toClient(lock)),
                (r, holder) -> r.replyLock(Locks.toFuse(holder)));
    }

    @Override
    public void setlk(Request req, long ino, FileInfo fileInfo, FileLock lock, boolean sleep) {
        serve(req, () -> client.setlk(nodes.fid(ino), fileInfo.lockOwner(), Locks.toClient(lock), sleep),
                LustreOperations::ok);
    }

    @Override
    public void flock(Request req, long ino, FileInfo fileInfo, int operation) {
        int pid = req.caller().pid();
        serve(req, () -> client.flock(nodes.fid(ino), fileInfo.lockOwner(), pid, Locks.flockType(operation),
                (operation & Locks.LOCK_NB) == 0), LustreOperations::ok);
    }

    /**
     * fallocate without space reservation (the client API has no OST_FALLOCATE yet): mode 0
     * extends the size when the range ends past it; PUNCH_HOLE|KEEP_SIZE writes zeros over
     * the range inside the file. Other modes: EOPNOTSUPP, as Lustre 2.15 ({@code ll_fallocate}).
     */
    @Override
    public void fallocate(Request req, long ino, int mode, long offset, long length, FileInfo fileInfo) {
        if (offset < 0 || length <= 0) {
            req.replyError(Errno.EINVAL);
            return;
        }
        if (mode == 0) {
            serve(req, () -> {
                OpenFile file = files.get(fileInfo.handle());
                return file.stat().thenCompose(attr -> attr.size() >= offset + length
                        ? CompletableFuture.completedFuture((Void) null) : file.truncate(offset + length));
            }, LustreOperations::ok);
        } else if (mode == (FALLOC_PUNCH_HOLE | FALLOC_KEEP_SIZE)) {
            MemorySegment zeros = req.buffer(Math.min(length, Conversions.BLOCK_SIZE));
            serve(req, () -> {
                OpenFile file = files.get(fileInfo.handle());
                return file.stat().thenCompose(attr -> zero(file, zeros, offset, Math.min(offset + length, attr.size())));
            }, LustreOperations::ok);
        } else {
            req.replyError(Errno.EOPNOTSUPP);
        }
    }

    /** Writes {@code zeros} (all zero bytes) over {@code [from, to)}, a buffer's worth at a time. */
    private static CompletableFuture<Void> zero(OpenFile file, MemorySegment zeros, long from, long to) {
        if (from >= to) {
            return CompletableFuture.completedFuture(null);
        }
        return file.write(from, zeros.asSlice(0, Math.min(zeros.byteSize(), to - from)))
                .thenCompose(end -> zero(file, zeros, end, to));
    }

    /**
     * SEEK_DATA / SEEK_HOLE as on a filesystem that keeps no holes (generic_file_llseek_size):
     * all of the file is data and its end is the only hole; ENXIO at or past the end.
     */
    @Override
    public void lseek(Request req, long ino, long offset, int whence, FileInfo fileInfo) {
        if (whence != SEEK_DATA && whence != SEEK_HOLE) {
            req.replyError(Errno.EINVAL);
            return;
        }
        serve(req, () -> files.get(fileInfo.handle()).stat(), (r, attr) -> {
            if (offset < 0 || offset >= attr.size()) {
                r.replyError(Errno.ENXIO);
            } else {
                r.replyLseek(whence == SEEK_DATA ? offset : attr.size());
            }
        });
    }
}
