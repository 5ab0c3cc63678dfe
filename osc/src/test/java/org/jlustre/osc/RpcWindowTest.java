package org.jlustre.osc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code max_rpcs_in_flight}: at most that many started, the rest in order as slots free. */
class RpcWindowTest {

    @Test
    void startsAtMostMaxAndTheNextWhenOneFinishes() {
        RpcWindow w = new RpcWindow(2);
        List<CompletableFuture<Integer>> wire = new ArrayList<>();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(w.submit(() -> {
                CompletableFuture<Integer> f = new CompletableFuture<>();
                wire.add(f);
                return f;
            }));
        }
        assertThat(wire).hasSize(2);
        assertThat(w.inFlight()).isEqualTo(2);
        wire.get(1).complete(11);
        assertThat(results.get(1)).isCompletedWithValue(11);
        assertThat(wire).hasSize(3);
        wire.get(0).completeExceptionally(new IllegalStateException("lost"));
        assertThat(results.get(0)).isCompletedExceptionally();
        assertThat(wire).hasSize(4);
        w.max(3);
        assertThat(wire).hasSize(5);
        for (int i = 2; i < 5; i++) {
            wire.get(i).complete(i);
        }
        assertThat(w.inFlight()).isZero();
        assertThat(results.get(4)).isCompletedWithValue(4);
    }

    @Test
    void anRpcThatCannotStartFreesItsSlot() {
        RpcWindow w = new RpcWindow(1);
        CompletableFuture<Integer> bad = w.submit(() -> {
            throw new IllegalArgumentException("bad niobufs");
        });
        assertThat(bad).isCompletedExceptionally();
        assertThat(w.inFlight()).isZero();
        assertThat(w.submit(() -> CompletableFuture.completedFuture(7))).isCompletedWithValue(7);
    }
}
