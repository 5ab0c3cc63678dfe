package org.jlustre.tools.lctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jlustre.common.Libcfs;
import org.jlustre.common.Nid;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.server.MountData;
import org.jlustre.server.ServerNode;
import org.jlustre.server.TargetType;
import org.jlustre.testing.Nodes;
import org.jlustre.tools.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lctl on the MGS node of a running filesystem (an MGS, an MDT and two OSTs on four in-JVM
 * nodes; the MDT and OSTs are registration-only targets until their layers exist): dl,
 * llog_catlist, llog_info, llog_print, llog_cancel, llog_dump read back by llog_reader,
 * set_param -P and conf_param.
 */
class LctlConfigTest {

    private Nodes nodes;
    private final java.util.ArrayList<AutoCloseable> open = new java.util.ArrayList<>();
    private ServerNode mgsNode;
    private ServerNode mdsNode;
    private String mds;
    private String oss0;
    private String oss1;
    private StringWriter out;
    private StringWriter err;

    private ServerNode node() throws Exception {
        Ptlrpc p = Ptlrpc.start(nodes.node());
        p.libcfs().debug().setConsole(null);
        ServerNode n = new ServerNode(p, Duration.ofSeconds(10), Duration.ofMillis(50));
        open.add(p);
        open.add(n);
        return n;
    }

    private static String nid(ServerNode n) {
        return Nid.toString(n.nids()[0]);
    }

    @BeforeEach
    void start() throws Exception {
        nodes = new Nodes(Nodes.Driver.MEM);
        mgsNode = node();
        mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
        List<Nid> mgs = List.of(Nid.fromLnetNid(mgsNode.nids()[0]));
        mdsNode = node();
        mdsNode.start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
        ServerNode o0 = node();
        o0.start(MountData.format("lustre", TargetType.OST, -1, mgs, ""));
        ServerNode o1 = node();
        o1.start(MountData.format("lustre", TargetType.OST, -1, mgs, ""));
        mds = nid(mdsNode);
        oss0 = nid(o0);
        oss1 = nid(o1);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        nodes.close();
    }

    private int lctl(Libcfs libcfs, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "lctl";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.commandLine(libcfs, new PrintWriter(out, true), new PrintWriter(err, true)).execute(all);
    }

    private static String hex(String nid) throws Exception {
        return String.format("0x%x", Nid.parse(nid).toLnetNid());
    }

    @Test
    void llogPrintShowsTheClientLogAsLctlDoes() throws Exception {
        assertThat(lctl(mgsNode.libcfs(), "llog_print", "lustre-client")).isZero();
        assertThat(out.toString()).isEqualTo(String.join("\n",
                "- { index: 2, event: attach, device: lustre-clilov, type: lov, UUID: lustre-clilov_UUID }",
                "- { index: 3, event: setup, device: lustre-clilov, UUID:  }",
                "- { index: 6, event: attach, device: lustre-clilmv, type: lmv, UUID: lustre-clilmv_UUID }",
                "- { index: 7, event: setup, device: lustre-clilmv, UUID:  }",
                "- { index: 10, event: add_uuid, nid: " + mds + "(" + hex(mds) + "), node: " + mds + " }",
                "- { index: 11, event: attach, device: lustre-MDT0000-mdc, type: mdc, UUID: lustre-clilmv_UUID }",
                "- { index: 12, event: setup, device: lustre-MDT0000-mdc, UUID: lustre-MDT0000_UUID, node: " + mds
                        + " }",
                "- { index: 13, event: add_mdc, device: lustre-clilmv, mdt: lustre-MDT0000_UUID, index: 0, gen: 1, "
                        + "UUID: lustre-MDT0000-mdc_UUID }",
                "- { index: 16, event: new_profile, name: lustre-client, lov: lustre-clilov, lmv: lustre-clilmv }",
                "- { index: 19, event: add_uuid, nid: " + oss0 + "(" + hex(oss0) + "), node: " + oss0 + " }",
                "- { index: 20, event: attach, device: lustre-OST0000-osc, type: osc, UUID: lustre-clilov_UUID }",
                "- { index: 21, event: setup, device: lustre-OST0000-osc, UUID: lustre-OST0000_UUID, node: " + oss0
                        + " }",
                "- { index: 22, event: add_osc, device: lustre-clilov, ost: lustre-OST0000_UUID, index: 0, gen: 1 }",
                "- { index: 25, event: add_uuid, nid: " + oss1 + "(" + hex(oss1) + "), node: " + oss1 + " }",
                "- { index: 26, event: attach, device: lustre-OST0001-osc, type: osc, UUID: lustre-clilov_UUID }",
                "- { index: 27, event: setup, device: lustre-OST0001-osc, UUID: lustre-OST0001_UUID, node: " + oss1
                        + " }",
                "- { index: 28, event: add_osc, device: lustre-clilov, ost: lustre-OST0001_UUID, index: 1, gen: 1 }",
                ""));

        // the same log through the MDS's MGC, over the llog RPCs
        String mgc = "MGC" + nid(mgsNode);
        String viaMgs = out.toString();
        assertThat(lctl(mdsNode.libcfs(), "--device", mgc, "llog_print", "lustre-client")).isZero();
        assertThat(out.toString()).isEqualTo(viaMgs);
        assertThat(lctl(mgsNode.libcfs(), "llog_print", "lustre-client", "20", "22")).isZero();
        assertThat(out.toString().lines()).hasSize(3);
    }

    @Test
    void llogDumpReadsBackWithLlogReader(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("client.llog");
        assertThat(lctl(mgsNode.libcfs(), "--device", "MGS", "llog_dump", "lustre-client", f.toString())).isZero();
        StringWriter rout = new StringWriter();
        int rc = Main.commandLine(Libcfs.create(), new PrintWriter(rout, true), new PrintWriter(new StringWriter(),
                true)).execute("llog_reader", f.toString());
        assertThat(rc).isZero();
        String text = rout.toString();
        assertThat(text).contains("Number of records: 29\tcat_idx: 0\tlast_idx: 29")
                .contains("Target uuid : config_uuid")
                .contains("#02 (120)attach    0:lustre-clilov  1:lov  2:lustre-clilov_UUID  ")
                .contains("#16 (120)mount_option 0:  1:lustre-client  2:lustre-clilov  3:lustre-clilmv  ")
                .contains("#28 (128)lov_modify_tgts add 0:lustre-clilov  1:lustre-OST0001_UUID  2:1  3:1  ");
        // every record lctl prints, llog_reader prints at the same index
        lctl(mgsNode.libcfs(), "llog_print", "lustre-client");
        for (String line : out.toString().lines().toList()) {
            int index = Integer.parseInt(line.replaceAll("^- \\{ index: (\\d+),.*", "$1"));
            assertThat(text).contains(String.format("#%02d (", index));
        }
    }

    @Test
    void catlistInfoDlAndCancel() throws Exception {
        assertThat(lctl(mgsNode.libcfs(), "llog_catlist")).isZero();
        assertThat(out.toString()).isEqualTo("config_log: lustre-MDT0000\nconfig_log: lustre-OST0000\n"
                + "config_log: lustre-OST0001\nconfig_log: lustre-client\n");
        assertThat(lctl(mgsNode.libcfs(), "llog_info", "lustre-client")).isZero();
        assertThat(out.toString()).matches("(?s)logid:            \\[0xa:0x\\p{XDigit}+:0x0\\]\n"
                + "flags:            4 \\(plain\\)\nrecords_count:    29\nlast_index:       29\n");
        assertThat(lctl(mgsNode.libcfs(), "dl")).isZero();
        assertThat(out.toString()).contains("  0 UP osd-mem MGS-osd MGS-osd_UUID ").contains(" UP mgs MGS MGS ")
                .contains(" UP mgc MGC" + nid(mgsNode) + " ");
        assertThat(lctl(mdsNode.libcfs(), "dl")).isZero();
        assertThat(out.toString()).contains(" UP mdt lustre-MDT0000 lustre-MDT0000_UUID ");

        assertThat(lctl(mgsNode.libcfs(), "--device", "MGS", "llog_cancel", "lustre-client", "--log_idx", "22"))
                .isZero();
        lctl(mgsNode.libcfs(), "llog_print", "lustre-client");
        assertThat(out.toString()).doesNotContain("index: 22,").contains("index: 28,");
        assertThat(lctl(mgsNode.libcfs(), "llog_cancel", "lustre-client", "--log_idx", "22")).isEqualTo(2);
        assertThat(err.toString()).contains("lustre-client has no record 22");
        assertThat(lctl(mgsNode.libcfs(), "llog_print", "nosuch-client")).isEqualTo(2);
        assertThat(err.toString()).contains("nosuch-client");
        assertThat(lctl(mdsNode.libcfs(), "llog_catlist")).isEqualTo(19);
        assertThat(err.toString()).contains("no device 'MGS'");
    }

    @Test
    void setParamPermanentAndConfParam() throws Exception {
        assertThat(lctl(mgsNode.libcfs(), "set_param", "-P", "timeout=40")).isZero();
        assertThat(lctl(mgsNode.libcfs(), "llog_print", "params")).isZero();
        assertThat(out.toString()).isEqualTo(
                "- { index: 2, event: set_param, device: general, parameter: timeout, value: 40 }\n");
        awaitParam(mdsNode.libcfs(), "timeout", "40");
        assertThat(lctl(mdsNode.libcfs(), "set_param", "-P", "timeout=40")).isEqualTo(19);
        assertThat(err.toString()).contains("set_param -P runs on the MGS node");

        assertThat(lctl(mgsNode.libcfs(), "conf_param", "lustre.sys.jobid_var=procname_uid")).isZero();
        lctl(mgsNode.libcfs(), "llog_print", "lustre-MDT0000");
        assertThat(out.toString()).contains("event: conf_param, parameter: sys.jobid_var=procname_uid, "
                + "value: procname_uid }");
        // conf_param through an MGC (MGS_SET_INFO)
        assertThat(lctl(mdsNode.libcfs(), "--device", "MGC" + nid(mgsNode), "conf_param",
                "lustre.sys.timeout=50")).isZero();
        lctl(mgsNode.libcfs(), "llog_print", "lustre-client");
        assertThat(out.toString()).contains("event: set_timeout, num: 0x000032, parameter: sys.timeout=50 }");
        assertThat(lctl(mgsNode.libcfs(), "conf_param", "nofs.sys.timeout=5")).isEqualTo(2);
    }

    private void awaitParam(Libcfs libcfs, String name, String value) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!libcfs.params().get(name).getFirst().value().strip().equals(value)) {
            assertThat(System.nanoTime()).as("%s reaches %s", name, value).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
