package org.jlustre.wire.ost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.junit.jupiter.api.Test;

/**
 * Pins every size, offset and constant of the OST wire structures. Expected numbers are those
 * of lustre-release v2_15_0 {@code lustre/ptlrpc/wiretest.c} ({@code check_obdo},
 * {@code check_obd_ioobj}, {@code check_niobuf_remote}, {@code check_ost_lvb},
 * {@code check_ost_layout}, the OBD_MD_/OBD_FL_/OBD_BRW_ checks) and {@code lustre_idl.h} /
 * {@code lustre_user.h}, typed in here, not taken from the Java constants.
 */
class OstWireGoldenTest {

    // ---------------------------------------------------------------- struct obdo

    @Test
    void obdoSizeAndOffsetsAreWiretests() {
        assertThat(Obdo.SIZE).isEqualTo(208);
        int[][] offsets = {
            {Obdo.OFF_VALID, 0}, {Obdo.OFF_OI, 8}, {Obdo.OFF_PARENT_SEQ, 24}, {Obdo.OFF_SIZE, 32},
            {Obdo.OFF_MTIME, 40}, {Obdo.OFF_ATIME, 48}, {Obdo.OFF_CTIME, 56}, {Obdo.OFF_BLOCKS, 64},
            {Obdo.OFF_GRANT, 72}, {Obdo.OFF_BLKSIZE, 80}, {Obdo.OFF_MODE, 84}, {Obdo.OFF_UID, 88},
            {Obdo.OFF_GID, 92}, {Obdo.OFF_FLAGS, 96}, {Obdo.OFF_NLINK, 100}, {Obdo.OFF_PARENT_OID, 104},
            {Obdo.OFF_MISC, 108}, {Obdo.OFF_IOEPOCH, 112}, {Obdo.OFF_STRIPE_IDX, 120}, {Obdo.OFF_PARENT_VER, 124},
            {Obdo.OFF_HANDLE, 128}, {Obdo.OFF_LAYOUT, 136}, {Obdo.OFF_LAYOUT_VERSION, 164}, {Obdo.OFF_UID_H, 168},
            {Obdo.OFF_GID_H, 172}, {Obdo.OFF_DATA_VERSION, 176}, {Obdo.OFF_PROJID, 184}, {Obdo.OFF_PADDING_4, 188},
            {Obdo.OFF_PADDING_5, 192}, {Obdo.OFF_PADDING_6, 200},
        };
        for (int[] o : offsets) {
            assertThat(o[0]).isEqualTo(o[1]);
        }
        assertThat(Obdo.OBJECT_EOF).isEqualTo(-1L);
    }

    private static Obdo everyField() {
        return new Obdo().valid(0x0102030405060708L).oi(OstId.of(Fid.of(0x280000400L, 0x11223344L)))
                .parentSeq(0x200000401L).size(0x1000).mtime(1700000001).atime(1700000002).ctime(1700000003)
                .blocks(0x55).grant(0x66).blksize(4096).mode(0100644).uid(500).gid(501).flags(0x4000)
                .nlink(0xabcdef01).parentOid(7).misc(9).ioepoch(0x77).stripeIdx(3).parentVer(4).handle(0xfeedL)
                .layout(new OstLayout(1 << 20, 4, 0, -1L, 0x10001)).layoutVersion(12).uidH(13).gidH(14)
                .dataVersion(0x99).projid(15);
    }

    @Test
    void obdoWritesEachFieldAtItsOffsetLittleEndian() {
        MemorySegment s = MemorySegment.ofArray(everyField().toBytes());
        assertThat(s.get(Le.U64, 0)).isEqualTo(0x0102030405060708L);
        assertThat(s.get(Le.U64, 8)).isEqualTo(0x280000400L);
        assertThat(s.get(Le.U32, 16)).isEqualTo(0x11223344);
        assertThat(s.get(Le.U32, 20)).isZero();
        assertThat(s.get(Le.U64, 24)).isEqualTo(0x200000401L);
        assertThat(s.get(Le.U64, 32)).isEqualTo(0x1000);
        assertThat(s.get(Le.U64, 40)).isEqualTo(1700000001L);
        assertThat(s.get(Le.U64, 48)).isEqualTo(1700000002L);
        assertThat(s.get(Le.U64, 56)).isEqualTo(1700000003L);
        assertThat(s.get(Le.U64, 64)).isEqualTo(0x55);
        assertThat(s.get(Le.U64, 72)).isEqualTo(0x66);
        assertThat(s.get(Le.U32, 80)).isEqualTo(4096);
        assertThat(s.get(Le.U32, 84)).isEqualTo(0100644);
        assertThat(s.get(Le.U32, 88)).isEqualTo(500);
        assertThat(s.get(Le.U32, 92)).isEqualTo(501);
        assertThat(s.get(Le.U32, 96)).isEqualTo(0x4000);
        assertThat(s.get(Le.U32, 100)).isEqualTo(0xabcdef01);
        assertThat(s.get(Le.U32, 104)).isEqualTo(7);
        assertThat(s.get(Le.U32, 108)).isEqualTo(9);
        assertThat(s.get(Le.U64, 112)).isEqualTo(0x77);
        assertThat(s.get(Le.U32, 120)).isEqualTo(3);
        assertThat(s.get(Le.U32, 124)).isEqualTo(4);
        assertThat(s.get(Le.U64, 128)).isEqualTo(0xfeedL);
        assertThat(s.get(Le.U32, 136)).isEqualTo(1 << 20);
        assertThat(s.get(Le.U32, 140)).isEqualTo(4);
        assertThat(s.get(Le.U64, 144)).isZero();
        assertThat(s.get(Le.U64, 152)).isEqualTo(-1L);
        assertThat(s.get(Le.U32, 160)).isEqualTo(0x10001);
        assertThat(s.get(Le.U32, 164)).isEqualTo(12);
        assertThat(s.get(Le.U32, 168)).isEqualTo(13);
        assertThat(s.get(Le.U32, 172)).isEqualTo(14);
        assertThat(s.get(Le.U64, 176)).isEqualTo(0x99);
        assertThat(s.get(Le.U32, 184)).isEqualTo(15);
        assertThat(s.asSlice(188, 20).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsOnly(0);
    }

    @Test
    void obdoBrwAliasesShareTheirFields() {
        Obdo o = new Obdo().dirty(1).undirty(2).cksum(3).dropped(4).grantUsed(5);
        assertThat(o.blocks()).isEqualTo(1);
        assertThat(o.mode()).isEqualTo(2);
        assertThat(o.nlink()).isEqualTo(3);
        assertThat(o.misc()).isEqualTo(4);
        assertThat(o.dataVersion()).isEqualTo(5);
        assertThat(o.fallocMode(6).nlink()).isEqualTo(6);
    }

    @Test
    void obdoRoundTripsAndReadsABigEndianSendersBody() throws LustreException {
        Obdo o = everyField();
        Obdo back = Obdo.read(MemorySegment.ofArray(o.toBytes()), 0, false);
        assertThat(back.toBytes()).isEqualTo(o.toBytes());
        assertThat(o.copy().toBytes()).isEqualTo(o.toBytes());

        // a big-endian sender: every field swapped by its own size, o_handle left alone
        byte[] be = swabbedObdo(o);
        Obdo fromBe = Obdo.read(MemorySegment.ofArray(be), 0, true);
        assertThat(fromBe.toBytes()).isEqualTo(o.toBytes());
        assertThat(fromBe.oi().toFid(0)).isEqualTo(Fid.of(0x280000400L, 0x11223344L));
    }

    /** The bytes a big-endian node would send for {@code o}, built field by field with ByteBuffer. */
    private static byte[] swabbedObdo(Obdo o) {
        ByteBuffer b = ByteBuffer.allocate(208).order(ByteOrder.BIG_ENDIAN);
        Fid f = o.oi().rawFid();
        b.putLong(o.valid()).putLong(f.seq()).putInt(f.oid()).putInt(f.ver()).putLong(o.parentSeq()).putLong(o.size())
                .putLong(o.mtime()).putLong(o.atime()).putLong(o.ctime()).putLong(o.blocks()).putLong(o.grant())
                .putInt(o.blksize()).putInt(o.mode()).putInt(o.uid()).putInt(o.gid()).putInt(o.flags())
                .putInt(o.nlink()).putInt(o.parentOid()).putInt(o.misc()).putLong(o.ioepoch()).putInt(o.stripeIdx())
                .putInt(o.parentVer());
        b.order(ByteOrder.LITTLE_ENDIAN).putLong(o.handle()).order(ByteOrder.BIG_ENDIAN);
        OstLayout l = o.layout();
        b.putInt(l.stripeSize()).putInt(l.stripeCount()).putLong(l.compStart()).putLong(l.compEnd())
                .putInt(l.compId()).putInt(o.layoutVersion()).putInt(o.uidH()).putInt(o.gidH())
                .putLong(o.dataVersion()).putInt(o.projid());
        return b.array();
    }

    // ---------------------------------------------------------------- ost_id, ost_layout

    @Test
    void ostIdFormsFollowLustreOstidH() throws LustreException {
        assertThat(OstId.SIZE).isEqualTo(16);
        // a normal FID passes through
        OstId normal = OstId.of(Fid.of(0x2c0000401L, 5));
        assertThat(normal.seq()).isEqualTo(0x2c0000401L);
        assertThat(normal.id()).isEqualTo(5);
        assertThat(normal.toFid(7)).isEqualTo(Fid.of(0x2c0000401L, 5));
        // fid_to_ostid turns an IDIF FID into the legacy pair {id, seq 0}
        OstId legacy = OstId.of(Fid.idif(0x123456789L, 3));
        assertThat(legacy.word0()).isEqualTo(0x123456789L);
        assertThat(legacy.word1()).isZero();
        assertThat(legacy.seq()).isZero();
        assertThat(legacy.toFid(3)).isEqualTo(Fid.idif(0x123456789L, 3));
        byte[] b = new byte[16];
        legacy.write(MemorySegment.ofArray(b), 0);
        assertThat(MemorySegment.ofArray(b).get(Le.U64, 0)).isEqualTo(0x123456789L);
        assertThat(MemorySegment.ofArray(b).get(Le.U64, 8)).isZero();
        // ostid_to_fid refusals: EBADF
        assertThatThrownBy(() -> normal.toFid(0x10000)).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EBADF)).hasMessageContaining("65536");
        // ostid_id masks a legacy id to 48 bits (IDIF_OID_MASK); the all-ones id is refused
        assertThat(OstId.legacy((1L << 48) | 5, 0).id()).isEqualTo(5);
        assertThatThrownBy(() -> OstId.legacy((1L << 48) - 1, 0).toFid(0))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF))
                .hasMessageContaining(Long.toString((1L << 48) - 1));
        assertThatThrownBy(() -> OstId.of(Fid.of(0x2c0000401L, 5, 1)).toFid(0))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }

    @Test
    void ostLayoutIsWiretests() {
        assertThat(OstLayout.SIZE).isEqualTo(28);
        assertThat(OstLayout.OFF_STRIPE_SIZE).isEqualTo(0);
        assertThat(OstLayout.OFF_STRIPE_COUNT).isEqualTo(4);
        assertThat(OstLayout.OFF_COMP_START).isEqualTo(8);
        assertThat(OstLayout.OFF_COMP_END).isEqualTo(16);
        assertThat(OstLayout.OFF_COMP_ID).isEqualTo(24);
    }

    // ---------------------------------------------------------------- ioobj, niobuf, lvb

    @Test
    void ioobjIsWiretestsWithMaxBrwInTheHighHalf() {
        assertThat(ObdIoobj.SIZE).isEqualTo(24);
        assertThat(ObdIoobj.OFF_OID).isEqualTo(0);
        assertThat(ObdIoobj.OFF_MAX_BRW).isEqualTo(16);
        assertThat(ObdIoobj.OFF_BUFCNT).isEqualTo(20);
        assertThat(ObdIoobj.MAX_BRW_BITS).isEqualTo(16);
        ObdIoobj io = ObdIoobj.withMdCount(OstId.of(Fid.of(0x2c0000401L, 9)), 4, 17);
        assertThat(io.maxBrw()).isEqualTo(3 << 16);
        assertThat(io.mdCount()).isEqualTo(4);
        byte[] b = new byte[24];
        io.write(MemorySegment.ofArray(b), 0);
        MemorySegment s = MemorySegment.ofArray(b);
        assertThat(s.get(Le.U32, 16)).isEqualTo(0x30000);
        assertThat(s.get(Le.U32, 20)).isEqualTo(17);
        assertThat(ObdIoobj.read(s, 0, false)).isEqualTo(io);
        assertThat(new ObdIoobj(io.oid(), 0, 1).mdCount()).isEqualTo(1);
        assertThatThrownBy(() -> ObdIoobj.withMdCount(io.oid(), 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void niobufRemoteIsWiretests() {
        assertThat(NiobufRemote.SIZE).isEqualTo(16);
        assertThat(NiobufRemote.OFF_OFFSET).isEqualTo(0);
        assertThat(NiobufRemote.OFF_LEN).isEqualTo(8);
        assertThat(NiobufRemote.OFF_FLAGS).isEqualTo(12);
        NiobufRemote n = new NiobufRemote(0x1_0000_1000L, 0x80000000, ObdBrw.WRITE | ObdBrw.SRVLOCK);
        byte[] b = new byte[16];
        n.write(MemorySegment.ofArray(b), 0);
        assertThat(MemorySegment.ofArray(b).get(Le.U64, 0)).isEqualTo(0x1_0000_1000L);
        assertThat(MemorySegment.ofArray(b).get(Le.U32, 8)).isEqualTo(0x80000000);
        assertThat(MemorySegment.ofArray(b).get(Le.U32, 12)).isEqualTo(0x202);
        assertThat(n.length()).isEqualTo(0x80000000L);
        assertThat(n.end()).isEqualTo(0x1_8000_1000L);
        assertThat(NiobufRemote.read(MemorySegment.ofArray(b), 0, false)).isEqualTo(n);
        ByteBuffer be = ByteBuffer.allocate(16).putLong(5).putInt(6).putInt(7);
        assertThat(NiobufRemote.read(MemorySegment.ofArray(be.array()), 0, true)).isEqualTo(new NiobufRemote(5, 6, 7));
    }

    @Test
    void ostLvbIsWiretestsBothForms() {
        assertThat(OstLvb.SIZE).isEqualTo(56);
        assertThat(OstLvb.SIZE_V1).isEqualTo(40);
        assertThat(new int[] {OstLvb.OFF_SIZE, OstLvb.OFF_MTIME, OstLvb.OFF_ATIME, OstLvb.OFF_CTIME, OstLvb.OFF_BLOCKS,
            OstLvb.OFF_MTIME_NS, OstLvb.OFF_ATIME_NS, OstLvb.OFF_CTIME_NS, OstLvb.OFF_PADDING})
                .containsExactly(0, 8, 16, 24, 32, 40, 44, 48, 52);
        assertThat(OstLvb.ERR_INIT).isEqualTo(0xffbadbad80000000L);
        assertThat(OstLvb.ERR_MASK).isEqualTo(0xffbadbad00000000L);
        OstLvb lvb = new OstLvb(4097, 1, 2, 3, 16, 10, 20, 30);
        byte[] b = new byte[56];
        lvb.write(MemorySegment.ofArray(b), 0, 56);
        assertThat(OstLvb.read(MemorySegment.ofArray(b), 0, 56, false)).isEqualTo(lvb);
        assertThat(OstLvb.read(MemorySegment.ofArray(b), 0, 40, false))
                .isEqualTo(new OstLvb(4097, 1, 2, 3, 16, 0, 0, 0));
        OstLvb err = OstLvb.error(-2);
        assertThat(err.isError()).isTrue();
        assertThat(err.errorRc()).isEqualTo(-2);
        assertThat(lvb.isError()).isFalse();
        assertThatThrownBy(() -> lvb.write(MemorySegment.ofArray(b), 0, 48)).hasMessageContaining("48");
    }

    // ---------------------------------------------------------------- filter_fid

    @Test
    void filterFidIsTheCurrentPackedFormAndReadsEveryOlderOne() throws LustreException {
        assertThat(FilterFid.SIZE).isEqualTo(52);
        assertThat(FilterFid.OFF_LAYOUT).isEqualTo(16);
        assertThat(FilterFid.OFF_LAYOUT_VERSION).isEqualTo(44);
        assertThat(FilterFid.OFF_RANGE).isEqualTo(48);
        FilterFid ff = new FilterFid(Fid.of(0x200000401L, 0x22, 2), new OstLayout(65536, 3, 0, -1L, 1), 5, 6);
        byte[] b = ff.toBytes();
        assertThat(b).hasSize(52);
        MemorySegment s = MemorySegment.ofArray(b);
        assertThat(s.get(Le.U64, 0)).isEqualTo(0x200000401L);
        assertThat(s.get(Le.U32, 8)).isEqualTo(0x22);
        assertThat(s.get(Le.U32, 12)).isEqualTo(2);
        assertThat(s.get(Le.U32, 16)).isEqualTo(65536);
        assertThat(s.get(Le.U32, 20)).isEqualTo(3);
        assertThat(s.get(Le.U64, 24)).isZero();
        assertThat(s.get(Le.U64, 32)).isEqualTo(-1L);
        assertThat(s.get(Le.U32, 40)).isEqualTo(1);
        assertThat(s.get(Le.U32, 44)).isEqualTo(5);
        assertThat(s.get(Le.U32, 48)).isEqualTo(6);
        assertThat(FilterFid.read(b)).isEqualTo(ff);
        assertThat(ff.stripeIndex()).isEqualTo(2);

        byte[] f210 = java.util.Arrays.copyOf(b, 44);
        assertThat(FilterFid.read(f210)).isEqualTo(new FilterFid(ff.parent(), ff.layout(), 0, 0));
        byte[] f2429 = java.util.Arrays.copyOf(b, 16);
        assertThat(FilterFid.read(f2429)).isEqualTo(new FilterFid(ff.parent(), OstLayout.NONE, 0, 0));
        byte[] f1823 = java.util.Arrays.copyOf(b, 32); // ff_objid/ff_seq follow the parent
        assertThat(FilterFid.read(f1823)).isEqualTo(new FilterFid(ff.parent(), OstLayout.NONE, 0, 0));
        assertThatThrownBy(() -> FilterFid.read(new byte[24])).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL)).hasMessageContaining("24 bytes");
    }

    // ---------------------------------------------------------------- constants

    @Test
    void obdMdBitsAreWiretests() {
        long[][] bits = {
            {ObdMd.FLID, 0x1L}, {ObdMd.FLATIME, 0x2L}, {ObdMd.FLMTIME, 0x4L}, {ObdMd.FLCTIME, 0x8L},
            {ObdMd.FLSIZE, 0x10L}, {ObdMd.FLBLOCKS, 0x20L}, {ObdMd.FLBLKSZ, 0x40L}, {ObdMd.FLMODE, 0x80L},
            {ObdMd.FLTYPE, 0x100L}, {ObdMd.FLUID, 0x200L}, {ObdMd.FLGID, 0x400L}, {ObdMd.FLFLAGS, 0x800L},
            {ObdMd.DOM_SIZE, 0x1000L}, {ObdMd.FLNLINK, 0x2000L}, {ObdMd.FLPARENT, 0x4000L},
            {ObdMd.LAYOUT_VERSION, 0x8000L}, {ObdMd.FLRDEV, 0x10000L}, {ObdMd.FLEASIZE, 0x20000L},
            {ObdMd.LINKNAME, 0x40000L}, {ObdMd.FLHANDLE, 0x80000L}, {ObdMd.FLCKSUM, 0x100000L},
            {ObdMd.FLPRJQUOTA, 0x400000L}, {ObdMd.FLGROUP, 0x1000000L}, {ObdMd.FLFID, 0x2000000L},
            {ObdMd.FLGRANT, 0x8000000L}, {ObdMd.FLDIREA, 0x10000000L}, {ObdMd.FLUSRQUOTA, 0x20000000L},
            {ObdMd.FLGRPQUOTA, 0x40000000L}, {ObdMd.FLMODEASIZE, 0x80000000L}, {ObdMd.MDS, 0x0000000100000000L},
            {ObdMd.MEA, 0x0000000400000000L}, {ObdMd.TSTATE, 0x0000000800000000L},
            {ObdMd.FLXATTR, 0x0000001000000000L}, {ObdMd.FLXATTRLS, 0x0000002000000000L},
            {ObdMd.FLXATTRRM, 0x0000004000000000L}, {ObdMd.FLACL, 0x0000008000000000L},
            {ObdMd.FLAGSTATFS, 0x0000010000000000L}, {ObdMd.FLCROSSREF, 0x0000100000000000L},
            {ObdMd.FLGETATTRLOCK, 0x0000200000000000L}, {ObdMd.FLOBJCOUNT, 0x0000400000000000L},
            {ObdMd.FLDATAVERSION, 0x0010000000000000L}, {ObdMd.CLOSE_INTENT_EXECED, 0x0020000000000000L},
            {ObdMd.DEFAULT_MEA, 0x0040000000000000L}, {ObdMd.FLOSTLAYOUT, 0x0080000000000000L},
            {ObdMd.FLPROJID, 0x0100000000000000L}, {ObdMd.SECCTX, 0x0200000000000000L},
            {ObdMd.FLLAZYSIZE, 0x0400000000000000L}, {ObdMd.FLLAZYBLOCKS, 0x0800000000000000L},
            {ObdMd.FLBTIME, 0x1000000000000000L}, {ObdMd.ENCCTX, 0x2000000000000000L},
            {ObdMd.NAMEHASH, 0x4000000000000000L},
        };
        for (long[] b : bits) {
            assertThat(b[0]).isEqualTo(b[1]);
        }
        assertThat(ObdMd.FLGETATTR).isEqualTo(0x1100000001016fdfL);
        assertThat(ObdMd.FLALLQUOTA).isEqualTo(0x60400000L);
    }

    @Test
    void obdFlagsAndChecksumCodesAreWiretests() {
        int[][] flags = {
            {ObdFlags.INLINEDATA, 0x1}, {ObdFlags.OBDMDEXISTS, 0x2}, {ObdFlags.DELORPHAN, 0x4}, {ObdFlags.NORPC, 0x8},
            {ObdFlags.IDONLY, 0x10}, {ObdFlags.RECREATE_OBJS, 0x20}, {ObdFlags.DEBUG_CHECK, 0x40},
            {ObdFlags.NO_PRJQUOTA, 0x80}, {ObdFlags.NO_USRQUOTA, 0x100}, {ObdFlags.NO_GRPQUOTA, 0x200},
            {ObdFlags.CREATE_CROW, 0x400}, {ObdFlags.SRVLOCK, 0x800}, {ObdFlags.CKSUM_CRC32, 0x1000},
            {ObdFlags.CKSUM_ADLER, 0x2000}, {ObdFlags.CKSUM_CRC32C, 0x4000}, {ObdFlags.CKSUM_T10IP512, 0x5000},
            {ObdFlags.CKSUM_T10IP4K, 0x6000}, {ObdFlags.CKSUM_T10CRC512, 0x7000}, {ObdFlags.CKSUM_T10CRC4K, 0x8000},
            {ObdFlags.CKSUM_RSVD3, 0x10000}, {ObdFlags.SHRINK_GRANT, 0x20000}, {ObdFlags.MMAP, 0x40000},
            {ObdFlags.RECOV_RESEND, 0x80000}, {ObdFlags.NOSPC_BLK, 0x100000}, {ObdFlags.FLUSH, 0x200000},
            {ObdFlags.SHORT_IO, 0x400000}, {ObdFlags.ROOT_SQUASH, 0x800000}, {ObdFlags.CKSUM_ALL, 0xf000},
            {ObdFlags.OBD_CKSUM_CRC32, 1}, {ObdFlags.OBD_CKSUM_ADLER, 2}, {ObdFlags.OBD_CKSUM_CRC32C, 4},
            {ObdFlags.OBD_CKSUM_RESERVED, 8}, {ObdFlags.OBD_CKSUM_T10IP512, 0x10}, {ObdFlags.OBD_CKSUM_T10IP4K, 0x20},
            {ObdFlags.OBD_CKSUM_T10CRC512, 0x40}, {ObdFlags.OBD_CKSUM_T10CRC4K, 0x80}, {ObdFlags.OBD_CKSUM_ALL, 0xf7},
        };
        for (int[] f : flags) {
            assertThat(f[0]).isEqualTo(f[1]);
        }
        // obd_cksum_type_unpack: code, not bits; no code or an unknown one means Adler
        assertThat(ObdFlags.cksumTypeOfFlags(0x4000 | 0x800)).isEqualTo(4);
        assertThat(ObdFlags.cksumTypeOfFlags(0x1000)).isEqualTo(1);
        assertThat(ObdFlags.cksumTypeOfFlags(0x2000)).isEqualTo(2);
        assertThat(ObdFlags.cksumTypeOfFlags(0)).isEqualTo(2);
        assertThat(ObdFlags.cksumTypeOfFlags(0x3000)).isEqualTo(2);
        assertThat(ObdFlags.cksumTypeOfFlags(0x8000)).isEqualTo(0x80);
        assertThat(ObdFlags.flagsOfCksumType(4)).isEqualTo(0x4000);
        assertThat(ObdFlags.flagsOfCksumType(2)).isEqualTo(0x2000);
        assertThat(ObdFlags.flagsOfCksumType(0x20)).isEqualTo(0x6000);
        assertThatThrownBy(() -> ObdFlags.flagsOfCksumType(6)).hasMessageContaining("0x6");
        assertThat(ObdFlags.cksumName(4)).isEqualTo("crc32c");
        assertThat(ObdFlags.cksumName(2)).isEqualTo("adler");
    }

    @Test
    void obdBrwFlagsAreWiretests() {
        int[][] flags = {
            {ObdBrw.READ, 0x01}, {ObdBrw.WRITE, 0x02}, {ObdBrw.NDELAY, 0x04}, {ObdBrw.SYNC, 0x08},
            {ObdBrw.CHECK, 0x10}, {ObdBrw.FROM_GRANT, 0x20}, {ObdBrw.GRANTED, 0x40}, {ObdBrw.NOCACHE, 0x80},
            {ObdBrw.NOQUOTA, 0x100}, {ObdBrw.SRVLOCK, 0x200}, {ObdBrw.ASYNC, 0x400}, {ObdBrw.MEMALLOC, 0x800},
            {ObdBrw.OVER_USRQUOTA, 0x1000}, {ObdBrw.OVER_GRPQUOTA, 0x2000}, {ObdBrw.SOFT_SYNC, 0x4000},
            {ObdBrw.OVER_PRJQUOTA, 0x8000}, {ObdBrw.RDMA_ONLY, 0x20000}, {ObdBrw.SYS_RESOURCE, 0x40000},
            {ObdBrw.RWMASK, 0x3}, {ObdBrw.OVER_ALLQUOTA, 0xb000},
        };
        for (int[] f : flags) {
            assertThat(f[0]).isEqualTo(f[1]);
        }
    }

    @Test
    void ostConnectSupportedIsLustreIdl215() {
        assertThat(ConnectFlags.OBD_CONNECT_REQPORTAL).isEqualTo(0x40L);
        assertThat(ConnectFlags.OST_CONNECT_SUPPORTED).isEqualTo(0xa0475afee344007eL);
        assertThat(ConnectFlags.OST_CONNECT_SUPPORTED2).isEqualTo(0x148202L);
    }
}
