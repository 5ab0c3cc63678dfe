package org.jlustre.wire.mdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.junit.jupiter.api.Test;

/**
 * {@code trusted.link} against wiretest.c ({@code check_link_ea_header}, {@code check_link_ea_entry})
 * and the behaviour of lustre/obdclass/linkea.c: big-endian entries, the 4096-byte cap with its
 * overflow time, removal and rename.
 */
class LinkEaTest {

    private static byte[] name(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void layoutIsWiretests() {
        assertThat(LinkEa.MAGIC).isEqualTo(0x11EAF1DF);
        assertThat(LinkEa.HEADER_SIZE).isEqualTo(24);
        assertThat(LinkEa.OFF_MAGIC).isEqualTo(0);
        assertThat(LinkEa.OFF_RECCOUNT).isEqualTo(4);
        assertThat(LinkEa.OFF_LEN).isEqualTo(8);
        assertThat(LinkEa.OFF_OVERFLOW_TIME).isEqualTo(16);
        assertThat(LinkEa.OFF_PADDING).isEqualTo(20);
        assertThat(LinkEa.ENTRY_HEADER_SIZE).isEqualTo(18);
        assertThat(LinkEa.OFF_ENTRY_RECLEN).isEqualTo(0);
        assertThat(LinkEa.OFF_ENTRY_PARENT_FID).isEqualTo(2);
        assertThat(LinkEa.OFF_ENTRY_NAME).isEqualTo(18);
        assertThat(LinkEa.MAX_SIZE).isEqualTo(4096);
    }

    @Test
    void fileAInRootIsTheBytesLustreWrites() throws LustreException {
        byte[] b = LinkEa.of(Fid.ROOT, name("a")).toBytes();
        // header {magic, 1, 43, 0} little-endian, then 00 13 | big-endian ROOT | 'a'
        assertThat(HexFormat.of().formatHex(b)).isEqualTo("dff1ea11" + "01000000" + "2b00000000000000" + "00000000"
                + "00000000" + "0013" + "0000000200000007" + "00000001" + "00000000" + "61");
        LinkEa back = LinkEa.parse(b);
        assertThat(back.links()).containsExactly(new LinkEa.Link(Fid.ROOT, name("a")));
        assertThat(back.length()).isEqualTo(43);
    }

    @Test
    void removeAndRenameKeepTheOthersInOrder() throws LustreException {
        Fid d = Fid.of(0x200000401L, 5, 0);
        LinkEa ea = LinkEa.of(Fid.ROOT, name("a"));
        ea.add(d, name("b"), 100);
        ea.add(Fid.ROOT, name("c"), 100);
        assertThat(ea.remove(d, name("a"))).isFalse();
        assertThat(ea.remove(Fid.ROOT, name("a"))).isTrue();
        assertThat(ea.rename(d, name("b"), Fid.ROOT, name("bb"), 100)).isTrue();
        LinkEa back = LinkEa.parse(ea.toBytes());
        assertThat(back.links()).containsExactly(new LinkEa.Link(Fid.ROOT, name("c")),
                new LinkEa.Link(Fid.ROOT, name("bb")));
        assertThat(back.length()).isEqualTo(24 + 19 + 20);
        // renaming a link the list lost to an overflow just adds the new one (mdd_linkea_prepare, check 0)
        assertThat(back.rename(d, name("gone"), d, name("new"), 100)).isTrue();
        assertThat(back.contains(d, name("new"))).isTrue();
        // names are bytes, not text
        byte[] raw = {(byte) 0xff, (byte) 0xfe, 'x'};
        back.add(d, raw, 1);
        assertThat(LinkEa.parse(back.toBytes()).contains(d, raw)).isTrue();
    }

    @Test
    void aLinkPastFourKibIsNotStoredAndStampsTheOverflowTime() throws LustreException {
        LinkEa ea = LinkEa.empty();
        byte[] long255 = new byte[255];
        Arrays.fill(long255, (byte) 'n');
        int stored = 0;
        for (int i = 0; i < 20; i++) {
            long255[0] = (byte) ('a' + i);
            if (ea.add(Fid.ROOT, long255, 1_700_000_000L)) {
                stored++;
            }
        }
        // 24 + 14 * 273 = 3846; a fifteenth entry would make 4119 > 4096
        assertThat(stored).isEqualTo(14);
        assertThat(ea.length()).isEqualTo(3846);
        assertThat(ea.overflowTime()).isEqualTo(1_700_000_000);
        LinkEa back = LinkEa.parse(ea.toBytes());
        assertThat(back.links()).hasSize(14);
        assertThat(back.overflowTime()).isEqualTo(1_700_000_000);
        // a time of 0 still records the overflow
        assertThat(back.add(Fid.ROOT, long255, 0)).isFalse();
        assertThat(back.overflowTime()).isEqualTo(1);
        // a small name still fits
        assertThat(back.add(Fid.ROOT, name("z"), 5)).isTrue();
    }

    @Test
    void aBigEndianHeaderIsSwabbed() throws LustreException {
        byte[] b = LinkEa.of(Fid.ROOT, name("a")).toBytes();
        reverse(b, 0, 4);
        reverse(b, 4, 4);
        reverse(b, 8, 8);
        assertThat(LinkEa.parse(b).links()).containsExactly(new LinkEa.Link(Fid.ROOT, name("a")));
    }

    private static void reverse(byte[] b, int off, int len) {
        for (int i = 0; i < len / 2; i++) {
            byte t = b[off + i];
            b[off + i] = b[off + len - 1 - i];
            b[off + len - 1 - i] = t;
        }
    }

    @Test
    void garbageIsEinvalNamingTheField() {
        byte[] good = LinkEa.of(Fid.ROOT, name("abc")).toBytes();
        byte[] badMagic = good.clone();
        badMagic[0] = 0;
        byte[] shortLen = good.clone();
        shortLen[8] = 30;
        byte[] badReclen = good.clone();
        badReclen[25] = 5;
        byte[] moreRecords = good.clone();
        moreRecords[4] = 2;
        for (byte[][] c : new byte[][][] {{badMagic, name("magic")}, {shortLen, name("leh_len 30")},
            {badReclen, name("lee_reclen")}, {moreRecords, name("entry 1")}, {new byte[10], name("header")}}) {
            assertThatThrownBy(() -> LinkEa.parse(c[0]))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                    .hasMessageContaining(new String(c[1], StandardCharsets.UTF_8));
        }
    }
}
