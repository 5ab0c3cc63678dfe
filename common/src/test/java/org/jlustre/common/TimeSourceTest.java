package org.jlustre.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link TimeSource}: the manual clock tests use, and the system clock. */
class TimeSourceTest {

    @Test
    void manualSourceStartsWhereToldOnBothClocks() {
        TimeSource.Manual t = TimeSource.manual(1_700_000_000_123_456_789L);
        assertThat(t.realNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(t.monotonicNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(t.realSeconds()).isEqualTo(1_700_000_000L);
    }

    @Test
    void manualSourceMovesOnlyWhenAdvanced() {
        TimeSource.Manual t = TimeSource.manual(0);
        assertThat(t.realNanos()).isZero();
        assertThat(t.realNanos()).isZero();
        t.advance(1500, TimeUnit.MILLISECONDS);
        assertThat(t.realNanos()).isEqualTo(1_500_000_000L);
        assertThat(t.monotonicNanos()).isEqualTo(1_500_000_000L);
        assertThat(t.realSeconds()).isEqualTo(1L);
        t.advance(3, TimeUnit.NANOSECONDS);
        t.advance(0, TimeUnit.DAYS);
        assertThat(t.realNanos()).isEqualTo(1_500_000_003L);
    }

    @Test
    void manualSourceRejectsGoingBackwardsNamingTheAmount() {
        TimeSource.Manual t = TimeSource.manual(10);
        assertThatThrownBy(() -> t.advance(-1, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1").hasMessageContaining("SECONDS");
        assertThat(t.realNanos()).isEqualTo(10);
    }

    @Test
    void realSecondsRoundsTowardsNegativeInfinity() {
        assertThat(TimeSource.manual(-1).realSeconds()).isEqualTo(-1L);
        assertThat(TimeSource.manual(999_999_999L).realSeconds()).isZero();
    }

    @Test
    void systemSourceFollowsTheWallClockAndMonotonicNeverGoesBack() {
        TimeSource s = TimeSource.system();
        long wallMillis = System.currentTimeMillis();
        assertThat(s.realNanos() / 1_000_000L).isBetween(wallMillis - 5_000, wallMillis + 5_000);
        long a = s.monotonicNanos();
        long b = s.monotonicNanos();
        assertThat(b).isGreaterThanOrEqualTo(a);
        assertThat(TimeSource.system()).isSameAs(s);
    }
}
