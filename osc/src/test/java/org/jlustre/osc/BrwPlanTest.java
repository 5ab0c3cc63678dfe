package org.jlustre.osc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How reads and writes become BRW RPCs and niobufs (osc_cache.c extents, {@code can_merge_pages}). */
class BrwPlanTest {

    private static final int MIB = 1 << 20;

    private static MemorySegment filled(long n, int seed) {
        MemorySegment s = Arena.ofAuto().allocate(n);
        for (long i = 0; i < n; i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + seed));
        }
        return s;
    }

    private static long fragBytes(BrwPlan.Rpc r) {
        return r.fragments().stream().mapToLong(MemorySegment::byteSize).sum();
    }

    @Test
    void anAlignedRangeIsOneNiobufPerRpcOfBrwSize() {
        MemorySegment data = filled(8L * MIB + 4096, 1);
        BrwPlan p = BrwPlan.of(List.of(new IoExtent(0, data)), 4 * MIB);
        assertThat(p.rpcs()).hasSize(3);
        BrwPlan.Rpc r0 = p.rpcs().get(0);
        assertThat(r0.offsets()).containsExactly(0L);
        assertThat(r0.lengths()).containsExactly(4 * MIB);
        assertThat(r0.pages()).isEqualTo(1024);
        assertThat(r0.bytes()).isEqualTo(4L * MIB);
        assertThat(r0.fragments()).hasSize(1);
        assertThat(p.rpcs().get(1).offsets()).containsExactly(4L * MIB);
        assertThat(p.rpcs().get(2).offsets()).containsExactly(8L * MIB);
        assertThat(p.rpcs().get(2).lengths()).containsExactly(4096);
        assertThat(p.bytes()).isEqualTo(8L * MIB + 4096);
        // the fragments are the caller's memory, not copies
        assertThat(p.rpcs().get(1).fragments().get(0).address()).isEqualTo(data.address() + 4L * MIB);
    }

    @Test
    void anUnalignedRangeIsCutIntoPagesAndMergedBack() {
        BrwPlan p = BrwPlan.of(List.of(new IoExtent(1000, filled(10000, 2))), 4 * MIB);
        assertThat(p.rpcs()).hasSize(1);
        BrwPlan.Rpc r = p.rpcs().getFirst();
        assertThat(r.offsets()).containsExactly(1000L);
        assertThat(r.lengths()).containsExactly(10000);
        // [1000, 4096), [4096, 8192), [8192, 11000)
        assertThat(r.pages()).isEqualTo(3);
        assertThat(r.start()).isEqualTo(1000);
        assertThat(r.end()).isEqualTo(11000);
    }

    @Test
    void anRpcNeverCrossesABrwSizeBoundaryOfTheObject() {
        BrwPlan p = BrwPlan.of(List.of(new IoExtent(4L * MIB - 100, filled(200, 3))), 4 * MIB);
        assertThat(p.rpcs()).hasSize(2);
        assertThat(p.rpcs().get(0).offsets()).containsExactly(4L * MIB - 100);
        assertThat(p.rpcs().get(0).lengths()).containsExactly(100);
        assertThat(p.rpcs().get(1).offsets()).containsExactly(4L * MIB);
        assertThat(p.rpcs().get(1).lengths()).containsExactly(100);
        // the second fragment starts where the first ended in the caller's memory
        MemorySegment f0 = p.rpcs().get(0).fragments().getFirst();
        MemorySegment f1 = p.rpcs().get(1).fragments().getFirst();
        assertThat(f1.address()).isEqualTo(f0.address() + 100);
    }

    @Test
    void sparseExtentsGiveOneNiobufEachInOffsetOrder() {
        List<IoExtent> ext = List.of(new IoExtent(100000, filled(5, 4)), new IoExtent(0, filled(10, 5)),
                new IoExtent(8192, filled(10, 6)));
        BrwPlan p = BrwPlan.of(ext, 4 * MIB);
        assertThat(p.rpcs()).hasSize(1);
        BrwPlan.Rpc r = p.rpcs().getFirst();
        assertThat(r.offsets()).containsExactly(0L, 8192L, 100000L);
        assertThat(r.lengths()).containsExactly(10, 10, 5);
        assertThat(r.pages()).isEqualTo(3);
        assertThat(r.fragments()).hasSize(3);
        assertThat(fragBytes(r)).isEqualTo(25);
        assertThat(r.fragments().get(2).get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 4);
    }

    @Test
    void extentsThatTouchMergeIntoOneNiobufOverTwoFragments() {
        MemorySegment a = filled(4096, 7);
        MemorySegment b = filled(5000, 8);
        BrwPlan p = BrwPlan.of(List.of(new IoExtent(4096, b), new IoExtent(0, a)), 4 * MIB);
        BrwPlan.Rpc r = p.rpcs().getFirst();
        assertThat(r.offsets()).containsExactly(0L);
        assertThat(r.lengths()).containsExactly(9096);
        assertThat(r.fragments()).hasSize(2);
        assertThat(r.fragments().get(0).address()).isEqualTo(a.address());
        assertThat(r.fragments().get(1).byteSize()).isEqualTo(5000);
    }

    @Test
    void smallBrwSizesCapThePagesPerRpc() {
        BrwPlan p = BrwPlan.of(List.of(new IoExtent(0, filled(10 * 4096 + 1, 9))), 4 * 4096);
        assertThat(p.rpcs()).extracting(BrwPlan.Rpc::pages).containsExactly(4, 4, 3);
        assertThat(p.rpcs()).extracting(BrwPlan.Rpc::bytes).containsExactly(16384L, 16384L, 8193L);
    }

    @Test
    void overlappingExtentsAreRefusedNamingBoth() {
        assertThatThrownBy(() -> BrwPlan.of(List.of(new IoExtent(0, filled(100, 1)), new IoExtent(50, filled(10, 2))),
                4 * MIB)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 100)")
                .hasMessageContaining("[50, 60)");
        assertThatThrownBy(() -> BrwPlan.of(List.of(new IoExtent(0, filled(1, 1))), 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
        assertThatThrownBy(() -> new IoExtent(-1, filled(1, 1))).hasMessageContaining("-1");
        assertThatThrownBy(() -> new IoExtent(Long.MAX_VALUE - 2, filled(5, 1))).hasMessageContaining("past");
    }

    @Test
    void emptyExtentsMakeNoRpc() {
        assertThat(BrwPlan.of(List.of(new IoExtent(10, MemorySegment.ofArray(new byte[0]))), 4 * MIB).rpcs()).isEmpty();
    }
}
