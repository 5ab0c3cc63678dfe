package org.jlustre.osd.mem;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.osd.LocalBuffer;

/**
 * The off-heap memory behind every body of one device: fixed-size pages carved from slabs of
 * one shared arena, recycled through a free list, all released when the device closes.
 * Pages are never moved, so a page handed to a {@code LocalBuffer} stays put. Slabs are
 * aligned to their size, so pages carved one after the other are adjacent in memory and a
 * body written in order can be copied in runs rather than page by page.
 *
 * <p>Space limits are {@link Usage}'s business; this class only turns a failed native
 * allocation into ENOSPC instead of an {@link OutOfMemoryError}.
 *
 * <p>Thread-safe: the free list and the slab cursor are guarded by {@code this}.
 */
final class PageStore implements AutoCloseable {

    private static final long SLAB_BYTES = 1L << 20;

    private static final Comparator<MemorySegment> BY_ADDRESS = Comparator.comparingLong(MemorySegment::address);

    private final int pageSize;
    /** Bytes per slab; slabs are aligned to it, so a page's slab is its address rounded down. */
    private final long slabBytes;
    private final Arena arena = Arena.ofShared();
    /** Every slab by base address, for copies spanning several adjacent pages. */
    private final ConcurrentHashMap<Long, MemorySegment> slabs = new ConcurrentHashMap<>();
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
        this.slabBytes = Math.max(SLAB_BYTES, pageSize);
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

    /**
     * {@code count} pages for a run of consecutive body pages, in ascending address order and
     * not zeroed (the caller fills or zeroes each). The order matters for speed: on this
     * machine 256 copies of 4 KiB run at 0.85-0.95x of one 1 MiB copy over pages in ascending
     * order, and at 0.55-0.65x over descending or scattered ones (the prefetcher follows
     * ascending streams), so the bulk of a 1 MiB write or read is a third faster when its pages
     * ascend. Taken under one lock, so concurrent writers do not interleave their runs.
     */
    MemorySegment[] allocateRun(int count) throws LustreException {
        MemorySegment[] run = new MemorySegment[count];
        synchronized (this) {
            int i = 0;
            try {
                for (; i < count; i++) {
                    MemorySegment page = free.pollLast();
                    run[i] = page != null ? page : carveLocked();
                }
            } catch (LustreException e) {
                for (int j = i - 1; j >= 0; j--) {
                    free.addLast(run[j]);
                }
                throw e;
            }
        }
        boolean ascending = true;
        for (int i = 1; i < count && ascending; i++) {
            ascending = run[i].address() > run[i - 1].address();
        }
        if (!ascending) {
            Arrays.sort(run, BY_ADDRESS);
        }
        return run;
    }

    private MemorySegment carveLocked() throws LustreException {
        if (slabUsed + pageSize > slab.byteSize()) {
            try {
                slab = arena.allocate(slabBytes, slabBytes);
            } catch (OutOfMemoryError | IllegalStateException e) {
                throw new LustreException(Errno.ENOSPC,
                        "cannot allocate " + slabBytes + " bytes of off-heap memory for pages: " + e.getMessage());
            }
            slabs.put(slab.address(), slab);
            slabUsed = 0;
        }
        MemorySegment page = slab.asSlice(slabUsed, pageSize);
        slabUsed += pageSize;
        carved++;
        return page;
    }

    /**
     * The slab holding {@code bytes} bytes from {@code page} on, if they lie in one slab, else
     * null: lets a copy over adjacent pages (a file written in order gets them) be one copy.
     */
    MemorySegment slabSpan(MemorySegment page, long bytes) {
        long base = page.address() & -slabBytes;
        if (page.address() + bytes > base + slabBytes) {
            return null;
        }
        return slabs.get(base);
    }

    /**
     * {@link org.jlustre.osd.Body#dataSegments}: the first {@code bytes} bytes of the buffers'
     * ranges, each run of ranges that follow each other in memory within one slab (a buffer
     * ending at its page's end, the next starting at the start of the page after it) as one
     * slice of the slab. The pages of a body written or rewritten in order lie so
     * ({@link #allocateRun}), so a 1 MiB bulk is one segment, not 256.
     */
    List<MemorySegment> join(List<LocalBuffer> buffers, long bytes) {
        List<MemorySegment> out = new ArrayList<>();
        long left = bytes;
        int i = 0;
        while (i < buffers.size() && left > 0) {
            LocalBuffer first = buffers.get(i++);
            MemorySegment page = first.page();
            long start = page.address() + first.pageOffset();
            long run = Math.min(first.len(), left);
            LocalBuffer last = first;
            long base = page.address() & -slabBytes;
            // the shared zero page lies in no slab
            while (page != zeroPage && i < buffers.size() && run < left
                    && last.pageOffset() + last.len() == pageSize) {
                LocalBuffer next = buffers.get(i);
                long at = next.page().address();
                if (next.pageOffset() != 0 || at != start + run || (at & -slabBytes) != base) {
                    break;
                }
                run += Math.min(next.len(), left - run);
                last = next;
                i++;
            }
            if (last == first) {
                out.add(page.asSlice(first.pageOffset(), run));
            } else {
                MemorySegment slab = slabs.get(base);
                out.add(slab.asSlice(start - base, run));
            }
            left -= run;
        }
        if (bytes < 0 || left > 0) {
            throw new IllegalArgumentException("cannot take " + bytes + " bytes of " + buffers.size() + " buffers");
        }
        return out;
    }

    /** Returns a page for reuse. */
    void release(MemorySegment page) {
        synchronized (this) {
            free.addLast(page);
        }
    }

    /**
     * Returns pages for reuse under one lock, last first: the free list is last-in first-out,
     * so a run released in ascending order comes back ascending to the next
     * {@link #allocateRun} (which then need not sort it).
     */
    void releaseAll(List<MemorySegment> pages) {
        synchronized (this) {
            for (int i = pages.size() - 1; i >= 0; i--) {
                free.addLast(pages.get(i));
            }
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
