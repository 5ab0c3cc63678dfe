package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.fid.SeqClient;
import org.jlustre.fid.SeqType;
import org.jlustre.mdc.Mdc;
import org.jlustre.mdc.MdcConfig;
import org.jlustre.mdc.MdcCred;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.target.OsdExport;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.mdt.MdtRec;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed's sanity-osd cases for the MDT ({@code scripts/sanity-osd.sh}): an MGS and an MDT on
 * one node (each on its own osd-mem device) and two OSTs: the MDT mounts from its config log
 * (lod, mdt, mdd, an osp per OST as the OSTs register), serves a client, unmounts cleanly, and
 * mounted again on its kept device has the namespace it had. Then the same with a combined
 * MGS/MDT: one osd-mem device ({@code mkfs.lustre --mgs --mdt}) holding the MGS's config logs
 * beside the MDT's namespace.
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

    /** The devices of {@code node} as {@code lctl dl} lists them, as "type name", in order. */
    private static List<String> dl(ServerNode node) {
        return Obdclass.of(node.libcfs()).devices().list().stream().map(d -> d.type() + " " + d.name()).toList();
    }

    /** The names in directory {@code dir}, without "." and "..". */
    private static List<String> names(Mdc mdc, Fid dir) throws Exception {
        return mdc.readdirAll(MdcCred.root(), dir).stream().map(e -> new String(e.name(), StandardCharsets.UTF_8))
                .filter(n -> !n.equals(".") && !n.equals("..")).sorted().toList();
    }

    private static Mdc mdc(ServerNode from, String name, ServerNode mds) throws Exception {
        Mdc mdc = new Mdc(from.ptlrpc(), MdcConfig.client("lustre", 0, List.of(Cluster.nid(mds)), name,
                Duration.ofSeconds(20)));
        mdc.connect();
        return mdc;
    }

    /** The paths {@code osd export} writes for {@code disk}. */
    private static List<String> exportedPaths(OsdDevice disk) throws Exception {
        List<String> paths = new ArrayList<>();
        OsdExport.export(disk, new OsdExport.Sink() {
            @Override
            public void directory(String path, OsdExport.Node node) {
                paths.add(path + "/");
            }

            @Override
            public void file(String path, OsdExport.Node node, OsdExport.Contents data) {
                paths.add(path);
            }

            @Override
            public void symlink(String path, String target, OsdExport.Node node) {
                paths.add(path);
            }

            @Override
            public void special(String path, OsdExport.Node node) {
                paths.add(path);
            }

            @Override
            public void hardLink(String path, String existing) {
                paths.add(path);
            }

            @Override
            public void skipped(String line) {
                paths.add("skipped: " + line);
            }
        });
        return paths;
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void combinedMgsMdtServesRegistersOstsAndRemountsWithItsLogsAndNamespace(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mds = c.node();
            OsdDevice disk = OsdMem.create(MemOsdConfig.defaults("mgs-mdt0-disk").withLibcfs(mds.libcfs()));
            ServerTarget combined = mds.start(MountData.formatCombined("lustre", 0, ""), disk);
            assertThat(combined.name()).isEqualTo("lustre-MDT0000");
            assertThat(combined.mgs()).isNotNull();
            assertThat(combined.mdt()).isNotNull();
            MountData onDisk = ServerTarget.readMountData(disk);
            assertThat(onDisk.mgs()).isTrue();
            assertThat(onDisk.svname()).isEqualTo("lustre-MDT0000");
            assertThat(onDisk.flags() & LddFlags.SV_TYPE_MASK).isEqualTo(LddFlags.SV_TYPE_MGS | LddFlags.SV_TYPE_MDT);
            assertThat(onDisk.virgin()).isFalse();

            List<Nid> nids = List.of(Cluster.nid(mds));
            ServerNode oss = c.node();
            oss.start(MountData.format("lustre", TargetType.OST, -1, nids, ""));
            oss.start(MountData.format("lustre", TargetType.OST, -1, nids, ""));
            var params = mds.libcfs().params();
            Cluster.eventually(() -> assertThat(params.get("lod.lustre-MDT0000-mdtlov.numobd").getFirst().value().strip())
                    .isEqualTo("2"), 30);
            // lctl dl in server_fill_super's order: the OSD, the MGS on it, the MGC to it, then what
            // the MDT's log sets up (Lustre lists mds, qmt and an lwp too, which jlustre does not build)
            String mgc = "mgc MGC" + nids.getFirst();
            assertThat(dl(mds)).containsExactly("osd-mem lustre-MDT0000-osd", "mgs MGS", mgc,
                    "lod lustre-MDT0000-mdtlov", "mdt lustre-MDT0000", "mdd lustre-MDD0000",
                    "osp lustre-OST0000-osc-MDT0000", "osp lustre-OST0001-osc-MDT0000");
            // set_param -P reaches the node through its MGC to the local MGS
            combined.mgs().setParamPermanent("timeout=40");
            Cluster.eventually(() -> assertThat(params.get("timeout").getFirst().value().strip()).isEqualTo("40"));
            List<String> logs = combined.mgs().listLogs();
            assertThat(logs).containsExactly("lustre-MDT0000", "lustre-OST0000", "lustre-OST0001", "lustre-client",
                    "params");
            int mdtRecords = Cluster.records(combined.mgs(), "lustre-MDT0000").size();

            // one MGS per node: a second one is refused and leaves nothing behind
            List<String> before = dl(mds);
            assertThatThrownBy(() -> mds.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), "")))
                    .isInstanceOf(LustreException.class)
                    .hasMessageContaining("MGS: the MGS service was already started on this node, by lustre-MDT0000")
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EALREADY));
            assertThat(dl(mds)).isEqualTo(before);

            ServerNode clientNode = c.node();
            Mdc mdc = mdc(clientNode, "client1", mds);
            Fid root = mdc.getRoot();
            Fid dir = mdc.mkdir(MdcCred.root(), root, "kept".getBytes(StandardCharsets.UTF_8), 0755).fid();
            for (String f : List.of("a", "b", "c")) {
                mdc.create(MdcCred.root(), dir, f.getBytes(StandardCharsets.UTF_8), FileMode.S_IFREG | 0644);
            }
            assertThat(names(mdc, dir)).containsExactly("a", "b", "c");
            mdc.close();

            combined.stop();
            assertThat(dl(mds)).as("the MGS stops with the MDT it shares a device with").isEmpty();
            assertThat(params.exists("mgs.*")).isFalse();
            assertThat(params.exists("mdt.*")).isFalse();

            ServerTarget again = mds.mount(disk);
            assertThat(again.mountData().mgs()).isTrue();
            assertThat(again.mdt().lastRcvd().mountCount()).isEqualTo(2);
            assertThat(again.mgs().listLogs()).as("the config logs survive the remount").isEqualTo(logs);
            assertThat(Cluster.records(again.mgs(), "lustre-MDT0000")).as("a startup ping writes nothing")
                    .hasSize(mdtRecords);
            Cluster.eventually(() -> assertThat(params.get("lod.lustre-MDT0000-mdtlov.numobd").getFirst().value().strip())
                    .isEqualTo("2"), 30);
            Mdc back = mdc(clientNode, "client2", mds);
            assertThat(back.getattrName(MdcCred.root(), back.getRoot(), "kept".getBytes(StandardCharsets.UTF_8),
                    ObdMd.FLGETATTR).fid()).isEqualTo(dir);
            assertThat(names(back, dir)).containsExactly("a", "b", "c");
            back.close();

            // one device, both trees: the MGS's CONFIGS beside the MDT's ROOT and recovery files
            assertThat(exportedPaths(disk)).contains("CONFIGS/", "CONFIGS/lustre-MDT0000", "CONFIGS/lustre-OST0000",
                    "CONFIGS/lustre-client", "CONFIGS/params", "CONFIGS/mountdata", "CONFIGS/nodemap",
                    "NIDTBL_VERSIONS/", "ROOT/", "ROOT/kept/", "ROOT/kept/a", "ROOT/kept/b", "ROOT/kept/c",
                    "last_rcvd", "reply_data", "seq_ctl", "seq_srv", "fld", "lov_objid", "PENDING/", "CATALOGS")
                    .doesNotHaveDuplicates();
            again.stop();
            disk.close();
        }
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
