package org.jlustre.fid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.fid.FldQuery;
import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.fid.SeqQuery;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SEQ_QUERY and FLD_QUERY between nodes, over the in-JVM network and TCP: MDC-style clients
 * getting FIDs from MDT0, a second MDT whose sequence server gets its super-sequence from
 * MDT0's controller over the network, FLD lookups on both, a remount that never grants a
 * sequence twice, and bad requests answered with an errno while the services keep serving.
 */
class FidServicesTest {

    private static Mdt0Site serveMdt0(FidCluster.Mds mds, OsdDevice dev) throws LustreException {
        Mdt0Site site = Mdt0Site.mount(dev);
        mds.fid.serve(mds.target, FidSite.mdt0(site.ctl, site.srv, site.fld));
        return site;
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aRemoteMetadataClientGetsFidsOfItsOwnSequence(Nodes.Driver driver) throws Exception {
        try (FidCluster c = new FidCluster(driver)) {
            FidCluster.Mds mds = c.mds("lustre-MDT0000");
            Mdt0Site site = c.keep(serveMdt0(mds, c.device("mdt0")));
            SeqClient a = SeqClient.remote(c.connect(mds), "lustre-MDT0000-mdc-a", SeqType.METADATA);
            SeqClient b = SeqClient.remote(c.connect(mds), "lustre-MDT0000-mdc-b", SeqType.METADATA);
            assertThat(a.allocFid()).isEqualTo(Fid.of(0x200000400L, 1, 0));
            assertThat(b.allocFid()).isEqualTo(Fid.of(0x200000401L, 1, 0));
            assertThat(a.allocFid()).isEqualTo(Fid.of(0x200000400L, 2, 0));
            // the whole width of a sequence, then one SEQ_QUERY for the next
            for (int i = 3; i <= 0x20000; i++) {
                assertThat(a.allocFid().oid()).isEqualTo(i);
            }
            assertThat(a.allocFid()).isEqualTo(Fid.of(0x200000402L, 1, 0));
            assertThat(b.allocSeq()).isEqualTo(0x200000403L);
            // three SEQ_QUERYs reached mdt_seqm (portal 30)
            assertThat(mds.fid.services().get(1).config().requestPortal()).isEqualTo(Portals.SEQ_METADATA);
            assertThat(mds.fid.services().get(1).stats().counter("seq_query", "usecs").count()).isEqualTo(4);
            assertThat(site.fld.lookup(0x200000402L)).isEqualTo(LuSeqRange.of(0x200000400L, 0x240000400L, 0, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aSecondMdtGetsItsSuperSequenceFromMdt0OverTheNetwork(Nodes.Driver driver) throws Exception {
        try (FidCluster c = new FidCluster(driver)) {
            FidCluster.Mds mds0 = c.mds("lustre-MDT0000");
            Mdt0Site site0 = c.keep(serveMdt0(mds0, c.device("mdt0")));
            // MDT1: its own fld, a server fed by SEQ_QUERY ALLOC_SUPER to MDT0's portal 32
            FidCluster.Mds mds1 = c.mds("lustre-MDT0001");
            OsdDevice dev1 = c.device("mdt1");
            Import toMdt0 = c.connect(mds0, LustreMsg.SP_MDT);
            Fld fld1 = c.keep(Fld.open(dev1, "lustre-MDT0001", 1, true));
            SeqServer srv1 = c.keep(SeqServer.open(dev1, "lustre-MDT0001", 1, LuSeqRange.MDT,
                    SeqClient.controller(toMdt0, "lustre-MDT0001", SeqType.METADATA), fld1, Mdt0Site.log()));
            mds1.fid.serve(mds1.target, FidSite.of(srv1, fld1, FldClient.over(toMdt0)));
            // MDT1 has no special entries: only MDT0 does
            assertThat(fld1.entries()).isEmpty();

            SeqClient onMdt1 = SeqClient.remote(c.connect(mds1), "lustre-MDT0001-mdc", SeqType.METADATA);
            assertThat(onMdt1.allocFid()).isEqualTo(Fid.of(0x200000400L, 1, 0));
            LuSeqRange super1 = LuSeqRange.of(0x200000400L, 0x240000400L, 1, LuSeqRange.MDT);
            assertThat(site0.fld.lookup(0x200000400L)).isEqualTo(super1);
            assertThat(fld1.entries()).containsExactly(super1);
            assertThat(site0.ctl.space().start()).isEqualTo(0x240000400L);
            // MDT0's own clients get the next super-sequence
            SeqClient onMdt0 = SeqClient.remote(c.connect(mds0), "lustre-MDT0000-mdc", SeqType.METADATA);
            assertThat(onMdt0.allocFid()).isEqualTo(Fid.of(0x240000400L, 1, 0));

            // FLD_QUERY: MDT0 knows both; MDT1 answers its own and asks MDT0 for the rest
            FldClient fldOf0 = FldClient.over(c.connect(mds0));
            FldClient fldOf1 = FldClient.over(c.connect(mds1));
            assertThat(fldOf0.lookup(0x200000777L, LuSeqRange.MDT)).isEqualTo(super1);
            assertThat(fldOf0.lookup(0x240000401L, LuSeqRange.ANY)).isEqualTo(
                    LuSeqRange.of(0x240000400L, 0x280000400L, 0, LuSeqRange.MDT));
            assertThat(fldOf0.lookup(Fid.SEQ_ROOT, LuSeqRange.MDT)).isEqualTo(Fld.ROOT);
            assertThat(fldOf1.lookup(0x200000401L, LuSeqRange.MDT)).isEqualTo(super1);
            assertThat(fldOf1.lookup(Fid.SEQ_ROOT, LuSeqRange.MDT)).isEqualTo(Fld.ROOT);
            assertErrno(() -> fldOf0.lookup(0x300000000L, LuSeqRange.MDT), Errno.ENOENT);
            assertErrno(() -> fldOf1.lookup(0x300000000L, LuSeqRange.MDT), Errno.ENOENT);
            assertErrno(() -> fldOf0.lookup(0x200000400L, LuSeqRange.OST), Errno.EIO);
            // MDT1 runs no controller
            assertErrno(() -> rawSeq(c.connect(mds1), Portals.SEQ_CONTROLLER, SeqQuery.ALLOC_SUPER, 24), Errno.EINVAL);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aRemountedMdt0NeverGrantsASequenceTwice(Nodes.Driver driver) throws Exception {
        try (FidCluster c = new FidCluster(driver)) {
            FidCluster.Mds mds = c.mds("lustre-MDT0000");
            OsdDevice dev = c.device("mdt0");
            Mdt0Site site = serveMdt0(mds, dev);
            SeqClient cli = SeqClient.remote(c.connect(mds), "lustre-MDT0000-mdc", SeqType.METADATA);
            Set<Long> seen = new HashSet<>();
            for (int mount = 0; mount < 3; mount++) {
                for (int i = 0; i < 30; i++) {
                    long s = cli.allocSeq();
                    assertThat(seen.add(s)).as("0x%x granted twice", s).isTrue();
                }
                // the target restarts on its kept device; the client keeps its import
                mds.fid.unserve(mds.target);
                site.close();
                site = serveMdt0(mds, dev);
            }
            assertThat(cli.allocSeq()).isEqualTo(0x200000400L + 3 * 2000L);
            site.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void badRequestsGetAnErrnoAndTheServicesKeepServing(Nodes.Driver driver) throws Exception {
        try (FidCluster c = new FidCluster(driver)) {
            FidCluster.Mds mds = c.mds("lustre-MDT0000");
            c.keep(serveMdt0(mds, c.device("mdt0")));
            Import imp = c.connect(mds);
            assertErrno(() -> rawSeq(imp, Portals.SEQ_METADATA, 7, 24), Errno.EINVAL);
            assertErrno(() -> rawSeq(imp, Portals.SEQ_METADATA, SeqQuery.ALLOC_META, 16), Errno.EPROTO);
            // the opcode buffer only
            ClientRequest noRange = imp.request(Opcodes.SEQ_QUERY, MsgFlags.LUSTRE_MDS_VERSION, 4)
                    .requestPortal(Portals.SEQ_METADATA);
            assertErrno(() -> imp.call(noRange), Errno.EPROTO);
            ClientRequest shortFld = imp.request(Opcodes.FLD_QUERY, MsgFlags.LUSTRE_MDS_VERSION, 4, 8)
                    .requestPortal(Portals.FLD_REQUEST);
            assertErrno(() -> imp.call(shortFld), Errno.EPROTO);
            // an unknown opcode on a FID service
            ClientRequest unknown = imp.request(Opcodes.MDS_GETATTR, MsgFlags.LUSTRE_MDS_VERSION, 8)
                    .requestPortal(Portals.FLD_REQUEST);
            assertErrno(() -> imp.call(unknown), Errno.ENOTSUPP);
            // the super-sequence of an unknown kind
            assertErrno(() -> rawSeq(imp, Portals.SEQ_CONTROLLER, SeqQuery.ALLOC_SUPER, 24, 5), Errno.EINVAL);
            // and it still serves
            Reply ok = rawSeq(imp, Portals.SEQ_METADATA, SeqQuery.ALLOC_META, 24);
            LuSeqRange r = LuSeqRange.read(ok.buf(SeqQuery.REP_RANGE, 24, "range"), 0);
            assertThat(r).isEqualTo(LuSeqRange.of(0x200000400L, 0x200000401L, 0, LuSeqRange.MDT));
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aTargetWhoseFidLayerIsNotServedAnswersEinvalAtOnce(Nodes.Driver driver) throws Exception {
        try (FidCluster c = new FidCluster(driver)) {
            FidCluster.Mds mds = c.mds("lustre-MDT0000");
            Import imp = c.connect(mds);
            // connected, but the target's FID layer is not served (yet)
            long start = System.nanoTime();
            assertErrno(() -> SeqClient.remote(imp, "x", SeqType.METADATA).allocFid(), Errno.EINVAL);
            // an answer, not a resend loop until the import's 20 s timeout
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aClientRetriesWhileTheServerWaitsForMdt0(Nodes.Driver driver) throws Exception {
        try (FidCluster c = new FidCluster(driver)) {
            FidCluster.Mds mds1 = c.mds("lustre-MDT0001");
            OsdDevice dev1 = c.device("mdt1");
            AtomicInteger asked = new AtomicInteger();
            // MDT0 unreachable for the first three tries (seq_server_check_and_alloc_super's -EINPROGRESS)
            SuperSequenceSource flaky = (index, flags) -> {
                if (asked.incrementAndGet() <= 3) {
                    throw new LustreException(Errno.EINPROGRESS, "Waiting to contact MDT0000");
                }
                return LuSeqRange.of(0x280000400L, 0x2c0000400L, index, flags);
            };
            SeqServer srv1 = c.keep(SeqServer.open(dev1, "lustre-MDT0001", 1, LuSeqRange.MDT, flaky, null,
                    Mdt0Site.log()));
            mds1.fid.serve(mds1.target, FidSite.of(srv1, null, null));
            Import imp = c.connect(mds1);
            assertThat(SeqClient.remote(imp, "patient", SeqType.METADATA).allocFid())
                    .isEqualTo(Fid.of(0x280000400L, 1, 0));
            assertThat(asked.get()).isEqualTo(4);
            // a client whose limit passes first gives up with ETIMEDOUT, naming the cause
            asked.set(-1000);
            mds1.fid.unserve(mds1.target);
            SeqServer fresh = c.keep(SeqServer.open(c.device("mdt1b"), "lustre-MDT0001", 1, LuSeqRange.MDT, flaky,
                    null, Mdt0Site.log()));
            mds1.fid.serve(mds1.target, FidSite.of(fresh, null, null));
            assertThatThrownBy(() -> SeqClient.remote(imp, "impatient", SeqType.METADATA, Duration.ofMillis(300))
                    .allocFid()).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ETIMEDOUT))
                    .hasMessageContaining("not ready");
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void fldReadListsAnOwnersRanges(Nodes.Driver driver) throws Exception {
        try (FidCluster c = new FidCluster(driver)) {
            FidCluster.Mds mds = c.mds("lustre-MDT0000");
            Mdt0Site site = c.keep(serveMdt0(mds, c.device("mdt0")));
            site.ctl.allocSuper(1, LuSeqRange.MDT);
            site.ctl.allocSuper(2, LuSeqRange.MDT);
            site.ctl.allocSuper(1, LuSeqRange.MDT);
            Import imp = c.connect(mds, LustreMsg.SP_MDT);
            ClientRequest req = imp.request(Opcodes.FLD_READ, MsgFlags.LUSTRE_MDS_VERSION, LuSeqRange.SIZE)
                    .requestPortal(Portals.FLD_REQUEST);
            LuSeqRange.of(0, 0, 1, LuSeqRange.MDT).write(req.buf(FldQuery.READ_REQ_RANGE), 0);
            var data = imp.call(req).buf(FldQuery.REP_DATA, FldQuery.READ_REPLY_SIZE, "generic data");
            assertThat(data.get(Le.U32, 0)).isEqualTo(2);
            assertThat(LuSeqRange.read(data, 8)).isEqualTo(LuSeqRange.of(0x200000400L, 0x240000400L, 1, 0));
            assertThat(LuSeqRange.read(data, 32)).isEqualTo(LuSeqRange.of(0x280000400L, 0x2c0000400L, 1, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aNewSecondMdtCopiesItsEntriesFromMdt0PageByPage(Nodes.Driver driver) throws Exception {
        try (FidCluster c = new FidCluster(driver)) {
            FidCluster.Mds mds = c.mds("lustre-MDT0000");
            Mdt0Site site = c.keep(serveMdt0(mds, c.device("mdt0")));
            // 400 grants to MDT1, more than the 170 ranges of one FLD_READ page, between others' grants
            java.util.List<LuSeqRange> mine = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                mine.add(site.ctl.allocSuper(1, LuSeqRange.MDT));
                site.ctl.allocSuper(i % 2, LuSeqRange.OST);
            }
            FldClient toMdt0 = FldClient.over(c.connect(mds, LustreMsg.SP_MDT));
            try (Fld fld1 = Fld.open(c.device("mdt1"), "lustre-MDT0001", 1, true)) {
                assertThat(fld1.updateFromController(toMdt0, 1)).isEqualTo(400);
                assertThat(fld1.entries()).containsExactlyElementsOf(mine);
                assertThat(fld1.lookup(mine.get(399).start() + 5)).isEqualTo(mine.get(399));
                // only a fresh fld is filled
                assertThat(fld1.updateFromController(toMdt0, 1)).isZero();
            }
            assertThat(toMdt0.read(7, LuSeqRange.MDT)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void targetFidMountsMdt0AndASecondMdtAsTheMdtWill(Nodes.Driver driver) throws Exception {
        try (FidCluster c = new FidCluster(driver)) {
            FidCluster.Mds mds0 = c.mds("lustre-MDT0000");
            TargetFid t0 = c.keep(TargetFid.mdt(c.device("mdt0"), "lustre-MDT0000", 0, null, mds0.node.libcfs()));
            mds0.fid.serve(mds0.target, t0.site());
            assertThat(t0.controller()).isNotNull();
            assertThat(mds0.node.libcfs().params().get("seq.ctl-lustre-MDT0000.server").getFirst().value())
                    .isEqualTo("<none>\n");
            FidCluster.Mds mds1 = c.mds("lustre-MDT0001");
            Import toMdt0 = c.connect(mds0, LustreMsg.SP_MDT);
            TargetFid t1 = c.keep(TargetFid.mdt(c.device("mdt1"), "lustre-MDT0001", 1, toMdt0, mds1.node.libcfs()));
            mds1.fid.serve(mds1.target, t1.site());
            assertThat(t1.controller()).isNull();
            assertThat(mds1.node.libcfs().params().get("seq.srv-lustre-MDT0001.server").getFirst().value())
                    .isEqualTo("lustre-MDT0000_UUID\n");
            // the targets' own clients, then a remote one on MDT1
            assertThat(t0.client().allocFid()).isEqualTo(Fid.of(0x200000400L, 1, 0));
            assertThat(t1.client().allocFid()).isEqualTo(Fid.of(0x240000400L, 1, 0));
            SeqClient mdc = SeqClient.remote(c.connect(mds1), "lustre-MDT0001-mdc", SeqType.METADATA);
            assertThat(mdc.allocFid()).isEqualTo(Fid.of(0x240000401L, 1, 0));
            assertThat(FldClient.over(c.connect(mds1)).lookup(0x200000400L, LuSeqRange.MDT).index()).isZero();
            assertThatThrownBy(() -> TargetFid.mdt(c.device("mdt2"), "lustre-MDT0002", 2, null, mds1.node.libcfs()))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("lustre-MDT0002");
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aSecondMdtThatCannotReachMdt0AnswersEinprogressUntilItCan(Nodes.Driver driver) throws Exception {
        try (FidCluster c = new FidCluster(driver)) {
            FidCluster.Mds mds0 = c.mds("lustre-MDT0000");
            mds0.fid.serve(mds0.target, c.keep(TargetFid.mdt(c.device("mdt0"), "lustre-MDT0000", 0, null,
                    mds0.node.libcfs())).site());
            // MDT0's node runs, but its target is not connectable yet: the import to it keeps trying
            mds0.connect.removeTarget(mds0.target);
            FidCluster.Mds mds1 = c.mds("lustre-MDT0001");
            Import toMdt0 = c.importTo(mds0, LustreMsg.SP_MDT);
            TargetFid t1 = c.keep(TargetFid.mdt(c.device("mdt1"), "lustre-MDT0001", 1, toMdt0, mds1.node.libcfs()));
            mds1.fid.serve(mds1.target, t1.site());
            Import mdc = c.connect(mds1);
            assertThatThrownBy(() -> SeqClient.remote(mdc, "early", SeqType.METADATA, Duration.ofMillis(500)).allocFid())
                    .isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ETIMEDOUT))
                    .hasMessageContaining("not ready").hasMessageContaining("-115");
            // the MDT's own client sees the EINPROGRESS itself
            assertErrno(() -> t1.client().allocFid(), Errno.EINPROGRESS);
            // MDT0 becomes connectable: the import connects and a client's retries get through
            mds0.connect.addTarget(mds0.target);
            assertThat(SeqClient.remote(mdc, "later", SeqType.METADATA).allocFid()).isEqualTo(Fid.of(0x200000400L, 1, 0));
            assertThat(toMdt0.state()).isEqualTo(org.jlustre.ptlrpc.ImportState.FULL);
        }
    }

    /** SEQ_QUERY with a hand-made range buffer of {@code rangeLen} bytes. */
    private static Reply rawSeq(Import imp, int portal, int opc, int rangeLen) throws LustreException {
        return rawSeq(imp, portal, opc, rangeLen, LuSeqRange.MDT);
    }

    private static Reply rawSeq(Import imp, int portal, int opc, int rangeLen, int flags) throws LustreException {
        ClientRequest req = imp.request(Opcodes.SEQ_QUERY, MsgFlags.LUSTRE_MDS_VERSION, 4, rangeLen)
                .requestPortal(portal);
        req.buf(1).set(Le.U32, 0, opc);
        if (rangeLen >= 24) {
            LuSeqRange.of(0, 0, 0, flags).write(req.buf(2), 0);
        }
        return imp.call(req);
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static void assertErrno(Call call, Errno expected) {
        assertThatThrownBy(call::run).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(expected));
    }
}
