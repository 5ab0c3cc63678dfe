package org.jlustre.wire.mgs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Fid;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogLogid;
import org.junit.jupiter.api.Test;

/**
 * Pins the MGS wire structures as Lustre's wiretest.c does (reference 6.1): mgs_target_info,
 * llogd_body, mgs_config_body / mgs_config_res, mgs_nidtbl_entry, mgs_send_param and the
 * LDD_F_* flags; round trips, the swabbed read, and the bad input the MGS must refuse.
 */
class MgsWireGoldenTest {

    @Test
    void mgsTargetInfoLayout() {
        assertThat(MgsTargetInfo.SIZE).isEqualTo(4544);
        assertThat(MgsTargetInfo.OFF_LUSTRE_VER).isEqualTo(0);
        assertThat(MgsTargetInfo.OFF_STRIPE_INDEX).isEqualTo(4);
        assertThat(MgsTargetInfo.OFF_CONFIG_VER).isEqualTo(8);
        assertThat(MgsTargetInfo.OFF_FLAGS).isEqualTo(12);
        assertThat(MgsTargetInfo.OFF_NID_COUNT).isEqualTo(16);
        assertThat(MgsTargetInfo.OFF_INSTANCE).isEqualTo(20);
        assertThat(MgsTargetInfo.OFF_FSNAME).isEqualTo(24);
        assertThat(MgsTargetInfo.OFF_SVNAME).isEqualTo(88);
        assertThat(MgsTargetInfo.OFF_UUID).isEqualTo(152);
        assertThat(MgsTargetInfo.OFF_NIDS).isEqualTo(192);
        assertThat(MgsTargetInfo.OFF_PARAMS).isEqualTo(448);
        assertThat(MgsTargetInfo.OFF_PARAMS + MgsTargetInfo.PARAM_MAXLEN).isEqualTo(MgsTargetInfo.SIZE);
        assertThat(MgsTargetInfo.NAME_MAXLEN).isEqualTo(64);
        assertThat(MgsTargetInfo.UUID_SIZE).isEqualTo(40);
        assertThat(MgsTargetInfo.NIDS_MAX).isEqualTo(32);
        assertThat(MgsTargetInfo.NO_INDEX).isEqualTo(0xffff);
    }

    @Test
    void lddFlags() {
        assertThat(LddFlags.SV_TYPE_MDT).isEqualTo(0x1);
        assertThat(LddFlags.SV_TYPE_OST).isEqualTo(0x2);
        assertThat(LddFlags.SV_TYPE_MGS).isEqualTo(0x4);
        assertThat(LddFlags.SV_ALL).isEqualTo(0x8);
        assertThat(LddFlags.NEED_INDEX).isEqualTo(0x10);
        assertThat(LddFlags.VIRGIN).isEqualTo(0x20);
        assertThat(LddFlags.UPDATE).isEqualTo(0x40);
        assertThat(LddFlags.REWRITE_LDD).isEqualTo(0x80);
        assertThat(LddFlags.WRITECONF).isEqualTo(0x100);
        assertThat(LddFlags.PARAM).isEqualTo(0x400);
        assertThat(LddFlags.NO_PRIMNODE).isEqualTo(0x1000);
        assertThat(LddFlags.IR_CAPABLE).isEqualTo(0x2000);
        assertThat(LddFlags.ERROR).isEqualTo(0x4000);
        assertThat(LddFlags.PARAM2).isEqualTo(0x8000);
        assertThat(LddFlags.NO_LOCAL_LOGS).isEqualTo(0x10000);
        assertThat(LddFlags.describe(0x162)).isEqualTo("OST|VIRGIN|UPDATE|WRITECONF");
        assertThat(LddFlags.describe(0)).isEqualTo("0");
    }

    @Test
    void mgsTargetInfoRoundTripAndBytes() {
        MgsTargetInfo mti = new MgsTargetInfo(0x020f0000, 0xffff, 3, LddFlags.SV_TYPE_OST | LddFlags.VIRGIN, 1,
                "lustre", "lustre:OSTffff", "uuid", new long[] {0x200000a02023bL, 0x2000001020304L},
                "failover.node=1.2.3.4@tcp sys.timeout=20");
        byte[] b = mti.encode();
        MemorySegment s = MemorySegment.ofArray(b);
        assertThat(b).hasSize(4544);
        assertThat(s.get(Le.U32, 4)).isEqualTo(0xffff);
        assertThat(s.get(Le.U32, 12)).isEqualTo(0x22);
        assertThat(s.get(Le.U32, 16)).isEqualTo(2);
        assertThat(s.get(Le.U64, 192)).isEqualTo(0x200000a02023bL);
        assertThat(s.get(Le.U64, 200)).isEqualTo(0x2000001020304L);
        assertThat(new String(b, 88, 14)).isEqualTo("lustre:OSTffff");
        assertThat(b[88 + 14]).isZero();
        assertThat(MgsTargetInfo.decode(s, false)).isEqualTo(mti);

        // big-endian sender
        byte[] be = b.clone();
        MemorySegment bs = MemorySegment.ofArray(be);
        for (int off : new int[] {0, 4, 8, 12, 16, 20}) {
            bs.set(Be.U32, off, s.get(Le.U32, off));
        }
        bs.set(Be.U64, 192, s.get(Le.U64, 192));
        bs.set(Be.U64, 200, s.get(Le.U64, 200));
        assertThat(MgsTargetInfo.decode(bs, true)).isEqualTo(mti);
    }

    @Test
    void mgsTargetInfoBadInput() {
        byte[] b = new MgsTargetInfo(0, 0, 0, 2, 0, "lustre", "lustre-OST0000", "", new long[0], "").encode();
        assertThatThrownBy(() -> MgsTargetInfo.decode(MemorySegment.ofArray(b).asSlice(0, 4543), false))
                .hasMessageContaining("4543 bytes, needs 4544");
        byte[] many = b.clone();
        MemorySegment.ofArray(many).set(Le.U32, 16, 33);
        assertThatThrownBy(() -> MgsTargetInfo.decode(MemorySegment.ofArray(many), false))
                .hasMessageContaining("mti_nid_count 33 is over 32");
        byte[] neg = b.clone();
        MemorySegment.ofArray(neg).set(Le.U32, 16, -1);
        assertThatThrownBy(() -> MgsTargetInfo.decode(MemorySegment.ofArray(neg), false))
                .hasMessageContaining("mti_nid_count 4294967295");
        byte[] longName = b.clone();
        MemorySegment.ofArray(longName).asSlice(24, 64).fill((byte) 'f');
        assertThatThrownBy(() -> MgsTargetInfo.decode(MemorySegment.ofArray(longName), false))
                .hasMessageContaining("mti_fsname is not NUL-terminated within its 64 bytes");
        byte[] longParams = b.clone();
        MemorySegment.ofArray(longParams).asSlice(448, 4096).fill((byte) 'p');
        assertThatThrownBy(() -> MgsTargetInfo.decode(MemorySegment.ofArray(longParams), false))
                .hasMessageContaining("mti_params");
        assertThatThrownBy(() -> new MgsTargetInfo(0, 0, 0, 2, 0, "x".repeat(64), "s", "", new long[0], ""))
                .hasMessageContaining("mti_fsname").hasMessageContaining("at most 63 fit");
    }

    @Test
    void llogdBodyLayoutAndRoundTrip() {
        assertThat(LlogdBody.SIZE).isEqualTo(48);
        assertThat(LlogdBody.OFF_LOGID).isEqualTo(0);
        assertThat(LlogdBody.OFF_CTXT_IDX).isEqualTo(20);
        assertThat(LlogdBody.OFF_LLH_FLAGS).isEqualTo(24);
        assertThat(LlogdBody.OFF_INDEX).isEqualTo(28);
        assertThat(LlogdBody.OFF_SAVED_INDEX).isEqualTo(32);
        assertThat(LlogdBody.OFF_LEN).isEqualTo(36);
        assertThat(LlogdBody.OFF_CUR_OFFSET).isEqualTo(40);
        assertThat(LlogdBody.LLOG_CONFIG_ORIG_CTXT).isZero();
        assertThat(LlogdBody.LLOG_CONFIG_REPL_CTXT).isOne();
        LlogdBody body = new LlogdBody(LlogLogid.of(Fid.of(0xa, 5)), 0, 4, 7, 6, 8192, 16384);
        MemorySegment s = MemorySegment.ofArray(new byte[48]);
        body.encode(s, 0);
        assertThat(s.get(Le.U64, 0)).isEqualTo(5); // oi_id: the oid
        assertThat(s.get(Le.U64, 8)).isEqualTo(0xa); // oi_seq
        assertThat(s.get(Le.U32, 24)).isEqualTo(4);
        assertThat(s.get(Le.U32, 36)).isEqualTo(8192);
        assertThat(s.get(Le.U64, 40)).isEqualTo(16384);
        assertThat(LlogdBody.decode(s, false)).isEqualTo(body);
        MemorySegment be = MemorySegment.ofArray(new byte[48]);
        be.set(Be.U64, 0, 5);
        be.set(Be.U64, 8, 0xa);
        be.set(Be.U32, 24, 4);
        be.set(Be.U32, 28, 7);
        be.set(Be.U32, 32, 6);
        be.set(Be.U32, 36, 8192);
        be.set(Be.U64, 40, 16384);
        assertThat(LlogdBody.decode(be, true)).isEqualTo(body);
        assertThatThrownBy(() -> LlogdBody.decode(MemorySegment.ofArray(new byte[47]), false))
                .hasMessageContaining("47 bytes, needs 48");
    }

    @Test
    void configBodyResAndNidtblEntry() {
        assertThat(MgsConfigBody.SIZE).isEqualTo(80);
        assertThat(MgsConfigBody.OFF_OFFSET).isEqualTo(64);
        assertThat(MgsConfigBody.OFF_TYPE).isEqualTo(72);
        assertThat(MgsConfigBody.OFF_NM_CUR_PASS).isEqualTo(74);
        assertThat(MgsConfigBody.OFF_BITS).isEqualTo(75);
        assertThat(MgsConfigBody.OFF_UNITS).isEqualTo(76);
        assertThat(MgsConfigBody.MGS_CFG_T_CONFIG).isEqualTo(0);
        assertThat(MgsConfigBody.MGS_CFG_T_SPTLRPC).isEqualTo(1);
        assertThat(MgsConfigBody.MGS_CFG_T_RECOVER).isEqualTo(2);
        assertThat(MgsConfigBody.MGS_CFG_T_PARAMS).isEqualTo(3);
        assertThat(MgsConfigBody.MGS_CFG_T_NODEMAP).isEqualTo(4);
        assertThat(MgsConfigBody.MGS_CFG_T_BARRIER).isEqualTo(5);
        MgsConfigBody body = new MgsConfigBody("lustre-cliir", 3, 2, 12, 1);
        MemorySegment s = MemorySegment.ofArray(new byte[80]);
        body.encode(s, 0);
        assertThat(s.get(Le.U64, 64)).isEqualTo(3);
        assertThat(s.get(Le.U16, 72)).isEqualTo((short) 2);
        assertThat(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 75)).isEqualTo((byte) 12);
        assertThat(s.get(Le.U32, 76)).isEqualTo(1);
        assertThat(MgsConfigBody.decode(s, false)).isEqualTo(body);

        assertThat(MgsNidtblEntry.HEADER_SIZE).isEqualTo(24);
        assertThat(MgsNidtblEntry.OFF_VERSION).isEqualTo(0);
        assertThat(MgsNidtblEntry.OFF_INSTANCE).isEqualTo(8);
        assertThat(MgsNidtblEntry.OFF_INDEX).isEqualTo(12);
        assertThat(MgsNidtblEntry.OFF_LENGTH).isEqualTo(16);
        assertThat(MgsNidtblEntry.OFF_TYPE).isEqualTo(20);
        assertThat(MgsNidtblEntry.OFF_NID_TYPE).isEqualTo(21);
        assertThat(MgsNidtblEntry.OFF_NID_SIZE).isEqualTo(22);
        assertThat(MgsNidtblEntry.OFF_NID_COUNT).isEqualTo(23);
        assertThat(MgsNidtblEntry.CONFIG_RES_SIZE).isEqualTo(16);
        MgsNidtblEntry e = new MgsNidtblEntry(9, 1, 4, LddFlags.SV_TYPE_OST, new long[] {0x200000a02023bL});
        MemorySegment es = MemorySegment.ofArray(new byte[64]);
        e.encode(es, 8);
        assertThat(es.get(Le.U32, 8 + 16)).isEqualTo(32);
        assertThat(es.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 8 + 22)).isEqualTo((byte) 8);
        assertThat(MgsNidtblEntry.decode(es, 8)).isEqualTo(e);
        es.set(Le.U32, 8 + 16, 24);
        assertThatThrownBy(() -> MgsNidtblEntry.decode(es, 8)).hasMessageContaining("length 24, 1 NIDs");
        es.set(Le.U32, 8 + 16, 40); // padded to a unit's end: fine
        assertThat(MgsNidtblEntry.decode(es, 8).nids()).containsExactly(0x200000a02023bL);
        es.set(Le.U32, 8 + 16, 64);
        assertThatThrownBy(() -> MgsNidtblEntry.decode(es, 8)).hasMessageContaining("length 64");

        assertThat(MgsSendParam.SIZE).isEqualTo(1024);
        MemorySegment p = MemorySegment.ofArray(new byte[1024]);
        new MgsSendParam("lustre.sys.timeout=40").encode(p, 0);
        assertThat(MgsSendParam.decode(p).param()).isEqualTo("lustre.sys.timeout=40");
        assertThatThrownBy(() -> new MgsSendParam("x".repeat(1024))).hasMessageContaining("mgs_param");
    }

    private static java.nio.file.Path real(String disk) {
        return org.jlustre.testdata.TestData.lustreReal(disk + "/CONFIGS_mountdata");
    }

    @Test
    void lustreDiskDataLayout() {
        assertThat(LustreDiskData.SIZE).isEqualTo(12288);
        assertThat(LustreDiskData.MAGIC).isEqualTo(0x1dd00001);
        assertThat(LustreDiskData.OFF_FEATURE_COMPAT).isEqualTo(4);
        assertThat(LustreDiskData.OFF_FEATURE_ROCOMPAT).isEqualTo(8);
        assertThat(LustreDiskData.OFF_FEATURE_INCOMPAT).isEqualTo(12);
        assertThat(LustreDiskData.OFF_CONFIG_VER).isEqualTo(16);
        assertThat(LustreDiskData.OFF_FLAGS).isEqualTo(20);
        assertThat(LustreDiskData.OFF_SVINDEX).isEqualTo(24);
        assertThat(LustreDiskData.OFF_MOUNT_TYPE).isEqualTo(28);
        assertThat(LustreDiskData.OFF_FSNAME).isEqualTo(32);
        assertThat(LustreDiskData.OFF_SVNAME).isEqualTo(96);
        assertThat(LustreDiskData.OFF_UUID).isEqualTo(160);
        assertThat(LustreDiskData.OFF_USERDATA).isEqualTo(200);
        assertThat(LustreDiskData.OFF_PADDING).isEqualTo(1024);
        assertThat(LustreDiskData.OFF_MOUNT_OPTS).isEqualTo(4096);
        assertThat(LustreDiskData.OFF_PARAMS).isEqualTo(8192);
        assertThat(LustreDiskData.OFF_PARAMS + LustreDiskData.TEXT_SIZE).isEqualTo(LustreDiskData.SIZE);
        assertThat(LustreDiskData.MT_LDISKFS).isEqualTo(1);
        assertThat(LustreDiskData.MT_ZFS).isEqualTo(5);
        assertThat(LustreDiskData.MT_MEM).isEqualTo(6);
    }

    /** mt_type(): the OSD each mount type mounts as, and back. */
    @Test
    void mountTypesNameTheirOsd() {
        assertThat(java.util.stream.IntStream.rangeClosed(0, 6).mapToObj(LustreDiskData::osdType).toList())
                .containsExactly("osd-ldiskfs", "osd-ldiskfs", "osd-smfs", "osd-reiserfs", "osd-ldiskfs", "osd-zfs",
                        "osd-mem");
        assertThat(LustreDiskData.mountType("osd-ldiskfs")).isEqualTo(LustreDiskData.MT_LDISKFS);
        assertThat(LustreDiskData.mountType("osd-zfs")).isEqualTo(LustreDiskData.MT_ZFS);
        assertThat(LustreDiskData.mountType("osd-mem")).isEqualTo(LustreDiskData.MT_MEM);
        assertThatThrownBy(() -> LustreDiskData.osdType(7)).hasMessageContaining("ldd_mount_type 7");
        assertThatThrownBy(() -> LustreDiskData.mountType("osd-wbcfs")).hasMessageContaining("osd-wbcfs");
    }

    @Test
    void realMountDataDecodesAndReencodesByteForByte() throws Exception {
        for (String disk : new String[] {"disk2_9-ldiskfs-mdt", "disk2_9-ldiskfs-ost", "disk2_7-ldiskfs-ost"}) {
            byte[] b = java.nio.file.Files.readAllBytes(real(disk));
            LustreDiskData ldd = LustreDiskData.decode(MemorySegment.ofArray(b));
            assertThat(ldd.fsname()).isEqualTo("t32fs");
            assertThat(ldd.mountType()).isEqualTo(LustreDiskData.MT_LDISKFS);
            assertThat(ldd.encode()).as(disk).isEqualTo(b);
        }
        LustreDiskData ost = LustreDiskData.decode(MemorySegment.ofArray(
                java.nio.file.Files.readAllBytes(real("disk2_9-ldiskfs-ost"))));
        assertThat(ost.svname()).isEqualTo("t32fs:OST0000");
        assertThat(ost.flags()).isEqualTo(LddFlags.SV_TYPE_OST | LddFlags.VIRGIN);
        assertThat(ost.configVer()).isOne();
        assertThat(ost.mountOpts()).isEqualTo(",errors=remount-ro");
        assertThat(ost.params()).isEqualTo(" mgsnode=10.2.2.59@tcp,10.2.2.59@tcp sys.timeout=20 "
                + "failover.node=1.2.3.4@tcp,4.3.2.1@tcp");
        LustreDiskData mdt = LustreDiskData.decode(MemorySegment.ofArray(
                java.nio.file.Files.readAllBytes(real("disk2_9-ldiskfs-mdt"))));
        assertThat(mdt.flags()).isEqualTo(LddFlags.SV_TYPE_MDT | LddFlags.SV_TYPE_MGS | LddFlags.VIRGIN);

        byte[] bad = mdt.encode();
        bad[0] = 0;
        assertThatThrownBy(() -> LustreDiskData.decode(MemorySegment.ofArray(bad)))
                .hasMessageContaining("bad magic 0x1dd00000");
        assertThatThrownBy(() -> LustreDiskData.decode(MemorySegment.ofArray(new byte[100])))
                .hasMessageContaining("100 bytes, needs 12288");
    }
}
