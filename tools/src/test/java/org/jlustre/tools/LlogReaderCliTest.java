package org.jlustre.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.jlustre.common.Libcfs;
import org.jlustre.llog.reader.LlogReader;
import org.jlustre.llog.reader.ObjectPaths;
import org.jlustre.testdata.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jlustre llog_reader FILE}, run in-process on a real llog Lustre 2.9 wrote. */
class LlogReaderCliTest {

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

    private static Path realLlog() {
        return TestData.lustreReal("disk2_9-ldiskfs-ost/CONFIGS_t32fs-OST0000");
    }

    @Test
    void printsWhatLlogReaderPrints() throws IOException {
        Path llog = realLlog();
        assertThat(run("llog_reader", llog.toString())).isZero();
        assertThat(err.toString()).isEmpty();
        // the command reads TZ as llog_reader does; the library run with the same zone agrees
        String expected = new LlogReader(LlogReader.zoneFromTz(System.getenv("TZ")), ObjectPaths.LDISKFS).read(llog).out();
        assertThat(out.toString()).isEqualTo(expected);
        if (LlogReader.zoneFromTz(System.getenv("TZ")).normalized().equals(ZoneOffset.UTC)) {
            byte[] lustre = Files.readAllBytes(llog.resolveSibling(llog.getFileName() + ".llog_reader.txt"));
            assertThat(out.toString()).isEqualTo(new String(lustre, StandardCharsets.UTF_8));
        }
        assertThat(out.toString()).contains("#06 (080)set_timeout=20 \n");
    }

    @Test
    void aMissingFileIsEnoentAsMainReturnsIt(@TempDir Path tmp) {
        String missing = tmp.resolve("nosuch").toString();
        assertThat(run("llog_reader", missing)).isEqualTo(254);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("llog_reader: Could not open the file " + missing
                + ".: No such file or directory (2)\n");
    }

    @Test
    void aDamagedFileGetsItsComplaintsOnTheRightStreams(@TempDir Path tmp) throws IOException {
        byte[] b = Files.readAllBytes(realLlog());
        b[9104 + 80 - 4] = 99; // record 6's tail index
        Path damaged = Files.write(tmp.resolve("damaged"), b);
        assertThat(run("llog_reader", damaged.toString())).isZero();
        assertThat(out.toString()).contains("error: rec #6 len=80 has tail #99 len=80\n");
        assertThat(err.toString()).isEqualTo("llog_reader: The llog is corrupted, 1 errors found\n");
    }

    @Test
    void anythingButOneArgumentIsTheUsage() {
        assertThat(run("llog_reader")).isEqualTo(255);
        assertThat(out.toString()).isEqualTo("Usage: llog_reader filename\n");
        out.getBuffer().setLength(0);
        assertThat(run("llog_reader", "a", "b")).isEqualTo(255);
        assertThat(out.toString()).isEqualTo("Usage: llog_reader filename\n");
    }

    @Test
    void anOptionIsAFileNameToIt() {
        assertThat(run("llog_reader", "-h")).isEqualTo(254);
        assertThat(err.toString()).isEqualTo("llog_reader: Could not open the file -h.: No such file or directory (2)\n");
    }
}
