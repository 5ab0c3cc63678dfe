package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jlustre.common.Nid;
import org.jlustre.mgs.Mgs;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LustreCfg;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code set_param -P} goes to the params log and reaches every node, also one started
 * afterwards; {@code -d} cancels it; writeconf regenerates the logs.
 */
class MgsParamsTest {

    private static String param(ServerNode n, String name) throws Exception {
        return n.libcfs().params().get(name).getFirst().value().strip();
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void setParamPermanentReachesEveryNodeIncludingLaterOnes(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            ServerTarget mgt = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> mgs = List.of(Cluster.nid(mgsNode));
            ServerNode mdsNode = c.node();
            mdsNode.start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            ServerNode ossNode = c.node();
            ossNode.start(MountData.format("lustre", TargetType.OST, 0, mgs, ""));
            assertThat(param(ossNode, "timeout")).isEqualTo("100");

            mgt.mgs().setParamPermanent("timeout=40");
            mgt.mgs().setParamPermanent("jobid_var=nodelocal");
            for (ServerNode n : List.of(mgsNode, mdsNode, ossNode)) {
                Cluster.eventually(() -> {
                    assertThat(param(n, "timeout")).isEqualTo("40");
                    assertThat(param(n, "jobid_var")).isEqualTo("nodelocal");
                });
            }
            ServerNode late = c.node();
            late.start(MountData.format("lustre", TargetType.OST, 1, mgs, ""));
            assertThat(param(late, "timeout")).isEqualTo("40");
            // a client node, mounted afterwards, too
            ServerNode clientNode = c.node();
            try (ClientConfig client = clientNode.mountClient("lustre", mgs, 0xffff8800L)) {
                assertThat(param(clientNode, "timeout")).isEqualTo("40");
                assertThat(client.devices()).startsWith("lustre-clilov-00000000ffff8800");
            }

            // the params log holds SET_PARAM [general, name=value, lctl] sections
            List<LustreCfg> recs = records(mgt.mgs(), Mgs.PARAMS_LOG);
            assertThat(recs).filteredOn(r -> r.command() == LcfgCommand.SET_PARAM.value())
                    .extracting(r -> r.string(0) + " " + r.string(1) + " " + r.string(2))
                    .containsExactly("general timeout=40 lctl", "general jobid_var=nodelocal lctl");

            // set_param -P -d: cancelled, so a node started now keeps its default
            mgt.mgs().setParamPermanent("timeout");
            ServerNode later = c.node();
            later.start(MountData.format("lustre", TargetType.OST, 2, mgs, ""));
            assertThat(param(later, "timeout")).isEqualTo("100");
            assertThat(param(later, "jobid_var")).isEqualTo("nodelocal");
        }
    }

    private static List<LustreCfg> records(Mgs mgs, String log) throws Exception {
        return Cluster.records(mgs, log);
    }

    /** Live sections of {@code log} with this comment. */
    private static long sections(Mgs mgs, String log, String comment) throws Exception {
        return Cluster.sections(mgs, log).stream().filter(t -> t.endsWith(" " + comment)).count();
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void writeconfRegeneratesTheLogs(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            Mgs mgs = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), "")).mgs();
            List<Nid> nids = List.of(Cluster.nid(mgsNode));
            // the targets' OSDs outlive their mounts, as disks do
            ServerNode mds = c.node();
            OsdDevice mdtDisk = OsdMem.create(MemOsdConfig.defaults("mdt-disk").withLibcfs(mds.libcfs()));
            ServerTarget mdt = mds.start(MountData.format("lustre", TargetType.MDT, 0, nids, "sys.timeout=30"), mdtDisk);
            ServerNode oss = c.node();
            OsdDevice ostDisk = OsdMem.create(MemOsdConfig.defaults("ost-disk").withLibcfs(oss.libcfs()));
            ServerTarget ost = oss.start(MountData.format("lustre", TargetType.OST, 0, nids, ""), ostDisk);
            assertThat(sections(mgs, "lustre-client", "add osc")).isOne();
            int before = records(mgs, "lustre-client").size();

            // tunefs --writeconf on every target, MDT first: all logs of the fs go, each target rewrites its own
            MountData mdtMd = mdt.mountData();
            MountData ostMd = ost.mountData();
            ost.stop();
            mdt.stop();
            ServerTarget mdt2 = mds.start(mdtMd.writeconf(), mdtDisk);
            assertThat(mgs.listLogs()).containsExactly("lustre-MDT0000", "lustre-client");
            assertThat(sections(mgs, "lustre-client", "add osc")).isZero();
            ServerTarget ost2 = oss.start(ostMd.writeconf(), ostDisk);
            assertThat(mdt2.mountData().index()).isZero();
            assertThat(ost2.mountData().index()).isZero();
            assertThat(mgs.listLogs()).containsExactly("lustre-MDT0000", "lustre-OST0000", "lustre-client");
            assertThat(sections(mgs, "lustre-client", "add osc")).isOne();
            assertThat(sections(mgs, "lustre-MDT0000", "add osc")).isOne();
            assertThat(records(mgs, "lustre-client")).hasSize(before);
            mdtDisk.close();
            ostDisk.close();
        }
    }
}
