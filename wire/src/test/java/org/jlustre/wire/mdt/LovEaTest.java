package org.jlustre.wire.mdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;
import org.junit.jupiter.api.Test;

/**
 * The LOV EA and the client's lov_user_md against wiretest.c ({@code check_lov_ost_data_v1},
 * {@code check_lov_mds_md_v1}, {@code check_lov_mds_md_v3}, the LOV_PATTERN_ checks) and
 * lustre_user.h's magics and limits.
 */
class LovEaTest {

    @Test
    void layoutsAreWiretests() {
        assertThat(LovOstData.SIZE).isEqualTo(24);
        assertThat(LovOstData.OFF_OI).isEqualTo(0);
        assertThat(LovOstData.OFF_GEN).isEqualTo(16);
        assertThat(LovOstData.OFF_IDX).isEqualTo(20);
        assertThat(LovMdsMd.V1_SIZE).isEqualTo(32);
        assertThat(LovMdsMd.V3_SIZE).isEqualTo(48);
        assertThat(LovMdsMd.OFF_MAGIC).isEqualTo(0);
        assertThat(LovMdsMd.OFF_PATTERN).isEqualTo(4);
        assertThat(LovMdsMd.OFF_OI).isEqualTo(8);
        assertThat(LovMdsMd.OFF_STRIPE_SIZE).isEqualTo(24);
        assertThat(LovMdsMd.OFF_STRIPE_COUNT).isEqualTo(28);
        assertThat(LovMdsMd.OFF_LAYOUT_GEN).isEqualTo(30);
        assertThat(LovMdsMd.OFF_POOL_NAME).isEqualTo(32);
        assertThat(new int[] {LovMdsMd.LOV_MAGIC_V1, LovMdsMd.LOV_MAGIC_V3, LovMdsMd.LOV_MAGIC_SPECIFIC,
            LovMdsMd.LOV_MAGIC_COMP_V1, LovMdsMd.LOV_MAGIC_FOREIGN})
                .containsExactly(0x0BD10BD0, 0x0BD30BD0, 0x0BD50BD0, 0x0BD60BD0, 0x0BD70BD0);
        assertThat(new int[] {LovMdsMd.LOV_PATTERN_RAID0, LovMdsMd.LOV_PATTERN_RAID1, LovMdsMd.LOV_PATTERN_MDT,
            LovMdsMd.LOV_PATTERN_OVERSTRIPING, LovMdsMd.LOV_PATTERN_FOREIGN, LovMdsMd.LOV_PATTERN_F_HOLE,
            LovMdsMd.LOV_PATTERN_F_RELEASED})
                .containsExactly(0x1, 0x2, 0x100, 0x200, 0x400, 0x40000000, 0x80000000);
        assertThat(LovMdsMd.LOV_MAXPOOLNAME).isEqualTo(15);
        assertThat(LovMdsMd.LOV_MIN_STRIPE_SIZE).isEqualTo(65536);
        assertThat(LovMdsMd.LOV_MAX_STRIPE_COUNT).isEqualTo(2000);
        assertThat(LovMdsMd.LOV_ALL_STRIPES).isEqualTo(0xffff);
    }

    @Test
    void twoStripeV1LayoutIsLodsBytes() throws LustreException {
        Fid file = Fid.of(0x200000401L, 0x11, 0);
        LovMdsMd lmm = LovMdsMd.raid0(file, 1 << 20, 0, null,
                List.of(LovOstData.of(Fid.of(0x100000000L + 0x80000L, 2, 0), 0),
                        LovOstData.of(Fid.of(0x2c0000401L, 7, 0), 1)));
        byte[] b = lmm.toBytes();
        assertThat(b).hasSize(32 + 48);
        MemorySegment s = MemorySegment.ofArray(b);
        assertThat(s.get(Le.U32, 0)).isEqualTo(0x0BD10BD0);
        assertThat(s.get(Le.U32, 4)).isEqualTo(1);
        // lmm_oi: u64 oid then u64 seq (fid_to_lmm_oi)
        assertThat(s.get(Le.U64, 8)).isEqualTo(0x11);
        assertThat(s.get(Le.U64, 16)).isEqualTo(0x200000401L);
        assertThat(s.get(Le.U32, 24)).isEqualTo(1 << 20);
        assertThat(s.get(Le.U16, 28)).isEqualTo((short) 2);
        assertThat(s.get(Le.U16, 30)).isEqualTo((short) 0);
        // second stripe: a normal FID as lu_fid, gen 0, index 1
        assertThat(HexFormat.of().formatHex(b, 56, 80)).isEqualTo("010400c002000000" + "07000000" + "00000000"
                + "00000000" + "01000000");
        assertThat(LovMdsMd.parse(b)).isEqualTo(lmm);
    }

    @Test
    void poolMakesV3AndTheDefaultLayoutHasNoObjects() throws LustreException {
        LovMdsMd dflt = new LovMdsMd(LovMdsMd.LOV_MAGIC_V3, LovMdsMd.LOV_PATTERN_RAID0, Fid.ZERO, 4 << 20, 2,
                LovMdsMd.STRIPE_OFFSET_ANY, "flash", List.of());
        byte[] b = dflt.toBytes();
        assertThat(b).hasSize(48);
        assertThat(new String(b, 32, 5)).isEqualTo("flash");
        assertThat(b[37]).isZero();
        LovMdsMd back = LovMdsMd.parse(b);
        assertThat(back).isEqualTo(dflt);
        assertThat(back.objects()).isEmpty();
        assertThat(back.layoutGen()).isEqualTo(0xffff);
        assertThat(LovMdsMd.raid0(Fid.ROOT, 1 << 20, 0, "p", List.of()).magic()).isEqualTo(LovMdsMd.LOV_MAGIC_V3);
    }

    @Test
    void badEasAreEinvalAndBadValuesRefused() {
        byte[] twoStripes = LovMdsMd.raid0(Fid.ROOT, 1 << 20, 0, "", List.of(LovOstData.of(Fid.of(0x2c0000401L, 1, 0), 0),
                LovOstData.of(Fid.of(0x2c0000401L, 2, 0), 1))).toBytes();
        byte[] cut = java.util.Arrays.copyOf(twoStripes, 60);
        byte[] badMagic = twoStripes.clone();
        badMagic[0] = 1;
        for (byte[] v : new byte[][] {cut, badMagic, new byte[31]}) {
            assertThatThrownBy(() -> LovMdsMd.parse(v))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        }
        assertThatThrownBy(() -> LovMdsMd.raid0(Fid.ROOT, 1, 0, "sixteen-chars-xx", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sixteen");
        assertThatThrownBy(() -> new LovMdsMd(LovMdsMd.LOV_MAGIC_V1, 1, Fid.ROOT, 1, 0x10000, 0, "", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
    }

    @Test
    void lovUserMdIsTheRequestHeader() throws LustreException {
        LovUserMd v1 = LovUserMd.of(0, 4, LovMdsMd.STRIPE_OFFSET_ANY, null);
        byte[] b = v1.toBytes();
        assertThat(HexFormat.of().formatHex(b)).isEqualTo("d00bd10b" + "01000000" + "00".repeat(16) + "00000000"
                + "0400" + "ffff");
        assertThat(LovUserMd.parse(b)).isEqualTo(v1);
        LovUserMd v3 = LovUserMd.of(1 << 20, 1, 3, "fast");
        assertThat(v3.toBytes()).hasSize(48);
        assertThat(LovUserMd.parse(v3.toBytes())).isEqualTo(v3);
        assertThatThrownBy(() -> LovUserMd.parse(java.util.Arrays.copyOf(v3.toBytes(), 40)))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("40");
    }
}
