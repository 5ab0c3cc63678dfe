package org.jlustre.fuse.lowlevel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.jlustre.fuse.lowlevel.Layouts.FORGET_DATA;
import static org.jlustre.fuse.lowlevel.Layouts.LOWLEVEL_OPS;
import static org.jlustre.fuse.lowlevel.Layouts.offset;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import org.jlustre.common.Errno;

/**
 * The native {@code struct fuse_lowlevel_ops} whose function pointers are upcall stubs into a
 * {@link LowLevelOperations}. Each stub copies what libfuse passes (names, data, file info) into
 * Java values, since libfuse's memory is reused once the upcall returns, then calls the
 * operation. An upcall must never throw (the JVM would die): an operation's exception answers
 * its request with EIO, if it was not answered yet.
 *
 * <p>Operations we leave NULL, so libfuse answers ENOSYS: bmap (block devices only), ioctl,
 * poll, write_buf (libfuse then calls write with a copied buffer), retrieve_reply (we never
 * call retrieve) and copy_file_range (the kernel falls back to read + write).
 */
final class OperationsTable {

    private static final System.Logger LOG = System.getLogger(OperationsTable.class.getName());
    private static final FunctionDescriptor REQ_INO_FI = FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS);
    private static final FunctionDescriptor REQ_INO_NAME = FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS);
    private static final FunctionDescriptor REQ_INO_SIZE_OFF_FI = FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG,
            JAVA_LONG, JAVA_LONG, ADDRESS);
    private static final FunctionDescriptor REQ_INO_INT_FI = FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT,
            ADDRESS);

    private final LowLevelOperations ops;
    private final MemorySegment table;

    /** Builds the table in {@code arena}, which must outlive the session using it. */
    OperationsTable(LowLevelOperations ops, Arena arena) {
        this.ops = ops;
        this.table = arena.allocate(LOWLEVEL_OPS);
        bind(arena, "init", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        bind(arena, "destroy", FunctionDescriptor.ofVoid(ADDRESS));
        bind(arena, "lookup", REQ_INO_NAME);
        bind(arena, "forget", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG));
        bind(arena, "forget_multi", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS));
        bind(arena, "getattr", REQ_INO_FI);
        bind(arena, "setattr", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS));
        bind(arena, "readlink", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
        bind(arena, "mknod", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_LONG));
        bind(arena, "mkdir", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT));
        bind(arena, "unlink", REQ_INO_NAME);
        bind(arena, "rmdir", REQ_INO_NAME);
        bind(arena, "symlink", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        bind(arena, "rename", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT));
        bind(arena, "link", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
        bind(arena, "open", REQ_INO_FI);
        bind(arena, "read", REQ_INO_SIZE_OFF_FI);
        bind(arena, "write", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
        bind(arena, "flush", REQ_INO_FI);
        bind(arena, "release", REQ_INO_FI);
        bind(arena, "fsync", REQ_INO_INT_FI);
        bind(arena, "opendir", REQ_INO_FI);
        bind(arena, "readdir", REQ_INO_SIZE_OFF_FI);
        bind(arena, "readdirplus", REQ_INO_SIZE_OFF_FI);
        bind(arena, "releasedir", REQ_INO_FI);
        bind(arena, "fsyncdir", REQ_INO_INT_FI);
        bind(arena, "statfs", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
        bind(arena, "setxattr", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
        bind(arena, "getxattr", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        bind(arena, "listxattr", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG));
        bind(arena, "removexattr", REQ_INO_NAME);
        bind(arena, "access", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT));
        bind(arena, "create", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS));
        bind(arena, "getlk", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        bind(arena, "setlk", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT));
        bind(arena, "flock", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT));
        bind(arena, "fallocate", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG,
                ADDRESS));
        bind(arena, "lseek", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS));
    }

    /** The table to pass to fuse_session_new. */
    MemorySegment table() {
        return table;
    }

    /** Binds the member {@code name} of the table to the method "up" + its camel-cased name. */
    private void bind(Arena arena, String name, FunctionDescriptor descriptor) {
        String camel = name.equals("forget_multi") ? "ForgetMulti"
                : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        try {
            MethodHandle handle = MethodHandles.lookup()
                    .findVirtual(OperationsTable.class, "up" + camel, descriptor.toMethodType()).bindTo(this);
            table.set(ADDRESS, offset(LOWLEVEL_OPS, name), Linker.nativeLinker().upcallStub(handle, descriptor, arena));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no upcall method for " + name, e);
        }
    }

    /** Runs {@code body} on a new request for {@code req}, answering EIO if it throws unanswered. */
    private static void serve(MemorySegment req, Consumer<Request> body) {
        Request request;
        try {
            request = new Request(req);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "cannot read request " + req, e);
            return;
        }
        try {
            body.accept(request);
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "FUSE operation failed", t);
            if (!request.answered()) {
                try {
                    request.replyError(Errno.EIO);
                } catch (Throwable again) {
                    LOG.log(Level.ERROR, "cannot answer request " + req, again);
                }
            }
        }
    }

    private void upInit(MemorySegment userdata, MemorySegment conn) {
        try {
            ops.init(new Connection(conn));
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "FUSE init failed", t);
        }
    }

    private void upDestroy(MemorySegment userdata) {
        try {
            ops.destroy();
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "FUSE destroy failed", t);
        }
    }

    private void upLookup(MemorySegment req, long parent, MemorySegment name) {
        serve(req, r -> ops.lookup(r, parent, CStrings.bytes(name)));
    }

    private void upForget(MemorySegment req, long ino, long nlookup) {
        serve(req, r -> {
            try {
                ops.forget(ino, nlookup);
            } finally {
                r.replyNone();
            }
        });
    }

    private void upForgetMulti(MemorySegment req, long count, MemorySegment forgets) {
        serve(req, r -> {
            try {
                MemorySegment all = forgets.reinterpret(count * FORGET_DATA.byteSize());
                for (long i = 0; i < count; i++) {
                    long base = i * FORGET_DATA.byteSize();
                    ops.forget(all.get(JAVA_LONG, base), all.get(JAVA_LONG, base + 8));
                }
            } finally {
                r.replyNone();
            }
        });
    }

    private void upGetattr(MemorySegment req, long ino, MemorySegment fi) {
        serve(req, r -> ops.getattr(r, ino, FileInfo.read(fi)));
    }

    private void upSetattr(MemorySegment req, long ino, MemorySegment attr, int toSet, MemorySegment fi) {
        serve(req, r -> ops.setattr(r, ino, SetAttributes.read(attr, toSet), FileInfo.read(fi)));
    }

    private void upReadlink(MemorySegment req, long ino) {
        serve(req, r -> ops.readlink(r, ino));
    }

    private void upMknod(MemorySegment req, long parent, MemorySegment name, int mode, long rdev) {
        serve(req, r -> ops.mknod(r, parent, CStrings.bytes(name), mode, rdev));
    }

    private void upMkdir(MemorySegment req, long parent, MemorySegment name, int mode) {
        serve(req, r -> ops.mkdir(r, parent, CStrings.bytes(name), mode));
    }

    private void upUnlink(MemorySegment req, long parent, MemorySegment name) {
        serve(req, r -> ops.unlink(r, parent, CStrings.bytes(name)));
    }

    private void upRmdir(MemorySegment req, long parent, MemorySegment name) {
        serve(req, r -> ops.rmdir(r, parent, CStrings.bytes(name)));
    }

    private void upSymlink(MemorySegment req, MemorySegment target, long parent, MemorySegment name) {
        serve(req, r -> ops.symlink(r, CStrings.bytes(target), parent, CStrings.bytes(name)));
    }

    private void upRename(MemorySegment req, long parent, MemorySegment name, long newParent, MemorySegment newName,
            int flags) {
        serve(req, r -> ops.rename(r, parent, CStrings.bytes(name), newParent, CStrings.bytes(newName), flags));
    }

    private void upLink(MemorySegment req, long ino, long newParent, MemorySegment newName) {
        serve(req, r -> ops.link(r, ino, newParent, CStrings.bytes(newName)));
    }

    private void upOpen(MemorySegment req, long ino, MemorySegment fi) {
        serve(req, r -> ops.open(r, ino, FileInfo.read(fi)));
    }

    private void upRead(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        serve(req, r -> ops.read(r, ino, size, offset, FileInfo.read(fi)));
    }

    private void upWrite(MemorySegment req, long ino, MemorySegment buf, long size, long offset, MemorySegment fi) {
        serve(req, r -> {
            MemorySegment copy = r.buffer(size).copyFrom(buf.reinterpret(size));
            ops.write(r, ino, copy.asSlice(0, size), offset, FileInfo.read(fi));
        });
    }

    private void upFlush(MemorySegment req, long ino, MemorySegment fi) {
        serve(req, r -> ops.flush(r, ino, FileInfo.read(fi)));
    }

    private void upRelease(MemorySegment req, long ino, MemorySegment fi) {
        serve(req, r -> ops.release(r, ino, FileInfo.read(fi)));
    }

    private void upFsync(MemorySegment req, long ino, int datasync, MemorySegment fi) {
        serve(req, r -> ops.fsync(r, ino, datasync != 0, FileInfo.read(fi)));
    }

    private void upOpendir(MemorySegment req, long ino, MemorySegment fi) {
        serve(req, r -> ops.opendir(r, ino, FileInfo.read(fi)));
    }

    private void upReaddir(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        serve(req, r -> ops.readdir(r, ino, size, offset, FileInfo.read(fi), false));
    }

    private void upReaddirplus(MemorySegment req, long ino, long size, long offset, MemorySegment fi) {
        serve(req, r -> ops.readdir(r, ino, size, offset, FileInfo.read(fi), true));
    }

    private void upReleasedir(MemorySegment req, long ino, MemorySegment fi) {
        serve(req, r -> ops.releasedir(r, ino, FileInfo.read(fi)));
    }

    private void upFsyncdir(MemorySegment req, long ino, int datasync, MemorySegment fi) {
        serve(req, r -> ops.fsyncdir(r, ino, datasync != 0, FileInfo.read(fi)));
    }

    private void upStatfs(MemorySegment req, long ino) {
        serve(req, r -> ops.statfs(r, ino));
    }

    private void upSetxattr(MemorySegment req, long ino, MemorySegment name, MemorySegment value, long size,
            int flags) {
        serve(req, r -> ops.setxattr(r, ino, CStrings.bytes(name),
                value.reinterpret(size).toArray(JAVA_BYTE), flags));
    }

    private void upGetxattr(MemorySegment req, long ino, MemorySegment name, long size) {
        serve(req, r -> ops.getxattr(r, ino, CStrings.bytes(name), size));
    }

    private void upListxattr(MemorySegment req, long ino, long size) {
        serve(req, r -> ops.listxattr(r, ino, size));
    }

    private void upRemovexattr(MemorySegment req, long ino, MemorySegment name) {
        serve(req, r -> ops.removexattr(r, ino, CStrings.bytes(name)));
    }

    private void upAccess(MemorySegment req, long ino, int mask) {
        serve(req, r -> ops.access(r, ino, mask));
    }

    private void upCreate(MemorySegment req, long parent, MemorySegment name, int mode, MemorySegment fi) {
        serve(req, r -> ops.create(r, parent, CStrings.bytes(name), mode, FileInfo.read(fi)));
    }

    private void upGetlk(MemorySegment req, long ino, MemorySegment fi, MemorySegment lock) {
        serve(req, r -> ops.getlk(r, ino, FileInfo.read(fi), FileLock.read(lock)));
    }

    private void upSetlk(MemorySegment req, long ino, MemorySegment fi, MemorySegment lock, int sleep) {
        serve(req, r -> ops.setlk(r, ino, FileInfo.read(fi), FileLock.read(lock), sleep != 0));
    }

    private void upFlock(MemorySegment req, long ino, MemorySegment fi, int operation) {
        serve(req, r -> ops.flock(r, ino, FileInfo.read(fi), operation));
    }

    private void upFallocate(MemorySegment req, long ino, int mode, long offset, long length, MemorySegment fi) {
        serve(req, r -> ops.fallocate(r, ino, mode, offset, length, FileInfo.read(fi)));
    }

    private void upLseek(MemorySegment req, long ino, long offset, int whence, MemorySegment fi) {
        serve(req, r -> ops.lseek(r, ino, offset, whence, FileInfo.read(fi)));
    }
}
