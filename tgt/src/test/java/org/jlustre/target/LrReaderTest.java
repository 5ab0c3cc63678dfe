package org.jlustre.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jlustre.testdata.TestData;
import org.jlustre.wire.Le;
import org.jlustre.wire.target.LrServerData;
import org.jlustre.wire.target.LsdClientData;
import org.jlustre.wire.target.ReplyDataHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LrReader} against what Lustre's lr_reader printed for the real files in test-data
 * ({@code -c -r -C last_rcvd -R reply_data} on an MDT, {@code -c -C last_rcvd} on an OST), byte
 * for byte, and its messages for short and damaged files.
 */
class LrReaderTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @ValueSource(strings = {"disk2_7-ldiskfs-mdt", "disk2_9-ldiskfs-mdt", "disk2_7-ldiskfs-ost", "disk2_9-ldiskfs-ost"})
    void printsExactlyWhatLustresLrReaderPrinted(String dir) throws IOException {
        Path lastRcvd = TestData.lustreReal(dir + "/last_rcvd");
        boolean mdt = dir.endsWith("mdt");
        int rc = new LrReader(out, err).run(lastRcvd, true, mdt ? lastRcvd.resolveSibling("reply_data") : null, mdt);
        assertThat(rc).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        byte[] expected = Files.readAllBytes(lastRcvd.resolveSibling("last_rcvd.lr_reader.txt"));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(out.toByteArray()).isEqualTo(expected);
    }

    @Test
    void withoutClientsOnlyTheHeader() throws IOException {
        Path lastRcvd = TestData.lustreReal("disk2_7-ldiskfs-mdt/last_rcvd");
        assertThat(new LrReader(out, err).run(lastRcvd, false, null, false)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("last_rcvd:\n  uuid: t32fs-MDT0000_UUID\n"
                + "  feature_compat: 0x8\n  feature_incompat: 0x61c\n  feature_rocompat: 0x1\n"
                + "  last_transaction: 8589934592\n  target_index: 0\n  mount_count: 2\n");
    }

    @Test
    void aShortFileIsReportedWithWhatCouldBeRead(@TempDir Path tmp) throws IOException {
        byte[] b = Arrays.copyOf(LrServerData.fresh("short_UUID", 0, 0, 0).encode(), 100);
        Path p = Files.write(tmp.resolve("last_rcvd"), b);
        assertThat(new LrReader(out, err).run(p, true, null, false)).isEqualTo(22);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("lr_reader: Short read (100 of 512)\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("last_rcvd:\n  uuid: short_UUID\n  feature_compat: 0\n")
                .endsWith("  mount_count: 0\n");
    }

    @Test
    void aMissingFileIsEnoentNamingLastRcvdAsLrReaderDoes(@TempDir Path tmp) {
        assertThat(new LrReader(out, err).run(tmp.resolve("nosuch"), true, null, false)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("lr_reader: Can't open last_rcvd: No such file or directory\n");
        assertThat(new LrReader(out, err).run(null, false, tmp.resolve("nosuch"), true)).isEqualTo(2);
    }

    @Test
    void clientSlotsWithCloseRecordsAndUuidsOfFortyBytes(@TempDir Path tmp) throws IOException {
        byte[] b = new byte[8192 + 3 * 128 + 17];
        MemorySegment s = MemorySegment.ofArray(b);
        LrServerData.fresh("t_UUID", 1, 0x2, 0xa).encode(s, 0);
        LsdClientData.fresh("first", 0).withLast(5, 6, 0, 0).withLastClose(7, 8, 2, 3).encode(s, 8192);
        Arrays.fill(b, 8192 + 256, 8192 + 256 + 40, (byte) 'z'); // no NUL: %.40s stops at 40
        s.set(Le.U64, 8192 + 256 + 40, -1L);
        int rc = new LrReader(out, err).run(Files.write(tmp.resolve("lr"), b), true, null, false);
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("  client_area_size: 128\n\n  first:\n"
                + "    generation: 0\n    last_transaction: 5\n    last_xid: 6\n    last_result: 0\n    last_data: 0\n"
                + "    last_close_transation: 7\n    last_close_xid: 8\n    last_close_result: 2\n"
                + "    last_close_data: 3\n\n  " + "z".repeat(40) + ":\n    generation: 0\n"
                + "    last_transaction: 18446744073709551615\n    last_xid: 0\n    last_result: 0\n"
                + "    last_data: 0\n");
        assertThat(err.size()).isZero();
    }

    @Test
    void aBadReplyHeaderIsDumpedOnStderr(@TempDir Path tmp) throws IOException {
        byte[] h = new ReplyDataHeader(0x12345678, 32, 40).encode();
        int rc = new LrReader(out, err).run(null, false, Files.write(tmp.resolve("rd"), h), true);
        assertThat(rc).isEqualTo(22);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\nreply_data:\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "lr_reader: invalid reply_data header: lrh_magic=0x12345678 expected 0xbdabda01 or 0xbdabda02\n"
                + "lsd_reply_header:\n\tlrh_magic: 0x12345678\n\tlrh_header_size: 32\n\tlrh_reply_size: 40\n");
    }
}
