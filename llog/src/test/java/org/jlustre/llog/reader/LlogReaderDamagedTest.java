package org.jlustre.llog.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.PadRecord;
import org.jlustre.wire.llog.Unlink64Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real llogs with damage done to them, and the complaints llog_reader.c's
 * {@code llog_pack_buffer} prints for each (and what it does not check). The file is the 2.9
 * OST's copy of its config log: ten records, at 8192, 8416, 8544, 8656, 8880, 9104 (80 bytes,
 * #6), 9184, 9408, 9632 (120 bytes, #9) and 9752 (224 bytes, #10), ending at 9976.
 */
class LlogReaderDamagedTest {

    private static final LlogReader UTC = new LlogReader(ZoneOffset.UTC, ObjectPaths.LDISKFS);
    private static final String FILE = "disk2_9-ldiskfs-ost/CONFIGS_t32fs-OST0000";

    private byte[] good;
    private String goodOut;

    @BeforeEach
    void load() throws IOException {
        good = Files.readAllBytes(RealLlogFiles.dir().resolve(FILE));
        goodOut = UTC.read(good).out();
    }

    private byte[] copy() {
        return good.clone();
    }

    private static void put32(byte[] b, long offset, int value) {
        MemorySegment.ofArray(b).set(Le.U32, offset, value);
    }

    private static String recLines(int from, int to) {
        int[] offsets = {8192, 8416, 8544, 8656, 8880, 9104, 9184, 9408, 9632, 9752};
        int[] lens = {224, 128, 112, 224, 224, 80, 224, 224, 120, 224};
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) {
            sb.append("rec #").append(i).append(" type=10620000 len=").append(lens[i - 1]).append(" offset ")
                    .append(offsets[i - 1]).append('\n');
        }
        return sb.toString();
    }

    @Test
    void theUndamagedFileHasNoComplaint() {
        LlogReaderResult r = UTC.read(good);
        assertThat(r.out()).startsWith(recLines(1, 10) + "Header size : 8192\t llh_size : 80\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aBadHeaderMagicIsNotChecked() {
        byte[] b = copy();
        put32(b, 8, 0x12345678);
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).isEqualTo(goodOut);
        assertThat(r.err()).isEmpty();
        assertThat(r.exitStatus()).isZero();
    }

    @Test
    void aTailThatDoesNotMatchIsReported() {
        byte[] b = copy();
        put32(b, 9104 + 80 - 4, 99);
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).startsWith(recLines(1, 6) + "error: rec #6 len=80 has tail #99 len=80\n" + recLines(7, 10)
                + "Header size");
        assertThat(r.out()).contains("#06 (080)set_timeout=20 \n");
        assertThat(r.err()).isEqualTo("llog_reader: The llog is corrupted, 1 errors found\n");
        assertThat(r.exitStatus()).isZero();
    }

    @Test
    void aBadTailOnAnUnsetRecordSaysUnset() {
        byte[] b = copy();
        put32(b, 9104 + 80 - 8, 72);
        b[88 + 0] &= ~(1 << 6);
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).startsWith(recLines(1, 5) + "error: rec #6 len=80 has tail #6 len=72 (unset)\n"
                + recLines(7, 10) + "error: header reports 10 records but 9 were found\nHeader size");
        assertThat(r.out()).doesNotContain("#06 (");
        assertThat(r.err()).isEqualTo("llog_reader: The llog is corrupted, 1 errors found\n");
    }

    @Test
    void aFileTruncatedMidRecord() {
        LlogReaderResult r = UTC.read(Arrays.copyOf(good, 9700));
        // the tail lies past the end of the file: llog_reader reads what follows its buffer,
        // which ReaderMemory models as zeros
        assertThat(r.out()).startsWith(recLines(1, 9) + "error: rec #9 len=120 has tail #0 len=0\n"
                + "error: rec #9 is trimmed by EOF, offset 9632\n" + "error: rec #10 is set in bitmap only\n"
                + "error: header reports 10 records but 9 were found\n" + "Header size : 8192");
        assertThat(r.err()).isEqualTo("llog_reader: The llog is corrupted, 3 errors found\n");
        assertThat(r.out()).contains("#08 (224)marker  22").doesNotContain("#10 (");
        assertThat(r.exitStatus()).isZero();
    }

    @Test
    void aFileTruncatedMidHeader() {
        LlogReaderResult r = UTC.read(Arrays.copyOf(good, 9976 + 12));
        assertThat(r.out()).startsWith(recLines(1, 10)
                + "error: rec header is trimmed by EOF, last idx #10 offset 9976\nHeader size");
        assertThat(r.err()).isEqualTo("llog_reader: The llog is corrupted, 1 errors found\n");
    }

    @Test
    void aBitmapBitWithNoRecord() {
        byte[] b = copy();
        b[88 + 1] |= 1 << 4; // index 12
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).startsWith(recLines(1, 10) + "error: rec #12 is set in bitmap only\nHeader size");
        assertThat(r.err()).isEqualTo("llog_reader: The llog is corrupted, 1 errors found\n");
    }

    @Test
    void aRecordMissingFromTheSequenceAndAnIndexGoingBack() {
        byte[] b = copy();
        put32(b, 9104 + 4, 7);
        put32(b, 9104 + 80 - 4, 7);
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).startsWith(recLines(1, 5) + "rec #7 type=10620000 len=80 offset 9104\n"
                + "error: rec #7 len=80 has gap in 2 recs\n" + "error: -> rec #6 is lost but set in bitmap\n"
                + recLines(7, 7) + "error: rec #7 index is less than last #8\n" + recLines(8, 10) + "Header size");
        assertThat(r.out()).contains("#07 (080)set_timeout=20 \n#07 (224)END   marker");
        assertThat(r.err()).isEqualTo("llog_reader: The llog is corrupted, 2 errors found\n");
    }

    @Test
    void aLostRecordWhoseBitIsClear() {
        byte[] b = copy();
        put32(b, 9104 + 4, 7);
        put32(b, 9104 + 80 - 4, 7);
        b[88] &= ~(1 << 6);
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).contains("error: -> rec #6 is lost, not set in bitmap\n");
    }

    @Test
    void aZeroedChunk() {
        byte[] b = copy();
        Arrays.fill(b, 8192, b.length, (byte) 0);
        LlogReaderResult r = UTC.read(b);
        StringBuilder bits = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            bits.append("error: rec #").append(i).append(" is set in bitmap only\n");
        }
        assertThat(r.out()).isEqualTo("error: rec #0 type=0 has wrong len=0 @8192\n"
                + "skip 8192 bytes to the next chunk at off 16384.\n" + bits
                + "error: header reports 10 records but 0 were found\n"
                + goodOut.substring(goodOut.indexOf("Header size"), goodOut.indexOf("-----------------------\n") + 24));
        assertThat(r.err()).isEqualTo("llog_reader: The llog is corrupted, 11 errors found\n");
    }

    @Test
    void aHugeRecordLengthSkipsToTheNextChunk() {
        byte[] b = copy();
        put32(b, 9104, 0x7fff0000);
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).startsWith(recLines(1, 5) + "error: rec #6 type=10620000 has wrong len=2147418112 @9104\n"
                + "skip 7280 bytes to the next chunk at off 16384.\n" + "error: rec #6 is set in bitmap only\n"
                + "error: rec #7 is set in bitmap only\n" + "error: rec #8 is set in bitmap only\n"
                + "error: rec #9 is set in bitmap only\n" + "error: rec #10 is set in bitmap only\n"
                + "error: header reports 10 records but 5 were found\nHeader size");
        assertThat(r.err()).isEqualTo("llog_reader: The llog is corrupted, 6 errors found\n");
    }

    @Test
    void aRecordCrossingAChunk() {
        byte[] b = copy();
        put32(b, 9752, 8192);
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).contains(recLines(9, 9) + "error: rec #10 type=10620000 has wrong len=8192 @9752\n"
                + "skip 6632 bytes to the next chunk at off 16384.\nerror: rec #10 is set in bitmap only\n");
    }

    @Test
    void aHeaderLengthThatIsNotAChunkSize() {
        byte[] b = copy();
        put32(b, 0, 4096);
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).startsWith("error: rec #0 type=0 has wrong len=0 @4096\n"
                + "skip 4096 bytes to the next chunk at off 8192.\n" + recLines(1, 10) + "Header size : 4096\t");
        // the header's tail is read at lrh_len - 8, in the bitmap
        assertThat(r.out()).contains("Number of records: 10\tcat_idx: 0\tlast_idx: 0\n");
        assertThat(r.err()).isEqualTo("llog_reader: The llog is corrupted, 1 errors found\n");
    }

    @Test
    void aZeroHeaderLengthDividesByZero() {
        byte[] b = copy();
        put32(b, 0, 0);
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).isEqualTo("error: rec #0 type=10645539 has wrong len=0 @0\n");
        assertThat(r.signal()).isEqualTo(8);
        assertThat(r.exitStatus()).isEqualTo(136);
        assertThat(r.crashed()).isTrue();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aHugeHeaderLengthRunsTheBitmapCheckOffTheBuffer() {
        byte[] b = copy();
        put32(b, 0, 0x7fff0000);
        LlogReaderResult r = UTC.read(b);
        StringBuilder bits = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            bits.append("error: rec #").append(i).append(" is set in bitmap only\n");
        }
        assertThat(r.out()).startsWith(bits.toString()).doesNotContain("Header size").endsWith("\n");
        assertThat(r.signal()).isEqualTo(11);
        assertThat(r.exitStatus()).isEqualTo(139);
    }

    @Test
    void aMarkerWithoutItsBufferIsANullDereferenceAndThePartialLineIsLost() {
        byte[] b = copy();
        put32(b, 8192 + 16 + 28, 1);
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).isEqualTo(goodOut.substring(0, goodOut.indexOf("#01 (224)")));
        assertThat(r.exitStatus()).isEqualTo(139);
    }

    @Test
    void aWrongPaddingRecordAtTheEnd() {
        byte[] pad = PadRecord.of(40).encode(11);
        put32(pad, 0, 36);
        put32(pad, 28, 36);
        put32(pad, 32, 11);
        byte[] b = Arrays.copyOf(good, good.length + 36);
        System.arraycopy(pad, 0, b, good.length, 36);
        LlogReaderResult r = UTC.read(b);
        assertThat(r.out()).startsWith(recLines(1, 10) + "error: rec #11 wrong padding len=36 offset 9976 to 0x271c\n"
                + "Header size");
        assertThat(r.err()).isEqualTo("llog_reader: The llog is corrupted, 1 errors found\n");
    }

    @Test
    void aRecordWhoseIdIsCancelledPrintsNotSet() {
        byte[] b = new LlogImage().add(new Unlink64Record(LlogScan.CANCELLED, new Fid(0x200000401L, 1, 0), 0)).bytes();
        assertThat(UTC.read(b).out()).endsWith(
                "#01 (064)NOT SET unlink64 record id:0x678 target [0x200000401:0x1:0x0]\n");
    }

    @Test
    void headerCounts() {
        byte[] b = copy();
        put32(b, 24, -3);
        LlogReaderResult neg = UTC.read(b);
        assertThat(neg.out()).isEmpty();
        assertThat(neg.err()).isEqualTo("llog_reader: corrupted llog: negative record number -3: Invalid argument (22)\n"
                + "llog_reader: Could not pack buffer.: Invalid argument (22)\n");
        assertThat(neg.exitStatus()).isEqualTo(256 - 22);

        put32(b, 24, 0);
        LlogReaderResult zero = UTC.read(b);
        assertThat(zero.out()).isEqualTo("uninitialized llog: zero record number\n");
        assertThat(zero.err()).isEmpty();
        assertThat(zero.exitStatus()).isZero();

        put32(b, 24, 5);
        LlogReaderResult fewer = UTC.read(b);
        assertThat(fewer.out()).startsWith(recLines(1, 10) + "error: header reports 4 records but 10 were found\n")
                .contains("Number of records: 4\t").endsWith("#04 (224)END   marker  15 (flags=0x02, v2.9.0.0) "
                        + "t32fs-OST0000   'add ost' Thu Mar 30 19:20:56 2017-\n");
        assertThat(fewer.err()).isEmpty();
    }

    @Test
    void aFileTooSmallForAHeader() {
        LlogReaderResult r = UTC.read(Arrays.copyOf(good, 100));
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("llog_reader: File too small for llog header: want=8192 got=100: Success (0)\n"
                + "llog_reader: Could not pack buffer.: Input/output error (5)\n");
        assertThat(r.exitStatus()).isEqualTo(251);
    }

    @Test
    void filesThatCannotBeRead(@TempDir Path tmp) throws IOException {
        String missing = tmp.resolve("nosuch").toString();
        LlogReaderResult r = UTC.read(missing);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("llog_reader: Could not open the file " + missing
                + ".: No such file or directory (2)\n");
        assertThat(r.exitStatus()).isEqualTo(254);
        LlogReaderResult dir = UTC.read(tmp.toString());
        assertThat(dir.err()).startsWith("llog_reader: ").endsWith(
                "llog_reader: Could not pack buffer.: Input/output error (5)\n");
        assertThat(dir.exitStatus()).isEqualTo(251);
        Path small = Files.write(tmp.resolve("small"), new byte[10]);
        assertThat(UTC.read(small).err()).startsWith(
                "llog_reader: File too small for llog header: want=8192 got=10: Success (0)\n");
    }

    @Test
    void streamingGivesTheSameBytesAndStatus() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Path file = RealLlogFiles.dir().resolve(FILE);
        assertThat(UTC.run(file.toString(), out, err)).isZero();
        assertThat(out.toByteArray()).isEqualTo(UTC.read(file).stdout());
        assertThat(err.size()).isZero();
    }
}
