package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jlustre.common.Nid;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client mount's configuration: the client log replayed from the MGS with a config
 * instance, two mounts side by side on one node, an OST added later reaching both, and
 * everything gone at umount. (The devices are passive until the client layers exist.)
 */
class ClientConfigTest {

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void clientLogBuildsPerMountDevicesAndFollowsNewOsts(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> mgs = List.of(Cluster.nid(mgsNode));
            c.node().start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            c.node().start(MountData.format("lustre", TargetType.OST, 0, mgs, ""));

            ServerNode n = c.node();
            ClientConfig a = n.mountClient("lustre", mgs, 0xa);
            ClientConfig b = n.mountClient("lustre", mgs, 0xb);
            String ia = "-000000000000000a";
            assertThat(a.devices()).containsExactly("lustre-clilov" + ia, "lustre-clilmv" + ia,
                    "lustre-MDT0000-mdc" + ia, "lustre-OST0000-osc" + ia);
            assertThat(b.devices()).hasSize(4).allMatch(d -> d.endsWith("-000000000000000b"));
            assertThat(Obdclass.of(n.libcfs()).devices().find("lustre-OST0000-osc" + ia).orElseThrow().uuid())
                    .as("attached with the mount's uuid").isNotEqualTo("lustre-clilov_UUID");
            assertThat(n.libcfs().params().get("lov.lustre-clilov" + ia + ".config").getFirst().value())
                    .contains("lov_add_obd lustre-OST0000_UUID 0 1");

            c.node().start(MountData.format("lustre", TargetType.OST, 1, mgs, ""));
            Cluster.eventually(() -> {
                assertThat(a.devices()).contains("lustre-OST0001-osc" + ia);
                assertThat(b.devices()).contains("lustre-OST0001-osc-000000000000000b");
            });

            a.close();
            assertThat(Obdclass.of(n.libcfs()).devices().list()).extracting(d -> d.name())
                    .noneMatch(name -> name.endsWith(ia)).contains("MGC" + mgs.getFirst());
            b.close();
            assertThat(Obdclass.of(n.libcfs()).devices().list()).isEmpty();
        }
    }
}
