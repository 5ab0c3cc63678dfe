package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.fid.SeqClient;
import org.jlustre.fid.SeqType;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.mdt.MdtRec;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.api.Test;

/**
 * The seed's sanity-osd cases for the MDT ({@code scripts/sanity-osd.sh}): an MGS and an MDT on
 * one node (each on its own osd-mem device) and two OSTs: the MDT mounts from its config log
 * (lod, mdt, mdd, an osp per OST as the OSTs register), serves a client, unmounts cleanly, and
 * mounted again on its kept device has the namespace it had.
 */
class MdtSanityTest {

    private static final Fid ROOT = Fid.of(0x200000007L, 1);
    private static final long FLAGS = ConnectFlags.OBD_CONNECT_VERSION | ConnectFlags.OBD_CONNECT_AT
            | ConnectFlags.OBD_CONNECT_FULL20 | ConnectFlags.OBD_CONNECT_FID | ConnectFlags.OBD_CONNECT_ATTRFID
            | ConnectFlags.OBD_CONNECT_IBITS | ConnectFlags.OBD_CONNECT_64BITHASH | ConnectFlags.OBD_CONNECT_FLAGS2;

    private static Import client(ServerNode from, String name, ServerNode mds) throws Exception {
        Import imp = new Import(from.ptlrpc(), new ImportConfig(name, List.of("mdc", name), new Uuid(name + "_UUID"),
                new Uuid("lustre-MDT0000_UUID"), List.of(Cluster.nid(mds)), Portals.MDS_REQUEST, Portals.MDC_REPLY,
                Portals.MDS_BULK, Opcodes.MDS_CONNECT, Opcodes.MDS_DISCONNECT, ObdConnectData.ofFlags(FLAGS),
                Duration.ofSeconds(20), Duration.ZERO, Duration.ofMillis(100), LustreMsg.SP_CLI));
        imp.connectSync();
        return imp;
    }

    private static Reply call(Import imp, ClientRequest req) throws Exception {
        req.replyCapacity(64 * 1024);
        return imp.send(req).get(30, TimeUnit.SECONDS);
    }

    private static MdtBody body(Reply r) throws Exception {
        assertThat(r.status()).isZero();
        return MdtBody.read(r.buf(1, MdtBody.SIZE, "mdt_body"), 0, false);
    }

    private static MdtBody getattr(Import imp, Fid fid) throws Exception {
        ClientRequest req = imp.request(Opcodes.MDS_GETATTR, MsgFlags.LUSTRE_MDS_VERSION, MdtBody.SIZE, 0);
        new MdtBody().fid1(fid).valid(ObdMd.FLGETATTR).suppgid(-1).write(req.buf(1), 0);
        return body(call(imp, req));
    }

    /** mkdir {@code name} in ROOT as root, with a FID from the MDT's sequence server. */
    private static Fid mkdir(Import imp, SeqClient seq, String name) throws Exception {
        Fid fid = seq.allocFid();
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        ClientRequest req = imp.request(Opcodes.MDS_REINT, MsgFlags.LUSTRE_MDS_VERSION, MdtRec.SIZE, 0, n.length, 0);
        MdtRec.of(MdtRec.REINT_CREATE).credentials(0, 0, -1, -1, -1).fid1(ROOT).fid2(fid)
                .crMode(FileMode.S_IFDIR | 0755).write(req.buf(1), 0);
        MemorySegment.copy(MemorySegment.ofArray(n), 0, req.buf(3), 0, n.length);
        MdtBody b = body(call(imp, req));
        assertThat(b.fid1()).isEqualTo(fid);
        return fid;
    }

    @Test
    void mdtMountsWithItsOspsServesUnmountsAndRemountsOnItsKeptDevice() throws Exception {
        try (Cluster c = new Cluster(Nodes.Driver.MEM)) {
            ServerNode mds = c.node();
            mds.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> nids = List.of(Cluster.nid(mds));
            OsdDevice disk = OsdMem.create(MemOsdConfig.defaults("mdt0-disk").withLibcfs(mds.libcfs()));
            ServerTarget mdt = mds.start(MountData.format("lustre", TargetType.MDT, 0, nids, ""), disk);
            ServerNode oss = c.node();
            oss.start(MountData.format("lustre", TargetType.OST, 0, nids, ""));
            oss.start(MountData.format("lustre", TargetType.OST, 1, nids, ""));

            // the OSTs' registrations reach the MDT's log, which the follower replays into osps
            Cluster.eventually(() -> assertThat(Obdclass.of(mds.libcfs()).devices().list())
                    .extracting(d -> d.type() + " " + d.name() + " " + d.uuid()).contains(
                            "lod lustre-MDT0000-mdtlov lustre-MDT0000-mdtlov_UUID",
                            "mdt lustre-MDT0000 lustre-MDT0000_UUID", "mdd lustre-MDD0000 lustre-MDD0000_UUID",
                            "osp lustre-OST0000-osc-MDT0000 lustre-MDT0000-mdtlov_UUID",
                            "osp lustre-OST0001-osc-MDT0000 lustre-MDT0000-mdtlov_UUID"), 30);
            assertThat(mdt.mdt()).isNotNull();
            assertThat(mdt.mdt().lastRcvd().mountCount()).isEqualTo(1);
            var params = mds.libcfs().params();
            assertThat(params.get("mdt.lustre-MDT0000.uuid").getFirst().value()).isEqualTo("lustre-MDT0000_UUID\n");
            Cluster.eventually(() -> assertThat(params.get("lod.lustre-MDT0000-mdtlov.numobd").getFirst().value().strip())
                    .isEqualTo("2"), 30);

            ServerNode clientNode = c.node();
            Import imp = client(clientNode, "client1", mds);
            assertThat(getattr(imp, ROOT).mode() & FileMode.S_IFMT).isEqualTo(FileMode.S_IFDIR);
            SeqClient seq = SeqClient.remote(imp, "client1-seq", SeqType.METADATA);
            Fid dir = mkdir(imp, seq, "kept");
            // statfs: space is the OSTs' once the osps have their statfs
            Cluster.eventually(() -> {
                ClientRequest req = imp.request(Opcodes.MDS_STATFS, MsgFlags.LUSTRE_MDS_VERSION);
                ObdStatfs sf = ObdStatfs.read(call(imp, req).buf(1, ObdStatfs.SIZE, "statfs"), 0);
                assertThat(sf.blocks() * sf.bsize()).isEqualTo(2 * MemOsdConfig.DEFAULT_CAPACITY);
            }, 30);
            imp.close();

            mdt.stop();
            assertThat(Obdclass.of(mds.libcfs()).devices().list()).extracting(d -> d.type())
                    .doesNotContain("mdt", "mdd", "lod", "osp");
            assertThat(params.exists("mdt.*")).isFalse();
            assertThat(params.exists("mds.MDS.*")).as("the last MDT stops the MDS services").isFalse();

            ServerTarget again = mds.mount(disk);
            assertThat(again.mdt().lastRcvd().mountCount()).isEqualTo(2);
            Import back = client(clientNode, "client2", mds);
            MdtBody kept = getattr(back, dir);
            assertThat(kept.mode()).isEqualTo(FileMode.S_IFDIR | 0755);
            assertThat(kept.nlink()).isEqualTo(2);
            back.close();
            again.stop();
            disk.close();
        }
    }
}
