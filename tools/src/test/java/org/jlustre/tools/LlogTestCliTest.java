package org.jlustre.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jlustre.common.Libcfs;
import org.jlustre.llog.reader.LlogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jlustre llog_test [--keep DIR]}: the whole suite from the command line. */
class LlogTestCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine(Libcfs.create(), new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void runsEveryTestAndKeepsTheLogs(@TempDir Path dir) throws IOException {
        Path keep = dir.resolve("kept");
        assertThat(run("llog_test", "--rand", "4660", "--keep", keep.toString(), "-v")).as(out.toString()).isZero();
        String text = out.toString();
        assertThat(text).startsWith("llog_test: osd-mem device llog_test-MGS0000, llog_test_rand 1234\n");
        List<String> lines = text.lines().filter(l -> l.startsWith("test ")).toList();
        assertThat(lines).hasSize(13);
        for (int n = 1; n <= 13; n++) {
            assertThat(lines.get(n - 1)).matches(String.format("test %2d: .* PASS \\(\\d+ ms\\)", n));
        }
        assertThat(text).contains("llog_test: 13 of 13 tests passed\n")
                .contains("  3a: write 1023 fixed-size llog records\n")
                .contains("  10g: llh_cat_idx has also successfully wrapped!\n");
        // the named logs carry llog_test_rand's names: 0x1235 is test 4's catalog
        assertThat(text).contains("  4a: create a catalog log with name: 1235\n");
        List<String> nineSub = text.lines().filter(l -> l.startsWith("  9_sub: record type ")).toList();
        assertThat(nineSub).hasSize(4);
        try (Stream<Path> files = Files.list(keep)) {
            List<Path> kept = files.toList();
            assertThat(kept).hasSizeGreaterThanOrEqualTo(15);
            for (String line : nineSub) {
                String fid = line.substring(line.lastIndexOf(' ') + 1);
                Path f = keep.resolve(fid);
                assertThat(f).exists();
                assertThat(LlogReader.defaults().read(f).out()).contains("Number of records: 1\t");
            }
        }
        assertThat(text).containsPattern("llog_test: kept \\d+ llogs in " + java.util.regex.Pattern.quote(keep.toString()));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void keepIntoAFileIsAClearError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        int rc = run("llog_test", "--rand", "1", "--keep", file.resolve("sub").toString());
        assertThat(rc).isEqualTo(5);
        assertThat(err.toString()).startsWith("error: llog_test: " + file.resolve("sub"));
        assertThat(out.toString()).contains("llog_test: 13 of 13 tests passed");
    }
}
