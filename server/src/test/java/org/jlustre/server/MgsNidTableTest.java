package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.mgc.Mgc;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.MgsConfigBody;
import org.jlustre.wire.mgs.MgsNidtblEntry;
import org.jlustre.wire.mgs.MgsTargetInfo;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MGS_CONFIG_READ of the NID table ({@code mgs_get_ir_logs}): an entry per registered target
 * with its version, index, type and NIDs, read from a version on, in several rounds when the
 * bulk fills, and the refusals for other log types, unknown filesystems and bad names.
 */
class MgsNidTableTest {

    private static MgsTargetInfo ost(long nid) {
        return new MgsTargetInfo(0, MgsTargetInfo.NO_INDEX, 0, LddFlags.SV_TYPE_OST | LddFlags.VIRGIN
                | LddFlags.NEED_INDEX | LddFlags.UPDATE, 1, "lustre", "lustre:OSTffff", "", new long[] {nid}, "");
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void nidTableListsTargetsFromAVersionOn(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> mgs = List.of(Cluster.nid(mgsNode));
            ServerNode mds = c.node();
            ServerTarget mdt = mds.start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            Mgc mgc = mdt.mgc();
            mgc.register(ost(0x200000a000001L));
            mgc.register(ost(0x200000a000002L));

            Mgc.NidTable t = mgc.readNidTable("lustre", 0, 4096);
            assertThat(t.entries()).extracting(MgsNidtblEntry::index).containsExactly(0, 0, 1);
            assertThat(t.entries()).extracting(MgsNidtblEntry::type).containsExactly(LddFlags.SV_TYPE_MDT,
                    LddFlags.SV_TYPE_OST, LddFlags.SV_TYPE_OST);
            assertThat(t.entries().get(0).nids()).containsExactly(mds.nids()[0]);
            assertThat(t.entries().get(2).nids()).containsExactly(0x200000a000002L);
            assertThat(t.entries()).extracting(MgsNidtblEntry::version).containsExactly(1L, 2L, 3L);
            assertThat(t.lastVersion()).isEqualTo(3).isEqualTo(t.tableVersion());

            Mgc.NidTable none = mgc.readNidTable("lustre", 3, 4096);
            assertThat(none.entries()).isEmpty();
            assertThat(none.lastVersion()).isEqualTo(none.tableVersion());
            assertThat(mgc.readNidTable("lustre", 1, 4096).entries()).extracting(MgsNidtblEntry::version)
                    .containsExactly(2L, 3L);

            // more targets than one 4 KiB bulk holds (32 bytes each): read in rounds from mcr_offset
            for (int i = 0; i < 140; i++) {
                mgc.register(ost(0x200000a000100L + i));
            }
            long since = 0;
            int seen = 0;
            int rounds = 0;
            for (;;) {
                Mgc.NidTable r = mgc.readNidTable("lustre", since, 4096);
                rounds++;
                seen += r.entries().size();
                since = r.lastVersion();
                if (r.lastVersion() == r.tableVersion()) {
                    break;
                }
                assertThat(r.entries()).hasSize(4096 / 32);
            }
            assertThat(seen).isEqualTo(143);
            assertThat(rounds).isEqualTo(2);

            // 40-byte entries (two NIDs) in two 4 KiB pages: none crosses the page boundary
            ServerNode two = c.node();
            two.start(MountData.format("wide", TargetType.MGT, 0, List.of(), ""));
            Mgc wide = new Mgc(c.node().ptlrpc(), List.of(Cluster.nid(two)), java.time.Duration.ofSeconds(10),
                    java.time.Duration.ofHours(1));
            for (int i = 0; i < 110; i++) {
                wide.register(new MgsTargetInfo(0, MgsTargetInfo.NO_INDEX, 0, LddFlags.SV_TYPE_OST | LddFlags.VIRGIN
                        | LddFlags.NEED_INDEX | LddFlags.UPDATE, 1, "wide", "wide:OSTffff", "",
                        new long[] {0x200000a000001L + i, 0x200000b000001L + i}, ""));
            }
            Mgc.NidTable w = wide.readNidTable("wide", 0, 8192);
            assertThat(w.entries()).hasSize(110).allSatisfy(e -> assertThat(e.nids()).hasSize(2));
            assertThat(w.entries()).extracting(MgsNidtblEntry::index).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 110).boxed().toList());
            assertThat(w.lastVersion()).isEqualTo(w.tableVersion());
            wide.close();

            assertThatThrownBy(() -> mgc.readNidTable("nofs", 0, 4096)).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOENT));
            ClientRequest cfg = mgc.mgsImport().request(Opcodes.MGS_CONFIG_READ, MsgFlags.LUSTRE_MGS_VERSION,
                    MgsConfigBody.SIZE);
            new MgsConfigBody("lustre-client", 0, MgsConfigBody.MGS_CFG_T_CONFIG, 12, 1).encode(cfg.buf(1), 0);
            assertThatThrownBy(() -> mgc.mgsImport().call(cfg)).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EOPNOTSUPP));
            ClientRequest badName = mgc.mgsImport().request(Opcodes.MGS_CONFIG_READ, MsgFlags.LUSTRE_MGS_VERSION,
                    MgsConfigBody.SIZE);
            new MgsConfigBody("lustre", 0, MgsConfigBody.MGS_CFG_T_RECOVER, 12, 1).encode(badName.buf(1), 0);
            assertThatThrownBy(() -> mgc.mgsImport().call(badName)).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
            ClientRequest huge = mgc.mgsImport().request(Opcodes.MGS_CONFIG_READ, MsgFlags.LUSTRE_MGS_VERSION,
                    MgsConfigBody.SIZE);
            new MgsConfigBody("lustre-cliir", 0, MgsConfigBody.MGS_CFG_T_RECOVER, 30, 1024).encode(huge.buf(1), 0);
            assertThatThrownBy(() -> mgc.mgsImport().call(huge)).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
            // a request with no bulk prepared is refused, not hung: from a client without
            // OBD_CONNECT2_REP_MBITS, whose pb_mbits then says so (0). With REP_MBITS, as the MGC
            // has, pb_mbits is the xid, as for a bulk of one MD, and the MGS would PUT into
            // nothing until its bulk timeout, as Lustre's does (ptlrpc_start_bulk_transfer).
            ImportConfig mgcConfig = mgc.mgsImport().config();
            long noFlags2 = Mgc.CONNECT_FLAGS & ~ConnectFlags.OBD_CONNECT_FLAGS2;
            try (Import plain = new Import(mds.ptlrpc(), new ImportConfig("plain-mgc", List.of("mgc", "plain-mgc"),
                    new Uuid("plain-mgc_UUID"), Mgc.MGS_UUID, mgs, mgcConfig.requestPortal(), mgcConfig.replyPortal(),
                    mgcConfig.bulkPortal(), Opcodes.MGS_CONNECT, Opcodes.MGS_DISCONNECT,
                    ObdConnectData.ofFlags(noFlags2), mgcConfig.timeout(), java.time.Duration.ZERO,
                    mgcConfig.reconnectDelay(), LustreMsg.SP_MGC))) {
                ClientRequest noBulk = plain.request(Opcodes.MGS_CONFIG_READ, MsgFlags.LUSTRE_MGS_VERSION,
                        MgsConfigBody.SIZE);
                new MgsConfigBody("lustre-cliir", 0, MgsConfigBody.MGS_CFG_T_RECOVER, 12, 1).encode(noBulk.buf(1), 0);
                assertThatThrownBy(() -> plain.call(noBulk)).isInstanceOf(LustreException.class)
                        .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EPROTO));
            }
        }
    }

    @Test
    void anEntryLargerThanTheClientsUnitIsEoverflowNotAnEndlessReread() throws Exception {
        try (Cluster c = new Cluster(Nodes.Driver.MEM)) {
            ServerNode mgsNode = c.node();
            List<String> console = new CopyOnWriteArrayList<>();
            mgsNode.libcfs().debug().setConsole(console::add);
            mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            ServerTarget mdt = c.node().start(MountData.format("lustre", TargetType.MDT, 0,
                    List.of(Cluster.nid(mgsNode)), ""));
            Mgc mgc = mdt.mgc();
            mgc.register(new MgsTargetInfo(0, MgsTargetInfo.NO_INDEX, 0, LddFlags.SV_TYPE_OST | LddFlags.VIRGIN
                    | LddFlags.NEED_INDEX | LddFlags.UPDATE, 1, "lustre", "lustre:OSTffff", "",
                    new long[] {0x200000a000001L, 0x200000b000001L}, ""));
            // units of 32 bytes: the MDT's entry (one NID, 32 bytes) fits one, the OST's (40 bytes) none
            ClientRequest req = mgc.mgsImport().request(Opcodes.MGS_CONFIG_READ, MsgFlags.LUSTRE_MGS_VERSION,
                    MgsConfigBody.SIZE);
            new MgsConfigBody("lustre-cliir", 1, MgsConfigBody.MGS_CFG_T_RECOVER, 5, 32).encode(req.buf(1), 0);
            req.bulk(ClientRequest.BulkType.PUT_SINK, List.of(Arena.ofAuto().allocate(32 * 32)));
            assertThatThrownBy(() -> mgc.mgsImport().call(req)).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EOVERFLOW));
            assertThat(console).anyMatch(l -> l.startsWith("Lustre: ")
                    && l.endsWith(" nidtbl: too large entry: entry length 40, unit size: 32"));
            // a client with page-sized units reads both entries
            assertThat(mgc.readNidTable("lustre", 0, 4096).entries()).extracting(MgsNidtblEntry::length)
                    .containsExactly(32, 40);
        }
    }
}
