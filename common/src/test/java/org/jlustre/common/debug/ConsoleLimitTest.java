package org.jlustre.common.debug;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A repeated console message prints at once, then at growing intervals (libcfs_debug_msg's
 * cfs_debug_limit_state: 0.5 s doubling up to 600 s), counting what it skipped, and starts
 * short again after a long quiet.
 */
class ConsoleLimitTest {

    private static final long MS = 1_000_000L;

    @Test
    void aMessageEveryTenthOfASecondPrintsAtDoublingIntervals() {
        ConsoleLimit limit = new ConsoleLimit();
        List<Long> printedAtMs = new ArrayList<>();
        List<Integer> skippedBefore = new ArrayList<>();
        for (long t = 0; t <= 70_000; t += 100) {
            if (limit.allow(t * MS)) {
                printedAtMs.add(t);
                skippedBefore.add(limit.takeSkipped());
            }
        }
        // delays 0.5, 1, 2, 4, 8, 16, 32 s after each print
        assertThat(printedAtMs).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15_500L, 31_500L, 63_500L);
        assertThat(skippedBefore).containsExactly(0, 4, 9, 19, 39, 79, 159, 319);
    }

    @Test
    void theDelayStopsAtTenMinutesAndShrinksAfterALongQuiet() {
        ConsoleLimit limit = new ConsoleLimit();
        long t = 0;
        long last = 0;
        for (int i = 0; i < 20; i++) {
            while (!limit.allow(t)) {
                t += 100 * MS;
            }
            assertThat(t - last).isLessThanOrEqualTo(ConsoleLimit.MAX_DELAY_NANOS + 100 * MS);
            last = t;
            t += 100 * MS;
        }
        assertThat(limit.allow(t)).as("within the 600 s delay").isFalse();
        // quiet for the maximum delay and 10 s past when it could print: the delay shrinks to 600 s / 8
        long later = last + 2 * ConsoleLimit.MAX_DELAY_NANOS + 11_000 * MS;
        assertThat(limit.allow(later)).isTrue();
        assertThat(limit.allow(later + 70_000 * MS)).as("within the 75 s delay").isFalse();
        assertThat(limit.allow(later + 80_000 * MS)).isTrue();
    }

    @Test
    void resetStartsAgainFromTheFirstMessage() {
        ConsoleLimit limit = new ConsoleLimit();
        assertThat(limit.allow(0)).isTrue();
        assertThat(limit.allow(100 * MS)).isFalse();
        limit.reset();
        assertThat(limit.allow(200 * MS)).isTrue();
        assertThat(limit.takeSkipped()).isZero();
    }
}
