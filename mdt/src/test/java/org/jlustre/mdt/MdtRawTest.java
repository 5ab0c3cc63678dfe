package org.jlustre.mdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.mdt.MdtRec;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.PtlrpcBody;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The MDT driven by raw ptlrpc requests laid out as a 2.15 MDC lays them out (layout.c
 * {@code RQF_MDS_*}), over the in-JVM network and TCP: the connect data it grants, GET_ROOT,
 * GETATTR, STATFS, and requests it must refuse with a clear errno while it keeps serving.
 */
class MdtRawTest {

    static final Fid ROOT = Fid.of(0x200000007L, 1);

    static Reply call(Import imp, int opcode, int... lens) throws Exception {
        return call(imp, imp.request(opcode, MsgFlags.LUSTRE_MDS_VERSION, lens));
    }

    static Reply call(Import imp, ClientRequest req) throws Exception {
        req.replyCapacity(64 * 1024);
        return imp.send(req).get(MdtFixture.TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    static ClientRequest withBody(Import imp, int opcode, MdtBody body, int... more) {
        int[] lens = new int[more.length + 1];
        lens[0] = MdtBody.SIZE;
        System.arraycopy(more, 0, lens, 1, more.length);
        ClientRequest req = imp.request(opcode, MsgFlags.LUSTRE_MDS_VERSION, lens);
        body.write(req.buf(1), 0);
        return req;
    }

    static MdtBody replyBody(Reply r) throws Exception {
        assertThat(r.status()).as("status").isZero();
        return MdtBody.read(r.buf(1, MdtBody.SIZE, "mdt_body"), 0, false);
    }

    static MdtBody creds(MdtBody b, int uid, int gid) {
        return b.uid(uid).gid(gid).fsuid(uid).fsgid(gid).suppgid(-1);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void connectGrantsWhatTheMdtServesAndTheRootAnswersGetattrAndStatfs(Nodes.Driver driver) throws Exception {
        try (MdtFixture f = new MdtFixture(driver)) {
            long asked = MdtFixture.CLIENT_FLAGS | ConnectFlags.OBD_CONNECT_LAYOUTLOCK | ConnectFlags.OBD_CONNECT_LRU_RESIZE;
            Import imp = f.connect("client1", asked);
            long granted = imp.connectData().connectFlags();
            assertThat(granted).as("granted 0x%x", granted).isEqualTo(MdtFixture.CLIENT_FLAGS);
            assertThat(imp.connectData().maxModRpcs()).isEqualTo(MdtConnect.MAX_MOD_RPCS);
            assertThat(imp.connectData().instance()).isEqualTo(1);
            assertThat(f.mdt.target().exports()).hasSize(1);

            Reply root = call(imp, withBody(imp, Opcodes.MDS_GET_ROOT, creds(new MdtBody(), 0, 0), 0));
            assertThat(root.message().bufCount()).as("RQF_MDS_GET_ROOT: ptlrpc_body, mdt_body, capa").isEqualTo(3);
            MdtBody rb = replyBody(root);
            assertThat(rb.fid1()).isEqualTo(ROOT);
            assertThat(rb.valid()).isEqualTo(ObdMd.FLID);

            Reply ga = call(imp, withBody(imp, Opcodes.MDS_GETATTR, creds(new MdtBody(), 0, 0).fid1(ROOT)
                    .valid(ObdMd.FLGETATTR | ObdMd.FLMODEASIZE), 0));
            assertThat(ga.message().bufCount()).as("RQF_MDS_GETATTR reply").isEqualTo(7);
            MdtBody attrs = replyBody(ga);
            assertThat(attrs.fid1()).isEqualTo(ROOT);
            assertThat(attrs.mode() & FileMode.S_IFMT).isEqualTo(FileMode.S_IFDIR);
            assertThat(attrs.mode() & 07777).isEqualTo(0755);
            assertThat(attrs.nlink()).as("ROOT has . , .. and .lustre").isGreaterThanOrEqualTo(3);
            assertThat(attrs.valid() & (ObdMd.FLID | ObdMd.FLMODE | ObdMd.FLTYPE | ObdMd.FLNLINK | ObdMd.FLMODEASIZE))
                    .isEqualTo(ObdMd.FLID | ObdMd.FLMODE | ObdMd.FLTYPE | ObdMd.FLNLINK | ObdMd.FLMODEASIZE);
            assertThat(attrs.maxMdsize()).as("mdt_max_mdsize: MAX_MD_SIZE_OLD until a larger layout is returned")
                    .isEqualTo(128);

            Reply sf = call(imp, Opcodes.MDS_STATFS);
            assertThat(sf.status()).isZero();
            ObdStatfs s = ObdStatfs.read(sf.buf(1, ObdStatfs.SIZE, "statfs"), 0);
            ObdStatfs own = f.disk.statfs();
            assertThat(s.files()).isEqualTo(own.files());
            assertThat(s.ffree()).isEqualTo(own.ffree());
            assertThat(s.blocks()).as("no OST yet: the MDT's own space").isEqualTo(own.blocks());

            String stats = f.server.libcfs().params().get("mdt.lustre-MDT0000.md_stats").getFirst().value();
            assertThat(stats).containsPattern("(?m)^getattr +1 samples \\[usecs\\]")
                    .containsPattern("(?m)^statfs +1 samples \\[usecs\\]");
            String nid = org.jlustre.common.Nid.toString(imp.connectData() == null ? 0
                    : f.mdt.target().exports().getFirst().peer().nid());
            assertThat(f.server.libcfs().params().get("mdt.lustre-MDT0000.exports." + nid + ".uuid").getFirst().value())
                    .isEqualTo("client1_UUID\n");
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void badRequestsGetClearErrorsAndTheMdtKeepsServing(Nodes.Driver driver) throws Exception {
        try (MdtFixture f = new MdtFixture(driver)) {
            Import imp = f.connect("client1", MdtFixture.CLIENT_FLAGS);
            // a body 64 bytes short of 216
            assertThat(call(imp, Opcodes.MDS_GETATTR, MdtBody.SIZE - 64).status()).isEqualTo(-Errno.EPROTO.value());
            // a REINT record shorter than 136 bytes
            assertThat(call(imp, Opcodes.MDS_REINT, 100).status()).isEqualTo(-Errno.EPROTO.value());
            // a REINT opcode Lustre does not have, and one it has that this MDT does not run
            for (int[] op : new int[][] {{0, Errno.EINVAL.value()}, {77, Errno.EINVAL.value()},
                    {MdtRec.REINT_MIGRATE, Errno.EOPNOTSUPP.value()}}) {
                ClientRequest req = imp.request(Opcodes.MDS_REINT, MsgFlags.LUSTRE_MDS_VERSION, MdtRec.SIZE, 0);
                MdtRec.of(op[0]).write(req.buf(1), 0);
                assertThat(call(imp, req).status()).as("reint opcode %d", op[0]).isEqualTo(-op[1]);
            }
            // a FID that does not exist
            Fid missing = Fid.of(0x200000400L, 77);
            assertThat(call(imp, withBody(imp, Opcodes.MDS_GETATTR, creds(new MdtBody(), 0, 0).fid1(missing)
                    .valid(ObdMd.FLGETATTR), 0)).status()).isEqualTo(-Errno.ENOENT.value());
            // names: with '/', with a NUL inside, unterminated, longer than 255
            for (byte[] bad : new byte[][] {"a/b\0".getBytes(StandardCharsets.UTF_8), {'a', 0, 'b', 0},
                    {'a', 'b'}, ("x".repeat(256) + "\0").getBytes(StandardCharsets.UTF_8)}) {
                ClientRequest req = withBody(imp, Opcodes.MDS_GETATTR_NAME, creds(new MdtBody(), 0, 0).fid1(ROOT), 0,
                        bad.length);
                MemorySegment.copy(MemorySegment.ofArray(bad), 0, req.buf(3), 0, bad.length);
                int expected = bad.length > 256 ? Errno.ENAMETOOLONG.value() : Errno.EPROTO.value();
                assertThat(call(imp, req).status()).as("name of %d bytes", bad.length).isEqualTo(-expected);
            }
            // still serving
            assertThat(replyBody(call(imp, withBody(imp, Opcodes.MDS_GET_ROOT, creds(new MdtBody(), 0, 0), 0))).fid1())
                    .isEqualTo(ROOT);
            assertThat(imp.timeouts()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aClientWithoutFidSupportIsRefusedAsLustreDoes(Nodes.Driver driver) throws Exception {
        try (MdtFixture f = new MdtFixture(driver)) {
            long noFid = MdtFixture.CLIENT_FLAGS & ~ConnectFlags.OBD_CONNECT_FID;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.connect("old", noFid))
                    .isInstanceOf(org.jlustre.common.LustreException.class)
                    .satisfies(e -> assertThat(((org.jlustre.common.LustreException) e).errno()).isEqualTo(Errno.EBADE));
            assertThat(f.mdt.target().exports()).isEmpty();
        }
    }

    /** A REINT_CREATE of directory {@code name} in ROOT with FID {@code fid}, as root. */
    static ClientRequest mkdir(Import imp, Fid fid, String name) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        ClientRequest req = imp.request(Opcodes.MDS_REINT, MsgFlags.LUSTRE_MDS_VERSION, MdtRec.SIZE, 0, n.length, 0);
        MdtRec.of(MdtRec.REINT_CREATE).credentials(0, 0, -1, -1, -1).fid1(ROOT).fid2(fid)
                .crMode(FileMode.S_IFDIR | 0755).write(req.buf(1), 0);
        MemorySegment.copy(MemorySegment.ofArray(n), 0, req.buf(3), 0, n.length);
        return req;
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aResentReintIsAnsweredFromItsSavedReplyNeverRunTwice(Nodes.Driver driver) throws Exception {
        try (MdtFixture f = new MdtFixture(driver)) {
            for (long flags : new long[] {MdtFixture.CLIENT_FLAGS,
                    MdtFixture.CLIENT_FLAGS & ~ConnectFlags.OBD_CONNECT_MULTIMODRPCS}) {
                boolean multi = (flags & ConnectFlags.OBD_CONNECT_MULTIMODRPCS) != 0;
                Import imp = f.connect(multi ? "multi" : "single", flags);
                Fid fid = Fid.of(Fid.SEQ_NORMAL + (multi ? 1 : 2), 1);
                long before = f.mdt.lastRcvd().lastTransno();
                // the reply of the first execution is dropped: the client times out, reconnects and resends
                f.server.libcfs().failLoc().setLoc(MdtReint.OBD_FAIL_MDS_REINT_NET_REP | FailLoc.ONCE);
                ClientRequest req = mkdir(imp, fid, multi ? "once-m" : "once-s").timeout(java.time.Duration.ofSeconds(2))
                        .delayLimit(java.time.Duration.ofSeconds(60));
                Reply r = call(imp, req);
                assertThat(r.status()).as("resent create: reconstructed").isZero();
                MdtBody b = replyBody(r);
                assertThat(b.fid1()).isEqualTo(fid);
                assertThat(b.mode()).isEqualTo(FileMode.S_IFDIR | 0755);
                assertThat(r.body().transno()).as("the original transno").isEqualTo(before + 1);
                assertThat(f.mdt.lastRcvd().lastTransno()).as("ran once").isEqualTo(before + 1);
                // the same create sent again as new is EEXIST: it really exists once
                assertThat(call(imp, mkdir(imp, Fid.of(Fid.SEQ_NORMAL + 3, multi ? 1 : 2),
                        multi ? "once-m" : "once-s")).status()).isEqualTo(-Errno.EEXIST.value());
            }
            String stats = f.server.libcfs().params().get("mdt.lustre-MDT0000.md_stats").getFirst().value();
            assertThat(stats).containsPattern("(?m)^mkdir +2 samples");
        }
    }

    static int sizeOf(int... lens) {
        int[] all = new int[lens.length + 1];
        all[0] = PtlrpcBody.SIZE_V3;
        System.arraycopy(lens, 0, all, 1, lens.length);
        return LustreMsg.size(all);
    }
}
