package org.jlustre.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jlustre.common.Libcfs;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.obdclass.Obdclass;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process on a private node context. */
class CliTest {

    private Libcfs libcfs;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void setUp() {
        libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        out = new StringWriter();
        err = new StringWriter();
    }

    private int run(String... args) {
        return Main.commandLine(libcfs, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void getParamPrintsNameEqualsValue() {
        assertThat(run("lctl", "get_param", "debug_mb", "fail_loc")).isZero();
        assertThat(out.toString()).matches("(?s)debug_mb=\\d+\nfail_loc=0\n");
    }

    @Test
    void getParamValuesOnlyAndNamesOnly() {
        assertThat(run("lctl", "get_param", "-n", "fail_val")).isZero();
        assertThat(out.toString()).isEqualTo("0\n");
        out.getBuffer().setLength(0);
        assertThat(run("lctl", "get_param", "-N", "fail_*")).isZero();
        assertThat(out.toString()).isEqualTo("fail_err\nfail_loc\nfail_val\n");
    }

    @Test
    void unknownParameterIsAnEnoentNamingThePath() {
        assertThat(run("lctl", "get_param", "osd-mem.nosuch.stats")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(
                "error: get_param: param_path 'osd-mem/nosuch/stats': No such file or directory\n");
    }

    @Test
    void setParamSetsAndEchoes() {
        assertThat(run("lctl", "set_param", "fail_loc=0x80000195", "fail_val=3")).isZero();
        assertThat(out.toString()).isEqualTo("fail_loc=0x80000195\nfail_val=3\n");
        assertThat(libcfs.failLoc().loc()).isEqualTo(0x80000195);
        assertThat(libcfs.failLoc().val()).isEqualTo(3);
    }

    @Test
    void setParamRejectsBadValuesAndReadOnlyEntriesWithTheErrno() {
        assertThat(run("lctl", "set_param", "debug_mb=abc")).isEqualTo(22);
        assertThat(err.toString()).contains("error: set_param: setting 'debug_mb'='abc'").contains("'abc'")
                .contains("Invalid argument");
        err.getBuffer().setLength(0);
        assertThat(run("lctl", "set_param", "version=2")).isEqualTo(13);
        assertThat(err.toString()).contains("'version'='2'").endsWith("Permission denied\n");
        err.getBuffer().setLength(0);
        assertThat(run("lctl", "set_param", "debug")).isEqualTo(22);
        assertThat(err.toString()).contains("expected NAME=VALUE");
    }

    @Test
    void debugMaskTakesLustreNames() {
        assertThat(run("lctl", "set_param", "debug=+trace")).isZero();
        assertThat(libcfs.debug().debugMask() & DebugMask.D_TRACE).isNotZero();
        out.getBuffer().setLength(0);
        assertThat(run("lctl", "get_param", "-n", "debug")).isZero();
        assertThat(out.toString()).startsWith("trace ");
    }

    @Test
    void listParamListsNames() {
        assertThat(run("lctl", "list_param", "fail_*")).isZero();
        assertThat(out.toString()).isEqualTo("fail_err\nfail_loc\nfail_val\n");
    }

    @Test
    void dkDumpsInLustresLayoutAndClears(@TempDir Path dir) throws Exception {
        libcfs.debug().log(DebugMask.S_OSD, DebugMask.D_WARNING, "a warning for the log");
        Path file = dir.resolve("dk.txt");
        assertThat(run("lctl", "dk", file.toString())).isZero();
        String dumped = Files.readString(file);
        assertThat(dumped).matches("(?s)00080000:00000400:0\\.0:\\d+\\.\\d{6}:0:\\d+:0:\\(CliTest\\.java:\\d+:"
                + "dkDumpsInLustresLayoutAndClears\\(\\)\\) a warning for the log\n");
        assertThat(out.toString()).isEqualTo("Debug log: 1 lines, 1 kept, 0 dropped, 0 bad.\n");
        out.getBuffer().setLength(0);
        assertThat(run("lctl", "debug_kernel")).isZero();
        assertThat(out.toString()).isEqualTo("Debug log: 0 lines, 0 kept, 0 dropped, 0 bad.\n");
    }

    @Test
    void osdWalkthroughRunsEveryStepAndUnmounts() {
        assertThat(run("osd", "--name", "walk-MDT0000", "--page-size", "256", "-e", "get_param -n osd-mem.*.fstype"))
                .isZero();
        String text = out.toString();
        assertThat(text).contains("== mounted osd-mem device walk-MDT0000",
                "lookup \"..\" -> [0x200000001:0xd:0x0]", "hook: transaction start", "commit callback: rc = 0",
                "\"Hello from osd-mem, Lustre's in-memory OSD.\"", "(hole: the shared zero page)",
                "cookie 3   [0x200000400:0x1:0x0]", "osd-mem.walk-MDT0000.stats=", "cached objects after:  0",
                "hello exists: false", "osd-mem.walk-MDT0000.objects=", "lctl get_param -n osd-mem.*.fstype\nmem\n");
        assertThat(err.toString()).isEmpty();
        assertThat(libcfs.params().exists("osd-mem.walk-MDT0000.stats")).isFalse();
    }

    @Test
    void osdVerboseDebugDumpsTheTrace() {
        assertThat(run("osd", "--verbose-debug")).isZero();
        assertThat(out.toString()).contains("lctl dk: the debug log").containsPattern(
                "00080000:00000400:.*\\(MemObject\\.java:\\d+:create\\(\\)\\) lustre-MDT0000: create obj#");
    }

    @Test
    void osdRejectsABadSize() {
        assertThat(run("osd", "--capacity", "lots")).isEqualTo(22);
        assertThat(err.toString()).contains("bad size 'lots'");
    }

    @Test
    void llmountStartsTheServersAndShowsTheirConfiguration(@TempDir Path tmp) {
        assertThat(run("llmount", "--no-fuse", "--mount", tmp.resolve("mnt").toString(), "-e",
                "llog_info lustre-OST0001")).isZero();
        assertThat(out.toString()).contains("lustre: MGS and 3 targets started in ")
                .contains("  1 UP mgs MGS MGS ")
                .contains(" UP osp lustre-OST0001-osc-MDT0000 lustre-MDT0000-mdtlov_UUID ")
                .contains(" UP lod lustre-MDT0000-mdtlov lustre-MDT0000-mdtlov_UUID ")
                .contains(" UP mdt lustre-MDT0000 lustre-MDT0000_UUID ")
                .contains(" UP mdd lustre-MDD0000 lustre-MDD0000_UUID ")
                .contains("mdt.lustre-MDT0000.uuid=lustre-MDT0000_UUID")
                .contains(" UP obdfilter lustre-OST0001 lustre-OST0001_UUID ")
                .contains("obdfilter.lustre-OST0001.uuid=lustre-OST0001_UUID")
                .contains("obdfilter.lustre-OST0000.kbytestotal=1048576")
                // the MDT's osp precreates objects in the OST's group 0 as soon as it connects
                .containsPattern("obdfilter.lustre-OST0000.last_id=0x100000000:\\d+")
                .contains("config_log: lustre-client")
                .contains("- { index: 16, event: new_profile, name: lustre-client, lov: lustre-clilov, lmv: lustre-clilmv }")
                .contains("lustre-MDT0000: timeout=40").contains("lustre-OST0000: timeout=40")
                .contains("lustre-OST0001: timeout=40")
                .contains("== lctl llog_info lustre-OST0001").contains("records_count:    4");
        assertThat(Obdclass.of(libcfs).devices().list()).isEmpty();
    }

    @Test
    void serverNeedsAnMgsnodeForATarget() {
        assertThat(run("server", "--type", "ost", "--mgsnode", "")).isEqualTo(2);
        assertThat(err.toString()).contains("an OST needs --mgsnode");
        assertThat(run("server", "--type", "xyz")).isEqualTo(2);
        assertThat(err.toString()).contains("--type 'xyz': expected mgs, mdt or ost");
    }

    @Test
    void serverFindsItsOsdByTypeName() {
        // a backing filesystem Lustre knows but this node has no OSD for: ENODEV naming both
        assertThat(run("server", "--type", "mgs", "--backfstype", "ldiskfs", "--port", "0", "--exit")).isEqualTo(19);
        assertThat(err.toString()).contains("no OSD of type 'osd-ldiskfs' on this node (types: osd-mem)");
        // one Lustre has no mount type for
        assertThat(run("server", "--type", "mgs", "--backfstype", "btrfs")).isEqualTo(2);
        assertThat(err.toString()).contains("OSD type 'osd-btrfs' has no ldd_mount_type");
        assertThat(Obdclass.of(libcfs).devices().list()).isEmpty();
    }

    @Test
    void serverAcceptsSecureByDefaultAndTakesTheAcceptorOptions() {
        String group = "socklnd.127_0_0_213@tcp.";
        assertThat(run("server", "--type", "mgs", "--nid", "127.0.0.213@tcp", "--port", "0", "--exit", "-e",
                "get_param " + group + "accept " + group + "accept_timeout " + group + "accept_max_conns "
                        + group + "accept_max_conns_per_peer")).as(err.toString()).isZero();
        assertThat(out.toString()).contains(group + "accept=secure\n" + group + "accept_timeout=5\n"
                + group + "accept_max_conns=16384\n" + group + "accept_max_conns_per_peer=64\n");
        out.getBuffer().setLength(0);
        assertThat(run("server", "--type", "mgs", "--nid", "127.0.0.213@tcp", "--port", "0", "--accept", "all",
                "--accept-timeout", "7", "--max-conns", "100", "--max-conns-per-peer", "3", "--exit", "-e",
                "get_param " + group + "accept " + group + "accept_timeout " + group + "accept_max_conns "
                        + group + "accept_max_conns_per_peer")).as(err.toString()).isZero();
        assertThat(out.toString()).contains(group + "accept=all\n" + group + "accept_timeout=7\n"
                + group + "accept_max_conns=100\n" + group + "accept_max_conns_per_peer=3\n");
    }

    @Test
    void serverRefusesBadAcceptorOptionsNamingThem() {
        assertThat(run("server", "--type", "mgs", "--accept", "none")).isEqualTo(2);
        assertThat(err.toString()).contains("accept=\"none\": expected secure or all");
        assertThat(run("server", "--type", "mgs", "--accept-timeout", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("accept_timeout PT0S must be positive");
        assertThat(run("server", "--type", "mgs", "--max-conns-per-peer", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("connection limits 16384 in all and 0 per peer must be at least 1");
        assertThat(Obdclass.of(libcfs).devices().list()).isEmpty();
    }
}
