package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.fid.SeqClient;
import org.jlustre.fid.SeqType;
import org.jlustre.mdt.osp.OspMdt;
import org.jlustre.mgs.Mgs;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.fid.SeqQuery;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LustreCfg;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A second MDT (index 1) mounts and registers as in Lustre 2.15: the MGS writes the "add osp"
 * sections ({@code mgs_write_log_osp_to_mdt}) so that each MDT's lod gets an osp to the other
 * ({@code lustre-MDT0001-osp-MDT0000}, {@code lustre-MDT0000-osp-MDT0001}) and the client log its
 * mdc; both OSPs connect to the other MDT's OUT portal with the MDT-to-MDT flags; MDT1's sequence
 * server takes its super-sequence from MDT0's controller, which records it for index 1 in its fld.
 */
class DneMountTest {

    private static final long CLIENT_FLAGS = ConnectFlags.OBD_CONNECT_VERSION | ConnectFlags.OBD_CONNECT_AT
            | ConnectFlags.OBD_CONNECT_FULL20 | ConnectFlags.OBD_CONNECT_FID | ConnectFlags.OBD_CONNECT_IBITS;

    /** The records of the live section {@code target}/{@code comment} of {@code log}, markers left out. */
    static List<String> section(Mgs mgs, String log, String target, String comment) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        boolean in = false;
        for (LustreCfg r : Cluster.records(mgs, log)) {
            var m = org.jlustre.wire.llog.ConfigRecord.of(r).marker();
            if (m != null) {
                boolean ours = m.targetName().equals(target) && m.comment().equals(comment)
                        && (m.flags() & org.jlustre.wire.llog.CfgMarker.CM_SKIP) == 0;
                in = ours && (m.flags() & org.jlustre.wire.llog.CfgMarker.CM_START) != 0;
                continue;
            }
            if (in) {
                StringBuilder sb = new StringBuilder(r.knownCommand().name().toLowerCase(java.util.Locale.ROOT));
                for (int i = 0; i < r.bufcount(); i++) {
                    sb.append(' ').append(r.string(i));
                }
                if (r.knownCommand() == LcfgCommand.ADD_UUID) {
                    sb.append(" nid=").append(Nid.fromLnetNid(r.nid()));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** A client's import to {@code mdtName} on {@code mds}, connected. */
    static Import client(ServerNode from, String name, ServerNode mds, String mdtName) throws Exception {
        Import imp = new Import(from.ptlrpc(), new ImportConfig(name, List.of("mdc", name), new Uuid(name + "_UUID"),
                new Uuid(mdtName + "_UUID"), List.of(Cluster.nid(mds)), Portals.MDS_REQUEST, Portals.MDC_REPLY,
                Portals.MDS_BULK, Opcodes.MDS_CONNECT, Opcodes.MDS_DISCONNECT, ObdConnectData.ofFlags(CLIENT_FLAGS),
                Duration.ofSeconds(20), Duration.ZERO, Duration.ofMillis(100), LustreMsg.SP_CLI));
        imp.connectSync();
        return imp;
    }

    private static String param(ServerNode n, String name) throws Exception {
        return n.libcfs().params().get(name).getFirst().value();
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aSecondMdtRegistersGetsItsOspsAndASuperSequenceFromMdt0(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mds0 = c.node();
            ServerTarget mgt = mds0.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> mgs = List.of(Cluster.nid(mds0));
            mds0.start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            ServerNode mds1 = c.node();
            ServerTarget mdt1 = mds1.start(MountData.format("lustre", TargetType.MDT, 1, mgs, ""));
            assertThat(mdt1.name()).isEqualTo("lustre-MDT0001");

            // the logs as mgs_write_log_mdt writes them for a second MDT
            String n0 = Cluster.nid(mds0).toString();
            String n1 = Cluster.nid(mds1).toString();
            assertThat(section(mgt.mgs(), "lustre-MDT0000", "lustre-MDT0001", "add osp")).containsExactly(
                    "add_uuid null " + n1 + " nid=" + n1,
                    "attach lustre-MDT0001-osp-MDT0000 osp lustre-MDT0000-mdtlov_UUID",
                    "setup lustre-MDT0001-osp-MDT0000 lustre-MDT0001_UUID " + n1,
                    "add_mdc lustre-MDT0000-mdtlov lustre-MDT0001_UUID 1 1");
            assertThat(section(mgt.mgs(), "lustre-MDT0001", "lustre-MDT0000", "add osp")).containsExactly(
                    "add_uuid null " + n0 + " nid=" + n0,
                    "attach lustre-MDT0000-osp-MDT0001 osp lustre-MDT0001-mdtlov_UUID",
                    "setup lustre-MDT0000-osp-MDT0001 lustre-MDT0000_UUID " + n0,
                    "add_mdc lustre-MDT0001-mdtlov lustre-MDT0000_UUID 0 1");
            assertThat(Cluster.sections(mgt.mgs(), "lustre-MDT0001")).containsExactly("lustre-MDT0001-mdtlov lov setup",
                    "lustre-MDT0001 add mdt", "lustre-MDT0000 add osp");
            assertThat(Cluster.sections(mgt.mgs(), "lustre-client")).contains("lustre-MDT0000 add mdc",
                    "lustre-MDT0001 add mdc");

            // lctl dl on each MDS
            Cluster.eventually(() -> assertThat(Obdclass.of(mds1.libcfs()).devices().list())
                    .extracting(d -> d.type() + " " + d.name() + " " + d.uuid()).contains(
                            "lod lustre-MDT0001-mdtlov lustre-MDT0001-mdtlov_UUID",
                            "mdt lustre-MDT0001 lustre-MDT0001_UUID", "mdd lustre-MDD0001 lustre-MDD0001_UUID",
                            "osp lustre-MDT0000-osp-MDT0001 lustre-MDT0001-mdtlov_UUID"), 30);
            Cluster.eventually(() -> assertThat(Obdclass.of(mds0.libcfs()).devices().list())
                    .extracting(d -> d.type() + " " + d.name() + " " + d.uuid())
                    .contains("osp lustre-MDT0001-osp-MDT0000 lustre-MDT0000-mdtlov_UUID"), 30);

            // each OSP connected to the other MDT with the MDT-to-MDT flags
            Cluster.eventually(() -> {
                assertThat(param(mds0, "osp.lustre-MDT0001-osp-MDT0000.state")).startsWith("current_state: FULL");
                assertThat(param(mds1, "osp.lustre-MDT0000-osp-MDT0001.state")).startsWith("current_state: FULL");
            }, 30);
            long granted = Long.decode(param(mds1, "osp.lustre-MDT0000-osp-MDT0001.import").lines()
                    .filter(l -> l.strip().startsWith("connect_flags:")).findFirst().orElseThrow().split(":")[1].strip());
            assertThat(granted & ConnectFlags.OBD_CONNECT_MDS_MDS).isNotZero();
            assertThat(granted & ~OspMdt.CONNECT_FLAGS).as("nothing the OSP did not ask").isZero();
            assertThat(param(mds0, "mdt.lustre-MDT0000.exports")).contains("lustre-MDT0001-mdtlov_UUID");

            // MDT1's sequences come from a super-sequence MDT0 granted index 1
            Import imp = client(c.node(), "client1", mds1, "lustre-MDT0001");
            SeqClient seq = SeqClient.remote(imp, "client1-seq", SeqType.METADATA, Duration.ofSeconds(60));
            long s = seq.allocSeq();
            // MDT0's fld: "[start-end]:1:mdt", one super-sequence granted to index 1
            List<String> mdt1Ranges = param(mds0, "seq.ctl-lustre-MDT0000.fldb").lines()
                    .filter(l -> l.endsWith(":1:mdt")).toList();
            assertThat(mdt1Ranges).hasSize(1);
            String[] bounds = mdt1Ranges.getFirst().substring(1, mdt1Ranges.getFirst().indexOf(']')).split("-");
            assertThat(Long.parseUnsignedLong(bounds[1].substring(2), 16) - Long.parseUnsignedLong(bounds[0].substring(2),
                    16)).isEqualTo(SeqQuery.SUPER_WIDTH);
            assertThat(Long.compareUnsigned(s, Long.parseUnsignedLong(bounds[0].substring(2), 16))).isNotNegative();
            assertThat(Long.compareUnsigned(s, Long.parseUnsignedLong(bounds[1].substring(2), 16))).isNegative();
            assertThat(param(mds1, "seq.srv-lustre-MDT0001.server")).contains("lustre-MDT0000_UUID");
            imp.close();
        }
    }
}
