package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.mgs.Mgs;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An MGS, an MDT and two OSTs on four nodes register and configure themselves through the
 * real path: MGS_TARGET_REG, the config logs over the llog RPCs, the local copy on each
 * target's OSD and the replay into its device table.
 *
 * <p>The logs set up the real targets: the OSTs' obdfilter, the MDT's lod, mdt (with its mdd)
 * and an osp per OST (see {@link ServerTarget}).
 */
class MgsRegistrationTest {

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void mdtAndTwoOstsGetTheirIndexesAndTheMgsHoldsTheFourLogs(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            ServerTarget mgt = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> mgs = List.of(Cluster.nid(mgsNode));

            ServerTarget mdt = c.node().start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            ServerTarget ost0 = c.node().start(MountData.format("lustre", TargetType.OST, -1, mgs, ""));
            ServerTarget ost1 = c.node().start(MountData.format("lustre", TargetType.OST, -1, mgs, ""));

            assertThat(mdt.mountData().index()).isZero();
            assertThat(ost0.mountData().index()).isZero();
            assertThat(ost1.mountData().index()).isOne();
            assertThat(List.of(mdt.name(), ost0.name(), ost1.name()))
                    .containsExactly("lustre-MDT0000", "lustre-OST0000", "lustre-OST0001");
            assertThat(mdt.mountData().virgin()).isFalse();

            Mgs m = mgt.mgs();
            assertThat(m.listLogs()).containsExactly("lustre-MDT0000", "lustre-OST0000", "lustre-OST0001",
                    "lustre-client");

            // each target replayed its own log into its node: lctl dl shows the devices; the MDT
            // learns of the OSTs when its MGC sees its log grow
            Cluster.eventually(() -> assertThat(mdt.devices()).containsExactly("lustre-MDT0000-mdtlov", "lustre-MDT0000",
                    "lustre-OST0000-osc-MDT0000", "lustre-OST0001-osc-MDT0000"));
            assertThat(ost1.devices()).containsExactly("lustre-OST0001");
            String dl = mdtNodeDl(mdt);
            assertThat(dl).contains(" UP osd-mem lustre-MDT0000-osd lustre-MDT0000-osd_UUID ")
                    .contains(" UP mgc MGC" + mgs.getFirst() + " ")
                    .contains(" UP lod lustre-MDT0000-mdtlov lustre-MDT0000-mdtlov_UUID ")
                    .contains(" UP mdt lustre-MDT0000 lustre-MDT0000_UUID ")
                    .contains(" UP mdd lustre-MDD0000 lustre-MDD0000_UUID ")
                    .contains(" UP osp lustre-OST0001-osc-MDT0000 lustre-MDT0000-mdtlov_UUID ");

            // and the local copies exist on the targets' OSDs
            assertThat(ost0.localConfigs()).isNotNull();
            try (var h = ost0.localConfigs().open("lustre-OST0000", org.jlustre.llog.Llog.OpenMode.EXISTS)) {
                h.init(org.jlustre.wire.llog.LlogFlags.IS_PLAIN, null);
                assertThat(h.count()).isEqualTo(5); // header + marker, attach, setup, marker
            }
        }
    }

    private static String mdtNodeDl(ServerTarget t) {
        return t.mgc().device() != null ? Obdclass.of(libcfsOf(t)).devices().dl() : "";
    }

    private static org.jlustre.common.Libcfs libcfsOf(ServerTarget t) {
        return t.localConfigs().libcfs();
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aTakenIndexIsRefusedWithEaddrinuse(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> mgs = List.of(Cluster.nid(mgsNode));
            c.node().start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            c.node().start(MountData.format("lustre", TargetType.OST, 3, mgs, ""));
            ServerNode late = c.node();
            assertThatThrownBy(() -> late.start(MountData.format("lustre", TargetType.OST, 3, mgs, "")))
                    .isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EADDRINUSE))
                    .hasMessageContaining("lustre:OST0003").hasMessageContaining("index 3 is already in use");
            assertThat(late.targets()).isEmpty();
            assertThat(Obdclass.of(late.libcfs()).devices().list()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void anOstBeforeAnyMdtStartsTheClientLogAndTheMdtGetsIt(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            Mgs m = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), "")).mgs();
            List<Nid> mgs = List.of(Cluster.nid(mgsNode));
            c.node().start(MountData.format("lustre", TargetType.OST, 0, mgs, ""));
            ServerTarget mdt = c.node().start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            assertThat(Cluster.sections(m, "lustre-client")).containsExactly("lustre-clilov lov setup",
                    "lustre-clilmv lmv setup", "lustre-OST0000 add osc", "lustre-MDT0000 add mdc",
                    "lustre-client mount opts");
            assertThat(Cluster.sections(m, "lustre-MDT0000")).containsExactly("lustre-MDT0000-mdtlov lov setup",
                    "lustre-MDT0000 add mdt", "lustre-OST0000 add osc");
            assertThat(mdt.devices()).containsExactly("lustre-MDT0000-mdtlov", "lustre-MDT0000",
                    "lustre-OST0000-osc-MDT0000");
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aRefusedRegistrationLeavesNoIndexAndNoLog(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            Mgs m = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), "")).mgs();
            List<Nid> mgs = List.of(Cluster.nid(mgsNode));
            c.node().start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            ServerNode oss = c.node();
            for (String bad : List.of("failover.node=junk@nonet", "sys.timeout=abc", "lov.stripesize=1",
                    "noequals")) {
                assertThatThrownBy(() -> oss.start(MountData.format("lustre", TargetType.OST, 5, mgs, bad)))
                        .isInstanceOf(LustreException.class)
                        .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
                assertThat(m.listLogs()).doesNotContain("lustre-OST0005");
            }
            ServerTarget ost = oss.start(MountData.format("lustre", TargetType.OST, 5, mgs, "sys.timeout=0x20"));
            assertThat(ost.name()).isEqualTo("lustre-OST0005");
            assertThat(Cluster.sections(m, "lustre-client")).filteredOn(s -> s.endsWith("add osc"))
                    .containsExactly("lustre-OST0005 add osc");
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void recordsAppendedAfterCancelledOnesStillReachTheTarget(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            Mgs m = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), "")).mgs();
            List<Nid> mgs = List.of(Cluster.nid(mgsNode));
            ServerNode mds = c.node();
            ServerTarget mdt = mds.start(MountData.format("lustre", TargetType.MDT, 0, mgs, "mdt.root_squash=1:1"));
            var params = mds.libcfs().params();
            // replayed at start, before the cancel
            assertThat(params.get("mdt.lustre-MDT0000.root_squash").getFirst().value()).isEqualTo("1:1\n");
            // cancel the root_squash section's three records, then set two more parameters
            m.cancelRecord("lustre-MDT0000", 10);
            m.cancelRecord("lustre-MDT0000", 11);
            m.cancelRecord("lustre-MDT0000", 12);
            m.confParam("lustre-MDT0000.mdt.nosquash_nids=0@lo");
            m.confParam("lustre-MDT0000.mdt.root_squash=3:3");
            Cluster.eventually(() -> {
                assertThat(params.get("mdt.lustre-MDT0000.nosquash_nids").getFirst().value()).isEqualTo("0@lo\n");
                assertThat(params.get("mdt.lustre-MDT0000.root_squash").getFirst().value()).isEqualTo("3:3\n");
            });
            assertThat(mdt.devices()).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void oscParametersReachTheMdtsToo(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            Mgs m = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), "")).mgs();
            List<Nid> mgs = List.of(Cluster.nid(mgsNode));
            c.node().start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            c.node().start(MountData.format("lustre", TargetType.OST, 0, mgs, "osc.max_dirty_mb=64"));
            assertThat(Cluster.sections(m, "lustre-client")).contains("lustre-OST0000-osc osc.max_dirty_mb");
            assertThat(Cluster.sections(m, "lustre-MDT0000")).contains("lustre-OST0000-osc-MDT0000 osc.max_dirty_mb");
        }
    }
}
