package org.jlustre.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins every size, offset and constant of the wire structures, one assertion per field, in the
 * spirit of Lustre's {@code lustre/utils/wiretest.c} (reference 2.10 and 2.13).
 */
class WireGoldenTest {

    // ======================= struct lu_dirent =======================

    @Test
    void luDirentHeaderSizeAndOffsets() {
        assertThat(LuDirent.HEADER_SIZE).isEqualTo(32);
        assertThat(LuDirent.OFF_FID).isEqualTo(0);
        assertThat(LuDirent.OFF_HASH).isEqualTo(16);
        assertThat(LuDirent.OFF_RECLEN).isEqualTo(24);
        assertThat(LuDirent.OFF_NAMELEN).isEqualTo(26);
        assertThat(LuDirent.OFF_ATTRS).isEqualTo(28);
        assertThat(LuDirent.OFF_NAME).isEqualTo(32);
    }

    @Test
    void ludaAttributeBits() {
        assertThat(LuDirent.LUDA_FID).isEqualTo(0x0001);
        assertThat(LuDirent.LUDA_TYPE).isEqualTo(0x0002);
        assertThat(LuDirent.LUDA_64BITHASH).isEqualTo(0x0004);
        assertThat(LuDirent.LUDA_UNKNOWN).isEqualTo(0x0400);
        assertThat(LuDirent.LUDA_IGNORE).isEqualTo(0x0800);
        assertThat(LuDirent.LUDA_UPGRADE).isEqualTo(0x1000);
        assertThat(LuDirent.LUDA_REPAIR).isEqualTo(0x2000);
        assertThat(LuDirent.LUDA_VERIFY_DRYRUN).isEqualTo(0x4000);
        assertThat(LuDirent.LUDA_VERIFY).isEqualTo(0x8000);
    }

    @ParameterizedTest(name = "namelen {0}: {1} bytes, {2} with LUDA_TYPE")
    @CsvSource({
        "1,   40,  40",   // "."
        "2,   40,  40",   // ".."
        "4,   40,  40",   // "file"
        "6,   40,  48",
        "7,   40,  48",
        "8,   48,  48",
        "254, 288, 296",
        "255, 288, 296",
    })
    void calcSizeFollowsLuDirentCalcSize(int nameLength, int plain, int withType) {
        assertThat(LuDirent.calcSize(nameLength, 0)).isEqualTo(plain);
        assertThat(LuDirent.calcSize(nameLength, LuDirent.LUDA_FID | LuDirent.LUDA_64BITHASH)).isEqualTo(plain);
        assertThat(LuDirent.calcSize(nameLength, LuDirent.LUDA_TYPE)).isEqualTo(withType);
    }

    @Test
    void packedEntryMatchesHandBuiltBytes() {
        byte[] buf = new byte[40];
        Arrays.fill(buf, (byte) 0xa5); // pack must clear every byte it does not set
        int len = LuDirent.pack(MemorySegment.ofArray(buf), 0, Fid.of(0x200000400L, 0x2a, 0), 0x0123456789abcdefL,
                "file".getBytes(StandardCharsets.US_ASCII), LuDirent.LUDA_TYPE | LuDirent.LUDA_64BITHASH,
                FileMode.S_IFREG);
        assertThat(len).isEqualTo(40);
        assertThat(buf).containsExactly(
                0x00, 0x04, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,   // lde_fid.f_seq 0x200000400
                0x2a, 0x00, 0x00, 0x00,                           // lde_fid.f_oid
                0x00, 0x00, 0x00, 0x00,                           // lde_fid.f_ver
                0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,   // lde_hash
                0x28, 0x00,                                       // lde_reclen 40
                0x04, 0x00,                                       // lde_namelen 4
                0x07, 0x00, 0x00, 0x00,                           // lde_attrs FID|TYPE|64BITHASH
                'f', 'i', 'l', 'e',                               // lde_name
                0x00, 0x80,                                       // lt_type S_IFREG over the NUL
                0x00, 0x00);                                      // padding to 8
    }

    @Test
    void typeIsTheModesFileTypeBitsAsOsdItAppendAttrsWritesThem() {
        // osd_it_append_attrs: lt->lt_type = cpu_to_le16(DTTOIF(type)), i.e. S_IFMT bits.
        byte[] buf = new byte[40];
        LuDirent.pack(MemorySegment.ofArray(buf), 0, Fid.ROOT, 0, "dir".getBytes(StandardCharsets.US_ASCII),
                LuDirent.LUDA_TYPE, FileMode.S_IFDIR);
        assertThat(buf[36]).isEqualTo((byte) 0x00);
        assertThat(buf[37]).isEqualTo((byte) 0x40);
        assertThat(LuDirent.read(MemorySegment.ofArray(buf), 0).type()).isEqualTo(0040000);
    }

    @Test
    void typeOverlaysTheNulOfAnEvenLengthName() {
        byte[] buf = new byte[40];
        LuDirent.pack(MemorySegment.ofArray(buf), 0, Fid.ROOT, 0, "ab".getBytes(StandardCharsets.US_ASCII),
                LuDirent.LUDA_TYPE, 0xabcd);
        assertThat(buf[33]).isEqualTo((byte) 'b');
        assertThat(buf[34]).as("type where the NUL would be").isEqualTo((byte) 0xcd);
        assertThat(buf[35]).isEqualTo((byte) 0xab);
    }

    @Test
    void typeFollowsTheNulOfAnOddLengthName() {
        byte[] buf = new byte[48];
        int len = LuDirent.pack(MemorySegment.ofArray(buf), 0, Fid.ROOT, 0,
                "seven77".getBytes(StandardCharsets.US_ASCII), LuDirent.LUDA_TYPE, 0xabcd);
        assertThat(len).isEqualTo(48);
        assertThat(buf[38]).isEqualTo((byte) '7');
        assertThat(buf[39]).as("NUL kept").isZero();
        assertThat(buf[40]).isEqualTo((byte) 0xcd);
        assertThat(buf[41]).isEqualTo((byte) 0xab);
        assertThat(Arrays.copyOfRange(buf, 42, 48)).containsOnly(0);
    }

    @Test
    void withoutTypeTheNameIsNulTerminatedAndNothingFollows() {
        byte[] buf = new byte[40];
        Arrays.fill(buf, (byte) 0xff);
        LuDirent.pack(MemorySegment.ofArray(buf), 0, Fid.ROOT, 0, "file".getBytes(StandardCharsets.US_ASCII), 0,
                FileMode.S_IFREG);
        assertThat(Arrays.copyOfRange(buf, 36, 40)).containsOnly(0);
        assertThat(buf[28]).as("LUDA_FID is always set").isEqualTo((byte) 0x01);
    }

    @Test
    void longestNameWithTypeFillsItsRecord() {
        byte[] name = new byte[255];
        Arrays.fill(name, (byte) 'n');
        byte[] buf = new byte[296];
        int len = LuDirent.pack(MemorySegment.ofArray(buf), 0, Fid.ROOT, 1, name, LuDirent.LUDA_TYPE, 0x1234);
        assertThat(len).isEqualTo(296);
        assertThat(buf[26]).isEqualTo((byte) 0xff);
        assertThat(buf[27]).isZero();
        assertThat(buf[287]).as("NUL after 255 bytes").isZero();
        assertThat(buf[288]).isEqualTo((byte) 0x34);
        assertThat(buf[289]).isEqualTo((byte) 0x12);
        LuDirent back = LuDirent.read(MemorySegment.ofArray(buf), 0);
        assertThat(back.name()).hasSize(255);
        assertThat(back.type()).isEqualTo(0x1234);
        assertThat(back.reclen()).isEqualTo(296);
    }

    @Test
    void decodeRoundTripsEntriesPackedBackToBack() {
        MemorySegment page = MemorySegment.ofArray(new byte[4096]);
        Fid a = Fid.of(0x200000400L, 1, 0);
        Fid b = Fid.of(0x200000400L, 2, 0);
        long off = 0;
        off += LuDirent.pack(page, off, a, 0x10, ".".getBytes(StandardCharsets.US_ASCII), LuDirent.LUDA_TYPE,
                FileMode.S_IFDIR);
        long second = off;
        off += LuDirent.pack(page, off, b, -1L, "caf\u00e9.txt".getBytes(StandardCharsets.UTF_8), 0, 0);
        assertThat(second).isEqualTo(40);
        assertThat(off).isEqualTo(40 + 48);
        assertThat(LuDirent.read(page, 0))
                .isEqualTo(new LuDirent(a, 0x10, 40, ".", LuDirent.LUDA_FID | LuDirent.LUDA_TYPE, 0040000));
        assertThat(LuDirent.read(page, second))
                .isEqualTo(new LuDirent(b, -1L, 48, "caf\u00e9.txt", LuDirent.LUDA_FID, 0));
        assertThat(LuDirent.read(page, off).reclen()).as("zero reclen ends the page").isZero();
    }

    @Test
    void truncatedHeaderIsRejected() {
        MemorySegment seg = MemorySegment.ofArray(new byte[31]);
        assertThatThrownBy(() -> LuDirent.read(seg, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated").hasMessageContaining("31 bytes");
        MemorySegment forty = MemorySegment.ofArray(new byte[40]);
        assertThatThrownBy(() -> LuDirent.read(forty, 16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at 16");
    }

    @Test
    void nameRunningPastTheBufferIsRejected() {
        byte[] buf = new byte[40];
        LuDirent.pack(MemorySegment.ofArray(buf), 0, Fid.ROOT, 0, "file".getBytes(StandardCharsets.US_ASCII), 0, 0);
        buf[26] = 100; // lde_namelen
        assertThatThrownBy(() -> LuDirent.read(MemorySegment.ofArray(buf), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100 bytes");
    }

    @Test
    void packingPastTheBufferFails() {
        MemorySegment small = MemorySegment.ofArray(new byte[39]);
        assertThatThrownBy(() -> LuDirent.pack(small, 0, Fid.ROOT, 0, "file".getBytes(StandardCharsets.US_ASCII),
                0, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ======================= struct obd_statfs =======================

    @Test
    void obdStatfsSizeAndOffsets() {
        assertThat(ObdStatfs.SIZE).isEqualTo(144);
        assertThat(ObdStatfs.OFF_TYPE).isEqualTo(0);
        assertThat(ObdStatfs.OFF_BLOCKS).isEqualTo(8);
        assertThat(ObdStatfs.OFF_BFREE).isEqualTo(16);
        assertThat(ObdStatfs.OFF_BAVAIL).isEqualTo(24);
        assertThat(ObdStatfs.OFF_FILES).isEqualTo(32);
        assertThat(ObdStatfs.OFF_FFREE).isEqualTo(40);
        assertThat(ObdStatfs.OFF_FSID).isEqualTo(48);
        assertThat(ObdStatfs.FSID_SIZE).isEqualTo(40);
        assertThat(ObdStatfs.OFF_BSIZE).isEqualTo(88);
        assertThat(ObdStatfs.OFF_NAMELEN).isEqualTo(92);
        assertThat(ObdStatfs.OFF_MAXBYTES).isEqualTo(96);
        assertThat(ObdStatfs.OFF_STATE).isEqualTo(104);
        assertThat(ObdStatfs.OFF_FPRECREATED).isEqualTo(108);
        assertThat(ObdStatfs.OFF_GRANTED).isEqualTo(112);
        assertThat(ObdStatfs.OFF_SPARE3).isEqualTo(116);
        assertThat(ObdStatfs.SIZE - ObdStatfs.OFF_SPARE3).as("os_spare3..9").isEqualTo(7 * 4);
    }

    @Test
    void osStatfsStateBits() {
        assertThat(ObdStatfs.OS_STATFS_DEGRADED).isEqualTo(0x00000001);
        assertThat(ObdStatfs.OS_STATFS_READONLY).isEqualTo(0x00000002);
        assertThat(ObdStatfs.OS_STATFS_NOCREATE).isEqualTo(0x00000004);
        assertThat(ObdStatfs.OS_STATFS_ENOSPC).isEqualTo(0x00000020);
        assertThat(ObdStatfs.OS_STATFS_ENOINO).isEqualTo(0x00000040);
        assertThat(ObdStatfs.OS_STATFS_SUM).isEqualTo(0x00000100);
        assertThat(ObdStatfs.OS_STATFS_NONROT).isEqualTo(0x00000200);
    }

    private static final ObdStatfs SAMPLE = new ObdStatfs(0x0bd00bd0L, 0x1112131415161718L, 0x2122232425262728L,
            0x3132333435363738L, 0x4142434445464748L, 0x5152535455565758L, "lustre-MDT0000", 0x61626364, 255,
            0x7172737475767778L, ObdStatfs.OS_STATFS_NONROT | ObdStatfs.OS_STATFS_NOCREATE, 0x81828384,
            0x91929394);

    private static long u64(byte[] b, int off) {
        return MemorySegment.ofArray(b).get(Le.U64, off);
    }

    private static int u32(byte[] b, int off) {
        return MemorySegment.ofArray(b).get(Le.U32, off);
    }

    @Test
    void obdStatfsFieldsSitAtTheirOffsetsLittleEndian() {
        byte[] b = SAMPLE.toBytes();
        assertThat(b).hasSize(144);
        assertThat(Arrays.copyOfRange(b, 0, 8)).containsExactly(0xd0, 0x0b, 0xd0, 0x0b, 0, 0, 0, 0);
        assertThat(Arrays.copyOfRange(b, 8, 16)).containsExactly(0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11);
        assertThat(u64(b, 16)).isEqualTo(0x2122232425262728L);
        assertThat(u64(b, 24)).isEqualTo(0x3132333435363738L);
        assertThat(u64(b, 32)).isEqualTo(0x4142434445464748L);
        assertThat(u64(b, 40)).isEqualTo(0x5152535455565758L);
        assertThat(new String(b, 48, 14, StandardCharsets.US_ASCII)).isEqualTo("lustre-MDT0000");
        assertThat(Arrays.copyOfRange(b, 62, 88)).as("rest of os_fsid").containsOnly(0);
        assertThat(Arrays.copyOfRange(b, 88, 92)).containsExactly(0x64, 0x63, 0x62, 0x61);
        assertThat(u32(b, 92)).isEqualTo(255);
        assertThat(u64(b, 96)).isEqualTo(0x7172737475767778L);
        assertThat(Arrays.copyOfRange(b, 104, 108)).containsExactly(0x04, 0x02, 0x00, 0x00);
        assertThat(u32(b, 108)).isEqualTo(0x81828384);
        assertThat(u32(b, 112)).isEqualTo(0x91929394);
        assertThat(Arrays.copyOfRange(b, 116, 144)).as("os_spare3..9").containsOnly(0);
    }

    @Test
    void obdStatfsRoundTrips() {
        assertThat(ObdStatfs.read(MemorySegment.ofArray(SAMPLE.toBytes()), 0)).isEqualTo(SAMPLE);
        ObdStatfs extremes = new ObdStatfs(-1L, -1L, 0, Long.MIN_VALUE, -1L, 0, "", -1, -1, -1L, -1, -1, -1);
        assertThat(ObdStatfs.read(MemorySegment.ofArray(extremes.toBytes()), 0)).isEqualTo(extremes);
    }

    @Test
    void obdStatfsWritesOnlyItsOwn144BytesAtAnOffset() {
        byte[] buf = new byte[8 + 144 + 8];
        Arrays.fill(buf, (byte) 0xee);
        MemorySegment seg = MemorySegment.ofArray(buf);
        SAMPLE.write(seg, 8);
        assertThat(Arrays.copyOfRange(buf, 0, 8)).containsOnly(0xee);
        assertThat(Arrays.copyOfRange(buf, 152, 160)).containsOnly(0xee);
        assertThat(Arrays.copyOfRange(buf, 8 + 116, 152)).as("spares cleared").containsOnly(0);
        assertThat(ObdStatfs.read(seg, 8)).isEqualTo(SAMPLE);
    }

    @Test
    void fsidIsCutAtFortyBytes() {
        ObdStatfs longId = new ObdStatfs(0, 0, 0, 0, 0, 0, "f".repeat(50), 4096, 255, 0, 0, 0, 0);
        byte[] b = longId.toBytes();
        assertThat(b[87]).isEqualTo((byte) 'f');
        assertThat(b[88]).as("os_bsize untouched by the fsid").isEqualTo((byte) 0x00);
        assertThat(b[89]).isEqualTo((byte) 0x10);
        assertThat(ObdStatfs.read(MemorySegment.ofArray(b), 0).fsid()).isEqualTo("f".repeat(40));
    }

    // ======================= byte order helpers =======================

    @Test
    void leLayoutsAreLittleEndianAndRound8RoundsUp() {
        assertThat(Le.U16.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(Le.U32.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(Le.U64.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(Le.U16.byteSize()).isEqualTo(2);
        assertThat(Le.U32.byteSize()).isEqualTo(4);
        assertThat(Le.U64.byteSize()).isEqualTo(8);
        assertThat(Le.round8(0)).isZero();
        assertThat(Le.round8(1)).isEqualTo(8);
        assertThat(Le.round8(8)).isEqualTo(8);
        assertThat(Le.round8(9)).isEqualTo(16);
        assertThat(Le.round8(287)).isEqualTo(288);
    }
}
