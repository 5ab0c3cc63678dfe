package org.jlustre.obdclass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogHandle;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.wire.llog.CfgMarker;
import org.jlustre.wire.llog.ConfigRecord;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LovDesc;
import org.jlustre.wire.llog.LustreCfg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Config replay ({@code class_config_llog_handler} + {@code class_process_config}) on a log
 * written by hand: devices attached and set up in order, cancelled sections skipped, client
 * instances, incremental replays, node settings, and the errors of bad commands.
 */
class ConfigReplayTest {

    private Libcfs libcfs;
    private OsdDevice dev;
    private LlogContext ctx;
    private Obdclass obdclass;
    private int step;

    @BeforeEach
    void setUp() throws Exception {
        libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        dev = OsdMem.create(MemOsdConfig.defaults("replay-osd").withLibcfs(libcfs));
        ctx = LlogContext.of(dev, libcfs, null);
        obdclass = Obdclass.of(libcfs);
    }

    @AfterEach
    void tearDown() {
        ctx.close();
        dev.close();
    }

    private void append(String log, LustreCfg... cfgs) throws LustreException {
        try (LlogHandle h = ctx.openCreate(log)) {
            h.init(LlogFlags.IS_PLAIN, "config_uuid");
            for (LustreCfg c : cfgs) {
                h.append(MemorySegment.ofArray(ConfigRecord.of(c).encode(0)));
            }
        }
    }

    private LustreCfg[] section(String tgt, String comment, boolean skip, LustreCfg... body) {
        step++;
        int s = skip ? CfgMarker.CM_SKIP : 0;
        LustreCfg[] out = new LustreCfg[body.length + 2];
        out[0] = marker(step, CfgMarker.CM_START | s, tgt, comment);
        System.arraycopy(body, 0, out, 1, body.length);
        out[out.length - 1] = marker(step, CfgMarker.CM_END | s, tgt, comment);
        return out;
    }

    private static LustreCfg marker(int step, int flags, String tgt, String comment) {
        return LustreCfg.of(LcfgCommand.MARKER, (String) null).withBuffer(1,
                new CfgMarker(step, flags, 0x020f0000, 1, 0, tgt, comment).encode());
    }

    private LustreCfg[] lovSetup() {
        return section("fs-clilov", "lov setup", false, LustreCfg.of(LcfgCommand.ATTACH, "fs-clilov", "lov",
                "fs-clilov_UUID"), LustreCfg.of(LcfgCommand.SETUP, "fs-clilov").withBuffer(1,
                        new LovDesc(0, 0, 1, 1, 1 << 20, -1, 5, "fs-clilov_UUID").encode()));
    }

    @Test
    void replaysSectionsInOrderAndSkipsCancelledOnes() throws Exception {
        long nid = Nid.parse("10.0.0.1@tcp").toLnetNid();
        append("fs-client", lovSetup());
        append("fs-client", section("fs", "sys.timeout", true,
                LustreCfg.of(LcfgCommand.SET_TIMEOUT, null, "sys.timeout=20").withNum(20)));
        append("fs-client", section("fs-OST0000", "add osc", false,
                LustreCfg.of(LcfgCommand.ADD_UUID, null, "10.0.0.1@tcp").withNid(nid),
                LustreCfg.of(LcfgCommand.ATTACH, "fs-OST0000-osc", "osc", "fs-clilov_UUID"),
                LustreCfg.of(LcfgCommand.SETUP, "fs-OST0000-osc", "fs-OST0000_UUID", "10.0.0.1@tcp"),
                LustreCfg.of(LcfgCommand.LOV_ADD_OBD, "fs-clilov", "fs-OST0000_UUID", "0", "1")));
        append("fs-client", section("fs", "sys.timeout", false,
                LustreCfg.of(LcfgCommand.SET_TIMEOUT, null, "sys.timeout=40").withNum(40)));
        append("fs-client", section("fs-client", "mount opts", false,
                LustreCfg.of(LcfgCommand.MOUNTOPT, null, "fs-client", "fs-clilov", "fs-clilmv")));

        ConfigReplay replay = new ConfigReplay(obdclass, null, null);
        ConfigReplay.Result r = replay.replay(ctx, "fs-client");
        assertThat(r.attached()).containsExactly("fs-clilov", "fs-OST0000-osc");
        assertThat(r.processed()).isEqualTo(8); // 2 lov + 4 osc + set_timeout 40 + mount_option
        assertThat(replay.lastIndex()).isEqualTo(19);
        assertThat(obdclass.timeout()).isEqualTo(40); // 20 was in a cancelled section
        assertThat(obdclass.nidsOf("10.0.0.1@tcp")).containsExactly(nid);
        assertThat(obdclass.profile("fs-client")).isEqualTo(new Obdclass.Profile("fs-client", "fs-clilov", "fs-clilmv"));
        assertThat(Obdclass.of(libcfs).devices().list()).extracting(ObdDevice::dlLine)
                .containsExactly("  0 UP lov fs-clilov fs-clilov_UUID 1", "  1 UP osc fs-OST0000-osc fs-clilov_UUID 1");
        PassiveObd lov = Obdclass.of(libcfs).devices().find("fs-clilov").orElseThrow().impl(PassiveObd.class);
        assertThat(lov.commands()).containsExactly("lov_add_obd fs-OST0000_UUID 0 1");
        assertThat(libcfs.params().get("lov.fs-clilov.config").getFirst().value())
                .contains("lov_add_obd fs-OST0000_UUID 0 1");

        // appended later: only the new records run
        append("fs-client", section("fs-clilov", "lov.stripesize", false,
                LustreCfg.of(LcfgCommand.PARAM, "fs-clilov", "lov.stripesize=4194304")));
        ConfigReplay.Result again = replay.replay(ctx, "fs-client");
        assertThat(again.processed()).isOne();
        assertThat(again.attached()).isEmpty();
        assertThat(lov.settings()).containsEntry("lov.stripesize", "4194304");
        assertThat(replay.replay(ctx, "fs-client").processed()).isZero();

        for (ObdDevice d : Obdclass.of(libcfs).devices().list().reversed()) {
            obdclass.cleanup(d);
        }
        assertThat(Obdclass.of(libcfs).devices().list()).isEmpty();
        assertThat(libcfs.params().exists("lov.fs-clilov.config")).isFalse();
    }

    @Test
    void anMdtLogRunsItsLovAsLodAndItsOscsAsOsps() throws Exception {
        long nid = Nid.parse("10.0.0.2@tcp").toLnetNid();
        append("fs-MDT0000", section("fs-MDT0000-mdtlov", "lov setup", false,
                LustreCfg.of(LcfgCommand.ATTACH, "fs-MDT0000-mdtlov", "lov", "fs-MDT0000-mdtlov_UUID"),
                LustreCfg.of(LcfgCommand.SETUP, "fs-MDT0000-mdtlov").withBuffer(1,
                        new LovDesc(0, 0, 1, 1, 1 << 20, -1, 5, "fs-MDT0000-mdtlov_UUID").encode())));
        append("fs-MDT0000", section("fs-OST0000", "add osc", false,
                LustreCfg.of(LcfgCommand.ADD_UUID, null, "10.0.0.2@tcp").withNid(nid),
                LustreCfg.of(LcfgCommand.ATTACH, "fs-OST0000-osc-MDT0000", "osc", "fs-MDT0000-mdtlov_UUID"),
                LustreCfg.of(LcfgCommand.SETUP, "fs-OST0000-osc-MDT0000", "fs-OST0000_UUID", "10.0.0.2@tcp")));
        ConfigReplay.Result r = ConfigReplay.forMdt(obdclass).replay(ctx, "fs-MDT0000");
        assertThat(r.attached()).containsExactly("fs-MDT0000-mdtlov", "fs-OST0000-osc-MDT0000");
        assertThat(Obdclass.of(libcfs).devices().list()).extracting(ObdDevice::dlLine).containsExactly(
                "  0 UP lod fs-MDT0000-mdtlov fs-MDT0000-mdtlov_UUID 1",
                "  1 UP osp fs-OST0000-osc-MDT0000 fs-MDT0000-mdtlov_UUID 1");
        // a client's replay of the same records keeps lov and osc
        for (ObdDevice d : Obdclass.of(libcfs).devices().list().reversed()) {
            obdclass.cleanup(d);
        }
        new ConfigReplay(obdclass, null, null).replay(ctx, "fs-MDT0000");
        assertThat(Obdclass.of(libcfs).devices().list()).extracting(ObdDevice::type).containsExactly("lov", "osc");
    }

    @Test
    void aClientInstanceRenamesDevicesAndTakesItsUuid() throws Exception {
        append("fs-client", lovSetup());
        ConfigReplay.Result r = new ConfigReplay(obdclass, "ffff8800", "client-uuid-1").replay(ctx, "fs-client");
        assertThat(r.attached()).containsExactly("fs-clilov-ffff8800");
        assertThat(Obdclass.of(libcfs).devices().find("fs-clilov-ffff8800").orElseThrow().uuid()).isEqualTo("client-uuid-1");
        // a second mount of the same filesystem on the node coexists
        new ConfigReplay(obdclass, "ffff9900", "client-uuid-2").replay(ctx, "fs-client");
        assertThat(Obdclass.of(libcfs).devices().list()).hasSize(2);
    }

    @Test
    void badCommandsFailWithTheRecordAndTheDevice() throws Exception {
        append("bad-unknown-type", section("x", "c", false, LustreCfg.of(LcfgCommand.ATTACH, "d", "frobnicator",
                "d_UUID")));
        assertThatThrownBy(() -> new ConfigReplay(obdclass, null, null).replay(ctx, "bad-unknown-type"))
                .isInstanceOf(LustreException.class).hasMessageContaining("record #2")
                .hasMessageContaining("unknown device type 'frobnicator'")
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENODEV));
        append("bad-twice", section("x", "c", false, LustreCfg.of(LcfgCommand.ATTACH, "d", "lov", "d_UUID"),
                LustreCfg.of(LcfgCommand.ATTACH, "d", "lov", "d_UUID")));
        assertThatThrownBy(() -> new ConfigReplay(obdclass, null, null).replay(ctx, "bad-twice"))
                .hasMessageContaining("device d already exists")
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EEXIST));
        append("bad-setup", section("x", "c", false, LustreCfg.of(LcfgCommand.SETUP, "nosuch", "a")));
        assertThatThrownBy(() -> new ConfigReplay(obdclass, null, null).replay(ctx, "bad-setup"))
                .hasMessageContaining("setup: no device nosuch");
        append("bad-param", section("x", "c", false, LustreCfg.of(LcfgCommand.PARAM, null, "sys.noequals")));
        assertThatThrownBy(() -> new ConfigReplay(obdclass, null, null).replay(ctx, "bad-param"))
                .hasMessageContaining("param 'sys.noequals' has no '='");
        append("bad-uuid", section("x", "c", false, LustreCfg.of(LcfgCommand.ADD_UUID, null, "u")));
        assertThatThrownBy(() -> new ConfigReplay(obdclass, null, null).replay(ctx, "bad-uuid"))
                .hasMessageContaining("add_uuid u: no NID");
        assertThatThrownBy(() -> new ConfigReplay(obdclass, null, null).replay(ctx, "no-such-log"))
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOENT));

        // an unknown parameter is reported and skipped, as Lustre does; an unknown optional command too
        append("soft", section("x", "c", false, LustreCfg.of(LcfgCommand.PARAM, null, "sys.no_such_knob=1"),
                new LustreCfg(0x00ce0ff, 0, 0, 0, 0, List.of())));
        assertThat(new ConfigReplay(obdclass, null, null).replay(ctx, "soft").processed()).isEqualTo(2);
        assertThat(libcfs.debug().dumpToString()).contains("config param sys.no_such_knob=1 not applied");
        append("required", section("x", "c", false, new LustreCfg(0x00cf0ff | LcfgCommand.REQUIRED, 0, 0, 0, 0,
                List.of())));
        assertThatThrownBy(() -> new ConfigReplay(obdclass, null, null).replay(ctx, "required"))
                .hasMessageContaining("unknown required config command");
    }

    @Test
    void setParamAppliesWildcardsAndSysParamsReachNodeSettings() throws Exception {
        append("params", section("general", "timeout", false, LustreCfg.of(LcfgCommand.SET_PARAM, "general",
                "timeout=33", "lctl")));
        append("params", section("fs", "sys.jobid_var", false, LustreCfg.of(LcfgCommand.PARAM, null,
                "sys.jobid_var=nodelocal", "nodelocal")));
        new ConfigReplay(obdclass, null, null).replay(ctx, "params");
        assertThat(obdclass.timeout()).isEqualTo(33);
        assertThat(libcfs.params().get("jobid_var").getFirst().value().strip()).isEqualTo("nodelocal");
    }

    @Test
    void yamlLinesForEveryCommonEvent() {
        assertThat(ConfigYaml.format(2, LustreCfg.of(LcfgCommand.ATTACH, "fs-clilov", "lov", "fs-clilov_UUID")))
                .isEqualTo("- { index: 2, event: attach, device: fs-clilov, type: lov, UUID: fs-clilov_UUID }");
        assertThat(ConfigYaml.format(5, LustreCfg.of(LcfgCommand.ADD_UUID, null, "10.0.0.1@tcp")
                .withNid(0x200000a000001L)))
                .isEqualTo("- { index: 5, event: add_uuid, nid: 10.0.0.1@tcp(0x200000a000001), node: 10.0.0.1@tcp }");
        assertThat(ConfigYaml.format(30, LustreCfg.of(LcfgCommand.SET_TIMEOUT, null, "sys.timeout=40").withNum(40)))
                .isEqualTo("- { index: 30, event: set_timeout, num: 0x000028, parameter: sys.timeout=40 }");
        assertThat(ConfigYaml.format(4, LustreCfg.of(LcfgCommand.SET_PARAM, "general", "osc.*.max_dirty_mb=512",
                "lctl"))).isEqualTo(
                        "- { index: 4, event: set_param, device: general, parameter: osc.*.max_dirty_mb, value: 512 }");
        assertThat(ConfigYaml.format(9, LustreCfg.of(LcfgCommand.LOV_ADD_OBD, "fs-clilov", "fs-OST0000_UUID", "0",
                "1"))).isEqualTo("- { index: 9, event: add_osc, device: fs-clilov, ost: fs-OST0000_UUID, index: 0, "
                        + "gen: 1 }");
        assertThat(ConfigYaml.format(20, LustreCfg.of(LcfgCommand.MOUNTOPT, null, "fs-client", "fs-clilov",
                "fs-clilmv"))).isEqualTo("- { index: 20, event: new_profile, name: fs-client, lov: fs-clilov, "
                        + "lmv: fs-clilmv }");
        ConfigYaml y = new ConfigYaml();
        MemorySegment start = MemorySegment.ofArray(ConfigRecord.of(marker(1, CfgMarker.CM_START | CfgMarker.CM_SKIP,
                "fs", "x")).encode(1));
        MemorySegment attach = MemorySegment.ofArray(ConfigRecord.of(LustreCfg.of(LcfgCommand.ATTACH, "d", "lov",
                "u")).encode(2));
        assertThat(y.line(2, 0x10620000, (int) attach.byteSize(), attach)).as("outside any section").isNull();
        assertThat(y.line(1, 0x10620000, (int) start.byteSize(), start)).isNull();
        assertThat(y.line(2, 0x10620000, (int) attach.byteSize(), attach)).as("in a cancelled section").isNull();
        assertThat(y.line(7, 0x1064ffff, 64, MemorySegment.ofArray(new byte[64])))
                .isEqualTo("[index]: 00007  [type]: 1064ffff  [len]: 0064");
    }
}
