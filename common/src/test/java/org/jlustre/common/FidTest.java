package org.jlustre.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Fid}: text form, parsing, reserved sequences and predicates, IDIF, byte forms, order. */
class FidTest {

    // ---- text form: DFID "[%#llx:0x%x:0x%x]" ----

    @Test
    void rootPrintsAsDfid() {
        assertThat(Fid.ROOT).hasToString("[0x200000007:0x1:0x0]");
        assertThat(Fid.of(0x200000007L, 1, 0)).hasToString("[0x200000007:0x1:0x0]");
    }

    @Test
    void sequenceZeroPrintsWithoutHexPrefixLikeHashFlag() {
        // %#llx prints 0 as "0", the literal "0x" before the oid and version stays.
        assertThat(Fid.of(0, 5, 0)).hasToString("[0:0x5:0x0]");
        assertThat(Fid.ZERO).hasToString("[0:0x0:0x0]");
    }

    @Test
    void maximumValuesPrintUnsigned() {
        assertThat(Fid.of(-1L, -1, -1)).hasToString("[0xffffffffffffffff:0xffffffff:0xffffffff]");
    }

    @Test
    void noBraceFormDropsTheBrackets() {
        assertThat(Fid.of(1, 2, 0).toStringNoBrace()).isEqualTo("0x1:0x2:0x0");
        assertThat(Fid.of(0, 0xabc, 7).toStringNoBrace()).isEqualTo("0:0xabc:0x7");
    }

    // ---- parsing ----

    @Test
    void parsesWithAndWithoutBrackets() throws LustreException {
        assertThat(Fid.parse("[0x200000007:0x1:0x0]")).isEqualTo(Fid.ROOT);
        assertThat(Fid.parse("0x200000007:0x1:0x0")).isEqualTo(Fid.ROOT);
        assertThat(Fid.parse("[0:0x5:0x0]")).isEqualTo(Fid.of(0, 5, 0));
    }

    @Test
    void parsesFieldsInStrtoullBaseZeroSyntax() throws LustreException {
        // 0x200000007 = 8589934599 decimal = 0100000000007 octal
        assertThat(Fid.parse("[8589934599:1:0]")).isEqualTo(Fid.ROOT);
        assertThat(Fid.parse("[0100000000007:01:00]")).isEqualTo(Fid.ROOT);
        assertThat(Fid.parse("[0X200000007:0X1:0X0]")).isEqualTo(Fid.ROOT);
        assertThat(Fid.parse("[0x200000400:0x10:0]")).isEqualTo(Fid.of(0x200000400L, 0x10, 0));
    }

    @Test
    void ignoresSurroundingAndFieldWhitespace() throws LustreException {
        assertThat(Fid.parse("  [0x200000007:0x1:0x0]\t\n")).isEqualTo(Fid.ROOT);
        assertThat(Fid.parse("[ 0x200000007 : 0x1 : 0x0 ]")).isEqualTo(Fid.ROOT);
    }

    @Test
    void parsesMaximumValues() throws LustreException {
        assertThat(Fid.parse("[0xffffffffffffffff:0xffffffff:0xffffffff]")).isEqualTo(Fid.of(-1L, -1, -1));
    }

    @Test
    void randomFidsSurviveTextRoundTrip() throws LustreException {
        long seed = System.nanoTime();
        System.out.println("FidTest.randomFidsSurviveTextRoundTrip seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 1000; i++) {
            Fid fid = Fid.of(random.nextLong(), random.nextInt(), random.nextInt());
            assertThat(Fid.parse(fid.toString())).as("seed %d, %s", seed, fid).isEqualTo(fid);
            assertThat(Fid.parse(fid.toStringNoBrace())).as("seed %d, %s", seed, fid).isEqualTo(fid);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[", "[]", "[0x1:0x2]", "[0x1:0x2:0x3", "0x1:0x2:0x3]", "[x:y:z]", "[-1:0:0]",
        "[0x1:0x2:0x3:0x4]", "[0x:0x1:0x0]", "[08:0x1:0x0]", "[0x1:+2:0x0]", "[0x1:0x2:0xg]", "[1.5:0:0]"})
    void rejectsMalformedTextWithEinvalNamingIt(String text) {
        assertThatThrownBy(() -> Fid.parse(text))
                .asInstanceOf(type(LustreException.class))
                .satisfies(e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).contains("'" + text + "'");
                });
    }

    @Test
    void rejectsNullWithEinval() {
        assertThatThrownBy(() -> Fid.parse(null))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[0x1:0x100000000:0x0]", "[0x1:4294967296:0x0]", "[0x1:0x1:0x100000000]",
        "[0x10000000000000000:0x1:0x0]", "[18446744073709551616:0x1:0x0]", "[02000000000000000000000:0:0]"})
    void rejectsOutOfRangeFieldsWithErangeNamingTheText(String text) {
        assertThatThrownBy(() -> Fid.parse(text))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ERANGE);
                    assertThat(e.getMessage()).contains(text);
                });
    }

    @Test
    void largestThirtyTwoBitOidIsAccepted() throws LustreException {
        assertThat(Fid.parse("[0x1:4294967295:0x0]").oidUnsigned()).isEqualTo(0xffffffffL);
    }

    // ---- constants (reference 3.2, enum fid_seq) ----

    @Test
    void reservedSequenceConstantsMatchLustre() {
        assertThat(Fid.SEQ_OST_MDT0).isEqualTo(0L);
        assertThat(Fid.SEQ_LLOG).isEqualTo(1L);
        assertThat(Fid.SEQ_ECHO).isEqualTo(2L);
        assertThat(Fid.SEQ_UNUSED_START).isEqualTo(3L);
        assertThat(Fid.SEQ_UNUSED_END).isEqualTo(9L);
        assertThat(Fid.SEQ_LLOG_NAME).isEqualTo(10L);
        assertThat(Fid.SEQ_RSVD).isEqualTo(11L);
        assertThat(Fid.SEQ_IGIF).isEqualTo(12L);
        assertThat(Fid.SEQ_IGIF_MAX).isEqualTo(0xffffffffL);
        assertThat(Fid.SEQ_IDIF).isEqualTo(0x100000000L);
        assertThat(Fid.SEQ_IDIF_MAX).isEqualTo(0x1ffffffffL);
        assertThat(Fid.SEQ_START).isEqualTo(0x200000000L);
        assertThat(Fid.SEQ_LOCAL_FILE).isEqualTo(0x200000001L);
        assertThat(Fid.SEQ_DOT_LUSTRE).isEqualTo(0x200000002L);
        assertThat(Fid.SEQ_LOCAL_NAME).isEqualTo(0x200000003L);
        assertThat(Fid.SEQ_SPECIAL).isEqualTo(0x200000004L);
        assertThat(Fid.SEQ_QUOTA).isEqualTo(0x200000005L);
        assertThat(Fid.SEQ_QUOTA_GLB).isEqualTo(0x200000006L);
        assertThat(Fid.SEQ_ROOT).isEqualTo(0x200000007L);
        assertThat(Fid.SEQ_LAYOUT_RBTREE).isEqualTo(0x200000008L);
        assertThat(Fid.SEQ_UPDATE_LOG).isEqualTo(0x200000009L);
        assertThat(Fid.SEQ_UPDATE_LOG_DIR).isEqualTo(0x20000000aL);
        assertThat(Fid.SEQ_NORMAL).isEqualTo(0x200000400L);
        assertThat(Fid.SEQ_LOV_DEFAULT).isEqualTo(0xffffffffffffffffL);
    }

    @Test
    void oidConstantsAndWellKnownFidsMatchLustre() {
        assertThat(Fid.SIZE).isEqualTo(16);
        assertThat(Fid.LASTID_OID).isZero();
        assertThat(Fid.INIT_OID).isEqualTo(1);
        assertThat(Fid.OID_ROOT).isEqualTo(1);
        assertThat(Fid.OID_ECHO_ROOT).isEqualTo(2);
        assertThat(Fid.OBIF_MAX_OID).isEqualTo(0xffffffffL);
        assertThat(Fid.IDIF_MAX_OID).isEqualTo(0xffffffffffffL);
        assertThat(Fid.DOT_LUSTRE).hasToString("[0x200000002:0x1:0x0]");
        assertThat(Fid.DOT_LUSTRE_FID).hasToString("[0x200000002:0x2:0x0]");
        assertThat(Fid.DOT_LUSTRE_LPF).hasToString("[0x200000002:0x3:0x0]");
        assertThat(Fid.localFile(5)).hasToString("[0x200000001:0x5:0x0]");
    }

    @Test
    void ofWithLongOidChecksThirtyTwoBits() {
        assertThat(Fid.of(1, 0xffffffffL).oid()).isEqualTo(-1);
        assertThatThrownBy(() -> Fid.of(1, 0x100000000L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4294967296");
        assertThatThrownBy(() -> Fid.of(1, -1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    // ---- predicates (lustre_fid.h) ----

    @Test
    void igifCoversTwelveThroughTwoToTheThirtyTwoMinusOne() {
        assertThat(Fid.of(11, 1, 0).isIgif()).isFalse();
        assertThat(Fid.of(12, 1, 0).isIgif()).isTrue();
        assertThat(Fid.of(0xffffffffL, 1, 0).isIgif()).isTrue();
        assertThat(Fid.of(0x100000000L, 1, 0).isIgif()).isFalse();
        assertThat(Fid.of(-1L, 1, 0).isIgif()).as("unsigned compare").isFalse();
        assertThat(Fid.igif(0x12345, 7)).isEqualTo(Fid.of(0x12345, 7, 0));
        assertThat(Fid.igif(-1, 1).seq()).isEqualTo(0xffffffffL);
    }

    @Test
    void idifCoversTwoToTheThirtyTwoThroughTwoToTheThirtyThreeMinusOne() {
        assertThat(Fid.of(0xffffffffL, 1, 0).isIdif()).isFalse();
        assertThat(Fid.of(0x100000000L, 1, 0).isIdif()).isTrue();
        assertThat(Fid.of(0x1ffffffffL, 1, 0).isIdif()).isTrue();
        assertThat(Fid.of(0x200000000L, 1, 0).isIdif()).isFalse();
    }

    @Test
    void normalStartsAtSeqNormalAndComparesUnsigned() {
        assertThat(Fid.of(0x2000003ffL, 1, 0).isNormal()).isFalse();
        assertThat(Fid.of(0x200000400L, 1, 0).isNormal()).isTrue();
        assertThat(Fid.of(-1L, 1, 0).isNormal()).isTrue();
        assertThat(Fid.ROOT.isNormal()).isFalse();
    }

    @Test
    void llogNeedsSequenceOneAndNonZeroOid() {
        assertThat(Fid.of(1, 1, 0).isLlog()).isTrue();
        assertThat(Fid.of(1, -1, 0).isLlog()).isTrue();
        assertThat(Fid.of(1, 0, 0).isLlog()).as("oid 0 is the last-oid file").isFalse();
        assertThat(Fid.of(Fid.SEQ_LLOG_NAME, 1, 0).isLlog()).isFalse();
    }

    @Test
    void reservedIsOneThroughEleven() {
        assertThat(Fid.of(0, 1, 0).isReserved()).isFalse();
        assertThat(Fid.of(1, 1, 0).isReserved()).isTrue();
        assertThat(Fid.of(11, 1, 0).isReserved()).isTrue();
        assertThat(Fid.of(12, 1, 0).isReserved()).isFalse();
        assertThat(Fid.of(-1L, 1, 0).isReserved()).isFalse();
    }

    @Test
    void localFileIsLocalFileOrLocalNameSequence() {
        assertThat(Fid.of(Fid.SEQ_LOCAL_FILE, 1, 0).isLocalFile()).isTrue();
        assertThat(Fid.of(Fid.SEQ_LOCAL_NAME, 1, 0).isLocalFile()).isTrue();
        assertThat(Fid.of(Fid.SEQ_DOT_LUSTRE, 1, 0).isLocalFile()).isFalse();
        assertThat(Fid.of(Fid.SEQ_SPECIAL, 1, 0).isLocalFile()).isFalse();
    }

    @Test
    void lastIdNeedsOidZero() {
        assertThat(Fid.of(0, 0, 0).isLastId()).isTrue();
        assertThat(Fid.of(1, 0, 0).isLastId()).isTrue();
        assertThat(Fid.of(Fid.SEQ_NORMAL, 0, 0).isLastId()).isTrue();
        assertThat(Fid.of(Fid.SEQ_NORMAL, 1, 0).isLastId()).isFalse();
    }

    @Test
    void lastIdOfIdifNeedsZeroLowSequenceBits() {
        assertThat(Fid.of(0x100000000L, 0, 0).isLastId()).isTrue();
        assertThat(Fid.of(0x100070000L, 0, 0).isLastId()).as("OST index bits do not matter").isTrue();
        assertThat(Fid.of(0x100000001L, 0, 0).isLastId()).isFalse();
        assertThat(Fid.of(0x10007ffffL, 0, 0).isLastId()).isFalse();
    }

    @Test
    void lastIdExcludesUpdateLogsAndIgif() {
        assertThat(Fid.of(Fid.SEQ_UPDATE_LOG, 0, 0).isLastId()).isFalse();
        assertThat(Fid.of(Fid.SEQ_UPDATE_LOG_DIR, 0, 0).isLastId()).isFalse();
        assertThat(Fid.of(12, 0, 0).isLastId()).isFalse();
        assertThat(Fid.of(0xffffffffL, 0, 0).isLastId()).isFalse();
        assertThat(Fid.of(Fid.SEQ_LAYOUT_RBTREE, 0, 0).isLastId()).isTrue();
    }

    @Test
    void saneCoversNormalSpaceWithVersionZeroIgifIdifAndReserved() {
        assertThat(Fid.of(Fid.SEQ_START, 1, 0).isSane()).isTrue();
        assertThat(Fid.ROOT.isSane()).isTrue();
        assertThat(Fid.of(Fid.SEQ_NORMAL, 1, 1).isSane()).as("version must be 0 in normal space").isFalse();
        assertThat(Fid.of(12, 1, 1).isSane()).as("IGIF carries no version rule").isTrue();
        assertThat(Fid.of(0x100000000L, 1, 0).isSane()).isTrue();
        assertThat(Fid.of(1, 1, 0).isSane()).isTrue();
        assertThat(Fid.of(11, 0, 0).isSane()).isTrue();
        assertThat(Fid.of(0, 5, 0).isSane()).as("sequence 0 is none of them").isFalse();
        assertThat(Fid.ZERO.isSane()).isFalse();
    }

    @Test
    void rootIsExactlyTheRootFid() {
        assertThat(Fid.ROOT.isRoot()).isTrue();
        assertThat(Fid.of(Fid.SEQ_ROOT, 2, 0).isRoot()).isFalse();
        assertThat(Fid.of(Fid.SEQ_ROOT, 1, 1).isRoot()).isFalse();
        assertThat(Fid.of(Fid.SEQ_ROOT, 2, 0).isRootSeq()).isTrue();
    }

    @Test
    void singleSequencePredicatesMatchOnlyTheirSequence() {
        assertThat(Fid.ZERO.isZero()).isTrue();
        assertThat(Fid.of(0, 0, 1).isZero()).isFalse();
        assertThat(Fid.of(0, 5, 0).isMdt0()).isTrue();
        assertThat(Fid.of(0, 5, 0).isMdt()).isTrue();
        assertThat(Fid.of(Fid.SEQ_NORMAL, 5, 0).isMdt()).isTrue();
        assertThat(Fid.ROOT.isMdt()).isFalse();
        assertThat(Fid.of(0x100000000L, 5, 0).isMdt()).isFalse();
        assertThat(Fid.of(Fid.SEQ_ECHO, 1, 0).isEcho()).isTrue();
        assertThat(Fid.of(Fid.SEQ_SPECIAL, 1, 0).isSpecial()).isTrue();
        assertThat(Fid.DOT_LUSTRE.isDotLustre()).isTrue();
        assertThat(Fid.of(Fid.SEQ_LOV_DEFAULT, 0, 0).isLovDefault()).isTrue();
        assertThat(Fid.of(Fid.SEQ_LAYOUT_RBTREE, 1, 0).isLayoutRbtree()).isTrue();
        assertThat(Fid.of(Fid.SEQ_UPDATE_LOG, 1, 0).isUpdateLog()).isTrue();
        assertThat(Fid.of(Fid.SEQ_UPDATE_LOG_DIR, 1, 0).isUpdateLogDir()).isTrue();
        assertThat(Fid.of(Fid.SEQ_UPDATE_LOG, 1, 0).isUpdateLogDir()).isFalse();
        assertThat(Fid.of(Fid.SEQ_QUOTA, 1, 0).isQuota()).isTrue();
        assertThat(Fid.of(Fid.SEQ_QUOTA_GLB, 1, 0).isQuota()).isTrue();
        assertThat(Fid.of(Fid.SEQ_SPECIAL, 1, 0).isQuota()).isFalse();
    }

    // ---- IDIF ----

    @Test
    void idifSplitsA48BitObjectIdAcrossSequenceAndOid() {
        Fid fid = Fid.idif(0x123456789abcL, 7);
        assertThat(fid).hasToString("[0x100071234:0x56789abc:0x0]");
        assertThat(fid.isIdif()).isTrue();
        assertThat(fid.idifObjectId()).isEqualTo(0x123456789abcL);
        assertThat(fid.idifOstIndex()).isEqualTo(7);
    }

    @Test
    void idifAtTheLimitsRoundTrips() {
        Fid max = Fid.idif(Fid.IDIF_MAX_OID, 0xffff);
        assertThat(max).hasToString("[0x1ffffffff:0xffffffff:0x0]");
        assertThat(max.idifObjectId()).isEqualTo(0xffffffffffffL);
        assertThat(max.idifOstIndex()).isEqualTo(0xffff);
        assertThat(Fid.idif(0, 0)).hasToString("[0x100000000:0x0:0x0]");
    }

    @Test
    void idifObjectIdIncludesVersionBits() {
        assertThat(Fid.of(0x100000000L, 5, 1).idifObjectId()).isEqualTo((1L << 48) | 5);
    }

    @Test
    void idifRejectsObjectIdsAndIndexesItCannotCarry() {
        assertThatThrownBy(() -> Fid.idif(1L << 48, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("281474976710656");
        assertThatThrownBy(() -> Fid.idif(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> Fid.idif(1, 0x10000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
        assertThatThrownBy(() -> Fid.idif(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    // ---- fid_flatten64 ----

    @Test
    void flattenOfNormalFidShiftsSequence() {
        assertThat(Fid.ROOT.flatten64()).isEqualTo(0x200000007000001L);
        // (seq << 24) + ((seq >> 24) & 0xffffff0000) + oid, 64-bit wrap-around
        assertThat(Fid.of(0x123456789abcdef0L, 1, 0).flatten64()).isEqualTo(0x789abcf124560001L);
    }

    @Test
    void flattenOfIgifIsTheInodeNumber() {
        assertThat(Fid.igif(0x12345, 7).flatten64()).isEqualTo(0x12345L);
        assertThat(Fid.of(0, 5, 0).flatten64()).isEqualTo(5L);
    }

    // ---- byte forms ----

    private static final Fid PATTERN = Fid.of(0x0102030405060708L, 0x090a0b0c, 0x0d0e0f10);

    @Test
    void littleEndianBytesAreExact() {
        assertThat(PATTERN.toBytesLE()).containsExactly(
                0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x0c, 0x0b, 0x0a, 0x09, 0x10, 0x0f, 0x0e, 0x0d);
        assertThat(Fid.ROOT.toBytesLE()).containsExactly(
                0x07, 0, 0, 0, 0x02, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void bigEndianBytesAreExact() {
        assertThat(PATTERN.toBytesBE()).containsExactly(
                0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10);
        assertThat(Fid.ROOT.toBytesBE()).containsExactly(
                0, 0, 0, 0x02, 0, 0, 0, 0x07, 0, 0, 0, 0x01, 0, 0, 0, 0);
    }

    @Test
    void readsAndWritesAtAnUnalignedOffset() {
        byte[] buf = new byte[3 + Fid.SIZE + 5];
        MemorySegment seg = MemorySegment.ofArray(buf);
        PATTERN.writeLE(seg, 3);
        assertThat(buf[2]).isZero();
        assertThat(buf[3]).isEqualTo((byte) 0x08);
        assertThat(buf[3 + 15]).isEqualTo((byte) 0x0d);
        assertThat(buf[3 + 16]).isZero();
        assertThat(Fid.readLE(seg, 3)).isEqualTo(PATTERN);
        PATTERN.writeBE(seg, 3);
        assertThat(buf[3]).isEqualTo((byte) 0x01);
        assertThat(Fid.readBE(seg, 3)).isEqualTo(PATTERN);
        assertThat(Fid.readLE(seg, 3)).isNotEqualTo(PATTERN);
    }

    // ---- order and identity ----

    @Test
    void compareToOrdersEachFieldUnsigned() {
        List<Fid> fids = new ArrayList<>(List.of(
                Fid.of(-1L, 0, 0), Fid.of(1, -1, 0), Fid.of(1, 1, -1), Fid.of(1, 1, 0), Fid.of(0x200000400L, 2, 0),
                Fid.of(1, 2, 0), Fid.ZERO));
        fids.sort(null);
        assertThat(fids).containsExactly(
                Fid.ZERO, Fid.of(1, 1, 0), Fid.of(1, 1, -1), Fid.of(1, 2, 0), Fid.of(1, -1, 0),
                Fid.of(0x200000400L, 2, 0), Fid.of(-1L, 0, 0));
        assertThat(Fid.ROOT.compareTo(Fid.of(Fid.SEQ_ROOT, 1, 0))).isZero();
    }

    @Test
    void equalsAndHashCodeFollowAllThreeFields() {
        Fid a = Fid.of(Fid.SEQ_NORMAL, 42, 0);
        Fid b = Fid.of(Fid.SEQ_NORMAL, 42, 0);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Fid.of(Fid.SEQ_NORMAL, 42, 1));
        assertThat(a).isNotEqualTo(Fid.of(Fid.SEQ_NORMAL, 43, 0));
        assertThat(a).isNotEqualTo(Fid.of(Fid.SEQ_NORMAL + 1, 42, 0));
        assertThat(a).isNotEqualTo(null);
        assertThat(a).isNotEqualTo((Object) "[0x200000400:0x2a:0x0]");
    }

    @Test
    void hashCodeSpreadsOidsOfOneSequence() {
        long distinct = java.util.stream.IntStream.range(0, 1000)
                .map(oid -> Fid.of(Fid.SEQ_NORMAL, oid, 0).hashCode()).distinct().count();
        assertThat(distinct).isEqualTo(1000);
    }
}
