package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import org.jlustre.osd.Body;
import org.jlustre.osd.BufsType;
import org.jlustre.osd.LocalBuffer;
import org.jlustre.osd.OsdObject;
import org.junit.jupiter.api.Test;

/**
 * The page view of a body ({@link Body#bufsGet} ... {@link Body#writeCommit}; {@code niobuf_local},
 * reference 2.5), through which bulk I/O moves data straight between the network and the store.
 */
public abstract class BodyPagesConformance extends OsdTestCase {

    /** The OSD's page size, as its buffers show it. */
    private static int pageSize(OsdObject o) throws Exception {
        List<LocalBuffer> one = o.body().bufsGet(0, 1, BufsType.READ);
        try {
            assertThat(one).hasSize(1);
            long size = one.get(0).page().byteSize();
            assertThat(size).as("page size").isPositive().isLessThanOrEqualTo(1 << 20);
            return (int) size;
        } finally {
            o.body().bufsPut(one);
        }
    }

    /** "one LocalBuffer per page touched, in offset order", each within its page. */
    private static void assertCovers(List<LocalBuffer> bufs, long pos, int len, int pageSize) {
        long pages = (pos + len - 1) / pageSize - pos / pageSize + 1;
        assertThat(bufs).as("buffers for [%d, +%d)", pos, len).hasSize((int) pages);
        long expect = pos;
        for (int i = 0; i < bufs.size(); i++) {
            LocalBuffer b = bufs.get(i);
            assertThat(b.fileOffset()).as("buffer %d offset", i).isEqualTo(expect);
            assertThat(b.page().byteSize()).as("buffer %d page", i).isEqualTo(pageSize);
            assertThat(b.pageOffset()).as("buffer %d page offset", i).isEqualTo((int) (expect % pageSize));
            assertThat(b.len()).as("buffer %d len", i).isPositive();
            assertThat(b.pageOffset() + b.len()).as("buffer %d end", i).isLessThanOrEqualTo(pageSize);
            if (i < bufs.size() - 1) {
                assertThat((b.fileOffset() + b.len()) % pageSize).as("buffer %d ends a page", i).isZero();
            }
            expect += b.len();
        }
        assertThat(expect).isEqualTo(pos + len);
    }

    /** Fills write buffers from {@code data}, which starts at the first buffer's offset. */
    private static void fill(List<LocalBuffer> bufs, byte[] data) {
        long base = bufs.get(0).fileOffset();
        for (LocalBuffer b : bufs) {
            MemorySegment.copy(data, (int) (b.fileOffset() - base), b.data(), ValueLayout.JAVA_BYTE, 0, b.len());
        }
    }

    /** The bytes of buffers, concatenated. */
    private static byte[] contents(List<LocalBuffer> bufs) {
        int total = bufs.stream().mapToInt(LocalBuffer::len).sum();
        byte[] out = new byte[total];
        int at = 0;
        for (LocalBuffer b : bufs) {
            MemorySegment.copy(b.data(), ValueLayout.JAVA_BYTE, 0, out, at, b.len());
            at += b.len();
        }
        return out;
    }

    /** Writes {@code data} at {@code pos} through the page view, as ofd's bulk write does. */
    private void pageWrite(OsdObject o, long pos, byte[] data) throws Exception {
        List<LocalBuffer> bufs = o.body().bufsGet(pos, data.length, BufsType.WRITE);
        try {
            o.body().writePrep(bufs);
            fill(bufs, data);
            tx().writeCommit(o, bufs, 0).run();
        } finally {
            o.body().bufsPut(bufs);
        }
    }

    /** Reads through the page view, as ofd's bulk read does. */
    private static byte[] pageRead(OsdObject o, long pos, int len) throws Exception {
        List<LocalBuffer> bufs = o.body().bufsGet(pos, len, BufsType.READ);
        try {
            o.body().readPrep(bufs);
            return contents(bufs);
        } finally {
            o.body().bufsPut(bufs);
        }
    }

    /** READ buffers cover the range in page-sized pieces, in order. */
    @Test
    void readBuffersCoverTheRangeInPageOrder() throws Exception {
        OsdObject o = createRegular(pattern(100_000, 1));
        int ps = pageSize(o);
        for (long pos : new long[] {0, 100, ps - 1, ps, 3L * ps + 17}) {
            int len = 3 * ps + 50;
            List<LocalBuffer> bufs = o.body().bufsGet(pos, len, BufsType.READ);
            assertCovers(bufs, pos, len, ps);
            o.body().bufsPut(bufs);
        }
    }

    /** WRITE buffers cover the range the same way, also past the end of the object. */
    @Test
    void writeBuffersCoverTheRangeInPageOrder() throws Exception {
        OsdObject o = createRegular(pattern(10, 2));
        int ps = pageSize(o);
        List<LocalBuffer> bufs = o.body().bufsGet(ps / 2 + 3, 5 * ps, BufsType.WRITE);
        assertCovers(bufs, ps / 2 + 3, 5 * ps, ps);
        o.body().bufsPut(bufs);
        assertThat(size(o)).as("bufsGet alone does not grow the object").isEqualTo(10);
    }

    /** A single byte in the middle of a page is one buffer. */
    @Test
    void oneByteIsOneBuffer() throws Exception {
        OsdObject o = createRegular(pattern(10_000, 3));
        List<LocalBuffer> bufs = o.body().bufsGet(5000, 1, BufsType.READ);
        assertCovers(bufs, 5000, 1, pageSize(o));
        o.body().readPrep(bufs);
        assertThat(contents(bufs)).containsExactly(pattern(10_000, 3)[5000]);
        o.body().bufsPut(bufs);
    }

    /** readPrep: "Makes read buffers hold the data". */
    @Test
    void readPrepFillsBuffersWithTheData() throws Exception {
        byte[] data = pattern(50_000, 4);
        OsdObject o = createRegular(data);
        assertThat(pageRead(o, 123, 40_000)).isEqualTo(Arrays.copyOfRange(data, 123, 40_123));
    }

    /** readPrep: rc is "the bytes below the size (0 entirely beyond it)": full, partial, zero. */
    @Test
    void readPrepSetsRcFromTheSize() throws Exception {
        OsdObject o = createRegular();
        int ps = pageSize(o);
        tx().write(o, 0, pattern(ps + 100, 5)).run();
        List<LocalBuffer> bufs = o.body().bufsGet(0, 3 * ps, BufsType.READ);
        try {
            o.body().readPrep(bufs);
            assertThat(bufs).extracting(LocalBuffer::rc).containsExactly(ps, 100, 0);
        } finally {
            o.body().bufsPut(bufs);
        }
    }

    /** READ buffers over a hole: "a shared read-only page of zeros". */
    @Test
    void readBuffersOverAHoleAreReadOnlyZeros() throws Exception {
        OsdObject o = createRegular();
        int ps = pageSize(o);
        tx().write(o, 10L * ps, pattern(10, 6)).run();
        List<LocalBuffer> bufs = o.body().bufsGet(ps, 2 * ps, BufsType.READ);
        try {
            o.body().readPrep(bufs);
            for (LocalBuffer b : bufs) {
                assertThat(b.data().toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
                assertThat(b.page().isReadOnly()).as("hole page of %s", b).isTrue();
                assertThat(b.rc()).isEqualTo(b.len());
            }
        } finally {
            o.body().bufsPut(bufs);
        }
    }

    /** READAHEAD buffers read like READ ones. */
    @Test
    void readaheadBuffersHoldTheData() throws Exception {
        byte[] data = pattern(20_000, 7);
        OsdObject o = createRegular(data);
        List<LocalBuffer> bufs = o.body().bufsGet(0, 20_000, BufsType.READAHEAD);
        try {
            o.body().readPrep(bufs);
            assertThat(contents(bufs)).isEqualTo(data);
        } finally {
            o.body().bufsPut(bufs);
        }
    }

    /** writeCommit: the filled pages become the data, and the size their end. */
    @Test
    void writeCommitMakesThePagesTheData() throws Exception {
        OsdObject o = createRegular();
        byte[] data = pattern(70_001, 8);
        pageWrite(o, 333, data);
        assertThat(size(o)).isEqualTo(333 + 70_001);
        assertThat(read(o, 333, data.length)).isEqualTo(data);
        assertThat(read(o, 0, 333)).containsOnly(0);
    }

    /** writePrep: "partial-page write buffers hold the old data": the rest of the page survives. */
    @Test
    void partialPageWriteKeepsTheOldData() throws Exception {
        byte[] data = pattern(20_000, 9);
        OsdObject o = createRegular(data);
        byte[] patch = pattern(50, 10);
        pageWrite(o, 4100, patch);
        System.arraycopy(patch, 0, data, 4100, 50);
        assertThat(size(o)).isEqualTo(20_000);
        assertThat(readAll(o)).isEqualTo(data);
    }

    /** writeCommit: "the size grows to the end of the furthest buffer"; it never shrinks. */
    @Test
    void writeCommitNeverShrinksTheSize() throws Exception {
        OsdObject o = createRegular(pattern(100_000, 11));
        pageWrite(o, 10, pattern(100, 12));
        assertThat(size(o)).isEqualTo(100_000);
    }

    /** writeCommit: "buffers with a non-zero rc are skipped": the size stops at the last good one. */
    @Test
    void writeCommitSkipsBuffersWithNonZeroRc() throws Exception {
        OsdObject o = createRegular();
        int ps = pageSize(o);
        byte[] data = pattern(3 * ps, 13);
        List<LocalBuffer> bufs = o.body().bufsGet(0, data.length, BufsType.WRITE);
        try {
            fill(bufs, data);
            bufs.get(2).setRc(-5);
            tx().writeCommit(o, bufs, 0).run();
        } finally {
            o.body().bufsPut(bufs);
        }
        assertThat(size(o)).isEqualTo(2L * ps);
        assertThat(readAll(o)).isEqualTo(Arrays.copyOf(data, 2 * ps));
    }

    /** writeCommit: the size is "userSize when that is larger than zero" (an encrypted file's size). */
    @Test
    void writeCommitTakesTheUserSize() throws Exception {
        OsdObject o = createRegular();
        int ps = pageSize(o);
        byte[] data = pattern(2 * ps, 14);
        List<LocalBuffer> bufs = o.body().bufsGet(0, data.length, BufsType.WRITE);
        try {
            fill(bufs, data);
            tx().writeCommit(o, bufs, ps + 100).run();
        } finally {
            o.body().bufsPut(bufs);
        }
        assertThat(size(o)).isEqualTo(ps + 100);
        assertThat(readAll(o)).isEqualTo(Arrays.copyOf(data, ps + 100));
    }

    /** WRITE pages: "bytes written to them are visible to readers only below the size". */
    @Test
    void uncommittedPagesStayInvisible() throws Exception {
        OsdObject o = createRegular(pattern(100, 15));
        List<LocalBuffer> bufs = o.body().bufsGet(100, 5000, BufsType.WRITE);
        fill(bufs, pattern(5000, 16));
        o.body().bufsPut(bufs);
        assertThat(size(o)).isEqualTo(100);
        assertThat(read(o, 100, 5000)).isEmpty();
        assertThat(readAll(o)).isEqualTo(pattern(100, 15));
    }

    /**
     * WRITE buffers: "bytes put into them are invisible to {@code read} and to READ buffers
     * until {@code writeCommit}", also below the size (an overwrite).
     */
    @Test
    void writeBuffersAreInvisibleUntilWriteCommit() throws Exception {
        byte[] old = pattern(20_000, 30);
        OsdObject o = createRegular(old);
        byte[] data = pattern(9000, 31);
        List<LocalBuffer> bufs = o.body().bufsGet(1000, data.length, BufsType.WRITE);
        try {
            o.body().writePrep(bufs);
            fill(bufs, data);
            assertThat(readAll(o)).as("flat read before writeCommit").isEqualTo(old);
            assertThat(pageRead(o, 0, old.length)).as("READ buffers before writeCommit").isEqualTo(old);
            tx().writeCommit(o, bufs, 0).run();
        } finally {
            o.body().bufsPut(bufs);
        }
        System.arraycopy(data, 0, old, 1000, data.length);
        assertThat(readAll(o)).isEqualTo(old);
        assertThat(pageRead(o, 0, old.length)).isEqualTo(old);
    }

    /**
     * {@code bufsPut} without {@code writeCommit} (a bulk the client aborted): "the object's
     * bytes and size stay exactly as before", inside and past the size, and no space stays
     * taken.
     */
    @Test
    void bufsPutWithoutWriteCommitChangesNothing() throws Exception {
        byte[] old = pattern(10_000, 32);
        OsdObject o = createRegular(old);
        long blocks = o.attrGet().blocks();
        List<LocalBuffer> bufs = o.body().bufsGet(5000, 15_000, BufsType.WRITE);
        o.body().writePrep(bufs);
        fill(bufs, pattern(15_000, 33));
        // half the bulk arrived, then the client went away: no writeCommit
        o.body().bufsPut(bufs);
        assertThat(size(o)).isEqualTo(old.length);
        assertThat(readAll(o)).isEqualTo(old);
        assertThat(pageRead(o, 0, old.length)).isEqualTo(old);
        assertThat(o.attrGet().blocks()).as("blocks").isEqualTo(blocks);
        // growing the object later does not bring the aborted bytes back
        tx().write(o, 30_000, pattern(10, 34)).run();
        assertThat(read(o, old.length, 20_000)).containsOnly(0);
    }

    /** writePrep: "partial-page WRITE buffers hold the old bytes around the range" ({@code dbo_write_prep}). */
    @Test
    void writePrepFillsPartialPagesWithTheOldBytes() throws Exception {
        OsdObject o = createRegular();
        int ps = pageSize(o);
        byte[] old = pattern(3 * ps, 35);
        tx().write(o, 0, old).run();
        List<LocalBuffer> bufs = o.body().bufsGet(ps + 4, 50, BufsType.WRITE);
        try {
            assertThat(bufs).hasSize(1);
            o.body().writePrep(bufs);
            LocalBuffer b = bufs.getFirst();
            byte[] page = b.page().toArray(ValueLayout.JAVA_BYTE);
            assertThat(Arrays.copyOfRange(page, 0, b.pageOffset()))
                    .isEqualTo(Arrays.copyOfRange(old, ps, ps + b.pageOffset()));
            assertThat(Arrays.copyOfRange(page, b.pageOffset() + b.len(), ps))
                    .isEqualTo(Arrays.copyOfRange(old, ps + b.pageOffset() + b.len(), 2 * ps));
        } finally {
            o.body().bufsPut(bufs);
        }
        assertThat(readAll(o)).isEqualTo(old);
    }

    /** Holes around a page write still read as zeros, before and after the commit. */
    @Test
    void holesAroundAPageWriteReadAsZeros() throws Exception {
        OsdObject o = createRegular();
        int ps = pageSize(o);
        tx().write(o, 3L * ps, pattern(10, 36)).run();
        byte[] data = pattern(200, 37);
        List<LocalBuffer> bufs = o.body().bufsGet(ps + 100, data.length, BufsType.WRITE);
        try {
            o.body().writePrep(bufs);
            LocalBuffer b = bufs.getFirst();
            assertThat(b.page().asSlice(0, b.pageOffset()).toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
            fill(bufs, data);
            tx().writeCommit(o, bufs, 0).run();
        } finally {
            o.body().bufsPut(bufs);
        }
        byte[] all = readAll(o);
        assertThat(all).hasSize(3 * ps + 10);
        assertThat(Arrays.copyOfRange(all, 0, ps + 100)).containsOnly(0);
        assertThat(Arrays.copyOfRange(all, ps + 100, ps + 300)).isEqualTo(data);
        assertThat(Arrays.copyOfRange(all, ps + 300, 3 * ps)).containsOnly(0);
    }

    /** Two writers of different ranges of one page, committed in turn, keep each other's bytes. */
    @Test
    void writersOfOnePageKeepEachOthersBytes() throws Exception {
        OsdObject o = createRegular();
        int ps = pageSize(o);
        byte[] old = pattern(ps, 38);
        tx().write(o, 0, old).run();
        byte[] a = pattern(10, 39);
        byte[] b = pattern(10, 40);
        int at = ps / 2;
        List<LocalBuffer> first = o.body().bufsGet(10, 10, BufsType.WRITE);
        List<LocalBuffer> second = o.body().bufsGet(at, 10, BufsType.WRITE);
        try {
            o.body().writePrep(first);
            o.body().writePrep(second);
            fill(first, a);
            fill(second, b);
            tx().writeCommit(o, first, 0).run();
            tx().writeCommit(o, second, 0).run();
        } finally {
            o.body().bufsPut(first);
            o.body().bufsPut(second);
        }
        System.arraycopy(a, 0, old, 10, 10);
        System.arraycopy(b, 0, old, at, 10);
        assertThat(readAll(o)).isEqualTo(old);
    }

    /** "The page stays valid, and keeps pointing at the object's bytes, while the object grows." */
    @Test
    void readPagesStayValidWhileTheObjectGrows() throws Exception {
        byte[] data = pattern(20_000, 17);
        OsdObject o = createRegular(data);
        List<LocalBuffer> bufs = o.body().bufsGet(0, 20_000, BufsType.READ);
        try {
            o.body().readPrep(bufs);
            tx().write(o, 64L << 20, pattern(10, 18)).write(o, 10, new byte[] {-7}).run();
            data[10] = -7;
            assertThat(contents(bufs)).isEqualTo(data);
        } finally {
            o.body().bufsPut(bufs);
        }
    }

    /** WRITE buffers taken before the object grows still commit to the right place. */
    @Test
    void writePagesStayValidWhileTheObjectGrows() throws Exception {
        OsdObject o = createRegular();
        byte[] data = pattern(30_000, 19);
        List<LocalBuffer> bufs = o.body().bufsGet(1000, data.length, BufsType.WRITE);
        try {
            tx().write(o, 32L << 20, pattern(10, 20)).run();
            fill(bufs, data);
            tx().writeCommit(o, bufs, 0).run();
        } finally {
            o.body().bufsPut(bufs);
        }
        assertThat(read(o, 1000, data.length)).isEqualTo(data);
        assertThat(size(o)).isEqualTo((32L << 20) + 10);
    }

    /** The page view and the flat view show the same bytes both ways. */
    @Test
    void pageAndFlatViewsAgree() throws Exception {
        OsdObject o = createRegular();
        byte[] flat = pattern(40_000, 21);
        tx().write(o, 0, flat).run();
        assertThat(pageRead(o, 0, flat.length)).isEqualTo(flat);
        byte[] paged = pattern(10_000, 22);
        pageWrite(o, 35_000, paged);
        assertThat(read(o, 35_000, 10_000)).isEqualTo(paged);
        assertThat(read(o, 0, 35_000)).isEqualTo(Arrays.copyOf(flat, 35_000));
    }

    /** writeCommit maintains blocks: committed pages are allocated space. */
    @Test
    void committedPagesCountAsBlocks() throws Exception {
        OsdObject o = createRegular();
        long before = o.attrGet().blocks();
        pageWrite(o, 0, pattern(1 << 20, 23));
        long after = o.attrGet().blocks();
        assertThat(after).isGreaterThan(before);
        assertThat(after * 512).isGreaterThanOrEqualTo(1 << 20);
    }

    /** Pages far into a sparse object work both ways. */
    @Test
    void pagesFarIntoASparseObject() throws Exception {
        OsdObject o = createRegular();
        long far = (100L << 20) + 3;
        byte[] data = pattern(9000, 24);
        pageWrite(o, far, data);
        assertThat(size(o)).isEqualTo(far + data.length);
        assertThat(pageRead(o, far, data.length)).isEqualTo(data);
        assertThat(pageRead(o, far - 5000, 5000)).containsOnly(0);
    }
}
