package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.Nid;
import org.jlustre.fid.SeqClient;
import org.jlustre.fid.SeqType;
import org.jlustre.osc.Osc;
import org.jlustre.osc.OscConfig;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.ImportState;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.fid.SeqQuery;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An OST mounted by {@code server} gets its FID layer as Lustre's does: its sequence server
 * answers SEQ_QUERY on {@code ost_seq} (portal 31) with data sequences out of a super-sequence
 * that MDT0's controller granted over the OSS's LWP ({@code <fsname>-MDT0000-lwp-OST<idx>},
 * found through the client log); before MDT0 is up it answers EINPROGRESS and the mount does
 * not wait; a remount never grants a sequence twice; an umount closes the LWP and the layer.
 */
class OstFidTest {

    /** An MDT's OSP connection to OST {@code index} on {@code oss}, from {@code from}. */
    private static Osc osp(ServerNode from, ServerNode oss, int index, String name) throws Exception {
        Osc osc = new Osc(from.ptlrpc(), OscConfig.client("lustre", index, List.of(Cluster.nid(oss)), name,
                Duration.ofSeconds(30)).asMdt(true));
        osc.connect();
        return osc;
    }

    /** One SEQ_QUERY ALLOC_META for a data sequence to the OST's portal 31: the reply, whatever its status. */
    private static Reply seqQuery(Osc osc) throws Exception {
        ClientRequest req = osc.imp().request(Opcodes.SEQ_QUERY, MsgFlags.LUSTRE_MDS_VERSION, SeqQuery.OPC_SIZE,
                LuSeqRange.SIZE);
        req.buf(SeqQuery.REQ_OPC).set(Le.U32, 0, SeqQuery.ALLOC_META);
        LuSeqRange.of(0, 0, 0, LuSeqRange.OST).write(req.buf(SeqQuery.REQ_RANGE), 0);
        req.requestPortal(Portals.SEQ_DATA);
        return osc.imp().send(req).get(60, TimeUnit.SECONDS);
    }

    /** MDT0's fld entries (its controller's {@code fldb}), one DRANGE per line. */
    private static List<String> fldb(ServerNode mds) throws Exception {
        return List.of(mds.libcfs().params().get("seq.ctl-lustre-MDT0000.fldb").getFirst().value().split("\n"));
    }

    private static ServerNode mgsNode(Cluster c) throws Exception {
        ServerNode mds = c.node();
        mds.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
        return mds;
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void anOspGetsADataSequenceInsideTheSuperSequenceMdt0GrantedTheOst(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mds = mgsNode(c);
            List<Nid> mgs = List.of(Cluster.nid(mds));
            mds.start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            ServerNode oss = c.node();
            ServerTarget ost = oss.start(MountData.format("lustre", TargetType.OST, 0, mgs, ""));
            assertThat(ost.ostFid()).isNotNull();
            Cluster.eventually(() -> assertThat(ost.ostFid().lwp()).isNotNull(), 30);
            Cluster.eventually(() -> assertThat(ost.ostFid().lwp().state()).isEqualTo(ImportState.FULL), 30);
            assertThat(ost.ostFid().lwp().name()).isEqualTo("lustre-MDT0000-lwp-OST0000");
            assertThat(ost.ostFid().lwp().connectData().connectFlags() & OstFid.LWP_CONNECT_FLAGS)
                    .as("MDT0 grants the LWP's flags it knows").isNotZero();

            Osc osc = osp(c.node(), oss, 0, "MDT0000-test");
            SeqClient data = SeqClient.remote(osc.imp(), "lustre-OST0000-osc-test", SeqType.DATA);
            long seq = data.allocSeq();
            long next = data.allocSeq();
            assertThat(next).isNotEqualTo(seq);
            // the OST's super-sequence, as its fld and MDT0's fld record it
            List<LuSeqRange> own = ost.ostFid().fid().fld().entries();
            assertThat(own).hasSize(1);
            LuSeqRange sup = own.getFirst();
            assertThat(sup.index()).isZero();
            assertThat(sup.isOst()).isTrue();
            assertThat(sup.space()).isEqualTo(1L << 30);
            assertThat(sup.contains(seq)).isTrue();
            assertThat(sup.contains(next)).isTrue();
            assertThat(fldb(mds)).contains(sup.toString());
            assertThat(oss.libcfs().params().get("seq.srv-lustre-OST0000.server").getFirst().value())
                    .contains("lustre-MDT0000_UUID");
            osc.close();

            ost.stop();
            assertThat(oss.libcfs().params().exists("seq.srv-lustre-OST0000.*")).isFalse();
            assertThat(oss.libcfs().params().exists("lwp.*")).as("the LWP closed").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void anOstStartedBeforeMdt0AnswersEinprogressThenGrantsOnceMdt0IsUp(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mds = mgsNode(c);
            List<Nid> mgs = List.of(Cluster.nid(mds));
            ServerNode oss = c.node();
            // the mount returns without MDT0, and the OST serves
            ServerTarget ost = oss.start(MountData.format("lustre", TargetType.OST, 0, mgs, ""));
            assertThat(ost.ostFid().lwp()).as("MDT0 is in no client log yet").isNull();
            Osc osc = osp(c.node(), oss, 0, "MDT0000-test");
            Reply r = seqQuery(osc);
            assertThat(r.errno()).isEqualTo(Errno.EINPROGRESS);
            assertThat(osc.statfs().blocks()).as("the OST serves everything else").isPositive();

            mds.start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            SeqClient data = SeqClient.remote(osc.imp(), "lustre-OST0000-osc-test", SeqType.DATA,
                    Duration.ofSeconds(60));
            long seq = data.allocSeq();
            LuSeqRange sup = ost.ostFid().fid().fld().entries().getFirst();
            assertThat(sup.contains(seq)).isTrue();
            assertThat(fldb(mds)).contains(sup.toString());
            assertThat(seqQuery(osc).status()).isZero();
            osc.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void anOstRemountedOnItsDeviceNeverGrantsASequenceTwice(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mds = mgsNode(c);
            List<Nid> mgs = List.of(Cluster.nid(mds));
            mds.start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            ServerNode oss = c.node();
            OsdDevice disk = OsdMem.create(MemOsdConfig.defaults("ost0-disk").withLibcfs(oss.libcfs()));
            ServerNode client = c.node();
            Set<Long> granted = new HashSet<>();
            List<Long> order = new ArrayList<>();
            for (int mount = 0; mount < 3; mount++) {
                ServerTarget ost = mount == 0 ? oss.start(MountData.format("lustre", TargetType.OST, 0, mgs, ""), disk)
                        : oss.mount(disk);
                Osc osc = osp(client, oss, 0, "MDT0000-test" + mount);
                SeqClient data = SeqClient.remote(osc.imp(), "lustre-OST0000-osc-test" + mount, SeqType.DATA,
                        Duration.ofSeconds(60));
                for (int i = 0; i < 5; i++) {
                    long seq = data.allocSeq();
                    assertThat(granted.add(seq)).as("sequence %#x granted twice (mount %d, order %s)", seq, mount,
                            order).isTrue();
                    order.add(seq);
                }
                osc.close();
                ost.stop();
            }
            // one super-sequence served every mount: MDT0 granted OST0000 one range
            assertThat(fldb(mds).stream().filter(l -> l.endsWith(":0:ost")).count())
                    .as("fldb %s", fldb(mds)).isEqualTo(1);
            disk.close();
        }
    }
}
