package org.jlustre.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The worked examples of lustre-reference-targets.md section 5 (lov_offset.c), and round trips. */
class Raid0Test {

    private static final long MIB = 1 << 20;
    private final Raid0 four = new Raid0(MIB, 4);

    @Test
    void offsetMapsToStripeAndObjectOffset() {
        assertThat(four.stripeOf(5_500_000)).isEqualTo(1);
        assertThat(four.objectOffset(5_500_000, 1)).isEqualTo(1_305_696);
        // in stripe 1's row, stripe 2 is not reached yet and stripe 0 is passed
        assertThat(four.objectOffset(5_500_000, 2)).isEqualTo(MIB);
        assertThat(four.objectOffset(5_500_000, 0)).isEqualTo(2 * MIB);
        assertThat(four.objectOffset(Raid0.EOF, 3)).isEqualTo(Raid0.EOF);
    }

    @Test
    void writeOfThreeMibAtThreeMibTouchesThreeStripes() {
        assertThat(four.pieces(3 * MIB, 3 * MIB)).containsExactly(
                new Raid0.Piece(3, 0, 0, MIB),
                new Raid0.Piece(0, MIB, MIB, MIB),
                new Raid0.Piece(1, MIB, 2 * MIB, MIB));
    }

    @Test
    void objectSizeImpliesFileSize() {
        assertThat(four.fileSize(1_305_697, 1)).isEqualTo(5_500_001);
        assertThat(four.fileSize(0, 3)).isZero();
        assertThat(four.fileSize(MIB, 0)).isEqualTo(MIB);
        assertThat(four.fileSize(MIB, 3)).isEqualTo(4 * MIB);
        assertThat(four.fileSize(2 * MIB, 2)).isEqualTo(7 * MIB);
    }

    @Test
    void truncateGivesEachObjectItsSize() {
        assertThat(List.of(0, 1, 2, 3).stream().map(s -> four.objectSize(5_500_001, s)).toList())
                .containsExactly(2 * MIB, 1_305_697L, MIB, MIB);
    }

    @Test
    void randomRangesCoverEveryByteOnceAndSizesRoundTrip() {
        long seed = System.nanoTime();
        System.out.println("Raid0Test seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            Raid0 g = new Raid0(65536L * r.nextInt(1, 5), r.nextInt(1, 6));
            long off = r.nextLong(0, 50 * MIB);
            long len = r.nextLong(1, 5 * MIB);
            long covered = 0;
            for (Raid0.Piece p : g.pieces(off, len)) {
                assertThat(p.rangeOffset()).as("seed %d", seed).isEqualTo(covered);
                assertThat(g.stripeOf(off + covered)).isEqualTo(p.stripe());
                // the last byte of the piece maps back to the file offset it came from
                long lastObj = p.objectOffset() + p.length() - 1;
                assertThat(g.fileSize(lastObj + 1, p.stripe())).as("seed %d", seed)
                        .isEqualTo(off + covered + p.length());
                covered += p.length();
            }
            assertThat(covered).isEqualTo(len);
            long size = off + len;
            long max = 0;
            for (int s = 0; s < g.stripeCount(); s++) {
                max = Math.max(max, g.fileSize(g.objectSize(size, s), s));
            }
            assertThat(max).as("seed %d", seed).isEqualTo(size);
        }
    }

    @Test
    void badGeometryIsRefused() {
        assertThatThrownBy(() -> new Raid0(0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }
}
