package org.jlustre.ost.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.fid.FidServices;
import org.jlustre.fid.FidSite;
import org.jlustre.fid.Fld;
import org.jlustre.fid.SeqClient;
import org.jlustre.fid.SeqController;
import org.jlustre.fid.SeqServer;
import org.jlustre.fid.SeqType;
import org.jlustre.osc.Osc;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.Service;
import org.jlustre.ptlrpc.ServiceConfig;
import org.jlustre.ptlrpc.Target;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SEQ_QUERY on the OSS's {@code ost_seq} (portal 31): an MDT's OSP (here an OSC's import)
 * gets a data sequence from the OST's sequence server, whose super-sequence comes from MDT0's
 * controller over portal 32, as ofd_fid_init and osp_precreate set it up.
 */
class OstSeqQueryTest {

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void anOspGetsADataSequenceFromTheOstWhoseSuperSequenceComesFromMdt0(Nodes.Driver driver) throws Exception {
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 1L << 30)) {
            // MDT0 on a node of its own: its FID layer and services, and the MDT's connect service
            Ptlrpc mdsNode = Ptlrpc.start(c.nodes.node());
            OsdDevice mdtDisk = OsdMem.create(MemOsdConfig.defaults("mdt0").withLibcfs(mdsNode.libcfs()));
            Target mdt0 = new Target(mdsNode, "lustre-MDT0000", new Uuid("lustre-MDT0000_UUID"), ~0L, ~0L, 1, null,
                    List.of("mdt", "lustre-MDT0000"));
            Service mdtService = new Service(mdsNode, new ServiceConfig("mdt", List.of("mds", "MDS", "mdt"),
                    Portals.MDS_REQUEST, Portals.MDC_REPLY, Portals.MDS_BULK, 4096, 1 << 16, 4, 1, Opcodes.MDS_CONNECT,
                    Opcodes.MDS_DISCONNECT, MsgFlags.LUSTRE_MDS_VERSION));
            mdtService.addTarget(mdt0);
            FidServices mdsFid = FidServices.startMds(mdsNode);
            Fld fld0 = Fld.open(mdtDisk, "lustre-MDT0000", 0, true);
            SeqController ctl = SeqController.open(mdtDisk, "lustre-MDT0000", 0, fld0, mdsNode.libcfs().debug());
            SeqServer srv0 = SeqServer.open(mdtDisk, "lustre-MDT0000", 0, LuSeqRange.MDT, ctl, fld0,
                    mdsNode.libcfs().debug());
            mdsFid.serve(mdt0, FidSite.mdt0(ctl, srv0, fld0));
            // the OST's sequence server, over the OSS node's import to MDT0 (Lustre's LWP)
            Import lwp = new Import(c.server, new ImportConfig("lustre-MDT0000-lwp-OST0000",
                    List.of("osp", "lustre-MDT0000-lwp-OST0000"), new Uuid("lustre-MDT0000-lwp-OST0000_UUID"),
                    mdt0.uuid(), List.of(Nid.fromLnetNid(mdsNode.lnet().nids().getFirst())), Portals.MDS_REQUEST,
                    Portals.MDC_REPLY, Portals.MDS_BULK, Opcodes.MDS_CONNECT, Opcodes.MDS_DISCONNECT,
                    ObdConnectData.ofFlags(ConnectFlags.OBD_CONNECT_FID | ConnectFlags.OBD_CONNECT_LIGHTWEIGHT),
                    Duration.ofSeconds(20), Duration.ZERO, Duration.ofMillis(100), LustreMsg.SP_MDT));
            Fld ostFld = Fld.open(c.disk, "lustre-OST0000", 0, false);
            SeqServer ostSeq = SeqServer.open(c.disk, "lustre-OST0000", 0, LuSeqRange.OST,
                    SeqClient.controller(lwp, "lustre-OST0000", SeqType.DATA), ostFld, c.server.libcfs().debug());
            try {
                Osc osp = c.client("lustre-OST0000-osc-MDT0000");
                SeqClient data = SeqClient.remote(osp.imp(), "lustre-OST0000-osc-MDT0000", SeqType.DATA);
                // before the mount hands the OST its sequence server
                assertThatThrownBy(data::allocSeq).isInstanceOf(LustreException.class)
                        .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
                lwp.connectSync();
                c.oss.serveSeq(c.ost, FidSite.of(ostSeq, ostFld, null));
                assertThat(data.allocSeq()).isEqualTo(0x200000400L);
                assertThat(data.allocFid()).isEqualTo(Fid.of(0x200000401L, 1, 0));
                LuSeqRange granted = LuSeqRange.of(0x200000400L, 0x240000400L, 0, LuSeqRange.OST);
                assertThat(fld0.lookup(0x200000401L)).isEqualTo(granted);
                assertThat(ostFld.entries()).containsExactly(granted);
                // one SEQ_QUERY reached ost_seq per data sequence
                Service ostSeqService = c.oss.services().stream()
                        .filter(s -> s.config().requestPortal() == Portals.SEQ_DATA).findFirst().orElseThrow();
                assertThat(ostSeqService.stats().counter("seq_query", "usecs").count()).isEqualTo(3);
            } finally {
                lwp.close();
                ostSeq.close();
                ostFld.close();
                srv0.close();
                ctl.close();
                fld0.close();
                mdsFid.close();
                mdtService.close();
                mdt0.close();
                mdsNode.close();
                mdtDisk.close();
            }
        }
    }
}
