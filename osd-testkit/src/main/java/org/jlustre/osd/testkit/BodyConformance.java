package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.osd.testkit.KitAssertions.assertEachErrno;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jlustre.common.Errno;
import org.jlustre.osd.Body;
import org.jlustre.osd.BufsType;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.SeekWhence;
import org.jlustre.osd.Transaction;
import org.junit.jupiter.api.Test;

/**
 * The flat view of a body ({@link Body#read}, {@link Body#write}, punch, seek and the record
 * helpers; {@code dt_body_operations}, reference 2.5). The page view is in
 * {@link BodyPagesConformance}.
 */
public abstract class BodyConformance extends OsdTestCase {

    private static final int MIB = 1 << 20;
    /** Sizes around page boundaries of every common page size. */
    private static final int[] SIZES = {1, 511, 4095, 4096, 4097, 65537, MIB + 3};
    /** Offsets at, around and between page boundaries. */
    private static final long[] OFFSETS = {0, 1, 4095, 4097, 12345};

    /** write then read: the bytes come back. */
    @Test
    void writeThenReadRoundTrips() throws Exception {
        byte[] data = pattern(1000, 1);
        OsdObject o = createRegular(data);
        assertThat(read(o, 0, 1000)).isEqualTo(data);
        assertThat(read(o, 10, 20)).isEqualTo(Arrays.copyOfRange(data, 10, 30));
    }

    /** Writes of sizes around page boundaries at odd offsets: zeros before, data after, exact size. */
    @Test
    void writesOfManySizesAtOddOffsets() throws Exception {
        for (int len : SIZES) {
            for (long pos : OFFSETS) {
                byte[] data = pattern(len, len + (int) pos);
                OsdObject o = createRegular();
                tx().write(o, pos, data).run();
                String what = len + " bytes at " + pos;
                assertThat(size(o)).as(what).isEqualTo(pos + len);
                byte[] all = readAll(o);
                assertThat(Arrays.copyOf(all, (int) pos)).as(what).isEqualTo(new byte[(int) pos]);
                assertThat(Arrays.copyOfRange(all, (int) pos, all.length)).as(what).isEqualTo(data);
            }
        }
    }

    /** Reads in odd-sized chunks reassemble the data exactly. */
    @Test
    void readsInOddChunksReassemble() throws Exception {
        byte[] data = pattern(200_000, 2);
        OsdObject o = createRegular(data);
        for (int chunk : new int[] {7, 1000, 4097, 65535}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (long pos = 0;; ) {
                byte[] b = read(o, pos, chunk);
                if (b.length == 0) {
                    break;
                }
                out.write(b);
                pos += b.length;
            }
            assertThat(out.toByteArray()).as("chunks of %d", chunk).isEqualTo(data);
        }
    }

    /** write: "@return the bytes written (always all of them)". */
    @Test
    void writeReturnsTheWholeLength() throws Exception {
        OsdObject o = createRegular();
        int[] written = new int[1];
        byte[] data = pattern(70_000, 3);
        withTx(device, th -> o.body().declareWrite(5, data.length, th),
                th -> written[0] = o.body().write(5, MemorySegment.ofArray(data), th));
        assertThat(written[0]).isEqualTo(data.length);
    }

    /** "The size is the logical size ... never the capacity of whatever holds the data." */
    @Test
    void sizeIsLogicalNotCapacity() throws Exception {
        OsdObject o = createRegular(new byte[] {42});
        assertThat(size(o)).isEqualTo(1);
        assertThat(read(o, 0, 65536)).containsExactly(42);
        tx().write(o, 0, pattern(5000, 4)).run();
        assertThat(size(o)).isEqualTo(5000);
        assertThat(read(o, 0, 65536)).hasSize(5000);
    }

    /** write: "growing the size if the write ends past it", and only then. */
    @Test
    void overwriteKeepsTheSizeAndTheRest() throws Exception {
        byte[] data = pattern(10_000, 5);
        OsdObject o = createRegular(data);
        byte[] patch = pattern(100, 6);
        tx().write(o, 4000, patch).run();
        assertThat(size(o)).isEqualTo(10_000);
        System.arraycopy(patch, 0, data, 4000, 100);
        assertThat(readAll(o)).isEqualTo(data);
    }

    /** "Bytes never written (holes ...) read as zeros." */
    @Test
    void holesReadAsZeros() throws Exception {
        OsdObject o = createRegular(pattern(10, 7));
        byte[] tail = pattern(10, 8);
        tx().write(o, MIB + 5, tail).run();
        assertThat(size(o)).isEqualTo(MIB + 15);
        assertThat(read(o, 10, MIB - 5)).hasSize(MIB - 5).containsOnly(0);
        assertThat(read(o, MIB + 5, 100)).isEqualTo(tail);
    }

    /** read: "0 at or after the end", also on an empty object. */
    @Test
    void readAtOrAfterTheEndReturnsZero() throws Exception {
        assertThat(createRegular().body().read(0, MemorySegment.ofArray(new byte[10]))).isZero();
        OsdObject o = createRegular(pattern(100, 9));
        byte[] dst = new byte[10];
        assertThat(o.body().read(100, MemorySegment.ofArray(dst))).isZero();
        assertThat(o.body().read(5000, MemorySegment.ofArray(dst))).isZero();
        assertThat(dst).containsOnly(0);
    }

    /** read: "stopping at the size" when the segment reaches past it. */
    @Test
    void readStopsAtTheSize() throws Exception {
        byte[] data = pattern(100, 10);
        OsdObject o = createRegular(data);
        assertThat(read(o, 90, 50)).isEqualTo(Arrays.copyOfRange(data, 90, 100));
    }

    /** An empty segment reads nothing. */
    @Test
    void readIntoAnEmptySegmentReturnsZero() throws Exception {
        OsdObject o = createRegular(pattern(100, 11));
        assertThat(o.body().read(0, MemorySegment.ofArray(new byte[0]))).isZero();
    }

    /** Off-heap segments work both ways (network buffers are native). */
    @Test
    void nativeSegmentsWork() throws Exception {
        byte[] data = pattern(10_000, 12);
        OsdObject o = createRegular();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(data.length);
            MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, data.length);
            tx().write(o, 3, src).run();
            MemorySegment dst = arena.allocate(data.length);
            assertThat(o.body().read(3, dst)).isEqualTo(data.length);
            assertThat(dst.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(data);
        }
    }

    /** "a negative offset fails with EINVAL naming it". */
    @Test
    void negativeOffsetsFailWithEinval() throws Exception {
        OsdObject o = createRegular(pattern(100, 13));
        Body b = o.body();
        Map<String, ThrowingCallable> ops = new LinkedHashMap<>();
        ops.put("read", () -> b.read(-4097, MemorySegment.ofArray(new byte[10])));
        ops.put("write", () -> tx().write(o, -4097, pattern(10, 1)).run());
        ops.put("punch", () -> tx().punch(o, -4097, Osd.OBJECT_EOF).run());
        ops.put("seek", () -> b.seek(-4097, SeekWhence.DATA));
        ops.put("bufsGet", () -> b.bufsGet(-4097, 10, BufsType.READ));
        assertEachErrno(Errno.EINVAL, "-4097", ops);
        assertThat(readAll(o)).isEqualTo(pattern(100, 13));
    }

    /** "a write past maxBytes() with EFBIG", changing nothing. */
    @Test
    void writePastMaxBytesFailsWithEfbig() throws Exception {
        long max = device.conf().maxBytes();
        byte[] data = pattern(100, 14);
        OsdObject o = createRegular(data);
        assertErrno(Errno.EFBIG, () -> tx().write(o, max, pattern(1, 1)).run());
        assertErrno(Errno.EFBIG, () -> tx().write(o, max - 2, pattern(4, 1)).run());
        assertThat(size(o)).isEqualTo(100);
        assertThat(readAll(o)).isEqualTo(data);
    }

    /** A write far out (1 GiB) is sparse: it lands, and everything before reads as zeros. */
    @Test
    void farWriteIsSparse() throws Exception {
        long far = Math.min(1L << 30, device.conf().maxBytes() - 16) + 7;
        OsdObject o = createRegular();
        tx().write(o, far, new byte[] {1, 2, 3}).run();
        assertThat(size(o)).isEqualTo(far + 3);
        assertThat(read(o, far - 2, 10)).containsExactly(0, 0, 1, 2, 3);
        assertThat(read(o, far / 2, 4096)).hasSize(4096).containsOnly(0);
    }

    // ---- punch ----

    /** punch: "With end equal to OBJECT_EOF ... this truncates: the size becomes start." */
    @Test
    void punchToEofTruncates() throws Exception {
        byte[] data = pattern(20_000, 15);
        OsdObject o = createRegular(data);
        tx().punch(o, 5001, Osd.OBJECT_EOF).run();
        assertThat(size(o)).isEqualTo(5001);
        assertThat(readAll(o)).isEqualTo(Arrays.copyOf(data, 5001));
        assertThat(read(o, 5001, 100)).isEmpty();
    }

    /** punch: "or at or past the size, this truncates" (end == size and end > size). */
    @Test
    void punchEndingAtOrPastTheSizeTruncates() throws Exception {
        byte[] data = pattern(10_000, 16);
        OsdObject o = createRegular(data);
        tx().punch(o, 8000, 10_000).run();
        assertThat(size(o)).isEqualTo(8000);
        tx().punch(o, 3000, 1_000_000).run();
        assertThat(size(o)).isEqualTo(3000);
        assertThat(readAll(o)).isEqualTo(Arrays.copyOf(data, 3000));
    }

    /** punch: "Otherwise the range becomes a hole and the size is unchanged." */
    @Test
    void punchOfAMiddleRangeMakesAHole() throws Exception {
        byte[] data = pattern(20_000, 17);
        OsdObject o = createRegular(data);
        tx().punch(o, 1000, 9001).run();
        assertThat(size(o)).isEqualTo(20_000);
        Arrays.fill(data, 1000, 9001, (byte) 0);
        assertThat(readAll(o)).isEqualTo(data);
    }

    /** "everything past a truncate" reads as zeros when the object grows again. */
    @Test
    void truncatedDataNeverResurfaces() throws Exception {
        OsdObject o = createRegular(pattern(50_000, 18));
        tx().punch(o, 100, Osd.OBJECT_EOF).run();
        tx().write(o, 40_000, new byte[] {9}).run();
        assertThat(size(o)).isEqualTo(40_001);
        assertThat(read(o, 100, 39_900)).hasSize(39_900).containsOnly(0);
    }

    /** punch: "Deallocates": a punched page-aligned range gives its blocks back. */
    @Test
    void punchFreesBlocks() throws Exception {
        OsdObject o = createRegular(pattern(3 * MIB, 19));
        long before = o.attrGet().blocks();
        tx().punch(o, MIB, 2 * MIB).run();
        long middle = o.attrGet().blocks();
        assertThat(middle).isLessThan(before);
        tx().punch(o, 0, Osd.OBJECT_EOF).run();
        assertThat(o.attrGet().blocks()).isLessThan(middle);
        assertThat(size(o)).isZero();
    }

    /** Punching an empty object changes nothing. */
    @Test
    void punchOfAnEmptyObject() throws Exception {
        OsdObject o = createRegular();
        tx().punch(o, 0, Osd.OBJECT_EOF).run();
        assertThat(size(o)).isZero();
        assertThat(read(o, 0, 10)).isEmpty();
    }

    // ---- records ----

    /** {@code dt_record_read}: exactly the segment's length. */
    @Test
    void readRecordReadsExactly() throws Exception {
        byte[] data = pattern(100, 20);
        OsdObject o = createRegular(data);
        byte[] dst = new byte[30];
        o.body().readRecord(70, MemorySegment.ofArray(dst));
        assertThat(dst).isEqualTo(Arrays.copyOfRange(data, 70, 100));
    }

    /** {@code dt_record_read}: "EFAULT when fewer bytes are there" (short or at the end). */
    @Test
    void shortRecordReadFailsWithEfault() throws Exception {
        OsdObject o = createRegular(pattern(100, 21));
        assertErrno(Errno.EFAULT, () -> o.body().readRecord(71, MemorySegment.ofArray(new byte[30])));
        assertErrno(Errno.EFAULT, () -> o.body().readRecord(100, MemorySegment.ofArray(new byte[1])));
    }

    /** {@code dt_record_write}: the record lands whole, as llog and last_rcvd use it. */
    @Test
    void writeRecordWritesExactly() throws Exception {
        OsdObject o = createRegular();
        byte[] rec = pattern(128, 22);
        withTx(device, th -> o.body().declareWrite(8192, rec.length, th),
                th -> o.body().writeRecord(8192, MemorySegment.ofArray(rec), th));
        assertThat(size(o)).isEqualTo(8192 + 128);
        byte[] back = new byte[128];
        o.body().readRecord(8192, MemorySegment.ofArray(back));
        assertThat(back).isEqualTo(rec);
    }

    // ---- seek ----

    /** seek on a file without holes: DATA answers the offset, HOLE the size (EOF counts as a hole). */
    @Test
    void seekWithoutHoles() throws Exception {
        OsdObject o = createRegular(pattern(10_000, 23));
        assertThat(o.body().seek(0, SeekWhence.DATA)).isZero();
        assertThat(o.body().seek(1234, SeekWhence.DATA)).isEqualTo(1234);
        assertThat(o.body().seek(1234, SeekWhence.HOLE)).isEqualTo(10_000);
    }

    /** seek: "ENXIO when offset is at or past the size". */
    @Test
    void seekAtOrPastTheSizeFailsWithEnxio() throws Exception {
        OsdObject o = createRegular(pattern(100, 24));
        assertErrno(Errno.ENXIO, () -> o.body().seek(100, SeekWhence.DATA));
        assertErrno(Errno.ENXIO, () -> o.body().seek(100, SeekWhence.HOLE));
        assertErrno(Errno.ENXIO, () -> o.body().seek(5000, SeekWhence.DATA));
        assertErrno(Errno.ENXIO, () -> createRegular().body().seek(0, SeekWhence.HOLE));
    }

    /** seek with lseekDataHole: data [0,1M), hole [1M,2M), data [2M,3M). */
    @Test
    void seekFindsDataAndHoles() throws Exception {
        assumeTrue(device.capabilities().lseekDataHole(), "lseekDataHole");
        OsdObject o = createRegular(pattern(MIB, 25));
        tx().write(o, 2 * MIB, pattern(MIB, 26)).run();
        Body b = o.body();
        assertThat(b.seek(0, SeekWhence.DATA)).isZero();
        assertThat(b.seek(0, SeekWhence.HOLE)).isEqualTo(MIB);
        assertThat(b.seek(MIB + 5, SeekWhence.DATA)).isEqualTo(2 * MIB);
        assertThat(b.seek(MIB + 5, SeekWhence.HOLE)).isEqualTo(MIB + 5);
        assertThat(b.seek(2 * MIB, SeekWhence.HOLE)).isEqualTo(3 * MIB);
        assertThat(b.seek(2 * MIB + 7, SeekWhence.DATA)).isEqualTo(2 * MIB + 7);
    }

    /** seek: "or for DATA when only a hole follows" (a tail made by growing the size). */
    @Test
    void seekDataInATrailingHoleFailsWithEnxio() throws Exception {
        assumeTrue(device.capabilities().lseekDataHole(), "lseekDataHole");
        OsdObject o = createRegular(pattern(MIB, 27));
        tx().attrSet(o, new LuAttr().size(3 * MIB)).run();
        assertErrno(Errno.ENXIO, () -> o.body().seek(MIB + 1, SeekWhence.DATA));
        assertThat(o.body().seek(MIB + 1, SeekWhence.HOLE)).isEqualTo(MIB + 1);
    }

    /** A punched page-aligned range is a hole to seek. */
    @Test
    void seekSeesPunchedHoles() throws Exception {
        assumeTrue(device.capabilities().lseekDataHole(), "lseekDataHole");
        OsdObject o = createRegular(pattern(3 * MIB, 28));
        tx().punch(o, MIB, 2 * MIB).run();
        assertThat(o.body().seek(0, SeekWhence.HOLE)).isEqualTo(MIB);
        assertThat(o.body().seek(MIB, SeekWhence.DATA)).isEqualTo(2 * MIB);
    }

    /** Data written inside a transaction that is still running is readable by the writer. */
    @Test
    void writesAreVisibleInsideTheTransaction() throws Exception {
        OsdObject o = createRegular();
        byte[] data = pattern(5000, 29);
        try (Transaction th = device.transCreate()) {
            o.body().declareWrite(0, data.length, th);
            th.start();
            o.body().write(0, MemorySegment.ofArray(data), th);
            assertThat(read(o, 0, data.length)).isEqualTo(data);
        }
        assertThat(readAll(o)).isEqualTo(data);
    }
}
