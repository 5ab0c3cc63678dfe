package org.jlustre.client;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.mdc.Mdc;
import org.jlustre.mdc.MdcCred;

/**
 * An open file: its layout from the open reply, the MDT open handle, and the lov data paths.
 * Thread-safe: the only state that changes is whether it is closed.
 */
final class LustreOpenFile implements OpenFile {

    private final LustreClientImpl client;
    private final Mdc mdc;
    private final MdcCred cred;
    private final Fid fid;
    private final int flags;
    private final Layout layout;
    private final long handle;
    private final int type;
    private final AtomicBoolean closed = new AtomicBoolean();

    LustreOpenFile(LustreClientImpl client, Mdc mdc, MdcCred cred, Fid fid, int flags, Layout layout, long handle,
            int type) {
        this.client = client;
        this.mdc = mdc;
        this.cred = cred;
        this.fid = fid;
        this.flags = flags;
        this.layout = layout;
        this.handle = handle;
        this.type = type;
    }

    @Override
    public Fid fid() {
        return fid;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public Layout layout() {
        return layout;
    }

    /** EBADF when closed or not open for {@code what}; EISDIR for data I/O on a directory; EINVAL for a negative offset. */
    private CompletableFuture<Long> refuse(String what, boolean allowed, long offset) {
        if (closed.get()) {
            return Async.failed(Errno.EBADF, what + " of " + fid + " after close");
        }
        if (!allowed) {
            return Async.failed(Errno.EBADF, what + " of " + fid + ", which is not open for it (flags 0"
                    + Integer.toOctalString(flags) + ")");
        }
        if (type == FileMode.S_IFDIR) {
            return Async.failed(Errno.EISDIR, what + " of directory " + fid);
        }
        if (offset < 0) {
            return Async.failed(Errno.EINVAL, what + " of " + fid + " at negative offset " + offset);
        }
        return null;
    }

    @Override
    public CompletableFuture<Long> read(long offset, MemorySegment dst) {
        Objects.requireNonNull(dst, "dst");
        CompletableFuture<Long> no = refuse("read", OpenFlags.readable(flags), offset);
        if (no != null) {
            return no;
        }
        if (dst.byteSize() == 0 || layout.objects().isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        return client.lovIo().read(layout, offset, dst);
    }

    @Override
    public CompletableFuture<Long> write(long offset, MemorySegment src) {
        Objects.requireNonNull(src, "src");
        CompletableFuture<Long> no = refuse("write", OpenFlags.writable(flags), offset);
        if (no != null) {
            return no;
        }
        if ((flags & OpenFlags.O_APPEND) != 0) {
            // without locks the end is the OSTs' at this moment (llite takes an EOF lock)
            return client.lovIo().glimpse(layout).thenCompose(g -> writeAt(g.size(), src));
        }
        return writeAt(offset, src);
    }

    private CompletableFuture<Long> writeAt(long offset, MemorySegment src) {
        if (src.byteSize() == 0) {
            return CompletableFuture.completedFuture(offset);
        }
        return client.lovIo().write(layout, offset, src);
    }

    @Override
    public CompletableFuture<FileAttr> stat() {
        if (closed.get()) {
            return Async.failed(Errno.EBADF, "stat of " + fid + " after close");
        }
        return client.stat(cred, fid);
    }

    @Override
    public CompletableFuture<Void> truncate(long size) {
        CompletableFuture<Long> no = refuse("truncate", true, 0);
        if (no != null) {
            return no.thenApply(v -> null);
        }
        if (!OpenFlags.writable(flags) || size < 0) {
            // ftruncate(2): EINVAL for a descriptor not open for writing or a negative length
            return Async.failed(Errno.EINVAL, "truncate of " + fid + " to " + size + " (flags 0"
                    + Integer.toOctalString(flags) + ")");
        }
        return client.setattr(cred, fid, SetAttr.NONE.withSize(size), true).thenApply(a -> null);
    }

    @Override
    public CompletableFuture<Void> fsync() {
        if (closed.get()) {
            return Async.failed(Errno.EBADF, "fsync of " + fid + " after close");
        }
        CompletableFuture<Void> data = layout.objects().isEmpty() ? CompletableFuture.completedFuture(null)
                : client.lovIo().sync(layout);
        return data.thenCompose(v -> client.onMdt(fid, m -> {
            m.sync(cred, fid);
            return null;
        }));
    }

    @Override
    public CompletableFuture<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return mdc.closeAsync(cred, fid, handle).thenApply(v -> null);
    }

    @Override
    public String toString() {
        return "OpenFile[" + fid + " flags 0" + Integer.toOctalString(flags) + (closed.get() ? " closed" : "") + "]";
    }
}
