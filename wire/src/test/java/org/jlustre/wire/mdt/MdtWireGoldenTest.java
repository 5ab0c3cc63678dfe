package org.jlustre.wire.mdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;
import org.jlustre.wire.MdtBody;
import org.junit.jupiter.api.Test;

/**
 * Pins every size, offset and constant of the MDT wire and disk structures. Expected numbers
 * are those of lustre-release v2_15_0 {@code lustre/ptlrpc/wiretest.c} ({@code check_mdt_body},
 * {@code check_mdt_ioepoch}, {@code check_mdt_rec_*}, {@code check_lustre_mdt_attrs},
 * {@code check_lu_dirpage}, {@code check_link_ea_*}, {@code check_lov_*}, the MDS_ATTR_,
 * MDS_OPEN_, MDS_*_BIAS, DISP_ and REINT_ checks) and lustre_idl.h / lustre_user.h, typed in
 * here, not taken from the Java constants.
 */
class MdtWireGoldenTest {

    // ---------------------------------------------------------------- mdt_body

    @Test
    void mdtBodyIsWiretests() {
        assertThat(MdtBody.SIZE).isEqualTo(216);
        int[][] offsets = {
            {MdtBody.OFF_FID1, 0}, {MdtBody.OFF_FID2, 16}, {MdtBody.OFF_OPEN_HANDLE, 32}, {MdtBody.OFF_VALID, 40},
            {MdtBody.OFF_SIZE, 48}, {MdtBody.OFF_MTIME, 56}, {MdtBody.OFF_ATIME, 64}, {MdtBody.OFF_CTIME, 72},
            {MdtBody.OFF_BLOCKS, 80}, {MdtBody.OFF_VERSION, 88}, {MdtBody.OFF_T_STATE, 96},
            {MdtBody.OFF_FSUID, 104}, {MdtBody.OFF_FSGID, 108}, {MdtBody.OFF_CAPABILITY, 112},
            {MdtBody.OFF_MODE, 116}, {MdtBody.OFF_UID, 120}, {MdtBody.OFF_GID, 124}, {MdtBody.OFF_FLAGS, 128},
            {MdtBody.OFF_RDEV, 132}, {MdtBody.OFF_NLINK, 136}, {MdtBody.OFF_LAYOUT_GEN, 140},
            {MdtBody.OFF_SUPPGID, 144}, {MdtBody.OFF_EADATASIZE, 148}, {MdtBody.OFF_ACLSIZE, 152},
            {MdtBody.OFF_MAX_MDSIZE, 156}, {MdtBody.OFF_UNUSED3, 160}, {MdtBody.OFF_UID_H, 164},
            {MdtBody.OFF_GID_H, 168}, {MdtBody.OFF_PROJID, 172}, {MdtBody.OFF_DOM_SIZE, 176},
            {MdtBody.OFF_DOM_BLOCKS, 184}, {MdtBody.OFF_BTIME, 192}, {MdtBody.OFF_PADDING_9, 200},
            {MdtBody.OFF_PADDING_10, 208},
        };
        for (int[] o : offsets) {
            assertThat(o[0]).isEqualTo(o[1]);
        }
    }

    private static MdtBody everyBodyField() {
        return new MdtBody().fid1(Fid.of(0x200000401L, 7, 0)).fid2(Fid.of(0x200000402L, 8, 1)).openHandle(0xabcdef01L)
                .valid(0x1234567890L).size(11).mtime(12).atime(13).ctime(14).blocks(15).version(16).tState(1)
                .fsuid(500).fsgid(501).capability(0x20).mode(0100644).uid(502).gid(503).flags(0x10).rdev(0x0801)
                .nlink(2).layoutGen(3).suppgid(504).eadatasize(56).aclsize(44).maxMdsize(4096).uidH(0).gidH(0)
                .projid(9).domSize(17).domBlocks(18).btime(19);
    }

    @Test
    void mdtBodyFieldsLandAtTheirOffsets() {
        MemorySegment s = MemorySegment.ofArray(everyBodyField().toBytes());
        assertThat(Fid.readLE(s, 0)).isEqualTo(Fid.of(0x200000401L, 7, 0));
        assertThat(Fid.readLE(s, 16)).isEqualTo(Fid.of(0x200000402L, 8, 1));
        assertThat(s.get(Le.U64, 32)).isEqualTo(0xabcdef01L);
        assertThat(s.get(Le.U64, 40)).isEqualTo(0x1234567890L);
        assertThat(s.get(Le.U64, 48)).isEqualTo(11);
        assertThat(s.get(Le.U64, 96)).isEqualTo(1);
        assertThat(s.get(Le.U32, 104)).isEqualTo(500);
        assertThat(s.get(Le.U32, 112)).isEqualTo(0x20);
        assertThat(s.get(Le.U32, 116)).isEqualTo(0100644);
        assertThat(s.get(Le.U32, 132)).isEqualTo(0x0801);
        assertThat(s.get(Le.U32, 136)).isEqualTo(2);
        assertThat(s.get(Le.U32, 144)).isEqualTo(504);
        assertThat(s.get(Le.U32, 148)).isEqualTo(56);
        assertThat(s.get(Le.U32, 156)).isEqualTo(4096);
        assertThat(s.get(Le.U32, 172)).isEqualTo(9);
        assertThat(s.get(Le.U64, 176)).isEqualTo(17);
        assertThat(s.get(Le.U64, 192)).isEqualTo(19);
        assertThat(s.asSlice(200, 16).toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
    }

    @Test
    void mdtBodyReadsABigEndianSendersBodyLeavingTheHandle() {
        MdtBody b = everyBodyField();
        ByteBuffer be = ByteBuffer.allocate(216).order(ByteOrder.BIG_ENDIAN);
        be.put(b.fid1().toBytesBE()).put(b.fid2().toBytesBE());
        be.order(ByteOrder.LITTLE_ENDIAN).putLong(b.openHandle()).order(ByteOrder.BIG_ENDIAN);
        be.putLong(b.valid()).putLong(b.size()).putLong(b.mtime()).putLong(b.atime()).putLong(b.ctime())
                .putLong(b.blocks()).putLong(b.version()).putLong(b.tState());
        be.putInt(b.fsuid()).putInt(b.fsgid()).putInt(b.capability()).putInt(b.mode()).putInt(b.uid())
                .putInt(b.gid()).putInt(b.flags()).putInt(b.rdev()).putInt(b.nlink()).putInt(b.layoutGen())
                .putInt(b.suppgid()).putInt(b.eadatasize()).putInt(b.aclsize()).putInt(b.maxMdsize()).putInt(0)
                .putInt(b.uidH()).putInt(b.gidH()).putInt(b.projid());
        be.putLong(b.domSize()).putLong(b.domBlocks()).putLong(b.btime());
        assertThat(MdtBody.read(MemorySegment.ofArray(be.array()), 0, true).toBytes()).isEqualTo(b.toBytes());
        assertThat(MdtBody.read(MemorySegment.ofArray(b.toBytes()), 0, false).toBytes()).isEqualTo(b.toBytes());
        assertThat(b.copy().toBytes()).isEqualTo(b.toBytes());
    }

    @Test
    void credentialsOnlyBodyIsDoPackBody() {
        byte[] b = new byte[216];
        MdtBody.writeCredentials(MemorySegment.ofArray(b), 0, 1, 2, 3, 4, 5);
        MdtBody body = MdtBody.read(MemorySegment.ofArray(b), 0, false);
        assertThat(body.uid()).isEqualTo(1);
        assertThat(body.gid()).isEqualTo(2);
        assertThat(body.fsuid()).isEqualTo(3);
        assertThat(body.fsgid()).isEqualTo(4);
        assertThat(body.capability()).isEqualTo(5);
        assertThat(body.suppgid()).isEqualTo(-1);
        assertThat(body.valid()).isZero();
    }

    // ---------------------------------------------------------------- REINT records

    @Test
    void reintOpcodesAreWiretests() {
        assertThat(MdtRec.SIZE).isEqualTo(136);
        assertThat(new int[] {MdtRec.REINT_SETATTR, MdtRec.REINT_CREATE, MdtRec.REINT_LINK, MdtRec.REINT_UNLINK,
            MdtRec.REINT_RENAME, MdtRec.REINT_OPEN, MdtRec.REINT_SETXATTR, MdtRec.REINT_RMENTRY,
            MdtRec.REINT_MIGRATE, MdtRec.REINT_RESYNC, MdtRec.REINT_MAX})
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void reintOffsetsAreWiretests() {
        int[][] offsets = {
            // common prefix of every record
            {MdtRec.OFF_OPCODE, 0}, {MdtRec.OFF_CAP, 4}, {MdtRec.OFF_FSUID, 8}, {MdtRec.OFF_FSUID_H, 12},
            {MdtRec.OFF_FSGID, 16}, {MdtRec.OFF_FSGID_H, 20}, {MdtRec.OFF_SUPPGID1, 24},
            {MdtRec.OFF_SUPPGID1_H, 28}, {MdtRec.OFF_SUPPGID2, 32}, {MdtRec.OFF_SUPPGID2_H, 36},
            {MdtRec.OFF_FID1, 40}, {MdtRec.OFF_FID2, 56},
            // mdt_rec_reint
            {MdtRec.OFF_RR_MTIME, 72}, {MdtRec.OFF_RR_ATIME, 80}, {MdtRec.OFF_RR_CTIME, 88},
            {MdtRec.OFF_RR_SIZE, 96}, {MdtRec.OFF_RR_BLOCKS, 104}, {MdtRec.OFF_RR_BIAS, 112},
            {MdtRec.OFF_RR_MODE, 116}, {MdtRec.OFF_RR_FLAGS, 120}, {MdtRec.OFF_RR_FLAGS_H, 124},
            {MdtRec.OFF_RR_UMASK, 128}, {MdtRec.OFF_RR_MIRROR_ID, 132}, {MdtRec.OFF_RR_PADDING_4, 134},
            // mdt_rec_create
            {MdtRec.OFF_CR_OPEN_HANDLE_OLD, 72}, {MdtRec.OFF_CR_TIME, 80}, {MdtRec.OFF_CR_RDEV, 88},
            {MdtRec.OFF_CR_IOEPOCH, 96}, {MdtRec.OFF_CR_MODE, 112}, {MdtRec.OFF_CR_BIAS, 116},
            {MdtRec.OFF_CR_FLAGS_L, 120}, {MdtRec.OFF_CR_FLAGS_H, 124}, {MdtRec.OFF_CR_UMASK, 128},
            // mdt_rec_setattr
            {MdtRec.OFF_SA_VALID, 56}, {MdtRec.OFF_SA_UID, 64}, {MdtRec.OFF_SA_GID, 68}, {MdtRec.OFF_SA_SIZE, 72},
            {MdtRec.OFF_SA_BLOCKS, 80}, {MdtRec.OFF_SA_MTIME, 88}, {MdtRec.OFF_SA_ATIME, 96},
            {MdtRec.OFF_SA_CTIME, 104}, {MdtRec.OFF_SA_ATTR_FLAGS, 112}, {MdtRec.OFF_SA_MODE, 116},
            {MdtRec.OFF_SA_BIAS, 120}, {MdtRec.OFF_SA_PROJID, 124},
            // mdt_rec_link / unlink / rename
            {MdtRec.OFF_ENTRY_TIME, 72}, {MdtRec.OFF_ENTRY_BIAS, 112}, {MdtRec.OFF_ENTRY_MODE, 116},
            // mdt_rec_setxattr
            {MdtRec.OFF_SX_VALID, 72}, {MdtRec.OFF_SX_TIME, 80}, {MdtRec.OFF_SX_SIZE, 112},
            {MdtRec.OFF_SX_FLAGS, 116},
        };
        for (int[] o : offsets) {
            assertThat(o[0]).isEqualTo(o[1]);
        }
    }

    @Test
    void createRecordPacksAsMdcCreatePack() {
        MdtRec r = MdtRec.of(MdtRec.REINT_OPEN).credentials(500, 501, 0x1, 502, -1)
                .fid1(Fid.ROOT).fid2(Fid.of(0x200000401L, 1, 0)).crTime(1700000000L).crRdev(0x0801)
                .crMode(0100644).crBias(MdsOpBias.CREATE_VOLATILE)
                .crFlags(MdsOpenFlags.FMODE_READ | MdsOpenFlags.CREAT | MdsOpenFlags.NORESTORE).crUmask(022);
        MemorySegment s = MemorySegment.ofArray(r.toBytes());
        assertThat(s.get(Le.U32, 0)).isEqualTo(6);
        assertThat(s.get(Le.U32, 4)).isEqualTo(1);
        assertThat(s.get(Le.U32, 8)).isEqualTo(500);
        assertThat(s.get(Le.U32, 16)).isEqualTo(501);
        assertThat(s.get(Le.U32, 24)).isEqualTo(502);
        assertThat(s.get(Le.U32, 32)).isEqualTo(-1);
        assertThat(Fid.readLE(s, 40)).isEqualTo(Fid.ROOT);
        assertThat(Fid.readLE(s, 56)).isEqualTo(Fid.of(0x200000401L, 1, 0));
        assertThat(s.get(Le.U64, 80)).isEqualTo(1700000000L);
        assertThat(s.get(Le.U64, 88)).isEqualTo(0x0801);
        assertThat(s.get(Le.U32, 112)).isEqualTo(0100644);
        assertThat(s.get(Le.U32, 116)).isEqualTo(1 << 10);
        // 0100000000000 | 0100 | 01: bit 33 goes to cr_flags_h
        assertThat(s.get(Le.U32, 120)).isEqualTo(0101);
        assertThat(s.get(Le.U32, 124)).isEqualTo(2);
        assertThat(s.get(Le.U32, 128)).isEqualTo(022);
        assertThat(r.crFlags()).isEqualTo(0100000000101L);
        // a new record names no supplementary group
        MdtRec fresh = MdtRec.of(MdtRec.REINT_LINK);
        assertThat(fresh.suppgid1()).isEqualTo(-1);
        assertThat(fresh.suppgid2()).isEqualTo(-1);
    }

    @Test
    void setattrSetxattrAndEntryRecordsShareTheGenericLayout() {
        MdtRec sa = MdtRec.of(MdtRec.REINT_SETATTR).fid1(Fid.ROOT).saValid(MdsAttr.MODE | MdsAttr.CTIME).saUid(7)
                .saGid(8).saSize(9).saBlocks(10).saMtime(11).saAtime(12).saCtime(13).saAttrFlags(14).saMode(0755)
                .saBias(MdsOpBias.DATA_MODIFIED).saProjid(15);
        MemorySegment s = MemorySegment.ofArray(sa.toBytes());
        assertThat(s.get(Le.U64, 56)).isEqualTo(0x41);
        assertThat(s.get(Le.U32, 64)).isEqualTo(7);
        assertThat(s.get(Le.U32, 68)).isEqualTo(8);
        assertThat(s.get(Le.U64, 72)).isEqualTo(9);
        assertThat(s.get(Le.U64, 104)).isEqualTo(13);
        assertThat(s.get(Le.U32, 112)).isEqualTo(14);
        assertThat(s.get(Le.U32, 116)).isEqualTo(0755);
        assertThat(s.get(Le.U32, 120)).isEqualTo(1 << 9);
        assertThat(s.get(Le.U32, 124)).isEqualTo(15);

        MdtRec sx = MdtRec.of(MdtRec.REINT_SETXATTR).sxValid(0x0000001000000008L).sxTime(5).sxSize(6).sxFlags(1);
        s = MemorySegment.ofArray(sx.toBytes());
        assertThat(s.get(Le.U64, 72)).isEqualTo(0x0000001000000008L);
        assertThat(s.get(Le.U64, 80)).isEqualTo(5);
        assertThat(s.get(Le.U32, 112)).isEqualTo(6);
        assertThat(s.get(Le.U32, 116)).isEqualTo(1);

        MdtRec rn = MdtRec.of(MdtRec.REINT_RENAME).entryTime(3).entryBias(MdsOpBias.MIGRATE_NSONLY).entryMode(040755)
                .rrMirrorId(0xfffe);
        s = MemorySegment.ofArray(rn.toBytes());
        assertThat(s.get(Le.U64, 72)).isEqualTo(3);
        assertThat(s.get(Le.U32, 112)).isEqualTo(1 << 23);
        assertThat(s.get(Le.U32, 116)).isEqualTo(040755);
        assertThat(s.get(Le.U16, 132)).isEqualTo((short) 0xfffe);
        assertThat(rn.rrMirrorId()).isEqualTo(0xfffe);
    }

    @Test
    void reintRecordReadsABigEndianSendersRecord() {
        MdtRec r = MdtRec.of(MdtRec.REINT_OPEN).credentials(500, 501, 0x1, 502, 503).fid1(Fid.ROOT)
                .fid2(Fid.of(0x200000401L, 9, 0)).crOpenHandleOld(1).crTime(2).crRdev(3).crIoepoch(4).crMode(0100600)
                .crBias(5).crFlags(0x1234_0000_0042L).crUmask(022).rrMirrorId(7);
        ByteBuffer be = ByteBuffer.allocate(136).order(ByteOrder.BIG_ENDIAN);
        be.putInt(6).putInt(1).putInt(500).putInt(0).putInt(501).putInt(0).putInt(502).putInt(0).putInt(503)
                .putInt(0);
        be.put(Fid.ROOT.toBytesBE()).put(Fid.of(0x200000401L, 9, 0).toBytesBE());
        be.putLong(1).putLong(2).putLong(3).putLong(4).putLong(0);
        be.putInt(0100600).putInt(5).putInt(0x42).putInt(0x1234).putInt(022).putShort((short) 7).putShort((short) 0);
        assertThat(MdtRec.read(MemorySegment.ofArray(be.array()), 0, true).toBytes()).isEqualTo(r.toBytes());
        assertThat(MdtRec.read(MemorySegment.ofArray(r.toBytes()), 0, false).toBytes()).isEqualTo(r.toBytes());
        assertThatThrownBy(() -> MdtRec.read(MemorySegment.ofArray(new byte[135]), 0, false))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ---------------------------------------------------------------- flags

    @Test
    void mdsAttrFlagsAreWiretests() {
        assertThat(new long[] {MdsAttr.MODE, MdsAttr.UID, MdsAttr.GID, MdsAttr.SIZE, MdsAttr.ATIME, MdsAttr.MTIME,
            MdsAttr.CTIME, MdsAttr.ATIME_SET, MdsAttr.MTIME_SET, MdsAttr.FORCE, MdsAttr.ATTR_FLAG, MdsAttr.KILL_SUID,
            MdsAttr.KILL_SGID, MdsAttr.CTIME_SET, MdsAttr.FROM_OPEN, MdsAttr.BLOCKS, MdsAttr.PROJID, MdsAttr.LSIZE,
            MdsAttr.LBLOCKS, MdsAttr.OVERRIDE})
                .containsExactly(0x1L, 0x2L, 0x4L, 0x8L, 0x10L, 0x20L, 0x40L, 0x80L, 0x100L, 0x200L, 0x400L, 0x800L,
                        0x1000L, 0x2000L, 0x4000L, 0x8000L, 0x10000L, 0x20000L, 0x40000L, 0x2000000L);
    }

    @Test
    void openFlagsAreWiretests() {
        assertThat(new long[] {MdsOpenFlags.FMODE_CLOSED, MdsOpenFlags.FMODE_READ, MdsOpenFlags.FMODE_WRITE,
            MdsOpenFlags.FMODE_EXEC, MdsOpenFlags.CREATED, MdsOpenFlags.CREAT, MdsOpenFlags.EXCL,
            MdsOpenFlags.TRUNC, MdsOpenFlags.APPEND, MdsOpenFlags.SYNC, MdsOpenFlags.DIRECTORY,
            MdsOpenFlags.BY_FID, MdsOpenFlags.DELAY_CREATE, MdsOpenFlags.OWNEROVERRIDE, MdsOpenFlags.JOIN_FILE,
            MdsOpenFlags.LOCK, MdsOpenFlags.HAS_EA, MdsOpenFlags.HAS_OBJS, MdsOpenFlags.NORESTORE,
            MdsOpenFlags.NEWSTRIPE, MdsOpenFlags.VOLATILE, MdsOpenFlags.LEASE, MdsOpenFlags.RELEASE,
            MdsOpenFlags.RESYNC, MdsOpenFlags.PCC, MdsOpenFlags.OP_WITH_FID})
                .containsExactly(0L, 01L, 02L, 04L, 010L, 0100L, 0200L, 01000L, 02000L, 010000L, 0200000L,
                        040000000L, 0100000000L, 0200000000L, 0400000000L, 04000000000L, 010000000000L,
                        020000000000L, 0100000000000L, 0200000000000L, 0400000000000L, 01000000000000L,
                        02000000000000L, 04000000000000L, 010000000000000L, 020000000000000L);
        assertThat(MdsOpenFlags.FL_INTERNAL).isEqualTo(010000000000L | 020000000000L | 0200000000L | 04000000000L
                | 040000000L | 01000000000000L | 02000000000000L | 04000000000000L | 010000000000000L
                | 020000000000000L);
    }

    @Test
    void opBiasAndDispositionsAreWiretests() {
        assertThat(new int[] {MdsOpBias.CROSS_REF, MdsOpBias.PERM_BYPASS, MdsOpBias.QUOTA_IGNORE,
            MdsOpBias.KEEP_ORPHAN, MdsOpBias.RECOV_OPEN, MdsOpBias.DATA_MODIFIED, MdsOpBias.CREATE_VOLATILE,
            MdsOpBias.OWNEROVERRIDE, MdsOpBias.HSM_RELEASE, MdsOpBias.CLOSE_MIGRATE, MdsOpBias.CLOSE_LAYOUT_SWAP,
            MdsOpBias.CLOSE_LAYOUT_MERGE, MdsOpBias.CLOSE_RESYNC_DONE, MdsOpBias.CLOSE_LAYOUT_SPLIT,
            MdsOpBias.TRUNC_KEEP_LEASE, MdsOpBias.PCC_ATTACH, MdsOpBias.CLOSE_UPDATE_TIMES,
            MdsOpBias.SETSTRIPE_CREATE, MdsOpBias.FID_OP, MdsOpBias.MIGRATE_NSONLY})
                .containsExactly(0x2, 0x8, 0x20, 0x80, 0x100, 0x200, 0x400, 0x800, 0x1000, 0x2000, 0x4000, 0x8000,
                        0x10000, 0x20000, 0x40000, 0x80000, 0x100000, 0x200000, 0x400000, 0x800000);
        assertThat(new int[] {Disp.IT_EXECD, Disp.LOOKUP_EXECD, Disp.LOOKUP_NEG, Disp.LOOKUP_POS,
            Disp.OPEN_CREATE, Disp.OPEN_OPEN, Disp.ENQ_COMPLETE, Disp.ENQ_OPEN_REF, Disp.ENQ_CREATE_REF,
            Disp.OPEN_LOCK, Disp.OPEN_LEASE, Disp.OPEN_STRIPE, Disp.OPEN_DENY})
                .containsExactly(0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x400000, 0x800000, 0x1000000, 0x2000000, 0x4000000,
                        0x8000000, 0x10000000);
    }

    // ---------------------------------------------------------------- ioepoch, close_data, LMA

    @Test
    void ioepochAndCloseDataAreWiretests() {
        assertThat(MdtIoepoch.SIZE).isEqualTo(24);
        assertThat(MdtIoepoch.OFF_OPEN_HANDLE).isEqualTo(0);
        assertThat(MdtIoepoch.OFF_UNUSED1).isEqualTo(8);
        assertThat(MdtIoepoch.OFF_UNUSED2).isEqualTo(16);
        assertThat(MdtIoepoch.OFF_PADDING).isEqualTo(20);
        byte[] b = new byte[24];
        java.util.Arrays.fill(b, (byte) 0x55);
        new MdtIoepoch(0x1122334455667788L).write(MemorySegment.ofArray(b), 0);
        assertThat(HexFormat.of().formatHex(b)).isEqualTo("8877665544332211" + "00".repeat(16));
        assertThat(MdtIoepoch.read(MemorySegment.ofArray(b), 0)).isEqualTo(new MdtIoepoch(0x1122334455667788L));

        assertThat(CloseData.SIZE).isEqualTo(96);
        assertThat(CloseData.OFF_HANDLE).isEqualTo(0);
        assertThat(CloseData.OFF_FID).isEqualTo(8);
        assertThat(CloseData.OFF_DATA_VERSION).isEqualTo(24);
        assertThat(CloseData.OFF_UNION).isEqualTo(32);
        byte[] union = new byte[64];
        union[0] = 3;
        CloseData cd = new CloseData(9, Fid.of(0x200000401L, 2, 0), 77, union);
        byte[] cb = new byte[96];
        cd.write(MemorySegment.ofArray(cb), 0);
        MemorySegment s = MemorySegment.ofArray(cb);
        assertThat(s.get(Le.U64, 0)).isEqualTo(9);
        assertThat(Fid.readLE(s, 8)).isEqualTo(Fid.of(0x200000401L, 2, 0));
        assertThat(s.get(Le.U64, 24)).isEqualTo(77);
        assertThat(cb[32]).isEqualTo((byte) 3);
        CloseData back = CloseData.read(s, 0, false);
        assertThat(back.handle()).isEqualTo(9);
        assertThat(back.reserved()).isEqualTo(union);
        assertThatThrownBy(() -> new CloseData(0, Fid.ZERO, 0, new byte[63]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("63");
    }

    @Test
    void lmaIsWiretestsAndRefusesUnknownIncompatBits() throws LustreException {
        assertThat(Lma.SIZE).isEqualTo(24);
        assertThat(Lma.OFF_COMPAT).isEqualTo(0);
        assertThat(Lma.OFF_INCOMPAT).isEqualTo(4);
        assertThat(Lma.OFF_SELF_FID).isEqualTo(8);
        assertThat(new int[] {Lma.LMAC_HSM, Lma.LMAC_NOT_IN_OI, Lma.LMAC_FID_ON_OST, Lma.LMAC_STRIPE_INFO,
            Lma.LMAC_COMP_INFO, Lma.LMAC_IDX_BACKUP}).containsExactly(0x1, 0x4, 0x8, 0x10, 0x20, 0x40);
        assertThat(new int[] {Lma.LMAI_RELEASED, Lma.LMAI_AGENT, Lma.LMAI_REMOTE_PARENT, Lma.LMAI_STRIPED,
            Lma.LMAI_ORPHAN, Lma.LMAI_ENCRYPT}).containsExactly(0x1, 0x2, 0x4, 0x8, 0x10, 0x20);
        assertThat(Lma.INCOMPAT_SUPP).isEqualTo(0x3e);
        // ROOT's LMA as ldiskfs stores it: compat 0, incompat 0, self FID little-endian
        byte[] root = Lma.of(Fid.ROOT).toBytes();
        assertThat(HexFormat.of().formatHex(root)).isEqualTo("00000000" + "00000000" + "0700000002000000"
                + "01000000" + "00000000");
        assertThat(Lma.parse(root)).isEqualTo(new Lma(0, 0, Fid.ROOT));
        assertThat(Lma.parse(new Lma(0, Lma.LMAI_ORPHAN, Fid.ROOT).toBytes()).incompat()).isEqualTo(0x10);
        assertThatThrownBy(() -> Lma.parse(new Lma(0, Lma.LMAI_RELEASED, Fid.ROOT).toBytes()))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP))
                .hasMessageContaining("0x1");
        assertThatThrownBy(() -> Lma.parse(new byte[23]))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }
}
