package org.jlustre.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ost suite without timing anything: its rows and targets from given figures, and the
 * fixture's two paths moving the right bytes, so the benchmark cannot measure I/O that fails.
 */
class OstSuiteTest {

    private static List<Measurement> all(double v) {
        return new ArrayList<>(Collections.nCopies(8, Measurement.exactly(v)));
    }

    @Test
    void rowsCarryTheIssueTargets() {
        OstSuite.Refs refs = new OstSuite.Refs(Measurement.exactly(20), Measurement.exactly(10),
                Measurement.exactly(4e6), Measurement.exactly(4e6), Measurement.exactly(2), Measurement.exactly(2.5),
                Measurement.exactly(100_000));
        List<Measurement> local = all(9);
        local.set(1, Measurement.exactly(1)); // write 1 MiB, 8 objects: a report row
        List<Measurement> tcp = all(1.6);
        tcp.set(4, Measurement.exactly(60_000));
        tcp.set(5, Measurement.exactly(40_000)); // write 4 KiB, 8 objects: below 50,000/s
        List<Figure> f = OstSuite.figures(refs, local, tcp);
        assertThat(f).hasSize(16);
        assertThat(f.get(0).name()).isEqualTo("write 1 MiB, 1 object, in-process");
        assertThat(f.get(0).reference()).isEqualTo("MemorySegment.copy 1 MiB in");
        assertThat(f.get(0).status()).isEqualTo(Figure.Status.MISSED); // 9 / 20 = 0.45 < 0.5
        assertThat(f.get(0).ratio()).isEqualTo(0.45);
        assertThat(f.get(2).name()).isEqualTo("read 1 MiB, 1 object, in-process");
        assertThat(f.get(2).ratio()).isEqualTo(0.9);
        assertThat(f.get(2).status()).isEqualTo(Figure.Status.MET);
        assertThat(f.get(1).status()).isEqualTo(Figure.Status.REPORT);
        assertThat(f.get(4).unit()).isEqualTo("IO/s");
        assertThat(f.get(9).name()).isEqualTo("write 1 MiB, 8 objects, tcp, 8 in flight");
        assertThat(f.get(9).status()).isEqualTo(Figure.Status.MET);
        assertThat(f.get(11).name()).isEqualTo("read 1 MiB, 8 objects, tcp, 8 in flight");
        assertThat(f.get(11).status()).isEqualTo(Figure.Status.MISSED);
        assertThat(f.get(13).name()).isEqualTo("write 4 KiB, 8 objects, tcp, 8 in flight");
        assertThat(f.get(13).status()).isEqualTo(Figure.Status.MISSED);
        assertThat(f.get(13).reference()).isEqualTo("bench rpc ping, 8 in flight, tcp");
        assertThat(f.get(12).status()).isEqualTo(Figure.Status.REPORT);
        assertThat(BenchMain.SUITES).extracting(Suite::name).contains("ost");
    }

    @Test
    void bothPathsWriteAndReadTheBytes() throws Exception {
        for (OstFixture.Path path : OstFixture.Path.values()) {
            try (OstFixture f = new OstFixture(path, 2)) {
                MemorySegment out = f.buffer(OstSuite.MIB);
                for (long i = 0; i < out.byteSize(); i++) {
                    out.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 7));
                }
                MemorySegment in = f.buffer(OstSuite.MIB);
                if (path == OstFixture.Path.LOCAL) {
                    assertThat(f.localWrite(1, 4096, out)).isEqualTo(OstSuite.MIB);
                    assertThat(f.localRead(1, 4096, in)).isEqualTo(OstSuite.MIB);
                } else {
                    assertThat(f.write(1, 4096, out).join()).isEqualTo(OstSuite.MIB);
                    assertThat(f.read(1, 4096, in).join()).isEqualTo(OstSuite.MIB);
                }
                assertThat(in.mismatch(out)).as(path.name()).isEqualTo(-1);
            }
        }
    }
}
