package org.jlustre.wire.fid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.api.Test;

/**
 * Pins {@code struct lu_seq_range} and the SEQ_QUERY / FLD_QUERY constants to lustre-release
 * v2_15_0 {@code lustre/ptlrpc/wiretest.c} ({@code check_lu_seq_range}, the opcode checks) and
 * {@code lustre_idl.h} / {@code lustre_fid.h}, typed in here, not taken from the Java constants.
 */
class FidWireGoldenTest {

    @Test
    void luSeqRangeSizeOffsetsAndFlagsAreWiretests() {
        assertThat(LuSeqRange.SIZE).isEqualTo(24);
        assertThat(LuSeqRange.OFF_START).isEqualTo(0);
        assertThat(LuSeqRange.OFF_END).isEqualTo(8);
        assertThat(LuSeqRange.OFF_INDEX).isEqualTo(16);
        assertThat(LuSeqRange.OFF_FLAGS).isEqualTo(20);
        assertThat(LuSeqRange.MDT).isEqualTo(0);
        assertThat(LuSeqRange.OST).isEqualTo(1);
        assertThat(LuSeqRange.ANY).isEqualTo(3);
        assertThat(LuSeqRange.MASK).isEqualTo(3);
    }

    @Test
    void opcodesPortalsAndOperationsAreWiretests() {
        assertThat(Opcodes.SEQ_QUERY).isEqualTo(700);
        assertThat(Opcodes.FLD_QUERY).isEqualTo(900);
        assertThat(Opcodes.FLD_READ).isEqualTo(901);
        assertThat(SeqQuery.ALLOC_SUPER).isEqualTo(0);
        assertThat(SeqQuery.ALLOC_META).isEqualTo(1);
        assertThat(FldQuery.CREATE).isEqualTo(0);
        assertThat(FldQuery.DELETE).isEqualTo(1);
        assertThat(FldQuery.LOOKUP).isEqualTo(2);
        assertThat(Portals.FLD_REQUEST).isEqualTo(29);
        assertThat(Portals.SEQ_METADATA).isEqualTo(30);
        assertThat(Portals.SEQ_DATA).isEqualTo(31);
        assertThat(Portals.SEQ_CONTROLLER).isEqualTo(32);
        // lustre_fid.h enum lu_mgr_type / widths
        assertThat(SeqQuery.METADATA_SEQ_MAX_WIDTH).isEqualTo(0x20000L);
        assertThat(SeqQuery.DATA_SEQ_MAX_WIDTH).isEqualTo(0xffffffffL);
        assertThat(SeqQuery.META_WIDTH).isEqualTo(1L);
        assertThat(SeqQuery.BATCH_WIDTH).isEqualTo(1000L);
        assertThat(SeqQuery.SUPER_WIDTH).isEqualTo(0x40000000L);
    }

    @Test
    void littleEndianBytesAreRangeCpuToLe() {
        LuSeqRange r = LuSeqRange.of(0x200000400L, 0x240000400L, 7, LuSeqRange.OST);
        assertThat(HexFormat.of().formatHex(r.toBytes()))
                .isEqualTo("0004000002000000" + "0004004002000000" + "07000000" + "01000000");
        assertThat(LuSeqRange.fromBytes(r.toBytes())).isEqualTo(r);
    }

    @Test
    void bigEndianBytesAreRangeCpuToBeAsTheFldIndexStoresThem() {
        LuSeqRange r = LuSeqRange.of(0x200000400L, 0x240000400L, 7, LuSeqRange.OST);
        assertThat(HexFormat.of().formatHex(r.toBigEndianBytes()))
                .isEqualTo("0000000200000400" + "0000000240000400" + "00000007" + "00000001");
        assertThat(LuSeqRange.fromBigEndianBytes(r.toBigEndianBytes())).isEqualTo(r);
        assertThat(HexFormat.of().formatHex(LuSeqRange.fldKey(0x200000007L))).isEqualTo("0000000200000007");
        // a swabbed read is the big-endian read
        assertThat(LuSeqRange.read(MemorySegment.ofArray(r.toBigEndianBytes()), 0, true)).isEqualTo(r);
    }

    @Test
    void helpersAreSeqRangeH() {
        LuSeqRange space = LuSeqRange.of(0x200000400L, -1L, 0, LuSeqRange.MDT);
        assertThat(space.space()).isEqualTo(-1L - 0x200000400L);
        assertThat(space.contains(0xfffffffffffffffeL)).isTrue();
        assertThat(space.contains(-1L)).isFalse();
        assertThat(space.contains(0x2000003ffL)).isFalse();
        assertThat(space.isSane()).isTrue();
        assertThat(LuSeqRange.of(5, 4, 0, 0).isSane()).isFalse();
        assertThat(LuSeqRange.ZERO.isZero()).isTrue();
        assertThat(LuSeqRange.ZERO.isExhausted()).isTrue();
        assertThat(LuSeqRange.of(9, 9, 0, 0).isExhausted()).isTrue();
        assertThat(LuSeqRange.of(1, 2, 3, LuSeqRange.OST).isOst()).isTrue();
        assertThat(LuSeqRange.of(1, 2, 3, LuSeqRange.ANY).isMdt()).isFalse();
        assertThat(LuSeqRange.of(1, 2, 3, 1).sameLocation(LuSeqRange.of(7, 8, 3, 1))).isTrue();
        assertThat(LuSeqRange.of(1, 2, 3, 1).sameLocation(LuSeqRange.of(1, 2, 3, 0))).isFalse();
    }

    @Test
    void textIsDrange() {
        assertThat(LuSeqRange.of(0x200000400L, 0x240000400L, 0, LuSeqRange.MDT).toString())
                .isEqualTo("[0x0000000200000400-0x0000000240000400]:0:mdt");
        assertThat(LuSeqRange.of(0, 0, 0x1a, LuSeqRange.OST).toString())
                .isEqualTo("[0000000000000000-0000000000000000]:1a:ost");
    }

    @Test
    void aShortBufferIsRefusedNamingItsSize() {
        assertThatThrownBy(() -> LuSeqRange.read(MemorySegment.ofArray(new byte[23]), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24").hasMessageContaining("23");
        assertThatThrownBy(() -> LuSeqRange.read(MemorySegment.ofArray(new byte[30]), 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("22 there");
    }
}
