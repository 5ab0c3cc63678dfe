package org.jlustre.llog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.TimeSource;
import org.jlustre.llog.reader.LlogReader;
import org.jlustre.llog.reader.LlogReaderResult;
import org.jlustre.llog.reader.ObjectPaths;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.UpdateType;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.osd.testkit.FaultPlan;
import org.jlustre.osd.testkit.FaultyOsd;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An append that fails part way, through the kit's {@link FaultyOsd}, leaves the log as
 * {@code llog_osd_write_rec}'s error path leaves it (lustre/obdclass/llog_osd.c): the bit
 * cleared and the count back, {@code lgh_last_idx} one lower, so a pad written before the
 * failure keeps its index and the next record takes the one after it, the header's tail index
 * equal to {@code lgh_last_idx}, {@code llh_size} as the append set it. And a log is marked full
 * ({@code lgh_last_idx} at the bitmap's last index) by the append that finds it at its maximum
 * size.
 */
class LlogFailedAppendTest {

    private static final String UUID = "append_uuid";
    private static final int CHUNK = LlogHeader.MIN_CHUNK_SIZE;
    /** 78 records of 104 bytes fill a chunk but for 80 bytes, so the 79th needs a pad. */
    private static final int REC = 104;
    private static final int PER_CHUNK = 78;

    private Libcfs libcfs;
    private OsdDevice mem;
    private FaultyOsd faulty;
    private LlogContext ctx;

    @BeforeEach
    void setUp() throws Exception {
        libcfs = new Libcfs(TimeSource.manual(1_700_000_000L * 1_000_000_000L), new SplittableRandom(3));
        libcfs.debug().setConsole(null);
        mem = OsdMem.create(MemOsdConfig.defaults("append").withLibcfs(libcfs));
        faulty = FaultyOsd.wrap(mem, FaultPlan.none());
        ctx = LlogContext.of(faulty, libcfs, null);
    }

    @AfterEach
    void tearDown() {
        libcfs.failLoc().reset();
        ctx.close();
        mem.close();
    }

    private static MemorySegment record(int len) {
        MemorySegment rec = MemorySegment.ofArray(new byte[len]);
        LlogRecordHeader.write(rec, 0, len, 0, LlogRecType.LLOG_OP_MAGIC, 0);
        for (int i = LlogRecordHeader.SIZE; i < len - LlogRecordHeader.TAIL_SIZE; i++) {
            rec.set(ValueLayout.JAVA_BYTE, i, (byte) 'r');
        }
        LlogRecordHeader.writeTail(rec, 0, len, 0);
        return rec;
    }

    /** Fails the {@code nth} body write from now on, once. */
    private void failWrite(int nth) {
        faulty.plan(FaultPlan.builder().onUpdates(UpdateType.WRITE).errno(Errno.EIO).everyNth(nth).build());
    }

    private LlogHandle plainLogOf(int records, int len) throws LustreException {
        LlogHandle h = ctx.openCreate("log");
        h.init(LlogFlags.IS_PLAIN, UUID);
        for (int i = 0; i < records; i++) {
            h.append(record(len));
        }
        return h;
    }

    /** The indexes processing delivers. */
    private static List<Integer> delivered(LlogHandle h) throws LustreException {
        List<Integer> out = new ArrayList<>();
        assertThat(h.process((llh, rec) -> {
            out.add(rec.index());
            return 0;
        })).isZero();
        return out;
    }

    /**
     * The append after 78 records writes a pad (index 79) then, in order, the header's fixed
     * part, its bitmap word, its tail and the record (index 80): whichever of those fails, the
     * pad's index stays used.
     */
    @ParameterizedTest(name = "write {0} of the append fails")
    @ValueSource(ints = {2, 3, 4, 5})
    void aFailureAfterThePadKeepsThePadsIndex(int failing) throws Exception {
        try (LlogHandle h = plainLogOf(PER_CHUNK, REC)) {
            failWrite(failing);
            assertThatThrownBy(() -> h.append(record(REC))).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EIO));
            assertThat(faulty.injected()).isEqualTo(1);
            assertThat(h.lastIndex()).as("lgh_last_idx: the pad's").isEqualTo(PER_CHUNK + 1);
            assertThat(h.header().lastIndex()).as("the header's tail index").isEqualTo(PER_CHUNK + 1);
            assertThat(h.header().isSet(PER_CHUNK + 2)).isFalse();
            assertThat(h.count()).isEqualTo(PER_CHUNK + 1);
            assertThat(h.size()).as("the pad stays written").isEqualTo(2L * CHUNK);

            faulty.plan(FaultPlan.none());
            assertThat(h.append(record(REC))).as("the next record follows the pad").isEqualTo(PER_CHUNK + 2);
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= PER_CHUNK; i++) {
                expected.add(i);
            }
            expected.add(PER_CHUNK + 2);
            assertThat(delivered(h)).isEqualTo(expected);
        }
        try (LlogHandle again = ctx.open("log", Llog.OpenMode.EXISTS)) {
            again.init(LlogFlags.IS_PLAIN, UUID);
            assertThat(again.lastIndex()).isEqualTo(PER_CHUNK + 2);
            assertThat(again.count()).isEqualTo(PER_CHUNK + 2);
        }
        LlogReaderResult read = new LlogReader(ZoneOffset.UTC, ObjectPaths.LDISKFS).read(LlogBackup.bytes(ctx, "log"));
        assertThat(read.exitStatus()).isZero();
        assertThat(read.err()).isEmpty();
        assertThat(read.out()).doesNotContain("error").contains("last_idx: " + (PER_CHUNK + 2) + "\n")
                .contains("#" + (PER_CHUNK + 2) + " (" + REC + ")");
    }

    @Test
    void aFailureWithoutAPadTakesTheIndexBackAndKeepsTheSmallerRecordSize() throws Exception {
        try (LlogHandle h = plainLogOf(3, 128)) {
            failWrite(4); // fixed part, bitmap word, tail, then the record
            assertThatThrownBy(() -> h.append(record(64))).isInstanceOf(LustreException.class);
            assertThat(h.lastIndex()).isEqualTo(3);
            assertThat(h.header().lastIndex()).isEqualTo(3);
            assertThat(h.header().isSet(4)).isFalse();
            assertThat(h.count()).isEqualTo(4);
            assertThat(h.header().size()).as("llh_size keeps the minimum the append set, as in Lustre").isEqualTo(64);
            faulty.plan(FaultPlan.none());
            assertThat(h.append(record(128))).isEqualTo(4);
            assertThat(delivered(h)).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void aCatalogThatHadJustWrappedGoesBackToItsLastIndex() throws Exception {
        LlogHandle cat = ctx.openCreate("cat");
        cat.init(LlogFlags.IS_CAT, UUID);
        for (int i = 0; i < 4; i++) {
            cat.append(LlogCatalog.logidRecord(LlogLogid.of(Fid.of(0x200000401L, i + 1))));
        }
        cat.cancel(1); // llh_cat_idx moves to 1, index 1 is free again
        assertThat(cat.header().catIdx()).isEqualTo(1);
        libcfs.failLoc().setVal(4);
        libcfs.failLoc().setLoc(Llog.OBD_FAIL_CAT_RECORDS); // the catalog is full at index 4: it wraps
        failWrite(4);
        assertThatThrownBy(() -> cat.append(LlogCatalog.logidRecord(LlogLogid.of(Fid.of(
                0x200000401L, 9))))).isInstanceOf(LustreException.class);
        assertThat(cat.lastIndex()).as("LLOG_HDR_BITMAP_SIZE - 1").isEqualTo(cat.header().bitmapBits() - 1);
        assertThat(cat.header().isSet(1)).isFalse();
        cat.close();
    }

    @Test
    void theAppendThatFindsTheLogAtItsMaximumSizeMarksItFull() throws Exception {
        try (LlogHandle h = plainLogOf(0, 64)) {
            h.setMaxSize(CHUNK + 3 * 64);
            for (int i = 1; i <= 3; i++) {
                assertThat(h.append(record(64))).isEqualTo(i);
            }
            assertThat(h.size()).isEqualTo(CHUNK + 3 * 64);
            assertThatThrownBy(() -> h.append(record(64))).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOSPC));
            assertThat(h.lastIndex()).as("llog_is_full").isEqualTo(h.header().bitmapBits() - 1);
            assertThat(h.header().lastIndex()).as("the header is not touched").isEqualTo(3);
            assertThat(h.count()).isEqualTo(4);
            assertThatThrownBy(() -> h.append(record(64))).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOSPC));
            assertThat(delivered(h)).containsExactly(1, 2, 3);
        }
    }
}
