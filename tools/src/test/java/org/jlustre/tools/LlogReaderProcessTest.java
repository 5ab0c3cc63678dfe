package org.jlustre.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import org.jlustre.llog.reader.LlogReader;
import org.jlustre.llog.reader.ObjectPaths;
import org.jlustre.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlustre llog_reader FILE} as a process, its stdout and stderr as a shell gives them:
 * strings print as the file's bytes ({@code printf("%s")}), and with both streams onto one file
 * ({@code >f 2>&1}) the lines come in the order llog_reader's line-buffered stdout
 * ({@code setlinebuf(stdout)} in its {@code main}) and unbuffered stderr put them.
 */
class LlogReaderProcessTest {

    private static byte[] realLlog() throws Exception {
        return Files.readAllBytes(TestData.lustreReal("disk2_9-ldiskfs-ost/CONFIGS_t32fs-OST0000"));
    }

    /** What the library, whose output model is llog_reader's, writes with both streams onto one sink. */
    private static byte[] expectedMerged(Path file) {
        ByteArrayOutputStream merged = new ByteArrayOutputStream();
        new LlogReader(ZoneOffset.UTC, ObjectPaths.of(file)).run(file.toString(), merged, merged);
        return merged.toByteArray();
    }

    private static int indexOf(byte[] hay, String needle) {
        return new String(hay, StandardCharsets.ISO_8859_1).indexOf(needle);
    }

    @Test
    void aByteThatIsNotUtf8PrintsAsThatByte(@TempDir Path tmp) throws Exception {
        byte[] b = realLlog();
        int at = indexOf(b, "obdfilter");
        assertThat(at).isPositive();
        b[at + 3] = (byte) 0xff; // "obd\xff\xc3lter": a byte that is never UTF-8, a lone lead byte
        b[at + 4] = (byte) 0xc3;
        Path file = Files.write(tmp.resolve("CONFIGS_bytes"), b);
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = JlustreProcess.run(JlustreProcess.builder(Map.of("TZ", "UTC", "LANG", "C", "LC_ALL", "C"),
                "llog_reader", file.toString()).redirectOutput(out.toFile()).redirectError(err.toFile()), 60);
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        byte[] stdout = Files.readAllBytes(out);
        byte[] expected = new LlogReader(ZoneOffset.UTC, ObjectPaths.of(file)).read(file).stdout();
        assertThat(indexOf(expected, "obd\u00ff\u00c3lter")).as("the library prints the bytes").isPositive();
        assertThat(stdout).isEqualTo(expected);
        assertThat(Files.size(err)).isZero();
    }

    @Test
    void withBothStreamsOntoOneFileTheLinesComeInLlogReadersOrder(@TempDir Path tmp) throws Exception {
        byte[] b = realLlog();
        b[9104 + 80 - 4] = 99; // record 6's tail index
        Path file = Files.write(tmp.resolve("CONFIGS_damaged"), b);
        File both = tmp.resolve("both").toFile();
        Process p = JlustreProcess.run(JlustreProcess.builder(Map.of("TZ", "UTC"), "llog_reader", file.toString())
                .redirectOutput(both).redirectErrorStream(true), 60);
        assertThat(p.exitValue()).isZero();
        byte[] merged = Files.readAllBytes(both.toPath());
        // llog_pack_buffer prints the record's error on stdout, then says the log is corrupted on
        // stderr; the header and records follow on stdout
        int recError = indexOf(merged, "error: rec #6 len=80 has tail #99 len=80\n");
        int corrupted = indexOf(merged, "llog_reader: The llog is corrupted, 1 errors found\n");
        int header = indexOf(merged, "Header size : 8192");
        assertThat(recError).isNotNegative();
        assertThat(corrupted).isGreaterThan(recError);
        assertThat(header).isGreaterThan(corrupted);
        assertThat(merged).isEqualTo(expectedMerged(file));
    }
}
