package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.mdc.Mdc;
import org.jlustre.mdc.MdcAttr;
import org.jlustre.mdc.MdcConfig;
import org.jlustre.mdc.MdcCred;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.mdt.LinkEa;
import org.jlustre.wire.mdt.Lma;
import org.jlustre.wire.mdt.LuDirpage;
import org.jlustre.wire.ost.ObdMd;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A remote directory ({@code lfs mkdir -i 1}) through MDCs over the in-JVM network and TCP, with
 * a second MDT added to a running filesystem (sanity-osd's "a non-primary MDT"): MGS, MDT0 and
 * an OST run, MDT1 is mounted later; the mkdir goes to MDT1 with an {@code lmv_user_md} of stripe
 * offset 1 and a FID of MDT1's sequence, as 2.15's lmv sends it. The directory's inode (".",
 * "..", LinkEA, LMA with LMAI_REMOTE_PARENT, its REMOTE_PARENT_DIR entry) is on MDT1, its name on
 * MDT0, put there by OUT_UPDATE; MDT0 answers a lookup of it with its FID and OBD_MD_MDS and an
 * rmdir with EREMOTE; getattr, readdir and creates inside it go to MDT1; rmdir at MDT1 refuses a
 * non-empty directory, then removes both halves.
 */
class RemoteDirTest {

    private static final MdcCred ROOT_CRED = MdcCred.root();

    /** {@code lfs mkdir -i 1}'s {@code lmv_user_md} (48 bytes): LMV_USER_MAGIC, count 0, offset 1. */
    private static byte[] lmvUserMd(int offset) {
        return ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN).putInt(0x0CD30CD0).putInt(0).putInt(offset)
                .array();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Mdc mdc(ServerNode from, ServerNode mds, int index, String name) throws Exception {
        Mdc m = new Mdc(from.ptlrpc(), MdcConfig.client("lustre", index, List.of(Cluster.nid(mds)), name,
                Duration.ofSeconds(30)));
        m.connect();
        return m;
    }

    private static void assertErrno(Cluster.ThrowingRunnable r, Errno errno) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).as(e.getMessage()).isEqualTo(errno));
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aNonPrimaryMdtAddedToARunningFilesystemServesARemoteDirectory(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mds0 = c.node();
            mds0.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> mgs = List.of(Cluster.nid(mds0));
            mds0.start(MountData.format("lustre", TargetType.MDT, 0, mgs, ""));
            c.node().start(MountData.format("lustre", TargetType.OST, 0, mgs, ""));
            ServerNode client = c.node();
            Mdc m0 = mdc(client, mds0, 0, "c0");
            Fid root = m0.getRoot();
            m0.mkdir(ROOT_CRED, root, b("before"), 0755);
            int rootLinks = m0.getattr(ROOT_CRED, root, ObdMd.FLGETATTR).nlink();

            // MDT1 joins the running filesystem
            ServerNode mds1 = c.node();
            ServerTarget mdt1 = mds1.start(MountData.format("lustre", TargetType.MDT, 1, mgs, ""));
            Cluster.eventually(() -> assertThat(mds1.libcfs().params().get("osp.lustre-MDT0000-osp-MDT0001.state")
                    .getFirst().value()).startsWith("current_state: FULL"), 30);
            Mdc m1 = mdc(client, mds1, 1, "c1");

            Fid rd = m1.allocFid();
            MdcAttr made = m1.reintCreate(ROOT_CRED, root, b("rd"), rd, FileMode.S_IFDIR | 0755, 0, lmvUserMd(1));
            assertThat(made.fid()).isEqualTo(rd);
            assertThat(made.mode()).isEqualTo(FileMode.S_IFDIR | 0755);
            assertThat(made.nlink()).isEqualTo(2);
            assertThat(mds0.libcfs().params().get("seq.ctl-lustre-MDT0000.fldb").getFirst().value().lines()
                    .filter(l -> l.endsWith(":1:mdt")).count()).as("FLD: the sequence is MDT1's").isOne();

            // the name on MDT0 sends the client to MDT1
            MdcAttr named = m0.getattrName(ROOT_CRED, root, b("rd"), ObdMd.FLGETATTR);
            assertThat(named.fid()).isEqualTo(rd);
            assertThat(named.valid() & ObdMd.MDS).isNotZero();
            assertThat(m0.getattr(ROOT_CRED, root, ObdMd.FLGETATTR).nlink()).isEqualTo(rootLinks + 1);
            assertThat(m0.readdirAll(ROOT_CRED, root)).extracting(e -> new String(e.name(), StandardCharsets.UTF_8))
                    .contains("rd", "before");

            // the inode on MDT1
            OsdDevice osd1 = mdt1.osd();
            try (OsdObject o = osd1.find(rd)) {
                assertThat(o.exists()).isTrue();
                Lma lma = Lma.parse(o.xattrGet(Lma.XATTR_NAME));
                assertThat(lma.selfFid()).isEqualTo(rd);
                assertThat(lma.incompat() & Lma.LMAI_REMOTE_PARENT).isNotZero();
                assertThat(LinkEa.parse(o.xattrGet(LinkEa.XATTR_NAME)).contains(root, b("rd"))).isTrue();
                assertThat(o.indexTry(IndexFeatures.DIRECTORY).lookup(b("..")).map(DirEntry::fid)).contains(root);
            }
            try (OsdObject agents = osd1.find(Fid.localFile(4123))) {
                assertThat(agents.indexTry(IndexFeatures.DIRECTORY).lookup(b(rd.toStringNoBrace()))
                        .map(DirEntry::fid)).contains(rd);
            }
            assertThat(m1.getattr(ROOT_CRED, rd, ObdMd.FLGETATTR).mode()).isEqualTo(FileMode.S_IFDIR | 0755);

            // inside it, through the MDC to MDT1
            Fid sub = m1.mkdir(ROOT_CRED, rd, b("sub"), 0700).fid();
            m1.create(ROOT_CRED, rd, b("f"), 0644);
            List<LuDirpage.Entry> entries = m1.readdirAll(ROOT_CRED, rd);
            assertThat(entries).extracting(e -> new String(e.name(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(".", "..", "sub", "f");
            assertThat(m1.getattr(ROOT_CRED, rd, ObdMd.FLGETATTR).nlink()).isEqualTo(3);
            assertThat(m1.getattr(ROOT_CRED, sub, ObdMd.FLGETATTR).mode()).isEqualTo(FileMode.S_IFDIR | 0700);

            // the name exists; MDT0 sends an rmdir to MDT1; MDT1 refuses a non-empty directory
            assertErrno(() -> m1.reintCreate(ROOT_CRED, root, b("rd"), m1.allocFid(), FileMode.S_IFDIR | 0755, 0,
                    lmvUserMd(1)), Errno.EEXIST);
            assertErrno(() -> m1.create(ROOT_CRED, root, b("file"), 0644), Errno.EREMOTE);
            assertErrno(() -> m0.rmdir(ROOT_CRED, root, b("rd")), Errno.EREMOTE);
            assertErrno(() -> m1.rmdir(ROOT_CRED, root, b("rd")), Errno.ENOTEMPTY);
            m1.rmdir(ROOT_CRED, rd, b("sub"));
            m1.unlink(ROOT_CRED, rd, b("f"));
            m1.rmdir(ROOT_CRED, root, b("rd"));
            assertErrno(() -> m0.getattrName(ROOT_CRED, root, b("rd"), ObdMd.FLGETATTR), Errno.ENOENT);
            assertThat(m0.getattr(ROOT_CRED, root, ObdMd.FLGETATTR).nlink()).isEqualTo(rootLinks);
            try (OsdObject o = osd1.find(rd); OsdObject agents = osd1.find(Fid.localFile(4123))) {
                assertThat(o.exists()).isFalse();
                assertThat(agents.indexTry(IndexFeatures.DIRECTORY).lookup(b(rd.toStringNoBrace()))).isEmpty();
            }
            m0.close();
            m1.close();
        }
    }
}
