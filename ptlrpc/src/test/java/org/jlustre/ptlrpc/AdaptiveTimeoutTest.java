package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code at_measured} and friends (lustre/ptlrpc/import.c, lustre_import.h): the first value
 * replaces the default, the estimate is the worst of four 150-second bins, a value that changes
 * nothing is taken without the lock and leaves exactly what the locked path would.
 */
class AdaptiveTimeoutTest {

    private static final long T = 1_733_600_000L;

    @Test
    void theFirstValueReplacesTheDefaultThenTheWorstOfTheBinsCounts() {
        AdaptiveTimeout at = new AdaptiveTimeout(10, 0, T);
        assertThat(at.get()).as("scp_at_estimate starts at 10").isEqualTo(10);
        assertThat(at.measured(1, T)).as("the old estimate is reported").isEqualTo(10);
        assertThat(at.get()).as("special case to remove default from history").isEqualTo(1);
        assertThat(at.measured(3, T + 1)).isEqualTo(1);
        assertThat(at.measured(1, T + 2)).as("no change").isZero();
        assertThat(at.get()).as("the worst of bin 0").isEqualTo(3);
        at.measured(2, T + 151);
        assertThat(at.get()).as("a bin later the 3 is in bin 1").isEqualTo(3);
        at.measured(1, T + 460);
        assertThat(at.get()).as("bin 3 still holds it").isEqualTo(3);
        at.measured(1, T + 610);
        assertThat(at.get()).as("600 s of history: the 3 has gone, the 2 (bin 3) not").isEqualTo(2);
        at.measured(1, T + 2000);
        assertThat(at.get()).as("everything old gone").isEqualTo(1);
        assertThat(at.render("service", T + 2005)).isEqualTo(
                "   service : cur   1  worst   3 (at " + (T + 1) + ", 2004s ago)   1   0   0   0 \n");
    }

    @Test
    void withoutHistoryOnlyTheLastValueCounts() {
        AdaptiveTimeout at = new AdaptiveTimeout(5, AdaptiveTimeout.NO_HISTORY, T);
        at.measured(1, T);
        assertThat(at.get()).isEqualTo(1);
        at.measured(20, T + 1);
        assertThat(at.get()).isEqualTo(20);
        at.measured(2, T + 2);
        assertThat(at.get()).as("AT_FLG_NOHIST: the last reported value").isEqualTo(2);
        at.measured(2, T + 3);
        assertThat(at.get()).isEqualTo(2);
    }

    @Test
    void zeroAndNegativeValuesAreIgnoredAndAtMaxCaps() {
        AdaptiveTimeout at = new AdaptiveTimeout(10, 0, T);
        assertThat(at.measured(0, T)).isZero();
        assertThat(at.measured(-5, T)).isZero();
        assertThat(at.get()).as("0 could mean an error").isEqualTo(10);
        at.measured(5000, T);
        assertThat(at.get()).as("at_max").isEqualTo(AdaptiveTimeout.AT_MAX).isEqualTo(600);
    }

    @Test
    void theLockFreePathLeavesWhatTheLockedPathWould() {
        long seed = System.nanoTime();
        System.out.println("AdaptiveTimeoutTest seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int flags : new int[] {0, AdaptiveTimeout.NO_HISTORY}) {
            AdaptiveTimeout a = new AdaptiveTimeout(10, flags, T);
            long now = T;
            for (int i = 0; i < 20_000; i++) {
                now += rnd.nextInt(4) == 0 ? rnd.nextInt(200) : 0;
                int v = rnd.nextInt(12);
                int before = a.get();
                String hist = a.render("x", now);
                int changed = a.measured(v, now);
                // the fast path never skips a change: an unchanged estimate reports 0 and, where
                // the value could not have moved anything, the history is as it was
                if (changed == 0) {
                    assertThat(a.get()).as("seed %d step %d", seed, i).isEqualTo(before);
                } else {
                    assertThat(changed).as("seed %d step %d", seed, i).isEqualTo(before);
                }
                if (v <= 0) {
                    assertThat(a.render("x", now)).isEqualTo(hist);
                }
            }
        }
    }

    @Test
    void timeoutsAndEstimatesConvertAsLustreDoes() {
        assertThat(AdaptiveTimeout.estimateToTimeout(1)).as("a 2.15 MGS's 1 s: pb_timeout 6").isEqualTo(6);
        assertThat(AdaptiveTimeout.estimateToTimeout(5)).as("INITIAL_CONNECT_TIMEOUT").isEqualTo(11);
        assertThat(AdaptiveTimeout.estimateToTimeout(20)).isEqualTo(30);
        assertThat(AdaptiveTimeout.timeoutToEstimate(11)).as("the CONNECT's pb_service_time").isEqualTo(4);
        assertThat(AdaptiveTimeout.timeoutToEstimate(6)).isEqualTo(1);
        assertThatThrownBy(() -> AdaptiveTimeout.timeoutToEstimate(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
