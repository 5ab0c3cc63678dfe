package org.jlustre.osd.mem;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Body;
import org.jlustre.osd.BufsType;
import org.jlustre.osd.LocalBuffer;
import org.jlustre.osd.Osd;
import org.jlustre.osd.SeekWhence;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.UpdateType;

/**
 * The body view of a {@link MemObject} (the seed's {@code bulkrw.c}): flat reads and writes
 * and the page view over the object's {@link PageTable}. Regular files and symlinks have
 * bodies; directories answer EISDIR and other objects EINVAL.
 */
final class MemBody implements Body {

    private final MemObject obj;

    MemBody(MemObject obj) {
        this.obj = obj;
    }

    /** The record of an object that can have a body. */
    private Inode bodyInode() throws LustreException {
        Inode i = obj.existing();
        if (i.kind == Inode.Kind.REGULAR || i.kind == Inode.Kind.SYMLINK) {
            return i;
        }
        throw new LustreException(i.kind == Inode.Kind.DIR ? Errno.EISDIR : Errno.EINVAL,
                "object " + obj.fid() + " (" + i.kind.name().toLowerCase(java.util.Locale.ROOT) + ") has no body");
    }

    private static void checkOffset(long pos, String what) throws LustreException {
        if (pos < 0) {
            throw new LustreException(Errno.EINVAL, "negative " + what + " " + pos);
        }
    }

    private void checkEnd(long pos, long len) throws LustreException {
        long max = obj.dev.conf().maxBytes();
        if (len > max || pos > max - len) {
            throw new LustreException(Errno.EFBIG,
                    "range [" + pos + ", +" + len + ") of " + obj.fid() + " passes the largest file size " + max);
        }
    }

    @Override
    public int read(long pos, MemorySegment dst) throws LustreException {
        checkOffset(pos, "read offset");
        Inode i = bodyInode();
        long size = i.size;
        int n = (int) Math.min(dst.byteSize(), Math.max(0, size - pos));
        if (n > 0) {
            PageTable pages = i.pagesOrNull();
            if (pages == null) {
                dst.asSlice(0, n).fill((byte) 0);
            } else {
                pages.io.readLock().lock();
                try {
                    pages.read(pos, dst.asSlice(0, n));
                } finally {
                    pages.io.readLock().unlock();
                }
            }
        }
        obj.dev.stats().add(MemStats.Counter.READ_BYTES, n);
        obj.dev.trace().object("read", obj);
        return n;
    }

    @Override
    public void declareWrite(long pos, long len, Transaction th) throws LustreException {
        obj.dev.declare(th, UpdateType.WRITE, obj);
    }

    @Override
    public int write(long pos, MemorySegment src, Transaction th) throws LustreException {
        obj.dev.started(th);
        checkOffset(pos, "write offset");
        Inode i = bodyInode();
        long len = src.byteSize();
        if (len > Integer.MAX_VALUE) {
            throw new LustreException(Errno.EINVAL, "write of " + len + " bytes is larger than one call can return");
        }
        checkEnd(pos, len);
        PageTable pages = i.pages(obj.dev.pageStore());
        pages.io.readLock().lock();
        try {
            pages.write(pos, src, i, obj.dev.usage());
        } finally {
            pages.io.readLock().unlock();
        }
        growSize(i, pos + len);
        obj.dev.stats().add(MemStats.Counter.WRITE_BYTES, len);
        obj.dev.trace().object("write", obj);
        return (int) len;
    }

    private static void growSize(Inode i, long end) {
        synchronized (i) {
            if (end > i.size) {
                i.size = end;
            }
        }
    }

    /**
     * Sets the size as {@code attr_set(LA_SIZE)} does: a smaller size frees the data past it,
     * a larger one leaves a hole (the bytes there are zero by the page table's invariant).
     */
    static void resize(MemObject obj, Inode i, long size) throws LustreException {
        checkOffset(size, "size");
        if (size > obj.dev.conf().maxBytes()) {
            throw new LustreException(Errno.EFBIG, "size " + size + " of " + obj.fid() + " passes the largest file size");
        }
        PageTable pages = i.pagesOrNull();
        if (pages == null) {
            synchronized (i) {
                i.size = size;
            }
            return;
        }
        pages.io.writeLock().lock();
        try {
            if (size < i.size) {
                pages.deallocate(size, Long.MAX_VALUE, i, obj.dev.usage());
            }
            synchronized (i) {
                i.size = size;
            }
        } finally {
            pages.io.writeLock().unlock();
        }
    }

    @Override
    public List<LocalBuffer> bufsGet(long pos, int len, BufsType type) throws LustreException {
        checkOffset(pos, "buffer offset");
        if (len < 0) {
            throw new LustreException(Errno.EINVAL, "negative buffer length " + len);
        }
        Inode i = bodyInode();
        boolean write = type == BufsType.WRITE;
        if (write) {
            checkEnd(pos, len);
        }
        PageTable pages = i.pages(obj.dev.pageStore());
        pages.io.readLock().lock();
        try {
            List<LocalBuffer> out = pages.buffers(pos, len, write, i, obj.dev.usage());
            obj.dev.stats().add(MemStats.Counter.BUFS_GET, out.size());
            obj.dev.trace().object("bufs_get", obj);
            return out;
        } finally {
            pages.io.readLock().unlock();
        }
    }

    @Override
    public List<MemorySegment> dataSegments(List<LocalBuffer> buffers, long bytes) {
        return obj.dev.pageStore().join(buffers, bytes);
    }

    @Override
    public void bufsPut(List<LocalBuffer> buffers) throws LustreException {
        Inode i = obj.inodeOrNull();
        PageTable pages = i == null ? null : i.pagesOrNull();
        if (pages != null) {
            pages.release(buffers, i, obj.dev.usage(), obj.isDying());
        }
    }

    @Override
    public void readPrep(List<LocalBuffer> buffers) throws LustreException {
        long size = bodyInode().size;
        for (LocalBuffer b : buffers) {
            b.setRc(Math.clamp(size - b.fileOffset(), 0, b.len()));
        }
    }

    @Override
    public void writePrep(List<LocalBuffer> buffers) throws LustreException {
        Inode i = bodyInode();
        PageTable pages = i.pages(obj.dev.pageStore());
        pages.io.readLock().lock();
        try {
            pages.prepare(buffers);
        } finally {
            pages.io.readLock().unlock();
        }
    }

    @Override
    public void declareWriteCommit(List<LocalBuffer> buffers, Transaction th) throws LustreException {
        obj.dev.declare(th, UpdateType.WRITE_COMMIT, obj);
    }

    @Override
    public void writeCommit(List<LocalBuffer> buffers, Transaction th, long userSize) throws LustreException {
        obj.dev.started(th);
        Inode i = bodyInode();
        PageTable pages = i.pages(obj.dev.pageStore());
        long bytes;
        // exclusive: the pages swapped out must not be under a flat read while they go back
        pages.io.writeLock().lock();
        try {
            bytes = pages.commit(buffers, i, obj.dev.usage(), userSize);
        } finally {
            pages.io.writeLock().unlock();
        }
        obj.dev.stats().add(MemStats.Counter.WRITE_COMMIT_BYTES, bytes);
        obj.dev.trace().object("write_commit", obj);
    }

    @Override
    public void declarePunch(long start, long end, Transaction th) throws LustreException {
        obj.dev.declare(th, UpdateType.PUNCH, obj);
    }

    @Override
    public void punch(long start, long end, Transaction th) throws LustreException {
        obj.dev.started(th);
        checkOffset(start, "punch start");
        Inode i = bodyInode();
        obj.dev.stats().inc(MemStats.Counter.PUNCH);
        if (end == Osd.OBJECT_EOF || Long.compareUnsigned(end, i.size) >= 0) {
            resize(obj, i, start);
        } else if (end > start) {
            PageTable pages = i.pagesOrNull();
            if (pages != null) {
                pages.io.writeLock().lock();
                try {
                    pages.deallocate(start, end, i, obj.dev.usage());
                } finally {
                    pages.io.writeLock().unlock();
                }
            }
        }
        obj.dev.trace().object("punch", obj);
    }

    @Override
    public long seek(long offset, SeekWhence whence) throws LustreException {
        checkOffset(offset, "seek offset");
        Inode i = bodyInode();
        long size = i.size;
        if (offset >= size) {
            throw new LustreException(Errno.ENXIO, "seek offset " + offset + " is at or past the size " + size
                    + " of " + obj.fid());
        }
        PageTable pages = i.pagesOrNull();
        if (whence == SeekWhence.HOLE) {
            return pages == null ? offset : Math.min(pages.nextHole(offset), size);
        }
        long data = pages == null ? -1 : pages.nextData(offset);
        if (data < 0 || data >= size) {
            throw new LustreException(Errno.ENXIO, "no data at or after " + offset + " in " + obj.fid());
        }
        return data;
    }
}
