package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jlustre.llog.test.LlogTestSuite;
import org.jlustre.mgc.Mgc;
import org.jlustre.mgs.Mgs;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed's sanity-osd cases for the MGT ({@code scripts/sanity-osd.sh}, reference 1.8):
 * {@code mgt_mount}, an MGS on osd-mem mounts and unmounts cleanly (and mounts again on the
 * same device, knowing its filesystems from the logs); {@code llog}, the whole llog test suite
 * runs on the MGS's OSD in its CONFIGS directory while the MGS runs, test 6 reading through a
 * real MGC on another node over the llog RPCs, in-JVM and over TCP.
 */
class MgtSanityTest {

    @Test
    void mgtMountsAndUnmountsCleanly() throws Exception {
        try (Cluster c = new Cluster(Nodes.Driver.MEM)) {
            ServerNode n = c.node();
            OsdDevice disk = OsdMem.create(MemOsdConfig.defaults("mgt-disk").withLibcfs(n.libcfs()));
            ServerTarget mgt = n.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""), disk);
            assertThat(Obdclass.of(n.libcfs()).devices().list()).extracting(d -> d.type() + " " + d.name())
                    .containsExactly("osd-mem MGS-osd", "mgs MGS", "mgc MGC" + Cluster.nid(n));
            ServerNode m = c.node();
            m.start(MountData.format("lustre", TargetType.MDT, 0, List.of(Cluster.nid(n)), ""));
            m.close(); // its MGC disconnects while the MGS is up
            mgt.stop();
            assertThat(Obdclass.of(n.libcfs()).devices().list()).isEmpty();
            assertThat(n.targets()).isEmpty();
            assertThat(n.libcfs().params().exists("mgs.*")).as("mgs params after umount").isFalse();

            ServerTarget again = n.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""), disk);
            assertThat(again.mgs().knows("lustre")).isTrue();
            assertThat(again.mgs().listLogs()).containsExactly("lustre-MDT0000", "lustre-client");
            again.stop();
            disk.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void llogSuiteRunsOnTheRunningMgsOsdWithTest6OverRpc(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode n = c.node();
            ServerTarget mgt = n.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            Mgs mgs = mgt.mgs();
            ServerNode client = c.node();
            try (Mgc mgc = new Mgc(client.ptlrpc(), List.of(Cluster.nid(n)), Duration.ofSeconds(30),
                    Duration.ofSeconds(1))) {
                long seed = Long.getLong("jlustre.seed", System.nanoTime());
                System.out.println("MgtSanityTest " + driver + ": llog_test_rand from seed " + seed
                        + " (rerun with -Djlustre.seed=" + seed + ")");
                LlogTestSuite suite = new LlogTestSuite(mgs.osd(), n.libcfs(),
                        new SplittableRandom(seed).nextInt(1, 1 << 28)).clientService(ctx -> mgc.llogService());
                List<LlogTestSuite.Result> results = new ArrayList<>();
                suite.runAll(results::add);
                assertThat(results).hasSize(13).allSatisfy(r -> assertThat(r.failure()).as("test %d %s",
                        r.number(), r.title()).isNull());
                assertThat(suite.context().directory()).isEqualTo(mgs.configsFid());
                // test 6 went over the wire: the MGS counted its llog RPCs
                assertThat(n.libcfs().params().get("mgs.MGS.mgs.stats").getFirst().value())
                        .contains("llog_origin_handle_open").contains("llog_origin_handle_next_block")
                        .contains("llog_origin_handle_prev_block").contains("llog_origin_handle_read_header");
            }
            // and the MGS still registers targets afterwards
            ServerTarget mdt = c.node().start(MountData.format("lustre", TargetType.MDT, 0,
                    List.of(Cluster.nid(n)), ""));
            assertThat(mdt.name()).isEqualTo("lustre-MDT0000");
        }
    }

}
