package org.jlustre.fid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.fid.LuSeqRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fld index on osd-mem as fld_index.c keeps it: MDT0's special entries, big-endian records, joins, reloads. */
class FldTest {

    OsdDevice dev;

    @BeforeEach
    void setUp() throws LustreException {
        dev = Mdt0Site.newDevice("fld-test");
    }

    @AfterEach
    void tearDown() {
        dev.close();
    }

    @Test
    void mdt0StartsWithIgifDotLustreAndRootAndOtherTargetsWithNothing() throws LustreException {
        try (Fld fld = Fld.open(dev, "lustre-MDT0000", 0, true)) {
            assertThat(fld.entries()).containsExactly(LuSeqRange.of(12, 0x100000000L, 0, 0),
                    LuSeqRange.of(0x200000002L, 0x200000003L, 0, 0), LuSeqRange.of(0x200000007L, 0x200000008L, 0, 0));
            assertThat(fld.lookup(Fid.ROOT.seq())).isEqualTo(Fld.ROOT);
            assertThat(fld.lookup(0xffffffffL)).isEqualTo(Fld.IGIF);
            assertThatThrownBy(() -> fld.lookup(0x200000003L)).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOENT))
                    .hasMessageContaining("0x200000003");
        }
        try (OsdDevice other = Mdt0Site.newDevice("fld-ost"); Fld fld = Fld.open(other, "lustre-OST0000", 0, false)) {
            assertThat(fld.entries()).isEmpty();
        }
    }

    @Test
    void recordsAreStoredBigEndianUnderTheirBigEndianStart() throws LustreException {
        try (Fld fld = Fld.open(dev, "lustre-MDT0000", 0, true)) {
            fld.insertEntry(LuSeqRange.of(0x200000400L, 0x240000400L, 1, LuSeqRange.OST));
        }
        try (OsdObject o = dev.find(Fld.FID)) {
            byte[] rec = o.indexTry(IndexFeatures.FLD).lookup(HexFormat.of().parseHex("0000000200000400")).orElseThrow();
            assertThat(HexFormat.of().formatHex(rec))
                    .isEqualTo("0000000200000400" + "0000000240000400" + "00000001" + "00000001");
        }
    }

    @Test
    void aRangeAppendedAfterEveryEntryStaysSeparateOnDiskButJoinsInTheCache() throws LustreException {
        try (Fld fld = Fld.open(dev, "lustre-MDT0000", 0, true)) {
            LuSeqRange a = LuSeqRange.of(0x200000400L, 0x240000400L, 0, 0);
            LuSeqRange b = LuSeqRange.of(0x240000400L, 0x280000400L, 0, 0);
            fld.insertEntry(a);
            fld.insertEntry(b);
            assertThat(fld.entries()).contains(a, b);
            assertThat(fld.lookup(0x240000400L)).isEqualTo(LuSeqRange.of(0x200000400L, 0x280000400L, 0, 0));
        }
        // reloaded, the cache joins them again
        try (Fld fld = Fld.open(dev, "lustre-MDT0000", 0, true)) {
            assertThat(fld.lookup(0x200000400L)).isEqualTo(LuSeqRange.of(0x200000400L, 0x280000400L, 0, 0));
            assertThat(fld.entries()).hasSize(5);
        }
    }

    @Test
    void aRangeInsertedBeforeALaterEntryJoinsTheEntryBeforeItOnDisk() throws LustreException {
        try (Fld fld = Fld.open(dev, "lustre-MDT0000", 0, true)) {
            LuSeqRange a = LuSeqRange.of(0x200000400L, 0x240000400L, 1, 0);
            LuSeqRange later = LuSeqRange.of(0x300000000L, 0x340000000L, 2, 1);
            fld.insertEntry(a);
            fld.insertEntry(later);
            fld.insertEntry(LuSeqRange.of(0x240000400L, 0x280000400L, 1, 0));
            // fld_index_create: the key of the entry before is deleted and the joined range inserted
            assertThat(fld.entries()).contains(LuSeqRange.of(0x200000400L, 0x280000400L, 1, 0), later)
                    .doesNotContain(a);
            // another owner touching it is not joined
            fld.insertEntry(LuSeqRange.of(0x280000400L, 0x2c0000400L, 2, 0));
            assertThat(fld.entries()).contains(LuSeqRange.of(0x280000400L, 0x2c0000400L, 2, 0));
        }
    }

    @Test
    void anOwnedStartOrAnOverlapIsEexistAndAnEmptyRangeEinval() throws LustreException {
        try (Fld fld = Fld.open(dev, "lustre-MDT0000", 0, true); Transaction th = dev.transCreate()) {
            assertThatThrownBy(() -> fld.declareInsert(LuSeqRange.of(0x200000007L, 0x200000009L, 0, 0), th))
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EEXIST));
            assertThatThrownBy(() -> fld.declareInsert(LuSeqRange.of(0x200000004L, 0x200000008L, 1, 0), th))
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EEXIST))
                    .hasMessageContaining("overlaps");
            assertThatThrownBy(() -> fld.declareInsert(LuSeqRange.of(0x200000009L, 0x200000009L, 1, 0), th))
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
            // insertEntry takes an owned start as done (fld_insert_entry)
            fld.insertEntry(Fld.ROOT);
            assertThat(fld.entries()).hasSize(3);
        }
    }
}
