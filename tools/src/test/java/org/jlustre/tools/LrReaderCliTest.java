package org.jlustre.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jlustre.common.Libcfs;
import org.jlustre.testdata.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jlustre lr_reader}, run in-process on the files real Lustre servers wrote, against lr_reader's output. */
class LrReaderCliTest {

    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void setUp() {
        out = new StringWriter();
        err = new StringWriter();
    }

    private int run(String... args) {
        return Main.commandLine(Libcfs.create(), new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private static String expected(String dir) throws IOException {
        return new String(Files.readAllBytes(TestData.lustreReal(dir + "/last_rcvd.lr_reader.txt")),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void mdtWithClientsAndReplyData() throws IOException {
        Path lr = TestData.lustreReal("disk2_9-ldiskfs-mdt/last_rcvd");
        assertThat(run("lr_reader", "-c", "-r", "-C", lr.toString(), "-R", lr.resolveSibling("reply_data").toString()))
                .isZero();
        assertThat(out.toString()).isEqualTo(expected("disk2_9-ldiskfs-mdt"));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void ostWithClientsInGetoptsOtherSpellings() throws IOException {
        Path lr = TestData.lustreReal("disk2_9-ldiskfs-ost/last_rcvd");
        assertThat(run("lr_reader", "-cC" + lr)).isZero();
        assertThat(out.toString()).isEqualTo(expected("disk2_9-ldiskfs-ost"));
        out.getBuffer().setLength(0);
        assertThat(run("lr_reader", "--client", "--last_rcvd=" + lr)).isZero();
        assertThat(out.toString()).isEqualTo(expected("disk2_9-ldiskfs-ost"));
    }

    @Test
    void usageForHelpBadOptionsAndADeviceWithoutFiles() {
        for (String[] args : new String[][] {{"lr_reader", "-h"}, {"lr_reader", "-x"}, {"lr_reader", "-c"},
            {"lr_reader", "-C"}}) {
            out.getBuffer().setLength(0);
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(255);
            assertThat(out.toString()).startsWith("Usage: lr_reader [OPTIONS] devicename\n")
                    .contains("\t-R FILE, --reply_data=FILE, specify FILE as input for reply information\n");
        }
        err.getBuffer().setLength(0);
        run("lr_reader", "-cx");
        assertThat(err.toString()).isEqualTo("lr_reader: invalid option -- 'x'\n");
        err.getBuffer().setLength(0);
        run("lr_reader", "-r", "-R");
        assertThat(err.toString()).isEqualTo("lr_reader: option requires an argument -- 'R'\n");
        err.getBuffer().setLength(0);
        run("lr_reader", "--reply_data");
        assertThat(err.toString()).isEqualTo("lr_reader: option '--reply_data' requires an argument\n");
        err.getBuffer().setLength(0);
        run("lr_reader", "--client=yes");
        assertThat(err.toString()).isEqualTo("lr_reader: option '--client' doesn't allow an argument\n");
        err.getBuffer().setLength(0);
        assertThat(run("lr_reader", "--help")).isEqualTo(255);
        assertThat(err.toString()).isEmpty();
        run("lr_reader", "--nosuch");
        assertThat(err.toString()).isEqualTo("lr_reader: unrecognized option '--nosuch'\n");
        err.getBuffer().setLength(0);
        assertThat(run("lr_reader", "-c", "/dev/sdb")).isEqualTo(22);
        assertThat(err.toString()).contains("'jlustre osd dump'");
    }

    @Test
    void aMissingFileIsEnoent(@TempDir Path tmp) {
        assertThat(run("lr_reader", "-C", tmp.resolve("nosuch").toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("lr_reader: Can't open last_rcvd: No such file or directory\n");
    }
}
