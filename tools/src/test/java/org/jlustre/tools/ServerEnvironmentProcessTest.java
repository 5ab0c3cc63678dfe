package org.jlustre.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Nid;
import org.jlustre.lnet.Lnet;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.server.MountData;
import org.jlustre.server.ServerNode;
import org.jlustre.server.TargetType;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlustre server} as a process configured by the seed's mount helper's environment
 * ({@code OSD_MEM_TGT_TYPE}, {@code OSD_MEM_INDEX}, {@code OSD_MEM_MGS_NID},
 * {@code OSD_MEM_FSNAME}, {@code OSD_MEM_PRIMARY_MDT}), and {@code --stop-with}: a server stops when the process it serves
 * for ends.
 */
class ServerEnvironmentProcessTest {

    @TempDir
    Path tmp;

    @Test
    void anOstTakesItsTypeIndexFsnameAndMgsFromTheEnvironment() throws Exception {
        try (Nodes nodes = new Nodes(Nodes.Driver.TCP)) {
            Lnet mgsLnet = nodes.node();
            Ptlrpc mgsRpc = Ptlrpc.start(mgsLnet);
            try (ServerNode mgsNode = new ServerNode(mgsRpc, Duration.ofSeconds(10), Duration.ofMillis(50))) {
                mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
                Nid mgs = Nid.fromLnetNid(nodes.nid(mgsLnet));
                Map<String, String> env = Map.of("OSD_MEM_TGT_TYPE", "OST", "OSD_MEM_INDEX", "3",
                        "OSD_MEM_MGS_NID", mgs + ":" + nodes.port(mgsLnet), "OSD_MEM_FSNAME", "envfs");
                Process p = JlustreProcess.run(JlustreProcess.builder(env, "server", "--nid", "127.0.0.201@tcp",
                        "--port", "0", "--control-dir", tmp.resolve("ctl").toString(), "--exit", "-e", "dl")
                        .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()), 180);
                String out = Files.readString(tmp.resolve("out"));
                assertThat(p.exitValue()).as(Files.readString(tmp.resolve("err"))).isZero();
                assertThat(out).contains("envfs-OST0003 started on 127.0.0.201@tcp")
                        .contains(" UP obdfilter envfs-OST0003 envfs-OST0003_UUID ");
            } finally {
                mgsRpc.close();
            }
        }
    }

    @Test
    void osdMemPrimaryMdtMakesACombinedMgsAndMdt() throws Exception {
        // as the seed's test_32: an MDT, primary, its MGS NID the host's own
        Map<String, String> env = Map.of("OSD_MEM_TGT_TYPE", "MDT", "OSD_MEM_PRIMARY_MDT", "1", "OSD_MEM_INDEX", "0",
                "OSD_MEM_MGS_NID", "127.0.0.204@tcp");
        Process p = JlustreProcess.run(JlustreProcess.builder(env, "server", "--nid", "127.0.0.204@tcp", "--port", "0",
                "--control-dir", tmp.resolve("ctl").toString(), "--exit", "-e", "dl")
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()), 180);
        String out = Files.readString(tmp.resolve("out"));
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("err"))).isZero();
        assertThat(out).contains("lustre-MDT0000 started on 127.0.0.204@tcp").contains(" UP mgs MGS MGS ")
                .contains(" UP mdt lustre-MDT0000 lustre-MDT0000_UUID ");
    }

    @Test
    void aCombinedMgsIsAnMdtThatIsItsOwnMgs() {
        InProcess ost = InProcess.run("server", "--type", "ost", "--mgs", "--mgsnode", "127.0.0.1@tcp");
        assertThat(ost.status()).isEqualTo(2);
        assertThat(ost.err()).contains("--mgs (OSD_MEM_PRIMARY_MDT) is for an MDT, not an OST");
        InProcess elsewhere = InProcess.run("server", "--type", "mdt", "--mgs", "--nid", "127.0.0.205@tcp",
                "--mgsnode", "10.0.0.1@tcp");
        assertThat(elsewhere.status()).isEqualTo(2);
        assertThat(elsewhere.err()).contains("a combined MGS/MDT is its own MGS: --mgsnode 10.0.0.1@tcp is not this "
                + "node (127.0.0.205@tcp)");
        InProcess bad = InProcess.run("server", "--type", "mdt", "--mgs=maybe");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--mgs (OSD_MEM_PRIMARY_MDT) 'maybe': expected 1 or 0");
    }

    @Test
    void aBadTypeFromTheEnvironmentIsAUsageError() throws Exception {
        Process p = JlustreProcess.run(JlustreProcess.builder(Map.of("OSD_MEM_TGT_TYPE", "MDS"), "server", "--port", "0",
                "--exit").redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile()), 120);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("out"))).contains("--type 'MDS': expected mgs, mdt or ost");
    }

    @Test
    void aServerStopsWhenTheProcessItServesForEnds() throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start();
        Path ctl = tmp.resolve("ctl");
        Path out = tmp.resolve("out");
        Process server = JlustreProcess.builder(Map.of("OSD_MEM_TGT_TYPE", "MGT"), "server", "--nid", "127.0.0.202@tcp",
                "--port", "0", "--control-dir", ctl.toString(), "--stop-with", Long.toString(parent.pid()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!(Files.exists(out) && Files.readString(out).contains("serving; interrupt to stop"))
                    && server.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(out)).contains("MGS started on 127.0.0.202@tcp").contains("serving");
            assertThat(server.isAlive()).isTrue();

            parent.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server stops with its parent").isTrue();
            assertThat(server.exitValue()).isZero();
            try (var sockets = Files.list(ctl)) {
                assertThat(sockets).as("the server removed its control socket").isEmpty();
            }
        } finally {
            parent.destroyForcibly();
            server.destroyForcibly();
        }
    }
}
