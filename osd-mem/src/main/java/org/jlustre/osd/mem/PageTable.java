package org.jlustre.osd.mem;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jlustre.common.LustreException;
import org.jlustre.osd.LocalBuffer;

/**
 * The pages of one body: page {@code i} holds bytes {@code [i * pageSize, (i + 1) * pageSize)},
 * or is absent for a hole. The first {@link #DENSE_SLOTS} pages live in an array that grows by
 * copying (fast for the files Lustre writes); pages further out live in a sorted map, so a write
 * at a huge offset costs one entry, not a slot array reaching that far. Pages never move, which
 * keeps {@link LocalBuffer}s valid while the object grows.
 *
 * <p>Invariant: every byte at or past the logical size that sits in an allocated page is zero,
 * so growing the size never exposes old data.
 *
 * <p>Locking: {@link #io} is taken shared by reads, writes and page-view calls (Lustre never
 * overlaps concurrent writes) and exclusive by truncate and punch, which free pages; page
 * changes are guarded by {@code this}. Lock order: io, then this, then the inode.
 */
final class PageTable {

    /** Pages kept in the array: 2^18 slots, 1 GiB of 4 KiB pages. */
    static final int DENSE_SLOTS = 1 << 18;

    private static final MemorySegment[] EMPTY = new MemorySegment[0];

    private final PageStore store;
    private final int pageSize;
    private final int shift;
    final ReentrantReadWriteLock io = new ReentrantReadWriteLock();

    /** The first pages; replaced (never shrunk) when growing. */
    private volatile MemorySegment[] dense = EMPTY;
    /** Pages at index {@link #DENSE_SLOTS} and beyond. */
    private final ConcurrentSkipListMap<Long, MemorySegment> sparse = new ConcurrentSkipListMap<>();
    /** Guarded by this: buffers handed out and not yet put. */
    private int pins;
    /** Guarded by this: pages freed while pinned, returned to the store at the last put. */
    private List<MemorySegment> deferred;

    PageTable(PageStore store) {
        this.store = store;
        this.pageSize = store.pageSize();
        this.shift = Integer.numberOfTrailingZeros(pageSize);
    }

    /** The page of index {@code idx}, or null for a hole. */
    private MemorySegment page(long idx) {
        if (idx < DENSE_SLOTS) {
            MemorySegment[] d = dense;
            return idx < d.length ? d[(int) idx] : null;
        }
        return sparse.get(idx);
    }

    /** Sets a page; guarded by this. */
    private void setPage(long idx, MemorySegment page) {
        if (idx >= DENSE_SLOTS) {
            if (page == null) {
                sparse.remove(idx);
            } else {
                sparse.put(idx, page);
            }
            return;
        }
        MemorySegment[] d = dense;
        if (idx >= d.length) {
            if (page == null) {
                return;
            }
            d = Arrays.copyOf(d, (int) Math.min(DENSE_SLOTS, Math.max(idx + 1, d.length + (d.length >> 1))));
            d[(int) idx] = page;
            dense = d;
        } else {
            d[(int) idx] = page;
        }
    }

    /** Allocated pages. */
    long pageCount() {
        long n = sparse.size();
        for (MemorySegment p : dense) {
            if (p != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Copies {@code [pos, pos + dst.byteSize())} into {@code dst}; holes read as zeros. The
     * caller bounds the range by the size.
     */
    void read(long pos, MemorySegment dst) {
        long len = dst.byteSize();
        long done = 0;
        while (done < len) {
            long at = pos + done;
            MemorySegment page = page(at >>> shift);
            if (page == null) {
                long n = Math.min(pageSize - (at & (pageSize - 1)), len - done);
                dst.asSlice(done, n).fill((byte) 0);
                done += n;
            } else {
                done += copyRun(at, page, len - done, dst, done, false);
            }
        }
    }

    /**
     * Copies between the body at {@code at} (in {@code page}) and {@code other} at
     * {@code otherOffset}, through as many following pages as lie next to it in the same slab,
     * in one copy; returns the bytes moved (at least to the end of the first page or of the
     * request).
     */
    private long copyRun(long at, MemorySegment page, long max, MemorySegment other, long otherOffset, boolean toBody) {
        int off = (int) (at & (pageSize - 1));
        long run = Math.min(pageSize - off, max);
        MemorySegment last = page;
        long idx = at >>> shift;
        while (run < max) {
            MemorySegment next = page(++idx);
            if (next == null || next.address() != last.address() + pageSize) {
                break;
            }
            last = next;
            run = Math.min(run + pageSize, max);
        }
        MemorySegment span = run > pageSize - off ? store.slabSpan(page, off + run) : null;
        if (span == null) {
            run = Math.min(pageSize - off, max);
            span = page;
        } else {
            off += (int) (page.address() - span.address());
        }
        if (toBody) {
            MemorySegment.copy(other, otherOffset, span, off, run);
        } else {
            MemorySegment.copy(span, off, other, otherOffset, run);
        }
        return run;
    }

    /**
     * Copies {@code src} to {@code pos}, allocating and charging missing pages first.
     *
     * @throws LustreException ENOSPC when the pages cannot be charged; nothing changes then
     */
    void write(long pos, MemorySegment src, Inode inode, Usage usage) throws LustreException {
        long len = src.byteSize();
        if (len == 0) {
            return;
        }
        ensure(pos, len, inode, usage);
        long done = 0;
        while (done < len) {
            long at = pos + done;
            done += copyRun(at, page(at >>> shift), len - done, src, done, true);
        }
    }

    /**
     * Makes sure every page of {@code [pos, pos + len)} is allocated, charging the new ones as
     * a whole (ENOSPC before anything changes).
     */
    private void ensure(long pos, long len, Inode inode, Usage usage) throws LustreException {
        long first = pos >>> shift;
        long last = (pos + len - 1) >>> shift;
        if (allPresent(first, last)) {
            return;
        }
        synchronized (this) {
            long missing = 0;
            for (long i = first; i <= last; i++) {
                if (page(i) == null) {
                    missing++;
                }
            }
            inode.charge(usage, missing * pageSize);
            long allocated = 0;
            try {
                for (long i = first; i <= last; i++) {
                    if (page(i) == null) {
                        long pageStart = i << shift;
                        boolean overwrite = pageStart >= pos && pageStart + pageSize <= pos + len;
                        setPage(i, store.allocate(overwrite));
                        allocated++;
                    }
                }
            } catch (LustreException e) {
                inode.charge(usage, -(missing - allocated) * pageSize);
                throw e;
            }
        }
    }

    private boolean allPresent(long first, long last) {
        for (long i = first; i <= last; i++) {
            if (page(i) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Frees the pages of {@code [from, to)} that lie wholly inside and zeroes the partial
     * pages at either end, releasing their charge. {@code to == Long.MAX_VALUE} means the end.
     * The caller holds {@link #io} exclusively.
     */
    void deallocate(long from, long to, Inode inode, Usage usage) throws LustreException {
        List<MemorySegment> freed = new ArrayList<>();
        synchronized (this) {
            long firstWhole = (from + pageSize - 1) >>> shift;
            long endWhole = to == Long.MAX_VALUE ? Long.MAX_VALUE : to >>> shift; // exclusive
            if (firstWhole >= endWhole) {
                zeroPartial(from, to);
            } else {
                zeroPartial(from, firstWhole << shift);
                if (endWhole != Long.MAX_VALUE) {
                    zeroPartial(endWhole << shift, to);
                }
                MemorySegment[] d = dense;
                for (long i = firstWhole; i < Math.min(endWhole, d.length); i++) {
                    if (d[(int) i] != null) {
                        freed.add(d[(int) i]);
                        d[(int) i] = null;
                    }
                }
                Map<Long, MemorySegment> far = sparse.subMap(Math.max(firstWhole, DENSE_SLOTS), true,
                        Math.max(endWhole, DENSE_SLOTS), false);
                freed.addAll(far.values());
                far.clear();
            }
            if (!freed.isEmpty()) {
                if (pins > 0) {
                    if (deferred == null) {
                        deferred = new ArrayList<>();
                    }
                    deferred.addAll(freed);
                } else {
                    freed.forEach(store::release);
                }
                inode.charge(usage, -(long) freed.size() * pageSize);
            }
        }
    }

    /** Zeroes {@code [from, to)} where pages exist; {@code to} is at most one page past {@code from}'s page. */
    private void zeroPartial(long from, long to) {
        long at = from;
        while (at < to) {
            int off = (int) (at & (pageSize - 1));
            long n = Math.min(pageSize - off, to - at);
            MemorySegment page = page(at >>> shift);
            if (page != null) {
                page.asSlice(off, n).fill((byte) 0);
            }
            at += n;
        }
    }

    /** Frees every page (destroy). */
    void freeAll(Inode inode, Usage usage) throws LustreException {
        deallocate(0, Long.MAX_VALUE, inode, usage);
    }

    /**
     * Page descriptors for {@code [pos, pos + len)}: the object's own pages, allocated when
     * {@code write}, the shared zero page over holes otherwise.
     */
    List<LocalBuffer> buffers(long pos, int len, boolean write, Inode inode, Usage usage) throws LustreException {
        if (write && len > 0) {
            ensure(pos, len, inode, usage);
        }
        List<LocalBuffer> out = new ArrayList<>((len >>> shift) + 2);
        long done = 0;
        do {
            long at = pos + done;
            int off = (int) (at & (pageSize - 1));
            int n = (int) Math.min(pageSize - off, len - done);
            MemorySegment page = page(at >>> shift);
            out.add(new LocalBuffer(at, off, n, page != null ? page : store.zeroPage()));
            done += n;
        } while (done < len);
        synchronized (this) {
            pins++;
        }
        return out;
    }

    /**
     * Releases buffers: bytes of them at or past {@code size} are zeroed (an uncommitted write
     * must not resurface when the size grows later), then pages freed meanwhile go back.
     */
    void release(List<LocalBuffer> buffers, long size) {
        for (LocalBuffer b : buffers) {
            long end = b.fileOffset() + b.len();
            if (end > size && !b.page().isReadOnly()) {
                long from = Math.max(size, b.fileOffset());
                int off = b.pageOffset() + (int) (from - b.fileOffset());
                b.page().asSlice(off, end - from).fill((byte) 0);
            }
        }
        synchronized (this) {
            if (pins > 0 && --pins == 0 && deferred != null) {
                deferred.forEach(store::release);
                deferred = null;
            }
        }
    }

    /** The first offset at or after {@code from} in an allocated page, or -1. */
    long nextData(long from) {
        long idx = from >>> shift;
        MemorySegment[] d = dense;
        for (long i = idx; i < d.length; i++) {
            if (d[(int) i] != null) {
                return Math.max(from, i << shift);
            }
        }
        Long far = sparse.ceilingKey(Math.max(idx, DENSE_SLOTS));
        return far == null ? -1 : Math.max(from, far << shift);
    }

    /** The first offset at or after {@code from} in a hole (an absent page). */
    long nextHole(long from) {
        for (long i = from >>> shift; ; i++) {
            if (page(i) == null) {
                return Math.max(from, i << shift);
            }
        }
    }
}
