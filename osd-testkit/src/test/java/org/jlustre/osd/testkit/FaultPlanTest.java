package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.jlustre.common.Errno;
import org.jlustre.osd.UpdateType;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void noneInjectsNothing() {
        assertThat(FaultPlan.none().isEmpty()).isTrue();
    }

    @Test
    void builderCollectsOperationsAndTrigger() {
        FaultPlan plan = FaultPlan.builder().onUpdates(UpdateType.WRITE, UpdateType.PUNCH).onStart().onRead()
                .errno(Errno.ENOSPC).everyNth(3).build();
        assertThat(plan.updates()).containsExactlyInAnyOrder(UpdateType.WRITE, UpdateType.PUNCH);
        assertThat(plan.onStart()).isTrue();
        assertThat(plan.onRead()).isTrue();
        assertThat(plan.errno()).isEqualTo(Errno.ENOSPC);
        assertThat(plan.everyNth()).isEqualTo(3);
        assertThat(plan.isEmpty()).isFalse();
    }

    @Test
    void probabilityTakesItsSeedFromTheGenerator() {
        FaultPlan a = FaultPlan.builder().onStart().probability(0.25, new SplittableRandom(9)).build();
        FaultPlan b = FaultPlan.builder().onStart().probability(0.25, new SplittableRandom(9)).build();
        assertThat(a).isEqualTo(b);
        assertThat(a.everyNth()).isZero();
        assertThat(a.probability()).isEqualTo(0.25);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> FaultPlan.builder().everyNth(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> FaultPlan.builder().probability(1.5, new SplittableRandom(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    }
}
