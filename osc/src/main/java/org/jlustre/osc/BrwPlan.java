package org.jlustre.osc;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How the OSC cuts a read or write of byte ranges into BRW RPCs, as Lustre's client cache does:
 * the ranges are cut into pages at 4 KiB object-offset boundaries ({@code brw_page}); an RPC
 * takes the pages of one {@code ocd_brw_size}-aligned window of the object (osc_cache.c: an
 * extent never crosses a {@code cl_max_pages_per_rpc} boundary), at most
 * {@code brw_size / PAGE_SIZE} of them; within an RPC, pages that touch are merged into one
 * {@code niobuf_remote} ({@code can_merge_pages}, osc_request.c). The caller's memory is never
 * copied: each RPC carries slices of it, in niobuf order.
 *
 * @param rpcs the RPCs, in object-offset order
 */
record BrwPlan(List<Rpc> rpcs) {

    /** {@code PAGE_SIZE} of the client, the unit of niobufs and grant. */
    static final int PAGE_SIZE = 4096;

    /**
     * One RPC.
     *
     * @param offsets each niobuf's object offset
     * @param lengths each niobuf's length
     * @param fragments the caller's memory for the niobufs, in order, cut only where the
     *        caller's extents are
     * @param bytes the total
     * @param pages the page count (for grant and stats)
     */
    record Rpc(long[] offsets, int[] lengths, List<MemorySegment> fragments, long bytes, int pages) {

        /** The number of niobufs. */
        int niocount() {
            return offsets.length;
        }

        /** The first object byte. */
        long start() {
            return offsets[0];
        }

        /** One past the last object byte. */
        long end() {
            return offsets[offsets.length - 1] + lengths[lengths.length - 1];
        }
    }

    /**
     * Plans the RPCs for these extents.
     *
     * @param extents the ranges, in any order; empty ones are skipped
     * @param brwSize the negotiated {@code ocd_brw_size}, a multiple of {@link #PAGE_SIZE}
     * @throws IllegalArgumentException when two extents overlap (naming both)
     */
    static BrwPlan of(List<IoExtent> extents, int brwSize) {
        if (brwSize < PAGE_SIZE || brwSize % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("brw size " + brwSize + " is not a positive multiple of " + PAGE_SIZE);
        }
        List<IoExtent> sorted = new ArrayList<>();
        for (IoExtent e : extents) {
            if (e.data().byteSize() > 0) {
                sorted.add(e);
            }
        }
        sorted.sort(Comparator.comparingLong(IoExtent::offset));
        for (int i = 1; i < sorted.size(); i++) {
            IoExtent a = sorted.get(i - 1);
            IoExtent b = sorted.get(i);
            if (b.offset() < a.end()) {
                throw new IllegalArgumentException("extents [" + a.offset() + ", " + a.end() + ") and [" + b.offset()
                        + ", " + b.end() + ") overlap");
            }
        }
        Builder builder = new Builder(brwSize);
        for (IoExtent e : sorted) {
            long off = e.offset();
            long done = 0;
            long size = e.data().byteSize();
            while (done < size) {
                long pageEnd = (off / PAGE_SIZE + 1) * PAGE_SIZE;
                int n = (int) Math.min(pageEnd - off, size - done);
                builder.addPage(off, n, e.data(), done);
                off += n;
                done += n;
            }
        }
        return new BrwPlan(builder.finish());
    }

    /** The total bytes of every RPC. */
    long bytes() {
        long n = 0;
        for (Rpc r : rpcs) {
            n += r.bytes();
        }
        return n;
    }

    /** Accumulates pages into RPCs; one use. */
    private static final class Builder {
        /** The bulk size: RPCs never cross a multiple of it. */
        private final long brwSize;
        /** Pages one RPC may hold. */
        private final int maxPages;
        /** The RPCs made so far. */
        private final List<Rpc> rpcs = new ArrayList<>();
        /** The current RPC's niobuf offsets. */
        private final List<Long> offsets = new ArrayList<>();
        /** The current RPC's niobuf lengths. */
        private final List<Integer> lengths = new ArrayList<>();
        /** The current RPC's fragments of the caller's memory. */
        private final List<MemorySegment> fragments = new ArrayList<>();
        /** Which brw-size window of the object the current RPC is in. */
        private long window = -1;
        /** The current RPC's pages. */
        private int pages;
        /** The current RPC's bytes. */
        private long bytes;
        /** The memory and position of the fragment being extended. */
        private MemorySegment fragSrc;
        private long fragStart;
        private long fragLen;

        Builder(int brwSize) {
            this.brwSize = brwSize;
            this.maxPages = brwSize / PAGE_SIZE;
        }

        void addPage(long off, int len, MemorySegment src, long srcOff) {
            long w = off / brwSize;
            if (pages > 0 && (w != window || pages == maxPages)) {
                flush();
            }
            window = w;
            int last = offsets.size() - 1;
            if (last >= 0 && offsets.get(last) + lengths.get(last) == off) {
                lengths.set(last, lengths.get(last) + len);
            } else {
                offsets.add(off);
                lengths.add(len);
            }
            if (fragSrc == src && fragStart + fragLen == srcOff) {
                fragLen += len;
            } else {
                closeFragment();
                fragSrc = src;
                fragStart = srcOff;
                fragLen = len;
            }
            pages++;
            bytes += len;
        }

        private void closeFragment() {
            if (fragSrc != null) {
                fragments.add(fragSrc.asSlice(fragStart, fragLen));
                fragSrc = null;
            }
        }

        private void flush() {
            closeFragment();
            long[] o = new long[offsets.size()];
            int[] l = new int[lengths.size()];
            for (int i = 0; i < o.length; i++) {
                o[i] = offsets.get(i);
                l[i] = lengths.get(i);
            }
            rpcs.add(new Rpc(o, l, List.copyOf(fragments), bytes, pages));
            offsets.clear();
            lengths.clear();
            fragments.clear();
            pages = 0;
            bytes = 0;
        }

        List<Rpc> finish() {
            if (pages > 0) {
                flush();
            }
            return List.copyOf(rpcs);
        }
    }
}
