package org.jlustre.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void describesEachKind() {
        assertThat(Target.ratioAtLeast(1.5).andValueAtLeast(1e6).describe("ops/s")).isEqualTo(">= 1.5x and >= 1e6 ops/s");
        assertThat(Target.ratioAtLeast(0.6).describe("GB/s")).isEqualTo(">= 0.6x");
        assertThat(Target.valueAtMost(512).describe("bytes")).isEqualTo("<= 512 bytes");
        assertThat(Target.valueAtLeast(1e6).describe("records/s")).isEqualTo(">= 1e6 records/s");
        assertThat(Target.REPORT.describe("ops/s")).isEqualTo("report");
    }

    @Test
    void isMetOnlyWhenEveryBoundIs() {
        Target t = Target.ratioAtLeast(1.5).andValueAtLeast(1e6);
        assertThat(t.isMet(1.2e6, 1.5)).isTrue();
        assertThat(t.isMet(1.2e6, 1.49)).isFalse();
        assertThat(t.isMet(0.9e6, 2.0)).isFalse();
        assertThat(t.isMet(Double.NaN, 2.0)).isFalse();
        assertThat(Target.valueAtMost(512).isMet(512, 9)).isTrue();
        assertThat(Target.valueAtMost(512).isMet(513, 0.1)).isFalse();
        assertThat(Target.valueAtLeast(1e6).isMet(1e6, 0.1)).isTrue();
        assertThat(Target.valueAtLeast(1e6).isMet(0.99e6, 9)).isFalse();
        assertThat(Target.REPORT.isReport()).isTrue();
        assertThat(t.isReport()).isFalse();
    }
}
