package org.jlustre.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BenchArgumentsTest {

    @Test
    void parsesSuiteAndOptionsInAnyOrder() {
        assertThat(BenchArguments.parse("osd")).isEqualTo(new BenchArguments("osd", false, null));
        assertThat(BenchArguments.parse("osd", "--json", "r.json", "--quick"))
                .isEqualTo(new BenchArguments("osd", true, Path.of("r.json")));
        assertThat(BenchArguments.parse("osd", "--quick").length()).isEqualTo(RunLength.QUICK);
        assertThat(BenchArguments.parse("osd").length()).isEqualTo(RunLength.FULL);
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        assertThatThrownBy(BenchArguments::parse).hasMessage("no suite given");
        assertThatThrownBy(() -> BenchArguments.parse("--quick", "osd")).hasMessageContaining("suite comes first");
        assertThatThrownBy(() -> BenchArguments.parse("osd", "--json")).hasMessage("--json needs a file name");
        assertThatThrownBy(() -> BenchArguments.parse("osd", "--quick", "--quick")).hasMessage("--quick given twice");
        assertThatThrownBy(() -> BenchArguments.parse("osd", "--fast")).hasMessage("unknown option --fast");
        assertThatThrownBy(() -> BenchArguments.parse("osd", "llog")).hasMessage("unexpected argument llog");
    }

    @Test
    void mainExitsWithTwoOnBadArgumentsAndUnknownSuitesWithoutRunningAnything() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            assertThat(BenchMain.run(new String[] {"osd", "--fast"}, o, e)).isEqualTo(2);
            assertThat(BenchMain.run(new String[] {"nfs", "--quick"}, o, e)).isEqualTo(2);
            assertThat(BenchMain.run(new String[] {"--help"}, o, e)).isZero();
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown option --fast", BenchArguments.USAGE, "unknown suite 'nfs'; known suites: osd, llog");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(BenchArguments.USAGE, "osd  ");
    }

    /** The {@code jlustre} script's header and the README name the suites {@code --help} lists, in its order. */
    @Test
    void theScriptHeaderAndTheReadmeListEverySuite() throws Exception {
        String suites = "bench " + BenchMain.SUITES.stream().map(Suite::name).collect(Collectors.joining("|")) + " ";
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(Files.readAllLines(root.resolve("jlustre"))).filteredOn(l -> l.startsWith("#   ./jlustre bench"))
                .singleElement().asString().contains(suites);
        assertThat(Files.readAllLines(root.resolve("README.md"))).filteredOn(l -> l.startsWith("* `./jlustre bench"))
                .singleElement().asString().contains(suites);
    }
}
