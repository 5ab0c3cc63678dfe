package org.jlustre.tools.lctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.jlustre.common.Libcfs;
import org.jlustre.common.Nid;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.server.MountData;
import org.jlustre.server.ServerNode;
import org.jlustre.server.ServerTarget;
import org.jlustre.server.TargetType;
import org.jlustre.testing.Nodes;
import org.jlustre.tools.Main;
import org.junit.jupiter.api.Test;

/**
 * {@code lctl --mgsnode NID:PORT} from a process of its own (here: a fresh node context with
 * no devices) reads a running MGS's config logs and sends conf_param over TCP, and leaves
 * nothing behind.
 */
class LctlRemoteTest {

    @Test
    void lctlReachesARunningMgsOverTcp() throws Exception {
        try (Nodes nodes = new Nodes(Nodes.Driver.TCP)) {
            var lnet = nodes.node();
            Ptlrpc rpc = Ptlrpc.start(lnet);
            rpc.libcfs().debug().setConsole(null);
            try (ServerNode mgsNode = new ServerNode(rpc, Duration.ofSeconds(10), Duration.ofMillis(50))) {
                ServerTarget mgt = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
                var mdsLnet = nodes.node();
                Ptlrpc mdsRpc = Ptlrpc.start(mdsLnet);
                mdsRpc.libcfs().debug().setConsole(null);
                try (ServerNode mds = new ServerNode(mdsRpc, Duration.ofSeconds(10), Duration.ofMillis(50))) {
                    mds.start(MountData.format("lustre", TargetType.MDT, 0,
                            List.of(Nid.fromLnetNid(nodes.nid(lnet))), ""));
                    String mgsnode = Nid.toString(nodes.nid(lnet)) + ":" + nodes.port(lnet);

                    Libcfs elsewhere = Libcfs.create();
                    elsewhere.debug().setConsole(null);
                    StringWriter out = new StringWriter();
                    StringWriter err = new StringWriter();
                    int rc = Main.commandLine(elsewhere, new PrintWriter(out, true), new PrintWriter(err, true))
                            .execute("lctl", "--nid", "127.0.0.250@tcp", "--mgsnode", mgsnode, "llog_print",
                                    "lustre-MDT0000");
                    assertThat(rc).as(err.toString()).isZero();
                    assertThat(out.toString()).contains("- { index: 6, event: attach, device: lustre-MDT0000, "
                            + "type: mdt, UUID: lustre-MDT0000_UUID }");
                    assertThat(Obdclass.of(elsewhere).devices().list()).as("the MGC is gone after the command").isEmpty();

                    rc = Main.commandLine(elsewhere, new PrintWriter(out, true), new PrintWriter(err, true))
                            .execute("lctl", "--nid", "127.0.0.250@tcp", "--mgsnode", mgsnode, "conf_param",
                                    "lustre.sys.timeout=44");
                    assertThat(rc).as(err.toString()).isZero();
                    assertThat(mgt.mgs().listLogs()).contains("lustre-client");
                    StringWriter mgsOut = new StringWriter();
                    Main.commandLine(mgsNode.libcfs(), new PrintWriter(mgsOut, true), new PrintWriter(err, true))
                            .execute("lctl", "llog_print", "lustre-MDT0000");
                    assertThat(mgsOut.toString()).contains("parameter: sys.timeout=44");

                    StringWriter e2 = new StringWriter();
                    rc = Main.commandLine(elsewhere, new PrintWriter(out, true), new PrintWriter(e2, true))
                            .execute("lctl", "--nid", "127.0.0.250@tcp", "--mgsnode", mgsnode, "llog_print",
                                    "nosuch-client");
                    assertThat(rc).isEqualTo(2);
                    assertThat(e2.toString()).contains("llog nosuch-client failed: No such file or directory");
                    assertThat(Obdclass.of(elsewhere).devices().list()).isEmpty();
                }
            } finally {
                rpc.close();
            }
        }
    }
}
