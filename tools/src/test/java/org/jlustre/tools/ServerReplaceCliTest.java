package org.jlustre.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.jlustre.common.Libcfs;
import org.jlustre.common.Nid;
import org.jlustre.lnet.Lnet;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.server.MountData;
import org.jlustre.server.ServerNode;
import org.jlustre.server.TargetType;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.api.Test;

/**
 * {@code jlustre server --replace} (mkfs.lustre --replace): an OST process started on a fresh
 * osd-mem device with the index of a registered OST is refused with EADDRINUSE, and taken back
 * with {@code --replace}; {@code --replace} without {@code --index} is a usage error.
 */
class ServerReplaceCliTest {

    @Test
    void anOstOnAFreshDeviceIsTakenBackWithReplace() throws Exception {
        try (Nodes nodes = new Nodes(Nodes.Driver.TCP)) {
            Lnet mgsLnet = nodes.node();
            Ptlrpc mgsRpc = Ptlrpc.start(mgsLnet);
            Lnet ossLnet = nodes.node();
            Ptlrpc ossRpc = Ptlrpc.start(ossLnet);
            try (ServerNode mgsNode = new ServerNode(mgsRpc, Duration.ofSeconds(10), Duration.ofMillis(50));
                    ServerNode oss = new ServerNode(ossRpc, Duration.ofSeconds(10), Duration.ofMillis(50))) {
                mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
                Nid mgs = Nid.fromLnetNid(nodes.nid(mgsLnet));
                oss.start(MountData.format("lustre", TargetType.OST, 0, List.of(mgs), "")).stop();
                String mgsnode = mgs + ":" + nodes.port(mgsLnet);

                Run refused = server("--type", "ost", "--index", "0", "--mgsnode", mgsnode);
                assertThat(refused.rc).as(refused.err).isEqualTo(98);
                assertThat(refused.err).contains("index 0 is already in use");

                Run replaced = server("--type", "ost", "--index", "0", "--mgsnode", mgsnode, "--replace", "-e", "dl");
                assertThat(replaced.rc).as(replaced.err).isZero();
                assertThat(replaced.out).contains("lustre-OST0000 started on 127.0.0.200@tcp")
                        .contains(" UP obdfilter lustre-OST0000 lustre-OST0000_UUID ");

                Run noIndex = server("--type", "ost", "--mgsnode", mgsnode, "--replace");
                assertThat(noIndex.rc).isEqualTo(2);
                assertThat(noIndex.err).contains("--replace needs the --index of the OST it replaces");
            } finally {
                ossRpc.close();
                mgsRpc.close();
            }
        }
    }

    /** What a command printed and returned. */
    private record Run(int rc, String out, String err) {
    }

    /** {@code jlustre server ... --exit} in a process context of its own, as a second process. */
    private static Run server(String... args) {
        Libcfs elsewhere = Libcfs.create();
        elsewhere.debug().setConsole(null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 6];
        all[0] = "server";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--nid", "127.0.0.200@tcp", "--port", "0", "--exit"}, 0, all, args.length + 1, 5);
        int rc = Main.commandLine(elsewhere, new PrintWriter(out, true), new PrintWriter(err, true)).execute(all);
        return new Run(rc, out.toString(), err.toString());
    }
}
