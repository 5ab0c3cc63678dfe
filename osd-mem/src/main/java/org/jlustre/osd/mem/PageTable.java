package org.jlustre.osd.mem;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jlustre.common.LustreException;
import org.jlustre.osd.LocalBuffer;

/**
 * The pages of one body: slot {@code i} holds bytes {@code [i * pageSize, (i + 1) * pageSize)}
 * or null for a hole. The table grows by copying the slot array; the pages themselves never
 * move, which is what keeps {@link LocalBuffer}s valid while the object grows.
 *
 * <p>Invariant: every byte at or past the logical size that sits in an allocated page is zero,
 * so growing the size never exposes old data.
 *
 * <p>Locking: {@link #io} is taken shared by reads, writes and page-view calls (Lustre never
 * overlaps concurrent writes) and exclusive by truncate and punch, which free pages; slot
 * changes are guarded by {@code this}. Lock order: io, then this, then the inode.
 */
final class PageTable {

    private static final MemorySegment[] EMPTY = new MemorySegment[0];

    private final PageStore store;
    private final int pageSize;
    private final int shift;
    final ReentrantReadWriteLock io = new ReentrantReadWriteLock();

    /** Slots; replaced (never mutated in place without this lock) when growing. */
    private volatile MemorySegment[] pages = EMPTY;
    /** Guarded by this: buffers handed out and not yet put. */
    private int pins;
    /** Guarded by this: pages freed while pinned, returned to the store at the last put. */
    private List<MemorySegment> deferred;

    PageTable(PageStore store) {
        this.store = store;
        this.pageSize = store.pageSize();
        this.shift = Integer.numberOfTrailingZeros(pageSize);
    }

    /** Allocated pages. */
    long pageCount() {
        long n = 0;
        for (MemorySegment p : pages) {
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
        MemorySegment[] slots = pages;
        long done = 0;
        long len = dst.byteSize();
        while (done < len) {
            long at = pos + done;
            int idx = (int) (at >>> shift);
            int off = (int) (at & (pageSize - 1));
            long n = Math.min(pageSize - off, len - done);
            MemorySegment page = idx < slots.length ? slots[idx] : null;
            if (page == null) {
                dst.asSlice(done, n).fill((byte) 0);
            } else {
                MemorySegment.copy(page, off, dst, done, n);
            }
            done += n;
        }
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
        MemorySegment[] slots = ensure(pos, len, inode, usage);
        long done = 0;
        while (done < len) {
            long at = pos + done;
            int idx = (int) (at >>> shift);
            int off = (int) (at & (pageSize - 1));
            long n = Math.min(pageSize - off, len - done);
            MemorySegment.copy(src, done, slots[idx], off, n);
            done += n;
        }
    }

    /**
     * Makes sure every page of {@code [pos, pos + len)} is allocated, charging the new ones as
     * a whole (ENOSPC before anything changes), and returns the slots.
     */
    private MemorySegment[] ensure(long pos, long len, Inode inode, Usage usage) throws LustreException {
        int first = (int) (pos >>> shift);
        int last = (int) ((pos + len - 1) >>> shift);
        MemorySegment[] slots = pages;
        if (last < slots.length && allPresent(slots, first, last)) {
            return slots;
        }
        synchronized (this) {
            slots = pages;
            if (last >= slots.length) {
                slots = Arrays.copyOf(slots, Math.max(last + 1, slots.length + (slots.length >> 1)));
            }
            int missing = 0;
            for (int i = first; i <= last; i++) {
                if (slots[i] == null) {
                    missing++;
                }
            }
            inode.charge(usage, (long) missing * pageSize);
            int allocated = 0;
            try {
                for (int i = first; i <= last; i++) {
                    if (slots[i] == null) {
                        long pageStart = (long) i << shift;
                        boolean overwrite = pageStart >= pos && pageStart + pageSize <= pos + len;
                        slots[i] = store.allocate(overwrite);
                        allocated++;
                    }
                }
            } catch (LustreException e) {
                inode.charge(usage, -(long) (missing - allocated) * pageSize);
                pages = slots;
                throw e;
            }
            pages = slots;
            return slots;
        }
    }

    private static boolean allPresent(MemorySegment[] slots, int first, int last) {
        for (int i = first; i <= last; i++) {
            if (slots[i] == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Frees the pages of {@code [from, to)} that lie wholly inside and zeroes the partial
     * pages at either end, releasing their charge. {@code to == Long.MAX_VALUE} means the end.
     */
    void deallocate(long from, long to, Inode inode, Usage usage) throws LustreException {
        List<MemorySegment> freed = new ArrayList<>();
        synchronized (this) {
            MemorySegment[] slots = pages;
            long end = Math.min(to, (long) slots.length << shift);
            if (from >= end) {
                return;
            }
            long firstWhole = (from + pageSize - 1) >>> shift;
            long endWhole = end >>> shift; // exclusive
            if (firstWhole >= endWhole) {
                zeroPartial(slots, from, end);
            } else {
                zeroPartial(slots, from, firstWhole << shift);
                zeroPartial(slots, endWhole << shift, end);
                for (int i = (int) firstWhole; i < endWhole; i++) {
                    if (slots[i] != null) {
                        freed.add(slots[i]);
                        slots[i] = null;
                    }
                }
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

    private void zeroPartial(MemorySegment[] slots, long from, long to) {
        long at = from;
        while (at < to) {
            int idx = (int) (at >>> shift);
            int off = (int) (at & (pageSize - 1));
            long n = Math.min(pageSize - off, to - at);
            if (idx < slots.length && slots[idx] != null) {
                slots[idx].asSlice(off, n).fill((byte) 0);
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
        MemorySegment[] slots = write && len > 0 ? ensure(pos, len, inode, usage) : pages;
        List<LocalBuffer> out = new ArrayList<>((len >>> shift) + 2);
        long done = 0;
        do {
            long at = pos + done;
            int idx = (int) (at >>> shift);
            int off = (int) (at & (pageSize - 1));
            int n = (int) Math.min(pageSize - off, len - done);
            MemorySegment page = idx < slots.length && slots[idx] != null ? slots[idx] : store.zeroPage();
            out.add(new LocalBuffer(at, off, n, page));
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
        MemorySegment[] slots = pages;
        for (int i = (int) (from >>> shift); i < slots.length; i++) {
            if (slots[i] != null) {
                return Math.max(from, (long) i << shift);
            }
        }
        return -1;
    }

    /** The first offset at or after {@code from} in a hole (unallocated page), or -1 if none before the table ends. */
    long nextHole(long from) {
        MemorySegment[] slots = pages;
        for (int i = (int) (from >>> shift); i < slots.length; i++) {
            if (slots[i] == null) {
                return Math.max(from, (long) i << shift);
            }
        }
        return Math.max(from, (long) slots.length << shift);
    }
}
