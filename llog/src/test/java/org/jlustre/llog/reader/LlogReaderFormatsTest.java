package org.jlustre.llog.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.AgentRequestRecord;
import org.jlustre.wire.llog.CfgMarker;
import org.jlustre.wire.llog.ChangelogExtensions;
import org.jlustre.wire.llog.ChangelogRecord;
import org.jlustre.wire.llog.ChangelogUserRecord;
import org.jlustre.wire.llog.ChangelogUserRecord2;
import org.jlustre.wire.llog.ConfigRecord;
import org.jlustre.wire.llog.GenRecord;
import org.jlustre.wire.llog.HsmActionItem;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecord;
import org.jlustre.wire.llog.LogidRecord;
import org.jlustre.wire.llog.LovDesc;
import org.jlustre.wire.llog.LustreCfg;
import org.jlustre.wire.llog.PadRecord;
import org.jlustre.wire.llog.Setattr64Record;
import org.jlustre.wire.llog.Setattr64V2Record;
import org.jlustre.wire.llog.SizeChangeRecord;
import org.jlustre.wire.llog.UnknownRecord;
import org.jlustre.wire.llog.Unlink64Record;
import org.jlustre.wire.llog.UnlinkRecord;
import org.jlustre.wire.llog.UpdateRecord;
import org.junit.jupiter.api.Test;

/**
 * Every record printer, on llogs built from the wire records, against the lines llog_reader.c's
 * format strings give (the real files hold only config, catalog and OSP sync records).
 */
class LlogReaderFormatsTest {

    private static final LlogReader UTC = new LlogReader(ZoneOffset.UTC, ObjectPaths.LDISKFS);
    private static final Fid OBJ = new Fid(0x200000401L, 0x2a, 0);
    private static final Fid ROOT = new Fid(0x200000007L, 1, 0);

    /** The lines after the header's dashes. */
    private static List<String> records(LlogReaderResult r) {
        String out = r.out();
        return List.of(out.substring(out.indexOf("-----------------------\n") + 24).split("\n", -1));
    }

    private static String prefix(LlogRecord r, int index) {
        return "#" + (index < 10 ? "0" : "") + index + " (" + (r.length() < 100 ? "0" : "") + r.length() + ")";
    }

    @Test
    void everyRecordFamilyPrintsAsLlogReaderDoes() {
        ChangelogExtensions all = new ChangelogExtensions(new Fid(0x200000401L, 3, 0), ROOT, "dd.0", 0xf, 500, 501,
                ChangelogExtensions.nidBytes(0x20000c0a83866L), 3, "user.foo");
        byte[] update = updateBody();
        List<LlogRecord> recs = List.of(
                ConfigRecord.of(LustreCfg.of(LcfgCommand.ATTACH, "t32fs-clilov", "lov", "t32fs-clilov_UUID")),
                PadRecord.of(48),
                LogidRecord.of(LlogLogid.of(new Fid(1, 5, 0))),
                LogidRecord.of(new LlogLogid(Fid.igif(1234, 7), 7)),
                new UnlinkRecord(3, 0x1234, 5, 1),
                new Unlink64Record(7, OBJ, 1),
                new Setattr64Record(5, new Fid(0xf, 0, 0), 0, 0, 60000, 0, 0x600),
                new Setattr64V2Record(6, OBJ, 1, 2, 3, 4, 0x600, 1000, 0),
                new SizeChangeRecord(0, OBJ, 1),
                new GenRecord(0, 1, 2),
                new ChangelogUserRecord(0, 1, (int) LlogImage.TIME, 77),
                new ChangelogUserRecord2(0, 2, (int) LlogImage.TIME, 78, 0x1ffff, "cl2-reader"),
                new ChangelogRecord(0x11, ChangelogRecord.CLF_SUPPORTED | 1, 8, 42, 41, LlogImage.TIME << 30 | 123,
                        new Fid(0x200000401L, 5, 0), ROOT, all, "new\0old".getBytes(StandardCharsets.US_ASCII)),
                new ChangelogRecord(0x12, ChangelogRecord.CLF_VERSION, 1, 43, 0, LlogImage.TIME << 30,
                        OBJ, ROOT, ChangelogExtensions.NONE, "file".getBytes(StandardCharsets.US_ASCII)),
                new ChangelogRecord(0x13, ChangelogRecord.CLF_VERSION | ChangelogRecord.CLF_EXTRA_FLAGS, 40, 44, 0, 0,
                        OBJ, ROOT, new ChangelogExtensions(Fid.ZERO, Fid.ZERO, "", ChangelogRecord.CLFE_OPEN, 0, 0,
                                new byte[24], 04, ""), new byte[0]),
                new AgentRequestRecord(0, AgentRequestRecord.ARS_WAITING, 1, 0, 0x5a, LlogImage.TIME, LlogImage.TIME + 1,
                        new HsmActionItem(HsmActionItem.HSMA_ARCHIVE, new Fid(0x200000401L, 9, 0),
                                new Fid(0x200000401L, 9, 0), 0, -1, 0x5a, 0, new byte[] {1, 2, 3, 4, 5, 6, 7})),
                new UpdateRecord(0, update),
                new UnknownRecord(0x10612345, 0, new byte[8]));
        LlogImage image = new LlogImage();
        recs.forEach(image::add);
        LlogReaderResult r = UTC.read(image.bytes());
        List<String> expected = List.of(
                "attach    0:t32fs-clilov  1:lov  2:t32fs-clilov_UUID  ",
                "padding",
                "fid=[0x1:0x5:0x0] path=O/1/d5/5",
                "fid=[0x4d2:0x7:0x0] path=update_log_dir/[0x4d2:0x7:0x0]",
                "unlink record id:0x3 target 1234:5:1",
                "unlink64 record id:0x7 target [0x200000401:0x2a:0x0]",
                "setattr64 record id:0x5 target [0xf:0x0:0x0] valid 600 uid 0:0 gid 0:60000",
                "setattr64 v2 record id:0x6 target [0x200000401:0x2a:0x0] valid 600 uid 2:1 gid 4:3 prj 1000",
                "unknown type 10600f00",
                "unknown type 10640000",
                "changelog user record (v1) id:0x0 cur_id:1 cur_endrec:77 cur_time:1490901649",
                "changelog user record (v2) id:0x0 cur_id:2 cur_endrec:78 cur_time:1490901649 cur_mask:0x0001ffff "
                        + "cur_name:\"cl2-reader\"",
                "changelog record id:0x11 index:42 cr_flags:0xf001 cr_type:RENME(0x8) date:'19:20:49.000000123 "
                        + "2017.03.30' target:[0x200000401:0x5:0x0] jobid:dd.0 cr_extra_flags:0xf user:500:501 "
                        + "nid:192.168.56.102@tcp mode:rw- xattr:user.foo parent:[0x200000007:0x1:0x0] name:new "
                        + "source_fid:[0x200000401:0x3:0x0] source_parent_fid:[0x200000007:0x1:0x0] old",
                "changelog record id:0x12 index:43 cr_flags:0x1000 cr_type:CREAT(0x1) date:'19:20:49.000000000 "
                        + "2017.03.30' target:[0x200000401:0x2a:0x0] parent:[0x200000007:0x1:0x0] name:file",
                "changelog record id:0x13 index:44 cr_flags:0x9000 cr_type:(null)(0x28) date:'00:00:00.000000000 "
                        + "1970.01.01' target:[0x200000401:0x2a:0x0] cr_extra_flags:0x4 mode:--x",
                "lrh=[type=10680000 len=144 idx=16] fid=[0x200000401:0x9:0x0] compound/cookie=0x5a/0x5a "
                        + "status=WAITING action=ARCHIVE archive#=1 flags=0 create=1490901649 change=1490901650 "
                        + "extent=0-0xffffffffffffffff gid=0 datalen=7 data=[0102030405]",
                "updatelog record master_transno:4660 batchid:9 flags:0x0 u_index:0 u_count:1 p_count:2",
                "\t[0x200000401:0x2a:0x0] type:create/1 params:2 p_0:0 p_1:1 ",
                "\tp_0 - 5/abcd",
                "\tp_1 - 3/\\x01A\\xFF",
                "",
                "unknown type 10612345");
        StringBuilder want = new StringBuilder();
        int line = 0;
        for (int i = 0; i < recs.size(); i++) {
            want.append(prefix(recs.get(i), i + 1)).append(expected.get(line)).append('\n');
            int lines = recs.get(i) instanceof UpdateRecord ? 5 : 1;
            for (int j = 1; j < lines; j++) {
                want.append(expected.get(line + j)).append('\n');
            }
            line += lines;
        }
        assertThat(String.join("\n", records(r))).isEqualTo(want.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitStatus()).isZero();
        assertThat(r.out()).startsWith("rec #1 type=10620000 len=120 offset 8192\nrec #2 type=10600000 len=48 offset 8312\n");
    }

    @Test
    void zfsPathsAndNidBigEndianChangelogs() {
        byte[] be = new byte[24];
        MemorySegment s = MemorySegment.ofArray(be);
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 1, (byte) 2);
        s.set(Le.U32, 4, Integer.reverseBytes(0xc0a83866));
        byte[] unknown = be.clone();
        unknown[1] = 99;
        LlogImage image = new LlogImage()
                .add(LogidRecord.of(LlogLogid.of(new Fid(10, 0x21, 0))))
                .add(changelogWithNid(be))
                .add(changelogWithNid(unknown));
        List<String> lines = records(new LlogReader(ZoneOffset.UTC, ObjectPaths.ZFS).read(image.bytes()));
        assertThat(lines.get(0)).isEqualTo("#01 (064)fid=[0xa:0x21:0x0] path=oi.10/0xa:0x21:0x0");
        assertThat(lines.get(1)).endsWith(" cr_extra_flags:0x12 nid:192.168.56.102@tcp");
        assertThat(lines.get(2)).endsWith(" cr_extra_flags:0x12 nid:c0a83866@<99:0>");
    }

    private static ChangelogRecord changelogWithNid(byte[] nid) {
        return new ChangelogRecord(0, ChangelogRecord.CLF_VERSION | ChangelogRecord.CLF_EXTRA_FLAGS, 0, 1, 0, 0, OBJ,
                ROOT, new ChangelogExtensions(Fid.ZERO, Fid.ZERO, "", ChangelogRecord.CLFE_NID
                        | ChangelogRecord.CLFE_NID_BE, 0, 0, nid, 0, ""), new byte[0]);
    }

    @Test
    void everyConfigCommandPrintsAsPrintLustreCfgDoes() {
        long future = 253402300800L; // 10000-01-01: ctime_r's 26-byte buffer cuts the year
        List<LustreCfg> cfgs = List.of(
                marker(8, CfgMarker.CM_START | CfgMarker.CM_SKIP, LlogImage.TIME + 7),
                LustreCfg.of(LcfgCommand.SET_LDLM_TIMEOUT, "t32fs").withNum(7),
                marker(8, CfgMarker.CM_END | CfgMarker.CM_SKIP, LlogImage.TIME + 7),
                marker(9, CfgMarker.CM_START | CfgMarker.CM_EXCLUDE, 0),
                marker(9, CfgMarker.CM_END | CfgMarker.CM_EXCLUDE, 0),
                LustreCfg.of(LcfgCommand.POOL_NEW, "t32fs", "flash"),
                LustreCfg.of(LcfgCommand.POOL_ADD, "t32fs", "flash", "t32fs-OST0000_UUID"),
                LustreCfg.of(LcfgCommand.POOL_REM, "t32fs", "flash", "t32fs-OST0000_UUID"),
                LustreCfg.of(LcfgCommand.POOL_DEL, "t32fs", "flash"),
                LustreCfg.of(LcfgCommand.SPTLRPC_CONF, "t32fs", "srpc.flavor.default=null"),
                LustreCfg.of(LcfgCommand.SET_PARAM, null, "jobid_var=procname_uid"),
                LustreCfg.of(LcfgCommand.DEL_UUID, "n", "1.2.3.4@tcp"),
                LustreCfg.of(LcfgCommand.DEL_CONN, "osc", "1.2.3.4@tcp"),
                LustreCfg.of(LcfgCommand.LOV_DEL_OBD, "lov", "ost_UUID", "0", "1"),
                LustreCfg.of(LcfgCommand.DEL_MDC, "lmv", "mdt_UUID", "0", "1"),
                LustreCfg.of(LcfgCommand.DEL_MOUNTOPT, "t32fs-client"),
                LustreCfg.of(LcfgCommand.DETACH, "dev"),
                LustreCfg.of(LcfgCommand.CLEANUP, "dev"),
                LustreCfg.of(LcfgCommand.SET_UPCALL, "dev", "/bin/true"),
                LustreCfg.of(LcfgCommand.LOG_START, "t32fs-client"),
                new LustreCfg(LcfgCommand.ADD_UUID.value(), 0, 0, 0x0063000000000005L, 3, List.of(new byte[0])),
                new LustreCfg(LcfgCommand.SETUP.value(), 0, 0, 0, 0, List.of("abcdefgh".getBytes(StandardCharsets.US_ASCII),
                        new LovDesc(0, 0, 2, 1, 65536, 7, 5, "x".repeat(40)).encode())),
                marker(10, CfgMarker.CM_START, 0, future));
        LlogImage image = new LlogImage().timestamp(Long.MAX_VALUE);
        cfgs.forEach(c -> image.add(ConfigRecord.of(c)));
        LlogReaderResult r = UTC.read(image.bytes());
        String out = r.out();
        assertThat(out).contains("Time : (null)Number of records: 23\tcat_idx: 0\tlast_idx: 23\n");
        List<String> lines = records(r);
        List<String> expected = List.of(
                "SKIP START marker   8 (flags=0x05, v2.9.0.0) t32fs           'sys.timeout' Thu Mar 30 19:20:49 2017"
                        + "-Thu Mar 30 19:20:56 2017",
                "SKIP set_ldlm_timeout=7 ",
                "SKIP END   marker   8 (flags=0x06, v2.9.0.0) t32fs           'sys.timeout' Thu Mar 30 19:20:49 2017"
                        + "-Thu Mar 30 19:20:56 2017",
                "EXCLUDE START marker   9 (flags=0x11, v2.9.0.0) t32fs           'sys.timeout' Thu Mar 30 19:20:49 2017-",
                "END   EXCLUDE END   marker   9 (flags=0x12, v2.9.0.0) t32fs           'sys.timeout' Thu Mar 30 19:20:49 "
                        + "2017-",
                "pool new 0:t32fs  1:flash  ",
                "pool add 0:t32fs  1:flash  2:t32fs-OST0000_UUID  ",
                "pool remove 0:t32fs  1:flash  2:t32fs-OST0000_UUID  ",
                "pool destroy 0:t32fs  1:flash  ",
                "sptlrpc_conf 0:t32fs  1:srpc.flavor.default=null  ",
                "set_param 0:  1:jobid_var=procname_uid  ",
                "del_uuid  0:n  1:1.2.3.4@tcp  ",
                "del_conn  0:osc  1:1.2.3.4@tcp  ",
                "lov_modify_tgts del 0:lov  1:ost_UUID  2:0  3:1  ",
                "modify_mdc_tgts del 0:lmv  1:mdt_UUID  2:0  3:1  ",
                "del_mount_option 0:t32fs-client  ",
                "detach    0:dev  ",
                "cleanup   0:dev  ",
                "set_lustre_upcall 0:dev  1:/bin/true  ",
                "unsupported cmd_code = ce011",
                "",
                "add_uuid  nid=5@<99:0>(0x63000000000005)  nal=3 0:  ",
                "lov_setup 0:abcdefg  1:(struct lov_desc)",
                "\t\tuuid=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  stripe:cnt=2 size=65536 offset=7 pattern=0x1",
                "marker  10 (flags=0x01, v2.9.0.0) t32fs           'sys.timeout' Sat Jan  1 00:00:00 1000-",
                "");
        for (int i = 0; i < expected.size(); i++) {
            String line = lines.get(i);
            String body = line.startsWith("#") ? line.substring(line.indexOf(')') + 1) : line;
            assertThat(body).as("line %d: %s", i, line).isEqualTo(expected.get(i));
        }
        assertThat(r.err()).isEqualTo("Truncated buf 0 to 'abcdefg' (lost 'h'...)\n"
                + "Truncated buf 1 to '' (lost 'x'...)\n");
    }

    private static LustreCfg marker(int step, int flags, long cancel) {
        return marker(step, flags, cancel, LlogImage.TIME);
    }

    private static LustreCfg marker(int step, int flags, long cancel, long create) {
        CfgMarker m = new CfgMarker(step, flags, CfgMarker.version(2, 9, 0, 0), create, cancel, "t32fs",
                "sys.timeout");
        return LustreCfg.of(LcfgCommand.MARKER, "t32fs").withBuffer(1, m.encode());
    }

    /** update_records: transno 4660, batch 9, one create op with two params "abcd" and {1, 'A', 0xff}. */
    private static byte[] updateBody() {
        byte[] body = new byte[88];
        MemorySegment s = MemorySegment.ofArray(body);
        s.set(Le.U64, 0, 4660);
        s.set(Le.U64, 8, 9);
        s.set(Le.U32, 24, 1);
        s.set(Le.U32, 28, 2);
        OBJ.writeLE(s, 32);
        s.set(Le.U16, 48, (short) 1);
        s.set(Le.U16, 50, (short) 2);
        s.set(Le.U16, 52, (short) 0);
        s.set(Le.U16, 54, (short) 1);
        s.set(Le.U16, 56, (short) 5);
        MemorySegment.copy("abcd\0".getBytes(StandardCharsets.US_ASCII), 0, s,
                java.lang.foreign.ValueLayout.JAVA_BYTE, 64, 5);
        s.set(Le.U16, 72, (short) 3);
        body[80] = 1;
        body[81] = 'A';
        body[82] = (byte) 0xff;
        return body;
    }
}
