package org.jlustre.lnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fragment list: length, slices that share memory, copies across different cuts. */
class KiovTest {

    private static List<MemorySegment> cut(byte[] data, int... sizes) {
        List<MemorySegment> out = new ArrayList<>();
        int at = 0;
        for (int s : sizes) {
            out.add(MemorySegment.ofArray(data).asSlice(at, s));
            at += s;
        }
        return out;
    }

    @Test
    void lengthCountAndEmptyFragmentsLeftOut() {
        Kiov k = Kiov.of(cut(new byte[20], 5, 0, 10, 0, 5));
        assertThat(k.length()).isEqualTo(20);
        assertThat(k.count()).isEqualTo(3);
        assertThat(k.fragmentStart(2)).isEqualTo(15);
        assertThat(k.fragmentAt(0)).isZero();
        assertThat(k.fragmentAt(4)).isZero();
        assertThat(k.fragmentAt(5)).isEqualTo(1);
        assertThat(k.fragmentAt(19)).isEqualTo(2);
        assertThat(Kiov.of(List.of())).isSameAs(Kiov.EMPTY);
        assertThat(Kiov.of(MemorySegment.ofArray(new byte[0])).count()).isZero();
    }

    @Test
    void sliceSharesTheFragments() {
        byte[] data = new byte[100];
        Kiov k = Kiov.of(cut(data, 10, 30, 60));
        Kiov s = k.slice(5, 40); // 5 of the first, all 30 of the second, 5 of the third
        assertThat(s.length()).isEqualTo(40);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.fragment(0).byteSize()).isEqualTo(5);
        assertThat(s.fragment(2).byteSize()).isEqualTo(5);
        data[44] = 9;
        assertThat(s.get(39)).as("no copy: the slice sees the write").isEqualTo((byte) 9);
        assertThat(k.slice(12, 3).count()).isEqualTo(1);
        assertThat(k.slice(0, 100)).isSameAs(k);
        assertThat(k.slice(100, 0).length()).isZero();
        assertThatThrownBy(() -> k.slice(90, 11)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> k.slice(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void copyBetweenDifferentCutsKeepsEveryByte() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        for (int round = 0; round < 200; round++) {
            byte[] src = new byte[1 + r.nextInt(5000)];
            r.nextBytes(src);
            byte[] dst = new byte[src.length + r.nextInt(100)];
            Kiov a = Kiov.of(randomCut(src, r));
            Kiov b = Kiov.of(randomCut(dst, r));
            int len = r.nextInt(src.length + 1);
            int from = r.nextInt(src.length - len + 1);
            int to = r.nextInt(dst.length - len + 1);
            Kiov.copy(a, from, b, to, len);
            byte[] want = new byte[dst.length];
            System.arraycopy(src, from, want, to, len);
            assertThat(dst).as("seed %d round %d", seed, round).isEqualTo(want);
            assertThat(b.slice(to, len).mismatch(a.slice(from, len))).as("seed %d", seed).isEqualTo(-1);
        }
    }

    @Test
    void mismatchFindsTheFirstDifferentByte() {
        byte[] x = new byte[50];
        byte[] y = new byte[50];
        y[33] = 1;
        assertThat(Kiov.of(cut(x, 20, 30)).mismatch(Kiov.of(cut(y, 7, 43)))).isEqualTo(33);
        assertThat(Kiov.of(cut(x, 20, 30)).mismatch(Kiov.of(cut(x, 50)))).isEqualTo(-1);
        assertThat(Kiov.of(cut(x, 20)).mismatch(Kiov.of(cut(x, 20, 30)))).isEqualTo(20);
    }

    private static List<MemorySegment> randomCut(byte[] data, Random r) {
        List<MemorySegment> out = new ArrayList<>();
        int at = 0;
        while (at < data.length) {
            int n = Math.min(data.length - at, r.nextInt(3) == 0 ? r.nextInt(5) : 1 + r.nextInt(700));
            out.add(MemorySegment.ofArray(data).asSlice(at, n));
            at += n;
        }
        return out;
    }
}
