package org.jlustre.osd.mem;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jlustre.common.Errno;
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
 * <p>WRITE buffers are shadow pages, not the body's own: a writer fills them while readers see
 * the old bytes, {@link #commit} swaps them into the table (whole pages without a copy, partial
 * ones after taking the body's current bytes around the range), and {@link #release} throws
 * away those never committed, so an aborted bulk leaves nothing behind (as osd-ldiskfs keeps
 * the pages it writes locked and not up to date until the commit). A shadow of a page the body
 * lacks is charged when handed out; one that replaces an existing page is not (the old page is
 * freed when it goes in), so an overwrite needs no free space, only memory for a while.
 *
 * <p>Locking: {@link #io} is taken shared by reads, writes and page-view calls (Lustre never
 * overlaps concurrent writes) and exclusive by truncate, punch and commit, which free pages;
 * page changes and the shadows are guarded by {@code this}. Lock order: io, then this, then
 * the inode.
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
    /** Guarded by this: WRITE pages handed out and neither committed nor put, by {@link #key}. */
    private final HashMap<Long, Shadow> shadows = new HashMap<>();

    /**
     * The key of a shadow page in {@link #shadows}: its address in pages. Not the address itself,
     * whose low bits are all zero: {@code Long.hashCode} of page addresses puts every 16 pages of
     * a 64 KiB stretch into one bucket, and the map spent a quarter of a 1 MiB write in tree
     * bins (JFR, bench ost).
     */
    private long key(MemorySegment page) {
        return page.address() >>> shift;
    }

    /** A page a WRITE buffer fills for page {@code index}; {@code charged} if the body lacked that page. */
    private record Shadow(long index, boolean charged) {
    }

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
                free(freed);
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
     * Page descriptors for {@code [pos, pos + len)}: for reads the body's own pages, and the
     * shared zero page over holes; for writes shadow pages, the ones the body lacks charged as a
     * whole first (ENOSPC before anything changes). Partial shadow pages start zeroed.
     */
    List<LocalBuffer> buffers(long pos, int len, boolean write, Inode inode, Usage usage) throws LustreException {
        List<LocalBuffer> out = write && len > 0 ? shadowBuffers(pos, len, inode, usage) : readBuffers(pos, len);
        synchronized (this) {
            pins++;
        }
        return out;
    }

    private List<LocalBuffer> readBuffers(long pos, int len) {
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
        return out;
    }

    private List<LocalBuffer> shadowBuffers(long pos, int len, Inode inode, Usage usage) throws LustreException {
        long first = pos >>> shift;
        long last = (pos + len - 1) >>> shift;
        List<LocalBuffer> out = new ArrayList<>((int) (last - first + 1));
        synchronized (this) {
            long missing = 0;
            for (long i = first; i <= last; i++) {
                if (page(i) == null) {
                    missing++;
                }
            }
            inode.charge(usage, missing * pageSize);
            MemorySegment[] run;
            try {
                run = store.allocateRun((int) (last - first + 1));
            } catch (LustreException e) {
                // no memory left for a page: nothing stays handed out or charged
                inode.charge(usage, -missing * pageSize);
                throw e;
            }
            long done = 0;
            for (long i = first; i <= last; i++) {
                long at = pos + done;
                int off = (int) (at & (pageSize - 1));
                int n = (int) Math.min(pageSize - off, len - done);
                MemorySegment page = run[(int) (i - first)];
                if (n != pageSize) {
                    page.fill((byte) 0); // a recycled page's old bytes must not show around a partial range
                }
                shadows.put(key(page), new Shadow(i, page(i) == null));
                out.add(new LocalBuffer(at, off, n, page));
                done += n;
            }
        }
        return out;
    }

    /**
     * {@code dbo_write_prep}: copies the body's current bytes around each partial buffer's
     * range into its shadow page (zeros over a hole).
     *
     * @throws LustreException EINVAL for a buffer that is not a WRITE buffer awaiting its commit
     */
    void prepare(List<LocalBuffer> buffers) throws LustreException {
        // every buffer checked first, in one lock, so a bad one changes nothing; then only the
        // partial pages need the body's bytes around them (a 1 MiB write has none: 8% of its
        // samples went to surrounding whole pages with nothing, page by page, bench ost)
        long[] index = new long[buffers.size()];
        synchronized (this) {
            for (int k = 0; k < index.length; k++) {
                LocalBuffer b = buffers.get(k);
                if (b.len() > 0) {
                    Shadow s = shadows.get(key(b.page()));
                    if (s == null) {
                        throw notShadow(b);
                    }
                    index[k] = s.index;
                }
            }
        }
        for (int k = 0; k < index.length; k++) {
            LocalBuffer b = buffers.get(k);
            if (b.len() > 0 && b.len() < pageSize) {
                surround(b, page(index[k]));
            }
        }
    }

    private static LustreException notShadow(LocalBuffer b) {
        return new LustreException(Errno.EINVAL, "buffer at " + b.fileOffset() + " (" + b.len()
                + " bytes) is not a WRITE buffer awaiting its commit");
    }

    /** Copies the bytes of {@code live} (zeros without it) outside the buffer's range into its page. */
    private void surround(LocalBuffer b, MemorySegment live) {
        MemorySegment shadow = b.page();
        int endInPage = b.pageOffset() + b.len();
        if (live == null) {
            shadow.asSlice(0, b.pageOffset()).fill((byte) 0);
            shadow.asSlice(endInPage, pageSize - endInPage).fill((byte) 0);
        } else {
            MemorySegment.copy(live, 0, shadow, 0, b.pageOffset());
            MemorySegment.copy(live, endInPage, shadow, endInPage, pageSize - endInPage);
        }
    }

    /**
     * {@code dbo_write_commit}: swaps the shadow pages of the buffers whose {@code rc} is 0 into
     * the table, each partial one first taking the body's current bytes around its range (so
     * another writer's bytes in the same page survive), and frees the pages they replace; the
     * size grows to {@code userSize} if positive, else to the end of the furthest buffer, and
     * bytes of the new pages past it are zeroed. Returns the bytes committed. The caller holds
     * {@link #io} exclusively.
     *
     * @throws LustreException EINVAL for a buffer that is not a WRITE buffer awaiting its commit,
     *         ENOSPC when pages punched away since {@code bufsGet} cannot be charged again;
     *         nothing changes then
     */
    long commit(List<LocalBuffer> buffers, Inode inode, Usage usage, long userSize) throws LustreException {
        List<LocalBuffer> in = new ArrayList<>(buffers.size());
        for (LocalBuffer b : buffers) {
            if (b.rc() == 0 && b.len() > 0) {
                in.add(b);
            }
        }
        synchronized (this) {
            long need = 0;
            for (LocalBuffer b : in) {
                Shadow s = shadows.get(key(b.page()));
                if (s == null) {
                    throw notShadow(b);
                }
                if (!s.charged && page(s.index) == null) {
                    need += pageSize;
                }
            }
            inode.charge(usage, need);
            List<MemorySegment> replaced = new ArrayList<>();
            long end = 0;
            long bytes = 0;
            long twice = 0;
            for (LocalBuffer b : in) {
                Shadow s = shadows.remove(key(b.page()));
                MemorySegment live = page(s.index);
                if (b.len() < pageSize) {
                    surround(b, live);
                }
                setPage(s.index, b.page());
                if (live != null) {
                    replaced.add(live);
                    if (s.charged) {
                        // a write made the page meanwhile and charged it too
                        twice += pageSize;
                    }
                }
                end = Math.max(end, b.fileOffset() + b.len());
                bytes += b.len();
            }
            long size;
            synchronized (inode) {
                long target = userSize > 0 ? userSize : end;
                if (target > inode.size) {
                    inode.size = target;
                }
                size = inode.size;
            }
            for (LocalBuffer b : in) {
                long bufEnd = b.fileOffset() + b.len();
                if (bufEnd > size) {
                    long from = Math.max(size, b.fileOffset());
                    b.page().asSlice(b.pageOffset() + (from - b.fileOffset()), bufEnd - from).fill((byte) 0);
                }
            }
            free(replaced);
            inode.charge(usage, -twice);
            return bytes;
        }
    }

    /**
     * Releases buffers: shadow pages never committed (an aborted write) go back to the store
     * with their charge (not for a {@code destroyed} body, whose charge went with it), then
     * pages freed while buffers were out go back too.
     */
    void release(List<LocalBuffer> buffers, Inode inode, Usage usage, boolean destroyed) throws LustreException {
        long uncharge = 0;
        synchronized (this) {
            List<MemorySegment> unused = null;
            for (LocalBuffer b : buffers) {
                Shadow s = shadows.remove(key(b.page()));
                if (s != null) {
                    if (unused == null) {
                        unused = new ArrayList<>();
                    }
                    unused.add(b.page());
                    if (s.charged) {
                        uncharge += pageSize;
                    }
                }
            }
            if (unused != null) {
                store.releaseAll(unused);
            }
            if (pins > 0 && --pins == 0 && deferred != null) {
                // in one go and last first, as free() does: the next write's shadows come back in
                // ascending order (released first first, they came back descending, every other write)
                store.releaseAll(deferred);
                deferred = null;
            }
            if (uncharge > 0 && !destroyed) {
                inode.charge(usage, -uncharge);
            }
        }
    }

    /** Returns pages to the store, or keeps them until the last buffer is put; caller holds this. */
    private void free(List<MemorySegment> pages) {
        if (pages.isEmpty()) {
            return;
        }
        if (pins > 0) {
            if (deferred == null) {
                deferred = new ArrayList<>();
            }
            deferred.addAll(pages);
        } else {
            // last first (releaseAll): the next allocations get them back in their old order
            store.releaseAll(pages);
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
