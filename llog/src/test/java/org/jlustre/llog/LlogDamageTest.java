package org.jlustre.llog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.TimeSource;
import org.jlustre.llog.test.LlogObjectSurgery;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Damaged llogs on the OSD, one kind of damage per test: each writes a plain log (or a
 * catalog), damages the object with direct OSD writes or a punch, then reopens, initialises and
 * processes it forward and in reverse, asserting exactly what reference 4.3-4.7 makes of it: a
 * clear error from {@code init} for a damaged header; for damaged records the records Lustre's
 * tolerance rules deliver, with the log treated as corrupted (remaining records cancelled)
 * where Lustre does so; never another exception, a hang, or a loss of other logs' data.
 *
 * <p>Layout used by most tests: 104-byte records, so a chunk holds 78 of them (8112 bytes) and
 * an 80-byte padding record; indices 79, 158, 237... are pads, whose bits are never set.
 *
 * <p>Where Lustre itself would crash or loop on the damage, jlustre is stricter and the test
 * says so: reverse processing verifies every record it walks to (type magic, length, index of
 * the bit) instead of trusting lrh_len; next_block's fixed-size skip never moves back; a
 * catalog's llh_cat_idx outside its bitmap is reset to 0 at init; a last index equal to the
 * bitmap size is refused; a fixed-size log's record of another length is skipped as bad.
 */
class LlogDamageTest {

    private static final int CHUNK = LlogHeader.MIN_CHUNK_SIZE;
    private static final int REC = 104;
    private static final int PER_CHUNK = 78;
    /** The padding record that ends each chunk of 104-byte records. */
    private static final int PAD = CHUNK - PER_CHUNK * REC;
    private static final String UUID = "damage_uuid";
    private static final String NAME = "damaged-log";
    /** Body filler: non-zero, and read as a length or index it is negative. */
    private static final byte FILL = (byte) 0xa5;

    private Libcfs libcfs;
    private OsdDevice dev;
    private LlogContext ctx;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        String test = info.getTestMethod().orElseThrow().getName();
        libcfs = new Libcfs(TimeSource.manual(1_700_000_000L * 1_000_000_000L), new SplittableRandom(7));
        libcfs.debug().setConsole(null);
        dev = OsdMem.create(MemOsdConfig.defaults("dmg-" + test).withLibcfs(libcfs));
        ctx = LlogContext.of(dev, libcfs, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        libcfs.failLoc().reset();
        ctx.close();
        dev.close();
    }

    // ---- header damage: init fails with a clear error (reference 4.3) ----

    @Test
    void badHeaderMagicIsEio() throws Exception {
        Written w = writePlain(NAME, 10, REC);
        putU32(w.fid(), LlogRecordHeader.OFF_TYPE, 0x12345678);
        assertThatThrownBy(() -> reopen(w))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO))
                .hasMessageContaining(NAME)
                .hasMessageContaining(w.fid().toString())
                .hasMessageContaining("header magic")
                .hasMessageContaining("0x12345678")
                .hasMessageContaining("0x10645539");
    }

    @Test
    void byteSwappedHeaderMagicIsEioNamingBigEndian() throws Exception {
        Written w = writePlain(NAME, 10, REC);
        putU32(w.fid(), LlogRecordHeader.OFF_TYPE, Integer.reverseBytes(LlogRecType.LLOG_HDR_MAGIC));
        assertThatThrownBy(() -> reopen(w))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO))
                .hasMessageContaining(NAME)
                .hasMessageContaining("big-endian");
    }

    @Test
    void headerLenBelowMinimumChunkIsEio() throws Exception {
        Written w = writePlain(NAME, 10, REC);
        putU32(w.fid(), LlogRecordHeader.OFF_LEN, 4096);
        assertThatThrownBy(() -> reopen(w))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO))
                .hasMessageContaining(NAME)
                .hasMessageContaining("incorrectly sized")
                .hasMessageContaining("header: 0x1000");
    }

    @Test
    void headerLenZeroIsEio() throws Exception {
        Written w = writePlain(NAME, 10, REC);
        putU32(w.fid(), LlogRecordHeader.OFF_LEN, 0);
        assertThatThrownBy(() -> reopen(w))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO))
                .hasMessageContaining("incorrectly sized");
    }

    /**
     * An lrh_len beyond the handle's header buffer (the context's chunk): the header read of one
     * chunk is shorter than lrh_len, which llog_osd_read_header reports as EFAULT before it looks
     * at the magic.
     */
    @Test
    void headerLenBeyondChunkIsEfault() throws Exception {
        Written w = writePlain(NAME, 10, REC);
        putU32(w.fid(), LlogRecordHeader.OFF_LEN, 2 * CHUNK);
        assertThatThrownBy(() -> reopen(w))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT))
                .hasMessageContaining(NAME)
                .hasMessageContaining("log header size 8192");
    }

    @Test
    void headerTailLenMismatchIsEio() throws Exception {
        Written w = writePlain(NAME, 10, REC);
        putU32(w.fid(), CHUNK - 8 + LlogRecordHeader.OFF_TAIL_LEN, 4096);
        assertThatThrownBy(() -> reopen(w))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO))
                .hasMessageContaining(NAME)
                .hasMessageContaining("tailer: 0x1000");
    }

    @Test
    void headerTailIndexBeyondBitmapIsEio() throws Exception {
        Written w = writePlain(NAME, 10, REC);
        putU32(w.fid(), CHUNK - 8 + LlogRecordHeader.OFF_TAIL_INDEX, 70_000);
        assertThatThrownBy(() -> reopen(w))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO))
                .hasMessageContaining(NAME)
                .hasMessageContaining("tailer");
    }

    @Test
    void objectShorterThanHeaderIsEfault() throws Exception {
        Written w = writePlain(NAME, 10, REC);
        truncateTo(w.fid(), 100);
        assertThatThrownBy(() -> reopen(w))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT))
                .hasMessageContaining(NAME)
                .hasMessageContaining("log header size 100");
        truncateTo(w.fid(), 8);
        assertThatThrownBy(() -> reopen(w))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT))
                .hasMessageContaining("log header size 8");
        // one byte short of the header: still EFAULT, the object is not "empty"
        Written w2 = writePlain(NAME + "2", 1, REC);
        truncateTo(w2.fid(), CHUNK - 1);
        assertThatThrownBy(() -> reopen(w2))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT));
    }

    @Test
    void emptyObjectGetsFreshHeader() throws Exception {
        Written w = writePlain(NAME, 10, REC);
        truncateTo(w.fid(), 0);
        try (LlogHandle h = reopen(w)) {
            assertThat(h.count()).isEqualTo(1);
            assertThat(h.lastIndex()).isZero();
            Seen f = new Seen();
            assertThat(h.process(f)).isZero();
            assertThat(f.indices).isEmpty();
        }
    }

    // ---- record damage: processing tolerates it (reference 4.6, 4.7) ----

    /**
     * A damaged lrt_index in the middle of a chunk: neither llog_verify_record nor next_block
     * (which checks only the chunk's last tail) looks at it, so every record is delivered both
     * ways and nothing is cancelled.
     */
    @Test
    void damagedTailIndexMidChunk() throws Exception {
        Written w = writePlain(NAME, 200, REC);
        putU32(w.fid(), w.tailOf(10) + LlogRecordHeader.OFF_TAIL_INDEX, 9999);
        Seen r = reverse(w);
        assertThat(r.rc).isZero();
        assertThat(r.indices).isEqualTo(w.indices().reversed());
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.indices());
        assertThat(countOnDisk(w)).isEqualTo(201);
    }

    /**
     * A damaged lrt_len in the middle of a chunk: forward processing delivers every record;
     * reverse processing, which walks the tails, delivers down to the record after it and stops
     * with -EINVAL at the bad length.
     */
    @Test
    void damagedTailLenMidChunk() throws Exception {
        Written w = writePlain(NAME, 200, REC);
        putU32(w.fid(), w.tailOf(20) + LlogRecordHeader.OFF_TAIL_LEN, 0);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEqualTo(w.select(i -> i > 20).reversed());
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.indices());
        assertThat(countOnDisk(w)).isEqualTo(201);
    }

    /**
     * The tail that ends the first chunk (the padding record's, index 79) is damaged:
     * next_block finds the chunk's last record index differs from its tail (-EINVAL), so the log
     * is corrupted: processing returns 0 having delivered nothing and cancels every record.
     * Reverse processing, which reads forward from the first chunk, gets the same -EINVAL.
     */
    @Test
    void damagedTailEndingChunk() throws Exception {
        Written w = writePlain(NAME, 200, REC);
        long padTail = w.offsetOf(PER_CHUNK) + REC + PAD - LlogRecordHeader.TAIL_SIZE;
        assertThat(padTail + LlogRecordHeader.TAIL_SIZE).isEqualTo(2L * CHUNK);
        putU32(w.fid(), padTail + LlogRecordHeader.OFF_TAIL_INDEX, 9999);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEmpty();
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEmpty();
        assertThat(countOnDisk(w)).isEqualTo(1);
    }

    /**
     * Record 10's lrh_len would cross the chunk boundary: llog_verify_record fails, the rest of
     * the chunk (10..78) is abandoned and processing resyncs on the next chunk; nothing is
     * cancelled. Reverse processing delivers the later chunks, then meets the bad header on
     * its walk through the first chunk to index 78 (-EINVAL).
     */
    @Test
    void headerLenCrossingChunk() throws Exception {
        Written w = writePlain(NAME, 200, REC);
        putU32(w.fid(), w.offsetOf(10) + LlogRecordHeader.OFF_LEN, CHUNK);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEqualTo(w.select(i -> i > PER_CHUNK).reversed());
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.select(i -> i < 10 || i > PER_CHUNK));
        assertThat(countOnDisk(w)).isEqualTo(201);
    }

    /**
     * The last record of the first chunk (78) with an lrh_len reaching just past the chunk's end:
     * forward processing abandons the rest of the chunk, which is just that record (not
     * cancelled), and goes on with the next chunk.
     */
    @Test
    void headerLenJustPastChunkEnd() throws Exception {
        Written w = writePlain(NAME, 200, REC);
        long at = w.offsetOf(PER_CHUNK);
        putU32(w.fid(), at + LlogRecordHeader.OFF_LEN, (int) (2L * CHUNK - at) + 8);
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.select(i -> i != PER_CHUNK));
        assertThat(countOnDisk(w)).isEqualTo(201);
    }

    /**
     * Reverse processing of the log above: after the later chunks it asks prev_block for 78 and
     * walks the headers of the first chunk to record 78, whose lrh_len reaches past the chunk.
     * llog_reverse_process would read its tail outside the buffer; jlustre verifies the record
     * and stops with -EINVAL, having delivered 80..202.
     */
    @Test
    void reverseWithHeaderLenPastChunkEnd() throws Exception {
        Written w = writePlain(NAME, 200, REC);
        long at = w.offsetOf(PER_CHUNK);
        putU32(w.fid(), at + LlogRecordHeader.OFF_LEN, (int) (2L * CHUNK - at) + 8);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEqualTo(w.select(i -> i > PER_CHUNK).reversed());
    }

    /**
     * The newest record, alone at the start of its chunk, with lrh_len 0: reverse processing
     * finds it by its header; llog_reverse_process would compute its tail end as 0 + 0, walk no
     * tail and ask for the same index again, forever. jlustre refuses the record (-EINVAL) and
     * delivers nothing. Forward processing skips the chunk as damaged (the next test).
     */
    @Test
    void reverseWithZeroHeaderLenAtChunkStart() throws Exception {
        Written w = writePlain(NAME, PER_CHUNK + 1, REC);
        int last = w.lastIdx();
        assertThat(w.offsetOf(last)).isEqualTo(2L * CHUNK);
        putU32(w.fid(), w.offsetOf(last) + LlogRecordHeader.OFF_LEN, 0);
        Seen r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> reverse(w));
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEmpty();
    }

    @Test
    void forwardWithZeroHeaderLenAtChunkStart() throws Exception {
        Written w = writePlain(NAME, PER_CHUNK + 1, REC);
        int last = w.lastIdx();
        putU32(w.fid(), w.offsetOf(last) + LlogRecordHeader.OFF_LEN, 0);
        Seen f = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> forward(w));
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.select(i -> i < last));
        assertThat(countOnDisk(w)).isEqualTo(1 + w.indices().size());
    }

    /**
     * A whole record zeroed in the middle of a chunk: processing skips the zero gap to the next
     * plausible header and goes on, losing only that record (not cancelled).
     */
    @Test
    void zeroedRecordMidChunk() throws Exception {
        Written w = writePlain(NAME, 200, REC);
        fill(w.fid(), w.offsetOf(10), new byte[REC]);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEqualTo(w.select(i -> i > PER_CHUNK).reversed());
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.select(i -> i != 10));
        assertThat(countOnDisk(w)).isEqualTo(201);
    }

    /**
     * The object is cut in the middle of record 170 (third chunk): the records of the first two
     * chunks are delivered, then next_block finds a torn chunk (-EINVAL) and the log is treated as
     * corrupted: every remaining record is cancelled and processing returns 0. Reverse
     * processing reads forward to the torn chunk and returns -EINVAL without delivering.
     */
    @Test
    void truncatedMidRecord() throws Exception {
        Written w = writePlain(NAME, 300, REC);
        int third = 2 * (PER_CHUNK + 1) + 1; // 159, first record of the third chunk
        truncateTo(w.fid(), w.offsetOf(third + 11) + 50);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEmpty();
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        List<Integer> kept = w.select(i -> i < third);
        assertThat(f.indices).isEqualTo(kept);
        assertThat(countOnDisk(w)).isEqualTo(1 + kept.size());
        // processed again, the log is consistent: the same records, nothing more cancelled
        Seen again = forward(w);
        assertThat(again.rc).isZero();
        assertThat(again.indices).isEqualTo(kept);
        assertThat(countOnDisk(w)).isEqualTo(1 + kept.size());
    }

    /**
     * Cut exactly after record 169: the third chunk is intact up to there, but its last record is
     * older than the header's last index at the end of the object (llog test 12's truncation):
     * -EINVAL, so records from 159 on are cancelled, the intact 159..169 included. Reverse
     * processing reaches the end of the object without finding index 303 (-EIO).
     */
    @Test
    void truncatedAtRecordBoundary() throws Exception {
        Written w = writePlain(NAME, 300, REC);
        int third = 2 * (PER_CHUNK + 1) + 1;
        truncateTo(w.fid(), w.offsetOf(third + 11));
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EIO.value());
        assertThat(r.indices).isEmpty();
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        List<Integer> kept = w.select(i -> i < third);
        assertThat(f.indices).isEqualTo(kept);
        assertThat(countOnDisk(w)).isEqualTo(1 + kept.size());
    }

    /**
     * A bit (and count) for index last+5 with no record behind it, as a crash between the
     * header write and the record write leaves: the last chunk is partial, so forward processing
     * stops at the zeros after the last record (index past lgh_last_idx) with 0, delivering every
     * real record and cancelling nothing. Reverse processing starts from the stray index and
     * reaches the end of the object without it: -EIO, nothing delivered.
     */
    @Test
    void bitBeyondLastRecordInPartialChunk() throws Exception {
        Written w = writePlain(NAME, 200, REC);
        setBitAndCount(w, w.lastIdx() + 5);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EIO.value());
        assertThat(r.indices).isEmpty();
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.indices());
        assertThat(countOnDisk(w)).isEqualTo(202);
    }

    /**
     * The same when the last chunk is exactly full (128 records of 64 bytes): next_block for the
     * stray index hits the end of the object (-EIO), the local log is "corrupted" and the stray
     * bit is cancelled; the real records were all delivered.
     */
    @Test
    void bitBeyondLastRecordAfterFullChunk() throws Exception {
        Written w = writePlain(NAME, 128, 64);
        assertThat(w.size()).isEqualTo(2L * CHUNK);
        setBitAndCount(w, 200);
        assertThat(countOnDisk(w)).isEqualTo(130);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EIO.value());
        assertThat(r.indices).isEmpty();
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.indices());
        assertThat(countOnDisk(w)).isEqualTo(129);
        try (LlogHandle h = reopen(w)) {
            assertThat(h.header().isSet(200)).isFalse();
        }
    }

    /**
     * The bit of padding record 79 set (with the count): processing decides by the bit, as
     * llog_process_thread does, so the padding record itself is delivered (type LLOG_PAD_MAGIC,
     * index 79, 80 bytes), both ways; nothing else changes.
     */
    @Test
    void bitOfPadRecord() throws Exception {
        Written w = writePlain(NAME, 200, REC);
        int pad = PER_CHUNK + 1;
        setBitAndCount(w, pad);
        List<Integer> expected = new ArrayList<>(w.indices());
        expected.add(PER_CHUNK, pad);
        Seen r = reverse(w);
        assertThat(r.rc).isZero();
        assertThat(r.indices).isEqualTo(expected.reversed());
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(expected);
        int at = f.indices.indexOf(pad);
        assertThat(f.types.get(at)).isEqualTo(LlogRecType.LLOG_PAD_MAGIC);
        assertThat(f.lens.get(at)).isEqualTo(PAD);
        assertThat(countOnDisk(w)).isEqualTo(202);
    }

    /**
     * Random bytes over the whole second chunk: next_block hands it back as one padding record,
     * which is skipped; the chunk's records (80..157) are lost but not cancelled, the other
     * chunks are delivered. Reverse processing reads forward through the garbage and returns
     * -EINVAL without delivering.
     */
    @Test
    void garbageChunk() throws Exception {
        Written w = writePlain(NAME, 300, REC);
        byte[] junk = new byte[CHUNK];
        new Random(42).nextBytes(junk);
        fill(w.fid(), 2L * CHUNK, junk);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEmpty();
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.select(i -> i < PER_CHUNK + 1 || i > 2 * (PER_CHUNK + 1)));
        assertThat(countOnDisk(w)).isEqualTo(301);
    }

    /** Random bytes over the first chunk of records: the same, the later chunks are delivered. */
    @Test
    void garbageFirstChunk() throws Exception {
        Written w = writePlain(NAME, 300, REC);
        byte[] junk = new byte[CHUNK];
        new Random(43).nextBytes(junk);
        fill(w.fid(), CHUNK, junk);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEmpty();
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.select(i -> i > PER_CHUNK + 1));
        assertThat(countOnDisk(w)).isEqualTo(301);
    }

    /**
     * Random bytes over the last, partial chunk: its records are lost (not cancelled), the
     * earlier ones delivered, and processing ends (no endless re-reading of the chunk).
     */
    @Test
    void garbageLastPartialChunk() throws Exception {
        Written w = writePlain(NAME, 300, REC);
        long last = 4L * CHUNK;
        byte[] junk = new byte[(int) (w.size() - last)];
        new Random(44).nextBytes(junk);
        fill(w.fid(), last, junk);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEmpty();
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.select(i -> i < 3 * (PER_CHUNK + 1)));
        assertThat(countOnDisk(w)).isEqualTo(301);
    }

    /**
     * The newest record's lrh_len reaches past its chunk. llog_reverse_process would trust it and
     * read the tail outside its buffer; jlustre finds the record implausible and stops with
     * -EINVAL before delivering anything. Forward processing finds the record implausible, then
     * the end of the log (-EIO): it delivers 1..49 and cancels 50.
     */
    @Test
    void reverseWithDamagedHeaderLenOfNewestRecord() throws Exception {
        Written w = writePlain(NAME, 50, REC);
        putU32(w.fid(), w.offsetOf(w.lastIdx()) + LlogRecordHeader.OFF_LEN, CHUNK);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEmpty();
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.select(i -> i < 50));
        assertThat(countOnDisk(w)).isEqualTo(50);
    }

    /**
     * Record 30 of a log of 50 (all in its first, partial chunk) has a type without the llog
     * magic: forward processing abandons the rest of the chunk, then finds the end of the log
     * (-EIO), so the local log is corrupted and 30..50 are cancelled; 1..29 were delivered.
     */
    @Test
    void badTypeInLastChunk() throws Exception {
        Written w = writePlain(NAME, 50, REC);
        putU32(w.fid(), w.offsetOf(30) + LlogRecordHeader.OFF_TYPE, 16);
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(range(1, 29));
        assertThat(countOnDisk(w)).isEqualTo(30);
    }

    /**
     * Reverse processing of that log: llog_reverse_process checks no record and would hand
     * record 30, type 0x10, to the callback. jlustre walks the chunk's headers to the newest
     * record verifying each, meets record 30 and stops with -EINVAL: nothing is delivered,
     * nothing cancelled.
     */
    @Test
    void reverseStopsAtRecordWithBadType() throws Exception {
        Written w = writePlain(NAME, 50, REC);
        putU32(w.fid(), w.offsetOf(30) + LlogRecordHeader.OFF_TYPE, 16);
        Seen r = reverse(w);
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEmpty();
        assertThat(countOnDisk(w)).isEqualTo(51);
    }

    /** Forward processing of a log whose newest record has an lrh_len past its chunk. */
    @Test
    void forwardWithDamagedHeaderLenOfNewestRecord() throws Exception {
        Written w = writePlain(NAME, 50, REC);
        putU32(w.fid(), w.offsetOf(w.lastIdx()) + LlogRecordHeader.OFF_LEN, CHUNK);
        Seen f = forward(w);
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.select(i -> i < 50));
        assertThat(countOnDisk(w)).isEqualTo(50);
    }

    /**
     * Record 49, the newest live one, says lrh_len 208 (two records) and 50 is cancelled.
     * llog_reverse_process would take the tail of record 50 for that of 49 and deliver record
     * 50 for bit 49, 49 for bit 48, and so on. jlustre checks that the record a tail leads back
     * to carries the index it is delivered for.
     */
    @Test
    void reverseDeliversRecordsOfTheirOwnBit() throws Exception {
        Written w = writePlain(NAME, 50, REC);
        putU32(w.fid(), w.offsetOf(49) + LlogRecordHeader.OFF_LEN, 2 * REC);
        cancelOnDisk(w, 50);
        Seen r = reverse(w);
        assertThat(r.mismatches).isEmpty();
        assertThat(r.rc).isEqualTo(-Errno.EINVAL.value());
        assertThat(r.indices).isEmpty();
    }

    /**
     * A fixed-size plain log (llog test 3a) of 300 64-byte records, 128 per chunk, whose record
     * 256, the last of the second chunk, says index 5 in both its header and its tail. Going for
     * index 129, next_block jumps straight to the second chunk (llog_skip_over's fixed-size
     * offset), finds the chunk's last index 5 below the goal, reads on, then jumps back to the
     * same chunk for the same goal, forever: llog_osd_next_block loops the same way. jlustre's
     * skip never moves the cursor back, so it reads on through the third chunk: 1..128 and
     * 257..300 are delivered, 129..255 are not found.
     */
    @Test
    void fixsizeChunkWithWrongLastIndex() throws Exception {
        Written w = writeFixsize(NAME, 300);
        damageIndexAtEndOfSecondChunk(w);
        Seen f = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> forward(w));
        assertThat(f.rc).isZero();
        assertThat(f.indices).isEqualTo(w.select(i -> i <= 128 || i > 256));
    }

    /**
     * Reverse processing of that log delivers the last chunk (300..257), then reading forward
     * for 256 finds the second chunk ending at "5" and the third starting past 256: -ENOENT.
     */
    @Test
    void fixsizeChunkWithWrongLastIndexReverse() throws Exception {
        Written w = writeFixsize(NAME, 300);
        damageIndexAtEndOfSecondChunk(w);
        Seen r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> reverse(w));
        assertThat(r.rc).isEqualTo(-Errno.ENOENT.value());
        assertThat(r.indices).isEqualTo(range(257, 300).reversed());
    }

    private void damageIndexAtEndOfSecondChunk(Written w) throws LustreException {
        long at = w.offsetOf(256);
        assertThat(at + 64).isEqualTo(3L * CHUNK);
        putU32(w.fid(), at + LlogRecordHeader.OFF_INDEX, 5);
        putU32(w.fid(), at + 64 - 8 + LlogRecordHeader.OFF_TAIL_INDEX, 5);
    }

    /**
     * A plain log of mixed-size records whose header gains IS_FIXSIZE (one flipped bit of
     * llh_flags): llh_size is the smallest record, so llog_skip_over's fixed-size offset for the
     * wanted index lands in an earlier chunk than the cursor, next_block reads it, finds its last
     * index below the goal, reads on, and jumps back there: in Lustre, forward processing never
     * ends. jlustre's skip never moves back, and records that are not llh_size long are not
     * plausible in a fixed-size log: processing ends, delivering no record of another length.
     */
    @Test
    void plainLogWithFixsizeFlagSet() throws Exception {
        Written w = writeMixed(NAME);
        putU32(w.fid(), LlogHeader.OFF_FLAGS, getU32(w.fid(), LlogHeader.OFF_FLAGS) | LlogFlags.IS_FIXSIZE);
        Seen f = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> forward(w));
        assertThat(f.rc).isZero();
        int size = getU32(w.fid(), LlogHeader.OFF_SIZE);
        assertThat(f.lens).allSatisfy(len -> assertThat(len).isEqualTo(size));
        assertThat(f.indices).isEqualTo(w.select(i -> f.indices.contains(i)));
    }

    // ---- catalogs ----

    /**
     * A catalog entry whose plain log is gone (destroyed behind the catalog's back): catalog
     * processing drops the entry (llog_cat_process_common: -ENOENT becomes LLOG_DEL_RECORD),
     * the catalog's count goes down by one, and every other plain log is processed. Reverse
     * catalog processing does the same for a second missing log.
     */
    @Test
    void catalogEntryOfMissingPlainLog() throws Exception {
        Cat c = writeCatalog(5, 8);
        ctx.erase(c.plains().get(1));
        Map<Fid, List<Integer>> seen = new LinkedHashMap<>();
        try (LlogCatalog cat = reopenCatalog(c)) {
            assertThat(cat.handle().count()).isEqualTo(6);
            int rc = cat.process(collect(seen));
            assertThat(rc).isZero();
            assertThat(cat.handle().count()).isEqualTo(5);
        }
        assertThat(seen.keySet()).containsExactly(c.fidsExcept(1));
        seen.values().forEach(l -> assertThat(l).isEqualTo(range(1, 8)));
        assertThat(entries(c)).containsExactly(c.idsExcept(1));

        ctx.erase(c.plains().get(3));
        seen.clear();
        try (LlogCatalog cat = reopenCatalog(c)) {
            int rc = cat.reverseProcess(collect(seen));
            assertThat(rc).isZero();
            assertThat(cat.handle().count()).isEqualTo(4);
        }
        assertThat(seen.keySet()).containsExactly(c.reversedFidsExcept(1, 3));
        seen.values().forEach(l -> assertThat(l).isEqualTo(range(1, 8).reversed()));
        assertThat(entries(c)).containsExactly(c.idsExcept(1, 3));
    }

    /**
     * A plain log of a catalog cut by 4 bytes (llog test 12): its records are all cancelled as
     * corrupted, so the emptied ZAP_WHEN_EMPTY log is destroyed and its catalog entry dropped;
     * the other logs are processed in full.
     */
    @Test
    void catalogWithTruncatedPlainLog() throws Exception {
        Cat c = writeCatalog(4, 8);
        Fid cut = c.plains().get(2).fid();
        long size;
        try (OsdObject o = dev.find(cut)) {
            size = o.attrGet().size();
        }
        truncateTo(cut, size - 4);
        Map<Fid, List<Integer>> seen = new LinkedHashMap<>();
        try (LlogCatalog cat = reopenCatalog(c)) {
            assertThat(cat.process(collect(seen))).isZero();
            assertThat(cat.handle().count()).isEqualTo(4);
        }
        assertThat(seen.keySet()).containsExactly(c.fidsExcept(2));
        assertThat(exists(cut)).isFalse();
        assertThat(entries(c)).containsExactly(c.idsExcept(2));
    }

    /**
     * Garbage over the second catalog entry: the catalog is fixed-size, so processing skips
     * exactly one llh_size record and goes on; that plain log is not processed, and neither the
     * entry nor the log is removed (the data stays on disk). Reverse processing walks the
     * catalog's headers from its first entry to the newest, meets the garbage and ends with
     * -ENOENT, delivering nothing.
     */
    @Test
    void garbageCatalogEntry() throws Exception {
        Cat c = writeCatalog(4, 8);
        byte[] junk = new byte[LlogCatalog.LOGID_REC_SIZE];
        Arrays.fill(junk, (byte) 0x5a);
        fill(c.id().fid(), CHUNK + LlogCatalog.LOGID_REC_SIZE, junk);
        Map<Fid, List<Integer>> seen = new LinkedHashMap<>();
        try (LlogCatalog cat = reopenCatalog(c)) {
            assertThat(cat.process(collect(seen))).isZero();
            assertThat(cat.handle().count()).isEqualTo(5);
        }
        assertThat(seen.keySet()).containsExactly(c.fidsExcept(1));
        assertThat(exists(c.plains().get(1).fid())).isTrue();
        seen.clear();
        try (LlogCatalog cat = reopenCatalog(c)) {
            // reverse: the header walk from entry 1 meets the garbage before the newest entry
            assertThat(cat.reverseProcess(collect(seen))).isEqualTo(-Errno.EINVAL.value());
            assertThat(cat.handle().count()).isEqualTo(5);
        }
        assertThat(seen).isEmpty();
    }

    /**
     * Garbage over the first catalog entry: next_block checks the first record of the chunk it
     * reads and hands a chunk starting with a bad record back as one padding record, so the
     * whole chunk of entries is skipped, as in Lustre. No entry is removed and no plain log
     * is touched. Reverse processing delivers nothing: prev_block reads the chunk, whose first
     * record claims index 0x5a5a5a5a, past the one wanted, and gives up with -ENOENT ("missed
     * desired record?", as llog_osd_prev_block).
     */
    @Test
    void garbageFirstCatalogEntry() throws Exception {
        Cat c = writeCatalog(4, 8);
        byte[] junk = new byte[LlogCatalog.LOGID_REC_SIZE];
        Arrays.fill(junk, (byte) 0x5a);
        fill(c.id().fid(), CHUNK, junk);
        Map<Fid, List<Integer>> seen = new LinkedHashMap<>();
        try (LlogCatalog cat = reopenCatalog(c)) {
            assertThat(cat.process(collect(seen))).isZero();
            assertThat(cat.handle().count()).isEqualTo(5);
        }
        assertThat(seen).isEmpty();
        for (LlogLogid id : c.plains()) {
            assertThat(exists(id.fid())).isTrue();
        }
        seen.clear();
        try (LlogCatalog cat = reopenCatalog(c)) {
            assertThat(cat.reverseProcess(collect(seen))).isEqualTo(-Errno.ENOENT.value());
            assertThat(cat.handle().count()).isEqualTo(5);
        }
        assertThat(seen).isEmpty();
    }

    /**
     * A catalog whose llh_cat_idx reads 0x7fffffff. Kept as it is, the walk would take it for a
     * wrapped catalog and start at llh_cat_idx + 1, which overflows: every record would be
     * delivered twice. Init sanitises it (reference 4.3): an index outside the bitmap becomes
     * 0, with a warning, and every plain log is processed once, in order.
     */
    @Test
    void catalogCatIdxMaxValueForward() throws Exception {
        Cat c = writeCatalog(3, 4);
        putU32(c.id().fid(), LlogHeader.OFF_CAT_IDX, Integer.MAX_VALUE);
        Map<Fid, List<Integer>> seen = new LinkedHashMap<>();
        int rc = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (LlogCatalog cat = reopenCatalog(c)) {
                return cat.process(collect(seen));
            }
        });
        assertThat(rc).isZero();
        assertThat(seen.keySet()).containsExactly(c.fidsExcept());
        seen.values().forEach(l -> assertThat(l).isEqualTo(range(1, 4)));
    }

    /**
     * Reverse processing of that catalog: with llh_cat_idx sanitised the walk is not wrapped,
     * and every plain log is processed once, newest first, each record in reverse.
     */
    @Test
    void catalogCatIdxMaxValueReverse() throws Exception {
        Cat c = writeCatalog(3, 4);
        putU32(c.id().fid(), LlogHeader.OFF_CAT_IDX, Integer.MAX_VALUE);
        Map<Fid, List<Integer>> seen = new LinkedHashMap<>();
        int rc = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (LlogCatalog cat = reopenCatalog(c)) {
                return cat.reverseProcess(collect(seen));
            }
        });
        assertThat(rc).isZero();
        assertThat(seen.keySet()).containsExactly(c.reversedFidsExcept());
        seen.values().forEach(l -> assertThat(l).isEqualTo(range(1, 4).reversed()));
    }

    /**
     * A catalog whose header tail (last index) reads 64768, the bitmap size, one past the
     * largest index a log can hold. llog_osd_read_header only rejects lrt_index >
     * LLOG_HDR_BITMAP_SIZE, and cancelling the last live entry then never ends in Lustre:
     * llog_cat_set_first_idx scans the bitmap modulo its size for lgh_last_idx, which it can
     * never reach. jlustre refuses the header at init with EIO ("incorrectly sized tailer").
     */
    @Test
    void catalogLastIndexEqualToBitmapSize() throws Exception {
        Cat c = writeCatalog(2, 4);
        putU32(c.id().fid(), CHUNK - 8 + LlogRecordHeader.OFF_TAIL_INDEX, LlogHeader.BITMAP_BYTES * 8);
        assertThatThrownBy(() -> reopenCatalog(c))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO))
                .hasMessageContaining("tailer");
    }

    /**
     * A catalog entry whose lrh_len says 24 (otherwise a plausible record with the
     * llog_logid_rec magic): handed to the catalog callback, its 20-byte logid at offset 16
     * would lie past its end. Every record of a fixed-size log is llh_size long, so the entry is
     * not plausible: as the first record of its chunk it makes the chunk a pad (next_block), and
     * no plain log is processed or removed.
     */
    @Test
    void catalogEntryShorterThanLogidRecord() throws Exception {
        Cat c = writeCatalog(3, 4);
        putU32(c.id().fid(), CHUNK + LlogRecordHeader.OFF_LEN, LlogRecordHeader.MIN_REC_SIZE);
        Map<Fid, List<Integer>> seen = new LinkedHashMap<>();
        try (LlogCatalog cat = reopenCatalog(c)) {
            assertThat(cat.process(collect(seen))).isZero();
            assertThat(cat.handle().count()).isEqualTo(4);
        }
        assertThat(seen).isEmpty();
        for (LlogLogid id : c.plains()) {
            assertThat(exists(id.fid())).isTrue();
        }
    }

    /**
     * A plain log of a catalog whose header magic is damaged: opening it for the catalog walk
     * fails with -EIO, which ends catalog processing with that LustreException (naming the plain
     * log). Nothing is cancelled: the catalog keeps every entry and the other plain logs are
     * intact and processable once the damaged log is gone. (Lustre's llog_cat_process_common
     * returns the -EIO to llog_process_thread, which then cancels every remaining catalog entry
     * as corrupted; jlustre reports the error instead.)
     */
    @Test
    void catalogWithPlainLogOfBadMagic() throws Exception {
        Cat c = writeCatalog(4, 8);
        Fid bad = c.plains().get(1).fid();
        putU32(bad, LlogRecordHeader.OFF_TYPE, 0x12345678);
        Map<Fid, List<Integer>> seen = new LinkedHashMap<>();
        try (LlogCatalog cat = reopenCatalog(c)) {
            assertThatThrownBy(() -> cat.process(collect(seen)))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO))
                    .hasMessageContaining(bad.toString())
                    .hasMessageContaining("header magic");
            assertThat(cat.handle().count()).isEqualTo(5);
        }
        assertThat(seen.keySet()).containsExactly(c.plains().get(0).fid());
        assertThat(entries(c)).containsExactly(c.idsExcept());
        // the damaged log removed by hand, the others come through whole
        try (OsdObject o = dev.find(bad); Transaction th = dev.transCreate()) {
            o.declareRefDel(th);
            o.declareDestroy(th);
            th.startLocal();
            o.refDel(th);
            o.destroy(th);
        }
        seen.clear();
        try (LlogCatalog cat = reopenCatalog(c)) {
            assertThat(cat.process(collect(seen))).isZero();
            assertThat(cat.handle().count()).isEqualTo(4);
        }
        assertThat(seen.keySet()).containsExactly(c.fidsExcept(1));
        seen.values().forEach(l -> assertThat(l).isEqualTo(range(1, 8)));
    }

    // ---- helpers ----

    /** A log as written: its name, id, what was appended and where. */
    record Written(String name, LlogLogid id, List<Integer> indices, Map<Integer, Long> offsets, int lastIdx,
            long size) {

        Fid fid() {
            return id.fid();
        }

        long offsetOf(int index) {
            Long o = offsets.get(index);
            if (o == null) {
                throw new IllegalArgumentException("no record " + index);
            }
            return o;
        }

        long tailOf(int index) {
            return offsetOf(index) + REC - LlogRecordHeader.TAIL_SIZE;
        }

        /** The written indices that pass {@code p}, in order. */
        List<Integer> select(IntPredicate p) {
            return indices.stream().filter(p::test).toList();
        }
    }

    /** A catalog as written: its name, id and plain logs in catalog order. */
    record Cat(String name, LlogLogid id, List<LlogLogid> plains) {

        LlogLogid[] idsExcept(int... skip) {
            List<LlogLogid> l = new ArrayList<>();
            for (int i = 0; i < plains.size(); i++) {
                int k = i;
                if (IntStream.of(skip).noneMatch(s -> s == k)) {
                    l.add(plains.get(i));
                }
            }
            return l.toArray(LlogLogid[]::new);
        }

        Fid[] fidsExcept(int... skip) {
            return Arrays.stream(idsExcept(skip)).map(LlogLogid::fid).toArray(Fid[]::new);
        }

        Fid[] reversedFidsExcept(int... skip) {
            return List.of(fidsExcept(skip)).reversed().toArray(Fid[]::new);
        }
    }

    /**
     * What a processing run delivered: indices, types and lengths, and every delivery whose
     * record fails basic sanity (lrh_index not the bit being delivered, or that bit not set;
     * lrh_len or the bytes handed over not matching).
     */
    static final class Seen implements LlogCallback {
        final List<Integer> indices = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();
        final List<Integer> lens = new ArrayList<>();
        final List<String> mismatches = new ArrayList<>();
        int rc;

        @Override
        public int process(LlogHandle h, LlogRecordRef r) {
            indices.add(r.index());
            types.add(r.type());
            lens.add(r.len());
            int hdrIndex = r.bytes().get(Le.U32, LlogRecordHeader.OFF_INDEX);
            if (r.index() != h.currentIndex() || !h.header().isSet(r.index()) || hdrIndex != r.index()
                    || r.len() < LlogRecordHeader.MIN_REC_SIZE || r.len() > h.header().chunkSize()
                    || r.bytes().byteSize() != r.len()) {
                mismatches.add("record " + r.index() + " len " + r.len() + " for bit " + h.currentIndex());
            }
            return 0;
        }
    }

    private Written writePlain(String name, int n, int reclen) throws LustreException {
        try (LlogHandle h = ctx.openCreate(name)) {
            h.init(LlogFlags.IS_PLAIN, UUID);
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                indices.add(h.append(record(reclen, i)));
            }
            Map<Integer, Long> offsets = new LinkedHashMap<>();
            h.process((lh, r) -> {
                offsets.put(r.index(), r.offset());
                return 0;
            });
            assertThat(offsets.keySet()).containsExactlyElementsOf(indices);
            return new Written(name, h.logid(), List.copyOf(indices), offsets, h.lastIndex(), h.size());
        }
    }

    /** A plain log of 300 records of mixed sizes (24 to 1000 bytes, a fixed pseudo-random sequence). */
    private Written writeMixed(String name) throws LustreException {
        Random rnd = new Random(5);
        try (LlogHandle h = ctx.openCreate(name)) {
            h.init(LlogFlags.IS_PLAIN, UUID);
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                indices.add(h.append(record(24 + 8 * rnd.nextInt(123), i)));
            }
            return new Written(name, h.logid(), List.copyOf(indices), Map.of(), h.lastIndex(), h.size());
        }
    }

    /** A plain log made fixed-size before its first record, as llog test 3a does: {@code n} 64-byte records. */
    private Written writeFixsize(String name, int n) throws LustreException {
        try (LlogHandle h = ctx.openCreate(name)) {
            h.init(LlogFlags.IS_PLAIN, UUID);
            h.setHeaderFlags(h.header().flags() | LlogFlags.IS_FIXSIZE);
            h.setHeaderSize(64);
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                indices.add(h.append(record(64, i)));
            }
            Map<Integer, Long> offsets = new LinkedHashMap<>();
            h.process((lh, r) -> {
                offsets.put(r.index(), r.offset());
                return 0;
            });
            assertThat(offsets.keySet()).containsExactlyElementsOf(indices);
            return new Written(name, h.logid(), List.copyOf(indices), offsets, h.lastIndex(), h.size());
        }
    }

    static MemorySegment record(int len, int seq) {
        MemorySegment rec = MemorySegment.ofArray(new byte[len]);
        rec.fill(FILL);
        LlogRecordHeader.write(rec, 0, len, 0, LlogRecType.OBD_CFG_REC, 0);
        rec.set(Le.U32, LlogRecordHeader.SIZE, seq);
        LlogRecordHeader.writeTail(rec, 0, len, 0);
        return rec;
    }

    /** Opens the log by name, as a fresh handle reading the header from the OSD, and initialises it. */
    private LlogHandle reopen(Written w) throws LustreException {
        LlogHandle h = ctx.open(w.name(), Llog.OpenMode.EXISTS);
        try {
            h.init(LlogFlags.IS_PLAIN, UUID);
            return h;
        } catch (LustreException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** Forward processing on a fresh handle; any exception fails the test. */
    private Seen forward(Written w) throws LustreException {
        Seen s = new Seen();
        try (LlogHandle h = reopen(w)) {
            s.rc = h.process(s);
        }
        assertThat(s.mismatches).as("forward deliveries failing sanity").isEmpty();
        return s;
    }

    /** Reverse processing on a fresh handle: 0 or a negative errno; any exception fails the test. */
    private Seen reverse(Written w) throws LustreException {
        Seen s = new Seen();
        try (LlogHandle h = reopen(w)) {
            s.rc = h.reverseProcess(s);
        }
        assertThat(s.rc).as("reverse processing result").isLessThanOrEqualTo(0);
        assertThat(s.mismatches).as("reverse deliveries failing sanity").isEmpty();
        return s;
    }

    private int countOnDisk(Written w) throws LustreException {
        try (LlogHandle h = reopen(w)) {
            return h.count();
        }
    }

    private void cancelOnDisk(Written w, int index) throws LustreException {
        try (LlogHandle h = reopen(w)) {
            h.cancel(index);
        }
    }

    /** Sets {@code index}'s bit in the header on disk and counts it, as if its record had been appended. */
    private void setBitAndCount(Written w, int index) throws LustreException {
        long at = LlogHeader.BITMAP_OFFSET + 4L * (index / 32);
        putU32(w.fid(), at, getU32(w.fid(), at) | (1 << (index % 32)));
        putU32(w.fid(), LlogHeader.OFF_COUNT, getU32(w.fid(), LlogHeader.OFF_COUNT) + 1);
    }

    /**
     * A catalog of {@code logs} plain logs of {@code perLog} 64-byte records each
     * (OBD_FAIL_PLAIN_RECORDS caps the plain logs).
     */
    private Cat writeCatalog(int logs, int perLog) throws LustreException {
        String name = "damaged-catalog";
        libcfs.failLoc().setVal(perLog);
        libcfs.failLoc().setLoc(Llog.OBD_FAIL_PLAIN_RECORDS);
        try (LlogCatalog cat = LlogCatalog.open(ctx.openCreate(name), UUID)) {
            for (int i = 0; i < logs * perLog; i++) {
                cat.add(record(64, i));
            }
            libcfs.failLoc().reset();
            List<LlogLogid> plains = new ArrayList<>();
            cat.processEntries((h, rec) -> {
                plains.add(LlogLogid.read(rec.bytes(), LlogRecordHeader.SIZE));
                return 0;
            });
            assertThat(plains).hasSize(logs);
            assertThat(cat.handle().count()).isEqualTo(logs + 1);
            return new Cat(name, cat.handle().logid(), List.copyOf(plains));
        } finally {
            libcfs.failLoc().reset();
        }
    }

    private LlogCatalog reopenCatalog(Cat c) throws LustreException {
        LlogHandle h = ctx.open(c.name(), Llog.OpenMode.EXISTS);
        try {
            return LlogCatalog.open(h, UUID);
        } catch (LustreException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    private List<LlogLogid> entries(Cat c) throws LustreException {
        List<LlogLogid> ids = new ArrayList<>();
        try (LlogCatalog cat = reopenCatalog(c)) {
            assertThat(cat.processEntries((h, rec) -> {
                ids.add(LlogLogid.read(rec.bytes(), LlogRecordHeader.SIZE));
                return 0;
            })).isZero();
        }
        return ids;
    }

    private static LlogCallback collect(Map<Fid, List<Integer>> seen) {
        return (h, r) -> {
            assertThat(r.index()).isEqualTo(h.currentIndex());
            seen.computeIfAbsent(h.fid(), k -> new ArrayList<>()).add(r.index());
            return 0;
        };
    }

    private boolean exists(Fid fid) throws LustreException {
        try (OsdObject o = dev.find(fid)) {
            return o.exists();
        }
    }

    private int getU32(Fid fid, long offset) throws LustreException {
        try (OsdObject o = dev.find(fid)) {
            MemorySegment b = MemorySegment.ofArray(new byte[4]);
            assertThat(o.body().read(offset, b)).isEqualTo(4);
            return b.get(Le.U32, 0);
        }
    }

    private void putU32(Fid fid, long offset, int value) throws LustreException {
        byte[] b = new byte[4];
        MemorySegment.ofArray(b).set(Le.U32, 0, value);
        fill(fid, offset, b);
    }

    /** Overwrites bytes of an object in a local transaction ({@code llog_fill_bytes}). */
    private void fill(Fid fid, long offset, byte[] bytes) throws LustreException {
        try (OsdObject o = dev.find(fid)) {
            LlogObjectSurgery.overwrite(o, offset, MemorySegment.ofArray(bytes));
        }
    }

    /** Cuts an object to {@code newSize} bytes (punch to EOF and set the size, as llog test 12 does). */
    private void truncateTo(Fid fid, long newSize) throws LustreException {
        try (OsdObject o = dev.find(fid)) {
            LlogObjectSurgery.truncate(o, newSize);
        }
    }

    static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }
}
