package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Nid;
import org.jlustre.llog.LlogCatalog;
import org.jlustre.llog.LlogCatalogList;
import org.jlustre.llog.reader.LlogReader;
import org.jlustre.mdc.Mdc;
import org.jlustre.mdc.MdcConfig;
import org.jlustre.mdc.MdcCred;
import org.jlustre.mdt.out.UpdateLogs;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.UpdateRecord;
import org.jlustre.wire.out.UpdateType;
import org.junit.jupiter.api.Test;

/**
 * The update logs of remote mkdir and rmdir (MDT1 the master, the name on MDT0): each operation
 * leaves one {@code llog_update_record} in MDT1's own update log (catalog in slot 1 of
 * {@code [0x200000009:0x1:0x0]}, master transno 0, written in the master's transaction) and the
 * same record, with the master's transno, in MDT0's update log for writer 1 (slot 1 of
 * {@code [0x200000009:0x0:0x0]}, by OUT_WRITE in the batch of MDT0's updates); both carry the
 * operation's batch id and every update of both MDTs, and llog_reader prints them.
 */
class UpdateLogTest {

    private static final MdcCred ROOT_CRED = MdcCred.root();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] lmvUserMd(int offset) {
        return ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN).putInt(0x0CD30CD0).putInt(0).putInt(offset)
                .array();
    }

    private static Mdc mdc(ServerNode from, ServerNode mds, int index, String name) throws Exception {
        Mdc m = new Mdc(from.ptlrpc(), MdcConfig.client("lustre", index, List.of(Cluster.nid(mds)), name,
                Duration.ofSeconds(30)));
        m.connect();
        return m;
    }

    /** The records MDT {@code writer} left in the update log of MDT {@code index}, and the plain logs holding them. */
    private record Logged(List<UpdateRecord> records, List<Fid> plainLogs) {
    }

    private static Logged logged(ServerNode node, ServerTarget target, int index, int writer) throws Exception {
        OsdDevice osd = target.osd();
        assertThat(LlogCatalogList.read(osd, UpdateLogs.listFid(index), writer, 1).getFirst().logid().fid().isZero())
                .as("catalog of writer %d on MDT%d", writer, index).isFalse();
        List<UpdateRecord> recs = new ArrayList<>();
        List<Fid> plains = new ArrayList<>();
        try (UpdateLogs logs = new UpdateLogs(osd, node.libcfs(), index, "reader")) {
            LlogCatalog cat = logs.catalog(writer);
            cat.process((h, rec) -> {
                assertThat(rec.type()).isEqualTo(LlogRecType.UPDATE_REC);
                recs.add(UpdateRecord.decode(rec.bytes()));
                if (!plains.contains(h.fid())) {
                    plains.add(h.fid());
                }
                return 0;
            });
        }
        return new Logged(recs, plains);
    }

    private static int[] opTypes(UpdateRecord r) {
        ByteBuffer s = ByteBuffer.wrap(r.encode(1)).order(ByteOrder.LITTLE_ENDIAN);
        int[] types = new int[r.updateCount()];
        int op = UpdateRecord.OFF_OPS;
        for (int i = 0; i < types.length; i++) {
            types[i] = s.getShort(op + 16);
            op += UpdateRecord.UPDATE_OP_SIZE + 2 * s.getShort(op + 18);
        }
        return types;
    }

    /** The body without its master transno, to compare the master's and the remote's copies. */
    private static byte[] withoutTransno(UpdateRecord r) {
        byte[] body = r.body();
        Arrays.fill(body, 0, 8, (byte) 0);
        return body;
    }

    @Test
    void remoteMkdirAndRmdirLogTheirUpdatesOnBothMdts() throws Exception {
        try (Cluster c = new Cluster(Nodes.Driver.MEM)) {
            ServerNode mds0 = c.node();
            mds0.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> mgs = List.of(Cluster.nid(mds0));
            ServerTarget mdt0 = mds0.start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            c.node().start(MountData.format("lustre", TargetType.OST, 0, mgs, ""));
            ServerNode mds1 = c.node();
            ServerTarget mdt1 = mds1.start(MountData.format("lustre", TargetType.MDT, 1, mgs, ""));
            Cluster.eventually(() -> assertThat(mds1.libcfs().params().get("osp.lustre-MDT0000-osp-MDT0001.state")
                    .getFirst().value()).startsWith("current_state: FULL"), 30);
            ServerNode client = c.node();
            Mdc m0 = mdc(client, mds0, 0, "c0");
            Mdc m1 = mdc(client, mds1, 1, "c1");
            Fid root = m0.getRoot();

            Fid rd = m1.allocFid();
            m1.reintCreate(ROOT_CRED, root, b("rd"), rd, FileMode.S_IFDIR | 0755, 0, lmvUserMd(1));
            m1.rmdir(ROOT_CRED, root, b("rd"));

            Logged master = logged(mds1, mdt1, 1, 1);
            Logged remote = logged(mds0, mdt0, 0, 1);
            assertThat(master.records()).hasSize(2);
            assertThat(remote.records()).hasSize(2);
            UpdateRecord mkdir = master.records().get(0);
            UpdateRecord rmdir = master.records().get(1);
            assertThat(mkdir.masterTransno()).as("written before the master's transno is known").isZero();
            assertThat(rmdir.masterTransno()).isZero();
            assertThat(opTypes(mkdir)).containsExactly(UpdateType.CREATE, UpdateType.XATTR_SET,
                    UpdateType.INDEX_INSERT, UpdateType.INDEX_INSERT, UpdateType.REF_ADD, UpdateType.INDEX_INSERT,
                    UpdateType.REF_ADD, UpdateType.ATTR_SET);
            assertThat(opTypes(rmdir)).containsExactly(UpdateType.REF_DEL, UpdateType.DESTROY,
                    UpdateType.INDEX_DELETE, UpdateType.REF_DEL, UpdateType.ATTR_SET);
            assertThat(rmdir.batchId()).isGreaterThan(mkdir.batchId());
            assertThat(mkdir.flags()).isZero();

            UpdateRecord mkdirThere = remote.records().get(0);
            UpdateRecord rmdirThere = remote.records().get(1);
            assertThat(mkdirThere.masterTransno()).as("the master's transno").isPositive();
            assertThat(rmdirThere.masterTransno()).isGreaterThan(mkdirThere.masterTransno());
            assertThat(mkdirThere.batchId()).isEqualTo(mkdir.batchId());
            assertThat(rmdirThere.batchId()).isEqualTo(rmdir.batchId());
            assertThat(withoutTransno(mkdirThere)).isEqualTo(withoutTransno(mkdir));
            assertThat(withoutTransno(rmdirThere)).isEqualTo(withoutTransno(rmdir));

            // llog_reader on MDT0's plain log prints the records as Lustre's does
            assertThat(remote.plainLogs()).hasSize(1);
            byte[] file;
            try (OsdObject o = mdt0.osd().find(remote.plainLogs().getFirst())) {
                file = new byte[(int) o.attrGet().size()];
                o.body().read(0, MemorySegment.ofArray(file));
            }
            String out = LlogReader.defaults().read(file).out();
            assertThat(out).contains("updatelog record master_transno:" + mkdirThere.masterTransno() + " batchid:"
                    + mkdir.batchId() + " flags:0x0 u_index:0 u_count:8 p_count:" + mkdir.paramCount());
            assertThat(out).contains("\t" + rd + " type:create/1 params:2 p_0:0 p_1:1 ");
            assertThat(out).contains("\t" + root + " type:insert/10 params:3 ");
            assertThat(out).contains("updatelog record master_transno:" + rmdirThere.masterTransno() + " batchid:"
                    + rmdir.batchId() + " flags:0x0 u_index:0 u_count:5 p_count:" + rmdir.paramCount());
            assertThat(out).contains("/trusted.link", "/rd");
            m0.close();
            m1.close();
        }
    }
}
