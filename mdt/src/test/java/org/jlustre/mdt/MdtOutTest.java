package org.jlustre.mdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.common.Uuid;
import org.jlustre.mdt.mdd.MdAttr;
import org.jlustre.mdt.osp.OspMdt;
import org.jlustre.mdt.out.OutAttrs;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.LuAttr;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.mdt.Lma;
import org.jlustre.wire.out.ObjectUpdate;
import org.jlustre.wire.out.ObjectUpdateReply.Result;
import org.jlustre.wire.out.ObjectUpdateRequest;
import org.jlustre.wire.out.OutUpdateHeader;
import org.jlustre.wire.out.UpdateType;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OUT_UPDATE on an MDT, sent by another MDT's OSP ({@link OspMdt}) over the in-JVM network and
 * TCP: the updates that make a directory inode with its name in a parent (create, index inserts,
 * xattr_set, ref_add, attr_set), the reads (attr_get, xattr_get, index_lookup) and the updates
 * that remove it again (index_delete, ref_del, xattr_del, destroy), each checked on the MDT's
 * namespace; a failing update stops its batch before anything is applied and gives its errno; bad
 * requests get EPROTO, unserved updates EOPNOTSUPP, and the MDT keeps serving.
 */
class MdtOutTest {

    private static final Fid ROOT = Fid.of(0x200000007L, 1);
    private static final Fid DIR = Fid.of(0x240000400L, 1);

    private static byte[] cstr(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fid(Fid f) {
        byte[] b = new byte[16];
        f.writeLE(MemorySegment.ofArray(b), 0);
        return b;
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] dirObdo(long time) {
        LuAttr la = new LuAttr().mode(FileMode.S_IFDIR | 0755).uid(500).gid(500).atime(time).mtime(time).ctime(time)
                .valid(LuAttr.LA_TYPE | LuAttr.LA_MODE | LuAttr.LA_UID | LuAttr.LA_GID | LuAttr.LA_ATIME
                        | LuAttr.LA_MTIME | LuAttr.LA_CTIME);
        return OutAttrs.toObdo(la, la.valid()).toBytes();
    }

    private static OspMdt osp(MdtFixture fx) throws Exception {
        OspMdt osp = OspMdt.start(fx.clientNode(), "lustre-MDT0000-osp-MDT0001", new Uuid("lustre-MDT0001-mdtlov_UUID"),
                new Uuid("lustre-MDT0000_UUID"), 0, List.of(fx.nid()), MdtFixture.TIMEOUT);
        osp.imp().connectSync();
        return osp;
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void updatesMakeReadAndRemoveADirectoryWithItsNameInAParent(Nodes.Driver driver) throws Exception {
        try (MdtFixture fx = new MdtFixture(driver); OspMdt osp = osp(fx)) {
            assertThat(osp.imp().connectData().connectFlags() & OspMdt.CONNECT_FLAGS & ~0L)
                    .as("MDS_MDS granted").isNotZero();
            int rootLinks = fx.mdd.getattr(ROOT).nlink();
            List<Result> made = osp.update(List.of(
                    new ObjectUpdate(UpdateType.CREATE, 0, 0, 7, DIR, List.of(dirObdo(1000), fid(ROOT))),
                    ObjectUpdate.of(UpdateType.INDEX_INSERT, 7, DIR, cstr("."), fid(DIR), u32(FileMode.S_IFDIR)),
                    ObjectUpdate.of(UpdateType.INDEX_INSERT, 7, DIR, cstr(".."), fid(ROOT), u32(FileMode.S_IFDIR)),
                    ObjectUpdate.of(UpdateType.REF_ADD, 7, DIR),
                    ObjectUpdate.of(UpdateType.XATTR_SET, 7, DIR, cstr(Lma.XATTR_NAME), Lma.of(DIR).toBytes(),
                            u32(0)),
                    ObjectUpdate.of(UpdateType.INDEX_INSERT, 7, ROOT, cstr("rd"), fid(DIR), u32(FileMode.S_IFDIR)),
                    ObjectUpdate.of(UpdateType.REF_ADD, 7, ROOT),
                    ObjectUpdate.of(UpdateType.ATTR_SET, 7, ROOT, OutAttrs.toObdo(new LuAttr().mtime(2000).ctime(2000)
                            .valid(LuAttr.LA_MTIME | LuAttr.LA_CTIME), LuAttr.LA_MTIME | LuAttr.LA_CTIME).toBytes())));
            assertThat(made).extracting(Result::rc).containsOnly(0).hasSize(8);

            MdAttr rd = fx.mdd.lookup(Cred.ROOT, ROOT, "rd".getBytes(StandardCharsets.UTF_8));
            assertThat(rd.fid()).isEqualTo(DIR);
            assertThat(rd.mode()).isEqualTo(FileMode.S_IFDIR | 0755);
            assertThat(rd.uid()).isEqualTo(500);
            assertThat(rd.nlink()).isEqualTo(2);
            MdAttr root = fx.mdd.getattr(ROOT);
            assertThat(root.nlink()).isEqualTo(rootLinks + 1);
            assertThat(root.mtime()).isEqualTo(2000);

            List<Result> read = osp.update(List.of(
                    new ObjectUpdate(UpdateType.ATTR_GET, Obdo.SIZE, 0, 0, DIR, List.of()),
                    new ObjectUpdate(UpdateType.XATTR_GET, 64, 0, 0, DIR, List.of(cstr(Lma.XATTR_NAME))),
                    new ObjectUpdate(UpdateType.INDEX_LOOKUP, 256, 0, 0, ROOT, List.of(cstr("rd")))));
            Obdo oa = Obdo.read(MemorySegment.ofArray(read.get(0).data()), 0, false);
            assertThat(oa.has(ObdMd.FLTYPE | ObdMd.FLMODE | ObdMd.FLNLINK)).isTrue();
            assertThat(oa.mode()).isEqualTo(FileMode.S_IFDIR | 0755);
            assertThat(oa.nlink()).isEqualTo(2);
            assertThat(read.get(1).rc()).isEqualTo(Lma.SIZE);
            assertThat(Lma.parse(read.get(1).data()).selfFid()).isEqualTo(DIR);
            assertThat(read.get(2).rc()).as("dt_lookup found it").isEqualTo(1);
            assertThat(Fid.readLE(MemorySegment.ofArray(read.get(2).data()), 0)).isEqualTo(DIR);

            osp.update(List.of(ObjectUpdate.of(UpdateType.INDEX_DELETE, 8, ROOT, cstr("rd")),
                    ObjectUpdate.of(UpdateType.REF_DEL, 8, ROOT), ObjectUpdate.of(UpdateType.XATTR_DEL, 8, DIR,
                            cstr(Lma.XATTR_NAME)), ObjectUpdate.of(UpdateType.DESTROY, 8, DIR)));
            assertThatThrownBy(() -> fx.mdd.getattr(DIR)).isInstanceOfSatisfying(LustreException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
            assertThat(fx.mdd.getattr(ROOT).nlink()).isEqualTo(rootLinks);
            assertThatThrownBy(() -> fx.mdd.lookup(Cred.ROOT, ROOT, "rd".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aFailingUpdateStopsItsBatchBeforeAnythingIsAppliedAndBadRequestsGetClearErrnos(Nodes.Driver driver)
            throws Exception {
        try (MdtFixture fx = new MdtFixture(driver); OspMdt osp = osp(fx)) {
            // the second update fails its check: the first is not applied either
            assertError(() -> osp.update(List.of(
                    ObjectUpdate.of(UpdateType.XATTR_SET, 3, ROOT, cstr("user.seen"), new byte[] {1}, u32(0)),
                    new ObjectUpdate(UpdateType.CREATE, 0, 0, 3, ROOT, List.of(dirObdo(1))))), Errno.EEXIST);
            assertThat(fx.mdd.listxattr(Cred.ROOT, ROOT)).doesNotContain("user.seen");
            assertError(() -> osp.update(List.of(ObjectUpdate.of(UpdateType.REF_ADD, 4, DIR))), Errno.ENOENT);
            assertError(() -> osp.update(List.of(ObjectUpdate.of(UpdateType.INDEX_INSERT, 5, ROOT, cstr("x"),
                    fid(Fid.of(0, 0)), u32(FileMode.S_IFDIR)))), Errno.EPROTO);
            assertError(() -> osp.update(List.of(ObjectUpdate.of(UpdateType.INDEX_INSERT, 5, ROOT,
                    "no-nul".getBytes(StandardCharsets.UTF_8), fid(DIR), u32(FileMode.S_IFDIR)))), Errno.EPROTO);
            assertError(() -> osp.update(List.of(ObjectUpdate.of(UpdateType.ATTR_SET, 5, ROOT, new byte[7]))),
                    Errno.EPROTO);
            assertError(() -> osp.update(List.of(new ObjectUpdate(UpdateType.ATTR_GET, 0, 0, 0, ROOT, List.of()))),
                    Errno.EPROTO);
            assertError(() -> osp.update(List.of(ObjectUpdate.of(UpdateType.WRITE, 6, ROOT, new byte[8], new byte[8]))),
                    Errno.EOPNOTSUPP);
            assertError(() -> osp.update(List.of(new ObjectUpdate(UpdateType.XATTR_GET, 64, 0, 0, ROOT,
                    List.of(cstr("user.none"))))), Errno.ENODATA);
            assertError(() -> osp.update(List.of(ObjectUpdate.of(UpdateType.XATTR_SET, 5, ROOT, cstr("user.a"),
                    new byte[] {1}, u32(9)))), Errno.EINVAL);

            // raw requests the OSP would never send
            assertError(() -> raw(osp, 0x12345678, 1, ObjectUpdate.of(UpdateType.REF_ADD, 1, ROOT), 4096),
                    Errno.EPROTO);
            assertError(() -> raw(osp, OutUpdateHeader.MAGIC, 0, ObjectUpdate.of(UpdateType.REF_ADD, 1, ROOT), 4096),
                    Errno.EPROTO);
            assertError(() -> raw(osp, OutUpdateHeader.MAGIC, 1, new ObjectUpdate(UpdateType.ATTR_GET, Obdo.SIZE, 0,
                    0, ROOT, List.of()), 16), Errno.EPROTO);
            assertError(() -> raw(osp, OutUpdateHeader.MAGIC, 1, ObjectUpdate.of(UpdateType.REF_ADD, 1, Fid.of(0,
                    0)), 4096), Errno.EPROTO);

            // still serving
            assertThat(osp.update(List.of(ObjectUpdate.of(UpdateType.NOOP, 0, ROOT)))).extracting(Result::rc)
                    .containsExactly(0);
            assertThat(fx.mdd.getattr(ROOT).nlink()).isPositive();
        }
    }

    /** An OUT_UPDATE with the header's magic, count and reply size as given, the update inline. */
    private static Reply raw(OspMdt osp, int magic, int count, ObjectUpdate u, int replySize) throws Exception {
        byte[] inline = new ObjectUpdateRequest(List.of(u)).toBytes();
        ClientRequest req = osp.imp().request(Opcodes.OUT_UPDATE, MsgFlags.LUSTRE_MDS_VERSION,
                OutUpdateHeader.SIZE + inline.length, OutUpdateHeader.BUFFER_SIZE);
        MemorySegment h = req.buf(1);
        new OutUpdateHeader(count, inline.length, replySize).write(h);
        h.set(org.jlustre.wire.Le.U32, 0, magic);
        MemorySegment.copy(MemorySegment.ofArray(inline), 0, h, OutUpdateHeader.SIZE, inline.length);
        req.replyCapacity(8192);
        return osp.imp().call(req);
    }

    /** A call that must fail with {@code errno}. */
    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    private static void assertError(Call c, Errno errno) {
        assertThatThrownBy(c::run).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).as(e.getMessage()).isEqualTo(errno));
    }
}
