package org.jlustre.osd.mem;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * The off-heap memory behind every body of one device: fixed-size pages carved from slabs of
 * one shared arena, recycled through a free list, all released when the device closes.
 * Pages are never moved, so a page handed to a {@code LocalBuffer} stays put.
 *
 * <p>Space limits are {@link Usage}'s business; this class only turns a failed native
 * allocation into ENOSPC instead of an {@link OutOfMemoryError}.
 *
 * <p>Thread-safe: the free list and the slab cursor are guarded by {@code this}.
 */
final class PageStore implements AutoCloseable {

    private static final long SLAB_BYTES = 1L << 20;

    private final int pageSize;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment zeroPage;
    /** Guarded by this. */
    private final ArrayDeque<MemorySegment> free = new ArrayDeque<>();
    /** Guarded by this: the slab being carved and how far. */
    private MemorySegment slab = MemorySegment.NULL;
    /** Guarded by this. */
    private long slabUsed;
    /** Guarded by this: pages carved from slabs in total. */
    private long carved;

    PageStore(int pageSize) {
        this.pageSize = pageSize;
        this.zeroPage = arena.allocate(pageSize, 64).asReadOnly();
    }

    int pageSize() {
        return pageSize;
    }

    /** A shared read-only page of zeros, for read buffers over holes. */
    MemorySegment zeroPage() {
        return zeroPage;
    }

    /**
     * A page for a body. Fresh slab memory is zero; a recycled page is zeroed unless the
     * caller will overwrite all of it ({@code overwrite}).
     */
    MemorySegment allocate(boolean overwrite) throws LustreException {
        MemorySegment page;
        synchronized (this) {
            page = free.pollLast();
            if (page == null) {
                page = carveLocked();
                return page;
            }
        }
        if (!overwrite) {
            page.fill((byte) 0);
        }
        return page;
    }

    private MemorySegment carveLocked() throws LustreException {
        if (slabUsed + pageSize > slab.byteSize()) {
            long bytes = Math.max(SLAB_BYTES, pageSize);
            try {
                slab = arena.allocate(bytes - bytes % pageSize, 64);
            } catch (OutOfMemoryError | IllegalStateException e) {
                throw new LustreException(Errno.ENOSPC,
                        "cannot allocate " + bytes + " bytes of off-heap memory for pages: " + e.getMessage());
            }
            slabUsed = 0;
        }
        MemorySegment page = slab.asSlice(slabUsed, pageSize);
        slabUsed += pageSize;
        carved++;
        return page;
    }

    /** Returns a page for reuse. */
    void release(MemorySegment page) {
        synchronized (this) {
            free.addLast(page);
        }
    }

    /** Pages carved from the arena so far (in use or free). */
    synchronized long carvedPages() {
        return carved;
    }

    /** Pages waiting for reuse. */
    synchronized int freePages() {
        return free.size();
    }

    /** Frees all off-heap memory; pages must not be touched afterwards. */
    @Override
    public void close() {
        synchronized (this) {
            free.clear();
        }
        arena.close();
    }
}
