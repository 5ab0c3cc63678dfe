package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.lnet.Kiov;
import org.junit.jupiter.api.Test;

/**
 * Golden MD splits, worked out by hand from {@code __ptlrpc_prep_bulk_page} (client.c): page
 * fragments at 4 KiB file-offset boundaries, a new MD when the fragment count so far is a
 * multiple of 256 or the next fragment would pass 1 MiB, at most 64 MDs.
 */
class BulkLayoutTest {

    private static final int MIB = 1 << 20;

    private static int[] lengths(BulkLayout l) {
        int[] out = new int[l.mdCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.mdLength(i);
        }
        return out;
    }

    @Test
    void pageAlignedFourMegabytesIsFourMdsOfOneMegabyte() throws Exception {
        // 1024 page fragments of 4096: MDs start at fragments 0, 256, 512, 768
        BulkLayout l = BulkLayout.of(new long[] {0}, new int[] {4 * MIB});
        assertThat(lengths(l)).containsExactly(MIB, MIB, MIB, MIB);
        assertThat(l.totalLength()).isEqualTo(4L * MIB);
    }

    @Test
    void unalignedNiobufShiftsEveryMdBoundary() throws Exception {
        // offset 100, 2 MiB: fragment 0 is 3996 bytes (to the page end), then 511 whole pages, then
        // 100 bytes: 513 fragments. MD 0 = fragments 0..255 = 3996 + 255 * 4096 = 1,048,476;
        // MD 1 = fragments 256..511 = 256 * 4096 = 1,048,576; MD 2 = fragment 512 = 100
        BulkLayout l = BulkLayout.of(new long[] {100}, new int[] {2 * MIB});
        assertThat(lengths(l)).containsExactly(1_048_476, 1_048_576, 100);
        assertThat(l.totalLength()).isEqualTo(2L * MIB);
    }

    @Test
    void smallNiobufsSplitAtTwoHundredFiftySixFragments() throws Exception {
        // 300 niobufs of 100 bytes, 8 KiB apart: one fragment each, 300 fragments; the 257th
        // starts MD 1 although MD 0 holds only 25,600 bytes
        long[] off = new long[300];
        int[] len = new int[300];
        for (int i = 0; i < 300; i++) {
            off[i] = 8192L * i;
            len[i] = 100;
        }
        BulkLayout l = BulkLayout.of(off, len);
        assertThat(lengths(l)).containsExactly(256 * 100, 44 * 100);
    }

    @Test
    void niobufsCrossingPagesAreCutAtFileOffsetPages() throws Exception {
        // [0, 6000) gives 4096 + 1904; [10000, 15000) gives 2288 (to 12288) + 2712: 4 fragments, one MD
        BulkLayout l = BulkLayout.of(new long[] {0, 10_000}, new int[] {6000, 5000});
        assertThat(lengths(l)).containsExactly(11_000);
    }

    @Test
    void sixtyFourMdsIsTheMostAndSixtyFiveIsAnError() throws Exception {
        // 64 MiB page-aligned = 16,384 fragments = 64 MDs; one more page needs a 65th
        assertThat(BulkLayout.of(new long[] {0}, new int[] {64 * MIB}).mdCount()).isEqualTo(64);
        assertThatThrownBy(() -> BulkLayout.of(new long[] {0, 64L * MIB}, new int[] {64 * MIB, 1}))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                .hasMessageContaining("more than 64 MDs");
        // 16,385 one-byte niobufs in separate pages: 16,385 fragments, 65 MDs
        long[] off = new long[16_385];
        int[] len = new int[16_385];
        for (int i = 0; i < off.length; i++) {
            off[i] = 4096L * i;
            len[i] = 1;
        }
        assertThatThrownBy(() -> BulkLayout.of(off, len)).isInstanceOf(LustreException.class)
                .hasMessageContaining("16385 niobufs");
    }

    @Test
    void badNiobufsAreNamed() {
        assertThatThrownBy(() -> BulkLayout.of(new long[] {0, 4096}, new int[] {10, 0}))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                .hasMessageContaining("niobuf 1 of 2").hasMessageContaining("length 0");
        assertThatThrownBy(() -> BulkLayout.of(new long[] {-5}, new int[] {10}))
                .isInstanceOf(LustreException.class).hasMessageContaining("offset -5");
        assertThatThrownBy(() -> BulkLayout.of(new long[] {Long.MAX_VALUE - 3}, new int[] {10}))
                .isInstanceOf(LustreException.class).hasMessageContaining("niobuf 0");
    }

    @Test
    void truncateKeepsTheMdCountWithEmptyMdsPastTheData() throws Exception {
        BulkLayout l = BulkLayout.of(new long[] {0}, new int[] {4 * MIB}).truncate(MIB + MIB / 2 + 10);
        assertThat(lengths(l)).containsExactly(MIB, MIB / 2 + 10, 0, 0);
        assertThat(l.totalLength()).isEqualTo(MIB + MIB / 2 + 10);
        assertThat(lengths(l.truncate(0))).containsExactly(0, 0, 0, 0);
        assertThatThrownBy(() -> l.truncate(l.totalLength() + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fragmentsCutAnywhereAreLaidOntoTheMdsWithoutACopy() throws Exception {
        BulkLayout l = BulkLayout.of(new long[] {100}, new int[] {2 * MIB});
        byte[] data = new byte[2 * MIB];
        List<MemorySegment> frags = new ArrayList<>();
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, 777);
            frags.add(MemorySegment.ofArray(data).asSlice(at, n));
            at += n;
        }
        List<Kiov> mds = l.cut(frags, "test");
        assertThat(mds).extracting(Kiov::length).containsExactly(1_048_476L, 1_048_576L, 100L);
        data[1_048_476] = 42; // first byte of MD 1
        assertThat(mds.get(1).get(0)).isEqualTo((byte) 42);
        assertThatThrownBy(() -> l.cut(frags.subList(1, frags.size()), "bulk GET of x64"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                .hasMessageContaining("bulk GET of x64").hasMessageContaining((2 * MIB - 777) + " bytes")
                .hasMessageContaining(2 * MIB + " bytes");
    }
}
