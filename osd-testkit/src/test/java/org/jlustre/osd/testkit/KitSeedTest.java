package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KitSeed.class)
class KitSeedTest {

    @Test
    void parsesHexAndDecimal() {
        assertThat(KitSeed.parseSeed("0x1234")).isEqualTo(0x1234);
        assertThat(KitSeed.parseSeed("0XfF")).isEqualTo(255);
        assertThat(KitSeed.parseSeed("4660")).isEqualTo(4660);
        assertThat(KitSeed.parseSeed("-7")).isEqualTo(-7);
        assertThat(KitSeed.parseSeed("0xffffffffffffffff")).isEqualTo(-1L);
    }

    @Test
    void rejectsGarbageNamingIt() {
        assertThatThrownBy(() -> KitSeed.parseSeed("0xzz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0xzz");
        assertThatThrownBy(() -> KitSeed.parseSeed("seed")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describedSeedsParseBack() {
        for (long seed : new long[] {0, 1, -1, Long.MIN_VALUE, 0x1234_5678_9abc_def0L}) {
            String line = KitSeed.describe(seed);
            assertThat(line).startsWith("seed=0x").contains("-Dtests.seed=0x");
            String printed = line.substring("seed=".length(), line.indexOf(' '));
            assertThat(KitSeed.parseSeed(printed)).isEqualTo(seed);
        }
    }

    @Test
    void injectsSeededGenerators(RandomGenerator random, SplittableRandom split) {
        assertThat(random).isNotNull();
        assertThat(split).isNotNull();
        assertThat(random.nextLong()).as("one seed per test").isEqualTo(split.nextLong());
    }
}
