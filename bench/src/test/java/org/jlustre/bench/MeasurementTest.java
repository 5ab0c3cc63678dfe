package org.jlustre.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void medianAndSpreadOfOddAndEvenCounts() {
        assertThat(Measurement.of(5, 1, 3)).isEqualTo(new Measurement(3, 1, 5));
        assertThat(Measurement.of(4, 1, 3, 10)).isEqualTo(new Measurement(3.5, 1, 10));
        assertThat(Measurement.exactly(2)).isEqualTo(new Measurement(2, 2, 2));
    }

    @Test
    void scalesEveryValue() {
        assertThat(Measurement.of(1, 2, 3).scaled(2)).isEqualTo(new Measurement(4, 2, 6));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(Measurement::of).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Measurement(5, 1, 3)).hasMessageContaining("5.0 is not within 1.0..3.0");
        assertThatThrownBy(() -> Measurement.exactly(1).scaled(0)).hasMessageContaining("positive");
    }
}
