package org.jlustre.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientSuiteTest {

    private static List<Measurement> numbered(int n, double base) {
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Measurement.exactly(base + i));
        }
        return out;
    }

    @Test
    void rowsPairTheClientWithJimfsOfTheSameThreadsAndCarryTheIssueTargets() {
        // ref: 2 thread counts x 4 operations, then write/read per thread count; tcp: the same
        // survey, then write/read per thread count and stripe count
        List<Measurement> ref = numbered(8 + 4, 1_000);
        List<Measurement> tcp = numbered(8 + 8, 0);
        tcp.set(4, Measurement.exactly(31_000));
        tcp.set(8 + 6, Measurement.exactly(1.4));
        List<Figure> f = ClientSuite.figures(ref, tcp);
        assertThat(f).hasSize(8 + 8);
        assertThat(f.get(0).name()).isEqualTo("create, 1 directory, 1 thread, client API over tcp");
        assertThat(f.get(0).reference()).isEqualTo("jimfs create, 1 directory, 1 thread");
        assertThat(f.get(0).status()).isEqualTo(Figure.Status.REPORT);
        assertThat(f.get(4).name()).isEqualTo("create, 1 directory, 8 threads, client API over tcp");
        assertThat(f.get(4).referenceValue().median()).isEqualTo(1_004);
        assertThat(f.get(4).status()).isEqualTo(Figure.Status.MET);
        assertThat(f.get(8).name()).isEqualTo("1 MiB writes, 1 thread, stripe count 1, client API over tcp");
        assertThat(f.get(8).unit()).isEqualTo("GB/s");
        assertThat(f.get(8).referenceValue().median()).isEqualTo(1_008);
        assertThat(f.get(11).name()).isEqualTo("1 MiB reads, 1 thread, stripe count 2, client API over tcp");
        assertThat(f.get(11).referenceValue().median()).isEqualTo(1_009);
        Figure write8 = f.get(14);
        assertThat(write8.name()).isEqualTo("1 MiB writes, 8 threads, stripe count 2, client API over tcp");
        assertThat(write8.referenceValue().median()).isEqualTo(1_010);
        assertThat(write8.status()).isEqualTo(Figure.Status.MISSED);
    }

    @Test
    void aPartWithTheWrongCountIsRefused() {
        assertThatThrownBy(() -> ClientSuite.figures(numbered(3, 0), numbered(16, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
    }
}
