package org.jlustre.wire.llog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins every size, offset and constant of the llog records, as Lustre's
 * {@code lustre/utils/wiretest.c} does for lustre_idl.h (reference 4.1, 4.2, 6.1), round-trips
 * every record type, and decodes every record of the real llogs Lustre 2.7 and 2.9 wrote.
 */
class LlogWireGoldenTest {

    // ======================= llog_rec_hdr, llog_rec_tail, llog_log_hdr =======================

    @Test
    void recordHeaderAndTail() {
        assertThat(LlogRecordHeader.SIZE).isEqualTo(16);
        assertThat(LlogRecordHeader.OFF_LEN).isEqualTo(0);
        assertThat(LlogRecordHeader.OFF_INDEX).isEqualTo(4);
        assertThat(LlogRecordHeader.OFF_TYPE).isEqualTo(8);
        assertThat(LlogRecordHeader.OFF_ID).isEqualTo(12);
        assertThat(LlogRecordHeader.TAIL_SIZE).isEqualTo(8);
        assertThat(LlogRecordHeader.OFF_TAIL_LEN).isEqualTo(0);
        assertThat(LlogRecordHeader.OFF_TAIL_INDEX).isEqualTo(4);
        assertThat(LlogRecordHeader.MIN_REC_SIZE).isEqualTo(24);
    }

    @Test
    void logHeaderFields() {
        assertThat(LlogHeader.MIN_CHUNK_SIZE).isEqualTo(8192);
        assertThat(LlogHeader.OFF_TIMESTAMP).isEqualTo(16);
        assertThat(LlogHeader.OFF_COUNT).isEqualTo(24);
        assertThat(LlogHeader.OFF_BITMAP_OFFSET).isEqualTo(28);
        assertThat(LlogHeader.OFF_SIZE).isEqualTo(32);
        assertThat(LlogHeader.OFF_FLAGS).isEqualTo(36);
        assertThat(LlogHeader.OFF_CAT_IDX).isEqualTo(40);
        assertThat(LlogHeader.OFF_TGTUUID).isEqualTo(44);
        assertThat(LlogHeader.TGTUUID_SIZE).isEqualTo(40);
        assertThat(LlogHeader.OFF_RESERVED).isEqualTo(84);
        assertThat(LlogHeader.BITMAP_OFFSET).isEqualTo(88);
        assertThat(LlogHeader.HEADER_SIZE).isEqualTo(96);
        assertThat(LlogHeader.BITMAP_BYTES).isEqualTo(8096);
        LlogHeader h = LlogHeader.fresh(8192, 1, LlogFlags.IS_PLAIN, "u");
        assertThat(h.tailOffset()).isEqualTo(8184);
        assertThat(h.bitmapBits()).isEqualTo(64768);
        assertThat(LlogHeader.fresh(16384, 1, LlogFlags.IS_PLAIN, "u").tailOffset()).isEqualTo(16376);
    }

    @Test
    void logFlags() {
        assertThat(LlogFlags.ZAP_WHEN_EMPTY).isEqualTo(0x1);
        assertThat(LlogFlags.IS_CAT).isEqualTo(0x2);
        assertThat(LlogFlags.IS_PLAIN).isEqualTo(0x4);
        assertThat(LlogFlags.EXT_JOBID).isEqualTo(0x8);
        assertThat(LlogFlags.IS_FIXSIZE).isEqualTo(0x10);
        assertThat(LlogFlags.EXT_EXTRA_FLAGS).isEqualTo(0x20);
        assertThat(LlogFlags.EXT_X_UIDGID).isEqualTo(0x40);
        assertThat(LlogFlags.EXT_X_NID).isEqualTo(0x80);
        assertThat(LlogFlags.EXT_X_OMODE).isEqualTo(0x100);
        assertThat(LlogFlags.EXT_X_XATTR).isEqualTo(0x200);
        assertThat(LlogFlags.RM_ON_ERR).isEqualTo(0x400);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "LLOG_PAD_MAGIC,      0x10600000",
        "OST_SZ_REC,          0x10600f00",
        "MDS_UNLINK_REC,      0x10612404",
        "MDS_UNLINK64_REC,    0x10692404",
        "MDS_SETATTR64_REC,   0x10692401",
        "OBD_CFG_REC,         0x10620000",
        "LLOG_GEN_REC,        0x10640000",
        "CHANGELOG_REC,       0x10660000",
        "CHANGELOG_USER_REC,  0x10670000",
        "CHANGELOG_USER_REC2, 0x10670002",
        "HSM_AGENT_REC,       0x10680000",
        "UPDATE_REC,          0x106a0000",
        "LLOG_HDR_MAGIC,      0x10645539",
        "LLOG_LOGID_MAGIC,    0x1064553b",
    })
    void recordTypeValues(String name, String value) throws Exception {
        assertThat(LlogRecType.class.getField(name).getInt(null)).isEqualTo(Integer.decode(value));
        assertThat(LlogRecType.hasMagic(Integer.decode(value))).isTrue();
    }

    // ======================= ids =======================

    @Test
    void idsAndCookies() {
        assertThat(LlogLogid.SIZE).isEqualTo(20);
        assertThat(LlogLogid.OFF_OI_ID).isEqualTo(0);
        assertThat(LlogLogid.OFF_OI_SEQ).isEqualTo(8);
        assertThat(LlogLogid.OFF_OGEN).isEqualTo(16);
        assertThat(LlogCatid.SIZE).isEqualTo(32);
        assertThat(LlogCatid.OFF_LOGID).isEqualTo(0);
        assertThat(LlogCatid.OFF_PADDING1).isEqualTo(20);
        assertThat(LlogCatid.OFF_PADDING2).isEqualTo(24);
        assertThat(LlogCatid.OFF_PADDING3).isEqualTo(28);
        assertThat(LlogCookie.SIZE).isEqualTo(36);
        assertThat(LlogCookie.OFF_LGL).isEqualTo(0);
        assertThat(LlogCookie.OFF_SUBSYS).isEqualTo(20);
        assertThat(LlogCookie.OFF_INDEX).isEqualTo(24);
        assertThat(LlogCookie.OFF_PADDING).isEqualTo(28);
    }

    @Test
    void catalogsFileHoldsCatids() throws IOException {
        byte[] catalogs = RealLlogs.read("disk2_9-ldiskfs-mdt/CATALOGS");
        MemorySegment seg = MemorySegment.ofArray(catalogs);
        assertThat(LlogCatid.read(seg, 0).logid().fid()).isEqualTo(new Fid(1, 2, 0));
        byte[] again = new byte[LlogCatid.SIZE];
        LlogCatid.read(seg, 0).write(MemorySegment.ofArray(again), 0);
        assertThat(again).isEqualTo(Arrays.copyOf(catalogs, LlogCatid.SIZE));
        LlogCookie cookie = new LlogCookie(LlogLogid.of(new Fid(1, 7, 0)), 2, 9);
        byte[] c = new byte[LlogCookie.SIZE];
        cookie.write(MemorySegment.ofArray(c), 0);
        assertThat(LlogCookie.read(MemorySegment.ofArray(c), 0)).isEqualTo(cookie);
        assertThat(MemorySegment.ofArray(c).get(Le.U32, 24)).isEqualTo(9);
    }

    // ======================= fixed-size records =======================

    @ParameterizedTest(name = "{0} {1} = {2}")
    @CsvSource({
        "LogidRecord,          SIZE,               64",
        "LogidRecord,          OFF_LOGID,          16",
        "LogidRecord,          OFF_PADDING1,       36",
        "LogidRecord,          OFF_PADDING2,       40",
        "LogidRecord,          OFF_PADDING3,       48",
        "LogidRecord,          OFF_TAIL,           56",
        "UnlinkRecord,         SIZE,               40",
        "UnlinkRecord,         OFF_OID,            16",
        "UnlinkRecord,         OFF_OSEQ,           24",
        "UnlinkRecord,         OFF_COUNT,          28",
        "UnlinkRecord,         OFF_TAIL,           32",
        "Unlink64Record,       SIZE,               64",
        "Unlink64Record,       OFF_FID,            16",
        "Unlink64Record,       OFF_COUNT,          32",
        "Unlink64Record,       OFF_PADDING1,       36",
        "Unlink64Record,       OFF_PADDING2,       40",
        "Unlink64Record,       OFF_PADDING3,       48",
        "Unlink64Record,       OFF_TAIL,           56",
        "Setattr64Record,      SIZE,               64",
        "Setattr64Record,      OFF_OI,             16",
        "Setattr64Record,      OFF_UID,            32",
        "Setattr64Record,      OFF_UID_H,          36",
        "Setattr64Record,      OFF_GID,            40",
        "Setattr64Record,      OFF_GID_H,          44",
        "Setattr64Record,      OFF_VALID,          48",
        "Setattr64Record,      OFF_TAIL,           56",
        "Setattr64V2Record,    SIZE,               88",
        "Setattr64V2Record,    OFF_PROJID,         56",
        "Setattr64V2Record,    OFF_LAYOUT_VERSION, 60",
        "Setattr64V2Record,    OFF_PADDING2,       64",
        "Setattr64V2Record,    OFF_PADDING3,       72",
        "Setattr64V2Record,    OFF_TAIL,           80",
        "SizeChangeRecord,     SIZE,               64",
        "SizeChangeRecord,     OFF_FID,            16",
        "SizeChangeRecord,     OFF_IOEPOCH,        32",
        "SizeChangeRecord,     OFF_PADDING1,       36",
        "SizeChangeRecord,     OFF_PADDING2,       40",
        "SizeChangeRecord,     OFF_PADDING3,       48",
        "SizeChangeRecord,     OFF_TAIL,           56",
        "GenRecord,            SIZE,               64",
        "GenRecord,            OFF_MNT_CNT,        16",
        "GenRecord,            OFF_CONN_CNT,       24",
        "GenRecord,            OFF_PADDING1,       32",
        "GenRecord,            OFF_PADDING2,       40",
        "GenRecord,            OFF_PADDING3,       48",
        "GenRecord,            OFF_TAIL,           56",
        "ChangelogUserRecord,  SIZE,               40",
        "ChangelogUserRecord,  OFF_ID,             16",
        "ChangelogUserRecord,  OFF_TIME,           20",
        "ChangelogUserRecord,  OFF_ENDREC,         24",
        "ChangelogUserRecord,  OFF_TAIL,           32",
        "ChangelogUserRecord2, SIZE,               80",
        "ChangelogUserRecord2, NAME_SIZE,          16",
        "ChangelogUserRecord2, OFF_MASK,           32",
        "ChangelogUserRecord2, OFF_PADDING1,       36",
        "ChangelogUserRecord2, OFF_NAME,           40",
        "ChangelogUserRecord2, OFF_PADDING2,       56",
        "ChangelogUserRecord2, OFF_PADDING3,       64",
        "ChangelogUserRecord2, OFF_TAIL,           72",
        "ChangelogRecord,      SIZE,               88",
        "ChangelogRecord,      REC_SIZE,           64",
        "ChangelogRecord,      OFF_CR,             16",
        "ChangelogRecord,      CR_OFF_NAMELEN,     0",
        "ChangelogRecord,      CR_OFF_FLAGS,       2",
        "ChangelogRecord,      CR_OFF_TYPE,        4",
        "ChangelogRecord,      CR_OFF_INDEX,       8",
        "ChangelogRecord,      CR_OFF_PREV,        16",
        "ChangelogRecord,      CR_OFF_TIME,        24",
        "ChangelogRecord,      CR_OFF_TFID,        32",
        "ChangelogRecord,      CR_OFF_PFID,        48",
        "ChangelogExtensions,  RENAME_SIZE,        32",
        "ChangelogExtensions,  JOBID_SIZE,         32",
        "ChangelogExtensions,  EXTRA_FLAGS_SIZE,   8",
        "ChangelogExtensions,  UIDGID_SIZE,        16",
        "ChangelogExtensions,  NID_SIZE,           24",
        "ChangelogExtensions,  OPENMODE_SIZE,      4",
        "ChangelogExtensions,  XATTR_SIZE,         256",
        "AgentRequestRecord,   SIZE,               136",
        "AgentRequestRecord,   OFF_STATUS,         16",
        "AgentRequestRecord,   OFF_ARCHIVE_ID,     20",
        "AgentRequestRecord,   OFF_FLAGS,          24",
        "AgentRequestRecord,   OFF_COMPOUND_ID,    32",
        "AgentRequestRecord,   OFF_REQ_CREATE,     40",
        "AgentRequestRecord,   OFF_REQ_CHANGE,     48",
        "AgentRequestRecord,   OFF_HAI,            56",
        "AgentRequestRecord,   OFF_TAIL,           128",
        "HsmActionItem,        SIZE,               72",
        "HsmActionItem,        OFF_LEN,            0",
        "HsmActionItem,        OFF_ACTION,         4",
        "HsmActionItem,        OFF_FID,            8",
        "HsmActionItem,        OFF_DFID,           24",
        "HsmActionItem,        OFF_EXTENT,         40",
        "HsmActionItem,        OFF_COOKIE,         56",
        "HsmActionItem,        OFF_GID,            64",
        "HsmActionItem,        OFF_DATA,           72",
        "UpdateRecord,         HEADER_SIZE,        32",
        "UpdateRecord,         OFF_MASTER_TRANSNO, 16",
        "UpdateRecord,         OFF_BATCHID,        24",
        "UpdateRecord,         OFF_FLAGS,          32",
        "UpdateRecord,         OFF_INDEX,          36",
        "UpdateRecord,         OFF_UPDATE_COUNT,   40",
        "UpdateRecord,         OFF_PARAM_COUNT,    44",
        "UpdateRecord,         OFF_OPS,            48",
        "UpdateRecord,         UPDATE_OP_SIZE,     20",
        "UpdateRecord,         PARAM_HEADER_SIZE,  8",
        "LustreCfg,            OFF_VERSION,        0",
        "LustreCfg,            OFF_COMMAND,        4",
        "LustreCfg,            OFF_NUM,            8",
        "LustreCfg,            OFF_FLAGS,          12",
        "LustreCfg,            OFF_NID,            16",
        "LustreCfg,            OFF_NAL,            24",
        "LustreCfg,            OFF_BUFCOUNT,       28",
        "LustreCfg,            OFF_BUFLENS,        32",
        "LustreCfg,            MAX_BUFCOUNT,       8",
        "CfgMarker,            SIZE,               160",
        "CfgMarker,            NAME_SIZE,          64",
        "CfgMarker,            OFF_STEP,           0",
        "CfgMarker,            OFF_FLAGS,          4",
        "CfgMarker,            OFF_VERS,           8",
        "CfgMarker,            OFF_PADDING,        12",
        "CfgMarker,            OFF_CREATETIME,     16",
        "CfgMarker,            OFF_CANCELTIME,     24",
        "CfgMarker,            OFF_TGTNAME,        32",
        "CfgMarker,            OFF_COMMENT,        96",
        "CfgMarker,            CM_START,           1",
        "CfgMarker,            CM_END,             2",
        "CfgMarker,            CM_SKIP,            4",
        "CfgMarker,            CM_UPGRADE146,      8",
        "CfgMarker,            CM_EXCLUDE,         16",
        "LovDesc,              SIZE,               88",
        "LovDesc,              OFF_TGT_COUNT,      0",
        "LovDesc,              OFF_ACTIVE_TGT_COUNT, 4",
        "LovDesc,              OFF_DEFAULT_STRIPE_COUNT, 8",
        "LovDesc,              OFF_PATTERN,        12",
        "LovDesc,              OFF_DEFAULT_STRIPE_SIZE, 16",
        "LovDesc,              OFF_DEFAULT_STRIPE_OFFSET, 24",
        "LovDesc,              OFF_PADDING_0,      32",
        "LovDesc,              OFF_QOS_MAXAGE,     36",
        "LovDesc,              OFF_PADDING_1,      40",
        "LovDesc,              OFF_PADDING_2,      44",
        "LovDesc,              OFF_UUID,           48",
    })
    void sizeOrOffset(String struct, String field, int expected) throws Exception {
        Class<?> c = Class.forName("org.jlustre.wire.llog." + struct);
        assertThat(c.getField(field).getInt(null)).isEqualTo(expected);
    }

    @Test
    void encodedLengthsMatchTheStructs() {
        Fid f = new Fid(0x200000401L, 7, 0);
        assertThat(LogidRecord.of(LlogLogid.of(f)).encode(1)).hasSize(64);
        assertThat(new UnlinkRecord(0, 5, 0, 1).encode(1)).hasSize(40);
        assertThat(new Unlink64Record(0, f, 1).encode(1)).hasSize(64);
        assertThat(new Setattr64Record(0, f, 1, 0, 2, 0, 0x600).encode(1)).hasSize(64);
        assertThat(new Setattr64V2Record(0, f, 1, 0, 2, 0, 0x600, 3, 4).encode(1)).hasSize(88);
        assertThat(new SizeChangeRecord(0, f, 3).encode(1)).hasSize(64);
        assertThat(changelog(0, ChangelogExtensions.NONE, new byte[0]).encode(1)).hasSize(88);
        assertThat(new ChangelogUserRecord(0, 1, 2, 3).encode(1)).hasSize(40);
        assertThat(new ChangelogUserRecord2(0, 1, 2, 3, 4, "cl1").encode(1)).hasSize(80);
        assertThat(new GenRecord(0, 1, 2).encode(1)).hasSize(64);
        assertThat(agent(new byte[0]).encode(1)).hasSize(136);
        assertThat(agent(new byte[5]).encode(1)).hasSize(144);
        assertThat(PadRecord.of(48).encode(1)).hasSize(48);
    }

    // ======================= lustre_cfg =======================

    @ParameterizedTest(name = "LCFG_{0} = {1}")
    @CsvSource({
        "ATTACH, 0x00cf001", "DETACH, 0x00cf002", "SETUP, 0x00cf003", "CLEANUP, 0x00cf004",
        "ADD_UUID, 0x00cf005", "DEL_UUID, 0x00cf006", "MOUNTOPT, 0x00cf007", "DEL_MOUNTOPT, 0x00cf008",
        "SET_TIMEOUT, 0x00cf009", "SET_UPCALL, 0x00cf00a", "ADD_CONN, 0x00cf00b", "DEL_CONN, 0x00cf00c",
        "LOV_ADD_OBD, 0x00cf00d", "LOV_DEL_OBD, 0x00cf00e", "PARAM, 0x00cf00f", "MARKER, 0x00cf010",
        "LOG_START, 0x00ce011", "LOG_END, 0x00ce012", "LOV_ADD_INA, 0x00ce013", "ADD_MDC, 0x00cf014",
        "DEL_MDC, 0x00cf015", "SPTLRPC_CONF, 0x00ce016", "POOL_NEW, 0x00ce020", "POOL_ADD, 0x00ce021",
        "POOL_REM, 0x00ce022", "POOL_DEL, 0x00ce023", "SET_LDLM_TIMEOUT, 0x00ce030", "PRE_CLEANUP, 0x00cf031",
        "SET_PARAM, 0x00ce032", "NODEMAP_ADD, 0x00ce040", "NODEMAP_DEL, 0x00ce041",
        "NODEMAP_ADD_RANGE, 0x00ce042", "NODEMAP_DEL_RANGE, 0x00ce043", "NODEMAP_ADD_UIDMAP, 0x00ce044",
        "NODEMAP_DEL_UIDMAP, 0x00ce045", "NODEMAP_ADD_GIDMAP, 0x00ce046", "NODEMAP_DEL_GIDMAP, 0x00ce047",
        "NODEMAP_ACTIVATE, 0x00ce048", "NODEMAP_ADMIN, 0x00ce049", "NODEMAP_TRUSTED, 0x00ce050",
        "NODEMAP_SQUASH_UID, 0x00ce051", "NODEMAP_SQUASH_GID, 0x00ce052", "NODEMAP_ADD_SHKEY, 0x00ce053",
        "NODEMAP_DEL_SHKEY, 0x00ce054", "NODEMAP_TEST_NID, 0x00ce055", "NODEMAP_TEST_ID, 0x00ce056",
        "NODEMAP_SET_FILESET, 0x00ce057", "NODEMAP_DENY_UNKNOWN, 0x00ce058", "NODEMAP_MAP_MODE, 0x00ce059",
        "NODEMAP_AUDIT_MODE, 0x00ce05a", "NODEMAP_SET_SEPOL, 0x00ce05b",
    })
    void lcfgCommandValues(String name, String value) {
        LcfgCommand c = LcfgCommand.valueOf(name);
        assertThat(c.value()).isEqualTo(Integer.decode(value));
        assertThat(LcfgCommand.of(c.value())).isSameAs(c);
        assertThat(c.lustreName()).isEqualTo("LCFG_" + name);
    }

    @Test
    void everyLcfgCommandIsPinned() {
        assertThat(LcfgCommand.values()).hasSize(51);
        assertThat(LcfgCommand.REQUIRED).isEqualTo(0x0001000);
        assertThat(LustreCfg.VERSION).isEqualTo(0x1cf60001);
        assertThat(LcfgCommand.of(0x12345)).isNull();
    }

    @ParameterizedTest(name = "LCFG_HDR_SIZE({0}) = {1}")
    @CsvSource({"0, 32", "1, 40", "2, 40", "3, 48", "4, 48", "5, 56", "7, 64", "8, 64"})
    void headerSizeIs32Plus4nRoundedTo8(int bufcount, int size) {
        assertThat(LustreCfg.headerSize(bufcount)).isEqualTo(size);
    }

    @Test
    void lustreCfgLenRoundsEveryBuffer() {
        LustreCfg cfg = LustreCfg.of(LcfgCommand.ATTACH, "t32fs-clilov", "lov", "t32fs-clilov_UUID");
        // 48 header + round8(13) + round8(4) + round8(18)
        assertThat(cfg.length()).isEqualTo(48 + 16 + 8 + 24);
        assertThat(ConfigRecord.of(cfg).length()).isEqualTo(16 + 96 + 8);
        byte[] b = cfg.encode();
        MemorySegment s = MemorySegment.ofArray(b);
        assertThat(s.get(Le.U32, 0)).isEqualTo(0x1cf60001);
        assertThat(s.get(Le.U32, 4)).isEqualTo(0xcf001);
        assertThat(s.get(Le.U32, 28)).isEqualTo(3);
        assertThat(s.get(Le.U32, 32)).isEqualTo(13);
        assertThat(s.get(Le.U32, 36)).isEqualTo(4);
        assertThat(s.get(Le.U32, 40)).isEqualTo(18);
        assertThat(new String(b, 48, 12, StandardCharsets.US_ASCII)).isEqualTo("t32fs-clilov");
        assertThat(new String(b, 64, 3, StandardCharsets.US_ASCII)).isEqualTo("lov");
        assertThat(new String(b, 72, 17, StandardCharsets.US_ASCII)).isEqualTo("t32fs-clilov_UUID");
        assertThat(LustreCfg.decode(s)).isEqualTo(cfg);
        assertThat(cfg.string(1)).isEqualTo("lov");
    }

    @Test
    void malformedLustreCfgNamesTheField() {
        byte[] good = LustreCfg.of(LcfgCommand.PARAM, "dev", "a.b=c").encode();
        assertThatThrownBy(() -> LustreCfg.decode(MemorySegment.ofArray(Arrays.copyOf(good, 20))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32-byte header");
        byte[] version = good.clone();
        MemorySegment.ofArray(version).set(Le.U32, 0, 0x1cf60002);
        assertThatThrownBy(() -> LustreCfg.decode(MemorySegment.ofArray(version)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lcfg_version 0x1cf60002");
        byte[] count = good.clone();
        MemorySegment.ofArray(count).set(Le.U32, 28, 9);
        assertThatThrownBy(() -> LustreCfg.decode(MemorySegment.ofArray(count)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lcfg_bufcount 9")
                .hasMessageContaining("LUSTRE_CFG_MAX_BUFCOUNT 8");
        byte[] huge = good.clone();
        MemorySegment.ofArray(huge).set(Le.U32, 28, -1);
        assertThatThrownBy(() -> LustreCfg.decode(MemorySegment.ofArray(huge)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lcfg_bufcount 4294967295");
        byte[] len = good.clone();
        MemorySegment.ofArray(len).set(Le.U32, 36, 100);
        assertThatThrownBy(() -> LustreCfg.decode(MemorySegment.ofArray(len)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lcfg_buflens[1] 100")
                .hasMessageContaining("runs past the record");
        byte[] hdr = Arrays.copyOf(good, 36);
        MemorySegment.ofArray(hdr).set(Le.U32, 28, 8);
        assertThatThrownBy(() -> LustreCfg.decode(MemorySegment.ofArray(hdr)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lcfg_buflens of 8 buffers");
        List<byte[]> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(new byte[1]);
        }
        assertThatThrownBy(() -> new LustreCfg(1, 0, 0, 0, 0, nine)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9 buffers");
    }

    @Test
    void markerEncodesItsFieldsAtTheirOffsets() {
        CfgMarker m = new CfgMarker(4, CfgMarker.CM_START, CfgMarker.version(2, 9, 0, 0), 1490901649L, 0,
                "t32fs-clilov", "lov setup");
        byte[] b = m.encode();
        MemorySegment s = MemorySegment.ofArray(b);
        assertThat(b).hasSize(160);
        assertThat(s.get(Le.U32, 0)).isEqualTo(4);
        assertThat(s.get(Le.U32, 4)).isEqualTo(1);
        assertThat(s.get(Le.U32, 8)).isEqualTo(0x02090000);
        assertThat(s.get(Le.U64, 16)).isEqualTo(1490901649L);
        assertThat(new String(b, 32, 12, StandardCharsets.US_ASCII)).isEqualTo("t32fs-clilov");
        assertThat(new String(b, 96, 9, StandardCharsets.US_ASCII)).isEqualTo("lov setup");
        assertThat(CfgMarker.decode(s)).isEqualTo(m);
        assertThatThrownBy(() -> new CfgMarker(0, 0, 0, 0, 0, "x".repeat(65), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cm_tgtname");
    }

    // ======================= round trips =======================

    static Stream<LlogRecord> everyType() {
        Fid f = new Fid(0x200000401L, 0x2a, 0);
        Fid p = new Fid(0x200000007L, 1, 0);
        ChangelogExtensions all = new ChangelogExtensions(new Fid(0x200000401L, 3, 0), p, "dd.0", 
                ChangelogRecord.CLFE_UIDGID | ChangelogRecord.CLFE_NID | ChangelogRecord.CLFE_OPEN
                        | ChangelogRecord.CLFE_XATTR, 500, 501, ChangelogExtensions.nidBytes(0x20000c0a83866L), 3,
                "user.foo");
        LustreCfg marker = new LustreCfg(LcfgCommand.MARKER.value(), 0, 0, 0, 0,
                List.of("t32fs-clilov\0".getBytes(StandardCharsets.US_ASCII),
                        new CfgMarker(4, 1, 0x02090000, 1490901649L, 0, "t32fs-clilov", "lov setup").encode()));
        byte[] update = new byte[64];
        MemorySegment.ofArray(update).set(Le.U64, 0, 0x1234L);
        MemorySegment.ofArray(update).set(Le.U32, 24, 1);
        return Stream.of(
                PadRecord.of(72),
                ConfigRecord.of(LustreCfg.of(LcfgCommand.SETUP, "t32fs-OST0000-osc", "t32fs-OST0000_UUID",
                        "192.168.56.102@tcp")),
                ConfigRecord.of(LustreCfg.of(LcfgCommand.ADD_UUID, null, "1.2.3.4@tcp").withNid(0x2000001020304L)),
                ConfigRecord.of(marker),
                ConfigRecord.of(LustreCfg.of(LcfgCommand.SET_TIMEOUT, "t32fs").withNum(20)),
                LogidRecord.of(LlogLogid.of(new Fid(1, 4, 0))),
                new UnlinkRecord(3, 0x1234, 0, 1),
                new Unlink64Record(7, f, 1),
                new Setattr64Record(5, new Fid(0xf, 0, 0), 0, 0, 60000, 0, 0x600),
                new Setattr64V2Record(6, f, 1, 2, 3, 4, 0x600, 1000, 2),
                new SizeChangeRecord(1, f, 9),
                changelog(ChangelogRecord.CLF_VERSION, ChangelogExtensions.NONE, "file".getBytes()),
                changelog(ChangelogRecord.CLF_SUPPORTED, all, "new\0old".getBytes()),
                changelog(ChangelogRecord.CLF_VERSION | ChangelogRecord.CLF_JOBID, all, new byte[0]),
                new ChangelogUserRecord(0, 1, 1490901649, 77),
                new ChangelogUserRecord2(0, 2, 1490901649, 78, 0x1ffff, "cl2-reader"),
                new GenRecord(0, 1, 2),
                agent(new byte[] {1, 2, 3, 4, 5, 6, 7}),
                new UpdateRecord(0, update),
                new UnknownRecord(0x10612345, 9, new byte[16]));
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void roundTrips(LlogRecord rec) {
        byte[] bytes = rec.encode(17);
        MemorySegment s = MemorySegment.ofArray(bytes);
        assertThat(bytes.length % 8).isZero();
        assertThat(LlogRecordHeader.read(s, 0)).isEqualTo(new LlogRecordHeader(bytes.length, 17, rec.type(), rec.id()));
        assertThat(LlogRecordHeader.tailLen(s, 0, bytes.length)).isEqualTo(bytes.length);
        assertThat(LlogRecordHeader.tailIndex(s, 0, bytes.length)).isEqualTo(17);
        LlogRecord back = LlogRecords.decode(s);
        assertThat(back).isEqualTo(rec).hasSameClassAs(rec);
        assertThat(back.encode(17)).isEqualTo(bytes);
    }

    @Test
    void changelogExtensionsSitWhereChangelogRecOffsetPutsThem() {
        ChangelogExtensions all = new ChangelogExtensions(new Fid(2, 3, 0), new Fid(4, 5, 0), "job", 0xf, 10, 11,
                ChangelogExtensions.nidBytes(0x2000001020304L), 0x401, "user.x");
        ChangelogRecord r = changelog(ChangelogRecord.CLF_SUPPORTED, all, "nm".getBytes());
        assertThat(ChangelogRecord.recOffset(ChangelogRecord.CLF_SUPPORTED, 0xf)).isEqualTo(64 + 32 + 32 + 8 + 16 + 24 + 4 + 256);
        assertThat(r.length()).isEqualTo(Le.round8(24 + 436 + 2));
        MemorySegment s = MemorySegment.ofArray(r.encode(1));
        long cr = 16;
        assertThat(Fid.readLE(s, cr + 64)).isEqualTo(new Fid(2, 3, 0));
        assertThat(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, cr + 96)).isEqualTo((byte) 'j');
        assertThat(s.get(Le.U64, cr + 128)).isEqualTo(0xfL);
        assertThat(s.get(Le.U64, cr + 136)).isEqualTo(10L);
        assertThat(s.get(Le.U64, cr + 152)).isEqualTo(0x2000001020304L);
        assertThat(s.get(Le.U32, cr + 176)).isEqualTo(0x401);
        assertThat(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, cr + 180)).isEqualTo((byte) 'u');
        assertThat(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, cr + 436)).isEqualTo((byte) 'n');
        assertThat(ChangelogRecord.typeName(0)).isEqualTo("MARK");
        assertThat(ChangelogRecord.typeName(24)).isEqualTo("NOPEN");
        assertThat(ChangelogRecord.typeName(25)).isNull();
    }

    @Test
    void malformedRecordsNameTheStructAndField() {
        byte[] setattr = new Setattr64Record(5, new Fid(0xf, 0, 0), 0, 0, 0, 0, 0x600).encode(1);
        MemorySegment.ofArray(setattr).set(Le.U32, 0, 72);
        assertThatThrownBy(() -> LlogRecords.decode(MemorySegment.ofArray(setattr)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lrh_len 72 is not the record's 64");
        byte[] user = new ChangelogUserRecord(0, 1, 2, 3).encode(1);
        MemorySegment.ofArray(user).set(Le.U32, 8, LlogRecType.CHANGELOG_USER_REC2);
        assertThatThrownBy(() -> LlogRecords.decode(MemorySegment.ofArray(user)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("llog_changelog_user_rec2");
        byte[] cl = changelog(0, ChangelogExtensions.NONE, "abc".getBytes()).encode(1);
        MemorySegment.ofArray(cl).set(Le.U16, 16, (short) 200);
        assertThatThrownBy(() -> LlogRecords.decode(MemorySegment.ofArray(cl)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cr_namelen 200");
        byte[] hsm = agent(new byte[0]).encode(1);
        MemorySegment.ofArray(hsm).set(Le.U32, 56, 500);
        assertThatThrownBy(() -> LlogRecords.decode(MemorySegment.ofArray(hsm)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hai_len 500");
        byte[] header = new byte[8192];
        LlogHeader.fresh(8192, 1, LlogFlags.IS_PLAIN, "").write(MemorySegment.ofArray(header));
        assertThatThrownBy(() -> LlogRecords.decode(MemorySegment.ofArray(header)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LLOG_HDR_MAGIC");
        assertThatThrownBy(() -> new PadRecord(20, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ======================= real llogs =======================

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jlustre.wire.llog.RealLlogs#llogs")
    void everyRecordOfARealLlogDecodesAndReencodesByteForByte(String name) throws IOException {
        byte[] file = RealLlogs.read(name);
        MemorySegment seg = MemorySegment.ofArray(file);
        LlogHeader header = LlogHeader.read(seg);
        List<LlogRecord> records = new ArrayList<>();
        long offset = header.chunkSize();
        while (offset + LlogRecordHeader.SIZE <= file.length) {
            LlogRecordHeader h = LlogRecordHeader.read(seg, offset);
            assertThat(h.len()).as("record at %d", offset).isPositive();
            MemorySegment rec = seg.asSlice(offset, h.len());
            LlogRecord r = LlogRecords.decode(rec);
            assertThat(r).as("record #%d at %d", h.index(), offset).isNotInstanceOf(UnknownRecord.class);
            assertThat(r.encode(h.index())).as("record #%d at %d", h.index(), offset)
                    .isEqualTo(rec.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            records.add(r);
            offset += h.len();
        }
        assertThat(offset).isEqualTo(file.length);
        assertThat(records).isNotEmpty();
    }

    @Test
    void realRecordsDecodeToWhatLustreWrote() throws IOException {
        List<LlogRecord> client = RealLlogs.records("disk2_9-ldiskfs-mdt/CONFIGS_t32fs-client");
        assertThat(client).hasSize(41).allMatch(r -> r instanceof ConfigRecord);
        CfgMarker first = ((ConfigRecord) client.get(0)).marker();
        assertThat(first).isEqualTo(new CfgMarker(4, CfgMarker.CM_START, CfgMarker.version(2, 9, 0, 0),
                first.createTime(), 0, "t32fs-clilov", "lov setup"));
        LustreCfg lovSetup = ((ConfigRecord) client.get(2)).cfg();
        assertThat(lovSetup.command()).isEqualTo(LcfgCommand.SETUP.value());
        LovDesc desc = LovDesc.decode(MemorySegment.ofArray(lovSetup.buffer(1)));
        assertThat(desc.uuid()).isEqualTo("t32fs-clilov_UUID");
        assertThat(desc.defaultStripeCount()).isEqualTo(1);
        assertThat(desc.defaultStripeSize()).isEqualTo(1048576);
        assertThat(desc.defaultStripeOffset()).isEqualTo(-1);
        assertThat(desc.pattern()).isEqualTo(1);
        assertThat(LovDesc.decode(MemorySegment.ofArray(desc.encode()))).isEqualTo(desc);
        LustreCfg addUuid = ((ConfigRecord) client.get(9)).cfg();
        assertThat(addUuid.command()).isEqualTo(LcfgCommand.ADD_UUID.value());
        assertThat(addUuid.nid()).isEqualTo(0x200000a02023bL);
        assertThat(addUuid.string(1)).isEqualTo("10.2.2.59@tcp");
        assertThat(((ConfigRecord) client.get(36)).cfg().num()).isEqualTo(20);

        List<LlogRecord> sync = RealLlogs.records("disk2_9-ldiskfs-mdt/O_1_d3_3");
        assertThat(sync.get(0)).isInstanceOf(GenRecord.class);
        assertThat(sync.get(5)).isEqualTo(new Setattr64Record(5, new Fid(0xf, 0, 0), 0, 0, 0, 0, 0x600));
        assertThat(sync).filteredOn(r -> r instanceof Unlink64Record).hasSize(21);

        List<LlogRecord> cat = RealLlogs.records("disk2_9-ldiskfs-mdt/O_1_d2_2");
        assertThat(cat.get(0)).isEqualTo(LogidRecord.of(LlogLogid.of(new Fid(1, 3, 0))));
    }

    private static ChangelogRecord changelog(int flags, ChangelogExtensions ext, byte[] name) {
        return new ChangelogRecord(0x11, flags, 1, 42, 41, (1490901649L << 30) | 123, new Fid(0x200000401L, 5, 0),
                new Fid(0x200000007L, 1, 0), ext, name);
    }

    private static AgentRequestRecord agent(byte[] data) {
        return new AgentRequestRecord(0, AgentRequestRecord.ARS_WAITING, 1, 0, 0x5a, 1490901649, 1490901650,
                new HsmActionItem(HsmActionItem.HSMA_ARCHIVE, new Fid(0x200000401L, 9, 0),
                        new Fid(0x200000401L, 9, 0), 0, -1, 0x5a, 0, data));
    }
}
