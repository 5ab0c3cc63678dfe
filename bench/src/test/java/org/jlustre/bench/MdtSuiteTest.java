package org.jlustre.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.junit.jupiter.api.Test;

/**
 * The mdt suite without judging any speed: its rows, references and targets from given
 * measurements, its JSON, its registration and arguments, and the survey really making,
 * finding and removing files on both MDT paths and on Jimfs, so the benchmark cannot count
 * operations that fail.
 */
class MdtSuiteTest {

    /** {@code n} measurements 1, 2, 3, ... so each row can be traced to its slot. */
    static List<Measurement> numbered(int n, double base) {
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Measurement.exactly(base + i));
        }
        return out;
    }

    @Test
    void rowsPairEachShapeWithJimfsOfTheSameShapeAndCarryTheIssueTargets() {
        List<Measurement> ref = numbered(17, 1_000);
        ref.set(16, Measurement.exactly(505)); // jimfs heap per file
        List<Measurement> local = numbered(9, 100);
        local.set(0, Measurement.exactly(480)); // mdt heap per file: met
        local.set(1, Measurement.exactly(250_000)); // in-process creates, 1 directory: met
        local.set(5, Measurement.exactly(150_000)); // in-process creates, 100 directories: missed
        List<Measurement> tcp = numbered(16, 10);
        tcp.set(8, Measurement.exactly(31_000)); // creates, 8 threads, 1 directory: met
        tcp.set(9, Measurement.exactly(59_000)); // stats, 8 threads, 1 directory: missed
        tcp.set(12, Measurement.exactly(29_000)); // creates, 8 threads, 100 directories: missed
        tcp.set(13, Measurement.exactly(61_000)); // stats, 8 threads, 100 directories: met
        List<Figure> f = MdtSuite.figures(ref, local, tcp);
        assertThat(f).hasSize(8 + 16 + 1);
        assertThat(f.get(0).name()).isEqualTo("create, 1 directory, 1 thread, in-process");
        assertThat(f.get(0).reference()).isEqualTo("jimfs create, 1 directory, 1 thread");
        assertThat(f.get(0).referenceValue().median()).isEqualTo(1_000);
        assertThat(f.get(0).status()).isEqualTo(Figure.Status.MET);
        assertThat(f.get(0).unit()).isEqualTo("ops/s");
        assertThat(f.get(1).name()).isEqualTo("stat, 1 directory, 1 thread, in-process");
        assertThat(f.get(1).status()).isEqualTo(Figure.Status.REPORT);
        assertThat(f.get(4).name()).isEqualTo("create, 100 directories, 1 thread, in-process");
        assertThat(f.get(4).referenceValue().median()).isEqualTo(1_004);
        assertThat(f.get(4).status()).isEqualTo(Figure.Status.MISSED);
        assertThat(f.get(7).name()).isEqualTo("unlink, 100 directories, 1 thread, in-process");
        assertThat(f.get(7).value().median()).isEqualTo(108);
        // tcp, one thread: no target
        assertThat(f.get(8).name()).isEqualTo("create, 1 directory, 1 thread, tcp");
        assertThat(f.get(8).value().median()).isEqualTo(10);
        assertThat(f.get(8).status()).isEqualTo(Figure.Status.REPORT);
        // tcp, eight threads, against jimfs with eight threads
        Figure create8 = f.get(16);
        assertThat(create8.name()).isEqualTo("create, 1 directory, 8 threads, tcp");
        assertThat(create8.reference()).isEqualTo("jimfs create, 1 directory, 8 threads");
        assertThat(create8.referenceValue().median()).isEqualTo(1_008);
        assertThat(create8.status()).isEqualTo(Figure.Status.MET);
        assertThat(create8.targetText()).isEqualTo(">= 3e4 ops/s");
        assertThat(f.get(17).name()).isEqualTo("stat, 1 directory, 8 threads, tcp");
        assertThat(f.get(17).status()).isEqualTo(Figure.Status.MISSED);
        assertThat(f.get(17).targetText()).isEqualTo(">= 6e4 ops/s");
        assertThat(f.get(18).status()).isEqualTo(Figure.Status.REPORT); // lookups
        assertThat(f.get(20).status()).isEqualTo(Figure.Status.MISSED);
        assertThat(f.get(21).status()).isEqualTo(Figure.Status.MET);
        assertThat(f.get(23).name()).isEqualTo("unlink, 100 directories, 8 threads, tcp");
        assertThat(f.get(23).referenceValue().median()).isEqualTo(1_015);
        Figure heap = f.get(24);
        assertThat(heap.unit()).isEqualTo("bytes");
        assertThat(heap.value().median()).isEqualTo(480);
        assertThat(heap.referenceValue().median()).isEqualTo(505);
        assertThat(heap.status()).isEqualTo(Figure.Status.MET);
        assertThat(heap.targetText()).isEqualTo("<= 512 bytes");
    }

    @Test
    void aPartWithTheWrongNumberOfMeasurementsIsRejectedByName() {
        assertThatThrownBy(() -> MdtSuite.figures(numbered(17, 1), numbered(8, 1), numbered(16, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the in-process part gave 8 measurements, expected 9");
        assertThatThrownBy(() -> MdtSuite.figures(numbered(17, 1), numbered(9, 1), numbered(17, 1)))
                .hasMessage("the tcp part gave 17 measurements, expected 16");
    }

    @Test
    void jsonNamesEveryRowWithItsStatus() {
        List<Measurement> ref = numbered(17, 1_000);
        List<Figure> f = MdtSuite.figures(ref, numbered(9, 400), numbered(16, 10));
        String json = new BenchReport("mdt", "quick", f).json();
        assertThat(json).startsWith("{\"suite\": \"mdt\", \"figures\": [")
                .contains("{\"name\": \"create, 1 directory, 1 thread, in-process\", \"value\": 401, "
                        + "\"unit\": \"ops/s\", \"reference\": \"jimfs create, 1 directory, 1 thread\", "
                        + "\"reference_value\": 1000, ")
                .contains("\"target\": \">= 2e5 ops/s\"", "\"status\": \"missed\"", "\"status\": \"report\"")
                .contains("\"name\": \"heap per empty file on the MDT (object, entry, LMA, LinkEA)\", \"value\": 400, "
                        + "\"unit\": \"bytes\"");
        assertThat(json.lines().filter(l -> l.startsWith("  {\"name\": "))).hasSize(25);
    }

    @Test
    void theSuiteIsRegisteredAndTakesTheUsualArguments() {
        assertThat(BenchMain.SUITES).extracting(Suite::name).contains("mdt");
        BenchArguments a = BenchArguments.parse("mdt", "--json", "out.json", "--quick");
        assertThat(a.suite()).isEqualTo("mdt");
        assertThat(a.quick()).isTrue();
        assertThat(a.json()).hasToString("out.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            assertThat(BenchMain.run(new String[] {"mdt", "--json"}, o, e)).isEqualTo(2);
            assertThat(BenchMain.run(new String[] {"--help"}, o, e)).isZero();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--json needs a file name");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("  mdt  MDT creates, stats, lookups and unlinks");
    }

    @Test
    void bothPathsCreateStatLookUpAndUnlinkFiles() throws Exception {
        for (MdtFixture.Path path : MdtFixture.Path.values()) {
            try (MdtFixture f = new MdtFixture(path)) {
                MdsSurvey.Namespace<Fid> ns = f.namespace(3);
                Fid a = ns.create(2, "f5");
                assertThat(a.isNormal()).as(path.name()).isTrue();
                ns.stat(a);
                ns.lookup(2, "f5");
                assertThatThrownBy(() -> ns.lookup(1, "f5")).as(path.name()).isInstanceOfSatisfying(
                        LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
                ns.unlink(2, "f5");
                assertThatThrownBy(() -> ns.lookup(2, "f5")).as(path.name()).isInstanceOfSatisfying(
                        LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
                assertThatThrownBy(() -> ns.stat(a)).as(path.name()).isInstanceOf(LustreException.class);
                // a second namespace gets directories of its own
                MdsSurvey.Namespace<Fid> other = f.namespace(1);
                other.create(0, "f5");
                other.lookup(0, "f5");
            }
        }
    }

    @Test
    void aSurveyRoundLeavesItsDirectoriesEmptyAndCountsEveryOperation() throws Exception {
        RunLength one = new RunLength(0, 1, 1);
        try (MdtFixture f = new MdtFixture(MdtFixture.Path.LOCAL)) {
            MdsSurvey.Namespace<Fid> ns = f.namespace(2);
            List<Measurement> m = MdsSurvey.run(one, ns, 2, 2);
            assertThat(m).hasSize(4);
            assertThat(m).allSatisfy(x -> assertThat(x.median()).isPositive());
            // every file unlinked: f0 and f1 (the first of each thread) are gone
            assertThatThrownBy(() -> ns.lookup(0, "f0")).isInstanceOf(LustreException.class);
            assertThatThrownBy(() -> ns.lookup(1, "f1")).isInstanceOf(LustreException.class);
        }
        try (JimfsNamespace jimfs = new JimfsNamespace(2)) {
            assertThat(MdsSurvey.run(one, jimfs, 1, 2)).hasSize(4).allSatisfy(x -> assertThat(x.median()).isPositive());
            assertThatThrownBy(() -> jimfs.lookup(0, "f0")).isInstanceOf(java.nio.file.NoSuchFileException.class);
        }
    }

    @Test
    void aFailingOperationStopsTheSurveyWithItsCause() {
        MdsSurvey.Namespace<String> broken = new MdsSurvey.Namespace<>() {
            @Override
            public String create(int dir, String name) throws LustreException {
                throw new LustreException(Errno.ENOSPC, "no room for " + name);
            }

            @Override
            public void stat(String file) {
            }

            @Override
            public void lookup(int dir, String name) {
            }

            @Override
            public void unlink(int dir, String name) {
            }
        };
        assertThatThrownBy(() -> MdsSurvey.run(new RunLength(0, 1, 1), broken, 2, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no room for f");
    }
}
