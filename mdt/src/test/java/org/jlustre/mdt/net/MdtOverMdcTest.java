package org.jlustre.mdt.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.mdc.Mdc;
import org.jlustre.mdc.MdcAttr;
import org.jlustre.mdc.MdcCred;
import org.jlustre.mdc.MdcSetattr;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.mdt.LovMdsMd;
import org.jlustre.wire.mdt.LovOstData;
import org.jlustre.wire.mdt.LuDirpage;
import org.jlustre.wire.mdt.MdsOpenFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.function.Executable;

/**
 * The MDT driven through the MDC over the in-JVM network and TCP, with a LOD over two real
 * OSTs: every handler, the permission matrix, rename's edge cases, a 100,000-entry directory
 * read from every page cookie, open-unlink-close, unlink destroying the OST objects, and bad
 * input answered with clear errnos. (A resent REINT is {@code MdtRawTest}'s: the MDC sends every
 * request with a delay limit equal to its timeout, so it never resends.)
 */
class MdtOverMdcTest {

    private static final MdcCred ROOT = MdcCred.root();

    static byte[] n(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void assertErrno(Errno errno, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).as(e.getMessage()).isEqualTo(errno));
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void everyHandlerAnswersAsLustre(Nodes.Driver driver) throws Exception {
        try (MdtCluster c = new MdtCluster(driver, 2)) {
            c.awaitOsts();
            Mdc mdc = c.client("client1");
            Fid root = mdc.getRoot();
            assertThat(root).isEqualTo(Fid.of(0x200000007L, 1));
            MdcAttr d = mdc.mkdir(ROOT, root, n("d"), 0755);
            assertThat(d.mode()).isEqualTo(FileMode.S_IFDIR | 0755);
            MdcAttr f = mdc.create(ROOT, d.fid(), n("f"), 0644);
            assertThat(f.mode()).isEqualTo(FileMode.S_IFREG | 0644);
            MdcAttr fifo = mdc.mknod(ROOT, d.fid(), n("fifo"), FileMode.S_IFIFO | 0600, 0);
            assertThat(fifo.mode() & FileMode.S_IFMT).isEqualTo(FileMode.S_IFIFO);
            MdcAttr sock = mdc.mknod(ROOT, d.fid(), n("sock"), FileMode.S_IFSOCK | 0600, 0);
            assertThat(sock.mode() & FileMode.S_IFMT).isEqualTo(FileMode.S_IFSOCK);
            MdcAttr chr = mdc.mknod(ROOT, d.fid(), n("null"), FileMode.S_IFCHR | 0666, (1 << 8) | 3);
            assertThat(mdc.getattr(ROOT, chr.fid(), Mdc.GETATTR_VALID).body().rdev()).isEqualTo((1 << 8) | 3);
            MdcAttr sym = mdc.symlink(ROOT, d.fid(), n("sym"), n("f"));
            assertThat(mdc.readlink(ROOT, sym.fid())).isEqualTo(n("f"));
            mdc.link(ROOT, f.fid(), root, n("hard"));
            MdcAttr byName = mdc.getattrName(ROOT, root, n("hard"), Mdc.GETATTR_VALID);
            assertThat(byName.fid()).isEqualTo(f.fid());
            assertThat(byName.nlink()).isEqualTo(2);
            // a regular file striped over the OSTs: its layout comes back with getattr
            assertThat(mdc.getattr(ROOT, f.fid(), Mdc.GETATTR_VALID).layout().objects()).hasSize(1);
            // setattr: chmod, chown, utimes, truncate
            assertThat(mdc.setattr(ROOT, f.fid(), MdcSetattr.chmod(0600, 1000)).mode()).isEqualTo(FileMode.S_IFREG | 0600);
            MdcAttr owned = mdc.setattr(ROOT, f.fid(), MdcSetattr.chown(500, 600, 1001));
            assertThat(owned.uid()).isEqualTo(500);
            assertThat(owned.gid()).isEqualTo(600);
            assertThat(mdc.setattr(ROOT, f.fid(), MdcSetattr.utimes(111, 222, 1002)).body().mtime()).isEqualTo(222);
            // xattrs
            mdc.setxattr(ROOT, f.fid(), "user.colour", n("blue"), 0);
            assertThat(mdc.getxattr(ROOT, f.fid(), "user.colour")).isEqualTo(n("blue"));
            assertThat(mdc.listxattr(ROOT, f.fid())).contains("user.colour");
            mdc.removexattr(ROOT, f.fid(), "user.colour");
            assertErrno(Errno.ENODATA, () -> mdc.getxattr(ROOT, f.fid(), "user.colour"));
            // open-create, close; open by name and by FID
            MdcAttr o = mdc.openCreate(ROOT, d.fid(), n("opened"), 0644, MdsOpenFlags.FMODE_READ
                    | MdsOpenFlags.FMODE_WRITE | MdsOpenFlags.CREAT, null);
            assertThat(o.openHandle()).isNotZero();
            assertThat(c.mdt.mdd().openCount(o.fid())).isEqualTo(1);
            mdc.close(ROOT, o.fid(), o.openHandle());
            assertThat(c.mdt.mdd().openCount(o.fid())).isZero();
            assertErrno(Errno.ESTALE, () -> mdc.close(ROOT, o.fid(), o.openHandle()));
            MdcAttr again = mdc.open(ROOT, d.fid(), n("opened"), MdsOpenFlags.FMODE_READ);
            MdcAttr byFid = mdc.open(ROOT, o.fid(), MdsOpenFlags.FMODE_READ);
            assertThat(byFid.openHandle()).isNotEqualTo(again.openHandle());
            mdc.close(ROOT, o.fid(), again.openHandle());
            mdc.close(ROOT, o.fid(), byFid.openHandle());
            // rename, readdir, unlink, rmdir
            mdc.rename(ROOT, d.fid(), n("opened"), root, n("moved"));
            List<String> names = mdc.readdirAll(ROOT, d.fid()).stream().map(e -> new String(e.name(),
                    StandardCharsets.UTF_8)).toList();
            assertThat(names).containsExactlyInAnyOrder(".", "..", "f", "fifo", "sock", "null", "sym");
            for (String x : List.of("f", "fifo", "sock", "null", "sym")) {
                mdc.unlink(ROOT, d.fid(), n(x));
            }
            mdc.rmdir(ROOT, root, n("d"));
            assertErrno(Errno.ENOENT, () -> mdc.getattr(ROOT, d.fid(), Mdc.GETATTR_VALID));
            ObdStatfs sf = mdc.statfs();
            assertThat(sf.files()).isEqualTo(c.mdtDisk.statfs().files());
            mdc.sync(ROOT, root);
            String stats = c.mds.libcfs().params().get("mdt.lustre-MDT0000.md_stats").getFirst().value();
            for (String counter : List.of("open", "close", "mknod", "link", "unlink", "mkdir", "rmdir", "rename",
                    "getattr", "setattr", "getxattr", "setxattr", "statfs", "sync")) {
                assertThat(stats).as(counter).containsPattern("(?m)^" + counter + " +\\d+ samples \\[usecs\\]");
            }
            assertThat(c.mdt.lastRcvd().lastTransno()).as("updates got transnos").isPositive();
        }
    }

    @Test
    void thePermissionMatrixIsLinuxs() throws Exception {
        try (MdtCluster c = new MdtCluster(Nodes.Driver.MEM, 1)) {
            Mdc mdc = c.client("client1");
            Fid root = mdc.getRoot();
            MdcCred owner = MdcCred.user(100, 100);
            MdcCred groupMember = MdcCred.user(101, 100);
            MdcCred supplementary = MdcCred.user(102, 300, 100);
            MdcCred other = MdcCred.user(103, 300);
            MdcAttr d = mdc.mkdir(ROOT, root, n("home"), 0777);
            MdcAttr dir = mdc.mkdir(owner, d.fid(), n("owner"), 0750);
            assertThat(dir.uid()).isEqualTo(100);
            // owner rwx, group r-x, other ---
            mdc.create(owner, dir.fid(), n("mine"), 0640);
            mdc.getattrName(groupMember, dir.fid(), n("mine"), Mdc.GETATTR_VALID);
            mdc.getattrName(supplementary, dir.fid(), n("mine"), Mdc.GETATTR_VALID);
            assertErrno(Errno.EACCES, () -> mdc.getattrName(other, dir.fid(), n("mine"), Mdc.GETATTR_VALID));
            assertErrno(Errno.EACCES, () -> mdc.create(groupMember, dir.fid(), n("g"), 0644));
            assertErrno(Errno.EACCES, () -> mdc.create(supplementary, dir.fid(), n("s"), 0644));
            mdc.create(ROOT, dir.fid(), n("byroot"), 0644);
            // chmod by a non-owner: EPERM; by the owner: fine
            MdcAttr mine = mdc.getattrName(owner, dir.fid(), n("mine"), Mdc.GETATTR_VALID);
            assertErrno(Errno.EPERM, () -> mdc.setattr(groupMember, mine.fid(), MdcSetattr.chmod(0777, 5)));
            mdc.setattr(owner, mine.fid(), MdcSetattr.chmod(0600, 5));
            // sticky: others may not delete what they do not own
            MdcAttr tmp = mdc.mkdir(ROOT, root, n("tmp"), 01777);
            mdc.create(owner, tmp.fid(), n("ownersfile"), 0644);
            assertErrno(Errno.EPERM, () -> mdc.unlink(other, tmp.fid(), n("ownersfile")));
            mdc.unlink(owner, tmp.fid(), n("ownersfile"));
            // an ACL giving user 103 rwx on the owner's directory
            byte[] acl = new org.jlustre.wire.mdt.PosixAclXattr(List.of(
                    new org.jlustre.wire.mdt.PosixAclXattr.Entry(org.jlustre.wire.mdt.PosixAclXattr.ACL_USER_OBJ, 7, -1),
                    new org.jlustre.wire.mdt.PosixAclXattr.Entry(org.jlustre.wire.mdt.PosixAclXattr.ACL_USER, 7, 103),
                    new org.jlustre.wire.mdt.PosixAclXattr.Entry(org.jlustre.wire.mdt.PosixAclXattr.ACL_GROUP_OBJ, 5, -1),
                    new org.jlustre.wire.mdt.PosixAclXattr.Entry(org.jlustre.wire.mdt.PosixAclXattr.ACL_MASK, 7, -1),
                    new org.jlustre.wire.mdt.PosixAclXattr.Entry(org.jlustre.wire.mdt.PosixAclXattr.ACL_OTHER, 0, -1))).toBytes();
            mdc.setxattr(owner, dir.fid(), "system.posix_acl_access", acl, 0);
            mdc.create(other, dir.fid(), n("viaacl"), 0644);
            // root squash: root from this client becomes 65534 and may not write in the owner's dir
            c.mds.libcfs().params().set("mdt.lustre-MDT0000.root_squash", "65534:65534\n");
            assertErrno(Errno.EACCES, () -> mdc.create(ROOT, dir.fid(), n("squashed"), 0644));
            c.mds.libcfs().params().set("mdt.lustre-MDT0000.root_squash", "0:0\n");
            mdc.create(ROOT, dir.fid(), n("unsquashed"), 0644);
        }
    }

    @Test
    void renameEdgeCases() throws Exception {
        try (MdtCluster c = new MdtCluster(Nodes.Driver.MEM, 1)) {
            Mdc mdc = c.client("client1");
            Fid root = mdc.getRoot();
            MdcAttr a = mdc.mkdir(ROOT, root, n("a"), 0755);
            MdcAttr b = mdc.mkdir(ROOT, a.fid(), n("b"), 0755);
            mdc.mknod(ROOT, root, n("x"), FileMode.S_IFIFO | 0644, 0);
            mdc.mknod(ROOT, root, n("y"), FileMode.S_IFIFO | 0644, 0);
            mdc.mkdir(ROOT, root, n("empty"), 0755);
            MdcAttr full = mdc.mkdir(ROOT, root, n("full"), 0755);
            mdc.mknod(ROOT, full.fid(), n("in"), FileMode.S_IFIFO | 0644, 0);
            // replace a file
            MdcAttr y = mdc.getattrName(ROOT, root, n("y"), Mdc.GETATTR_VALID);
            mdc.rename(ROOT, root, n("x"), root, n("y"));
            assertErrno(Errno.ENOENT, () -> mdc.getattr(ROOT, y.fid(), Mdc.GETATTR_VALID));
            // a directory into its own subdirectory: EINVAL (the loop check)
            assertErrno(Errno.EINVAL, () -> mdc.rename(ROOT, root, n("a"), b.fid(), n("a2")));
            // a directory over a non-empty one: ENOTEMPTY; over an empty one: replaced
            assertErrno(Errno.ENOTEMPTY, () -> mdc.rename(ROOT, root, n("a"), root, n("full")));
            mdc.rename(ROOT, root, n("a"), root, n("empty"));
            assertThat(mdc.getattrName(ROOT, root, n("empty"), Mdc.GETATTR_VALID).fid()).isEqualTo(a.fid());
            // a file over a directory: EISDIR; a directory over a file: ENOTDIR
            assertErrno(Errno.EISDIR, () -> mdc.rename(ROOT, root, n("y"), root, n("full")));
            assertErrno(Errno.ENOTDIR, () -> mdc.rename(ROOT, root, n("full"), root, n("y")));
            // a directory moved to another parent: its .. follows, the link counts too
            int before = mdc.getattr(ROOT, root, Mdc.GETATTR_VALID).nlink();
            mdc.rename(ROOT, root, n("full"), a.fid(), n("full"));
            assertThat(mdc.getattr(ROOT, root, Mdc.GETATTR_VALID).nlink()).isEqualTo(before - 1);
            assertThat(mdc.getattr(ROOT, a.fid(), Mdc.GETATTR_VALID).nlink()).isEqualTo(4);
            // missing source
            assertErrno(Errno.ENOENT, () -> mdc.rename(ROOT, root, n("nosuch"), root, n("z")));
        }
    }

    @Test
    void aHundredThousandEntryDirectoryReadsFromEveryPageCookie() throws Exception {
        try (MdtCluster c = new MdtCluster(Nodes.Driver.MEM, 1)) {
            Mdc mdc = c.client("client1");
            Fid root = mdc.getRoot();
            MdcAttr d = mdc.mkdir(ROOT, root, n("big"), 0755);
            int count = 100_000;
            List<CompletableFuture<MdcAttr>> inFlight = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Fid child = mdc.allocFid();
                inFlight.add(mdc.reintCreateAsync(ROOT, d.fid(), n("entry-" + i), child, FileMode.S_IFIFO | 0644, 0,
                        new byte[0]));
                if (inFlight.size() == 64) {
                    for (CompletableFuture<MdcAttr> f : inFlight) {
                        f.join();
                    }
                    inFlight.clear();
                }
            }
            for (CompletableFuture<MdcAttr> f : inFlight) {
                f.join();
            }
            // one 4 KiB page at a time from 0 to the end: every page's start is a cookie to resume from
            List<LuDirpage.Page> pages = new ArrayList<>();
            long hash = 0;
            while (true) {
                List<LuDirpage.Page> got = mdc.readdir(ROOT, d.fid(), hash, LuDirpage.LU_PAGE_SIZE);
                assertThat(got).hasSize(1);
                LuDirpage.Page p = got.getFirst();
                pages.add(p);
                if (p.hashEnd() == LuDirpage.MDS_DIR_END_OFF) {
                    break;
                }
                hash = p.hashEnd();
            }
            Set<String> seen = new HashSet<>();
            for (LuDirpage.Page p : pages) {
                for (LuDirpage.Entry e : p.entries()) {
                    if (Long.compareUnsigned(e.hash(), p.hashStart()) >= 0) {
                        seen.add(new String(e.name(), StandardCharsets.UTF_8));
                    }
                }
            }
            assertThat(seen).hasSize(count + 2);
            // resumed from each page's cookie, the same page comes back
            for (int i = 0; i < pages.size(); i += Math.max(1, pages.size() / 400)) {
                LuDirpage.Page want = pages.get(i);
                LuDirpage.Page got = mdc.readdir(ROOT, d.fid(), want.hashStart(), LuDirpage.LU_PAGE_SIZE).getFirst();
                assertThat(got.hashEnd()).as("page %d", i).isEqualTo(want.hashEnd());
                assertThat(got.entries()).extracting(LuDirpage.Entry::fid).isEqualTo(want.entries().stream()
                        .map(LuDirpage.Entry::fid).toList());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void openUnlinkCloseAndUnlinkDestroysTheOstObjects(Nodes.Driver driver) throws Exception {
        try (MdtCluster c = new MdtCluster(driver, 2)) {
            c.awaitOsts();
            Mdc mdc = c.client("client1");
            Fid root = mdc.getRoot();
            MdcAttr o = mdc.openCreate(ROOT, root, n("held"), 0644, MdsOpenFlags.FMODE_READ | MdsOpenFlags.FMODE_WRITE
                    | MdsOpenFlags.CREAT, null);
            LovMdsMd layout = mdc.getattr(ROOT, o.fid(), Mdc.GETATTR_VALID).layout();
            List<Fid> objects = new ArrayList<>();
            for (LovOstData od : layout.objects()) {
                Fid obj = od.oi().toFid(od.ostIndex());
                assertThat(c.ostHas(od.ostIndex(), obj)).isTrue();
                objects.add(obj);
            }
            MdcAttr gone = mdc.unlink(ROOT, root, n("held"));
            assertThat(gone.nlink()).isZero();
            // still open: in PENDING, reachable by FID, its objects still on the OSTs
            assertThat(mdc.getattr(ROOT, o.fid(), Mdc.GETATTR_VALID).nlink()).isZero();
            assertErrno(Errno.ENOENT, () -> mdc.getattrName(ROOT, root, n("held"), Mdc.GETATTR_VALID));
            mdc.close(ROOT, o.fid(), o.openHandle());
            assertErrno(Errno.ENOENT, () -> mdc.getattr(ROOT, o.fid(), Mdc.GETATTR_VALID));
            await(() -> {
                for (int i = 0; i < objects.size(); i++) {
                    if (c.ostHas(layout.objects().get(i).ostIndex(), objects.get(i))) {
                        return false;
                    }
                }
                return true;
            });
            // a client that disconnects gets its opens closed: an open-unlinked file goes with it
            Mdc other = c.client("client2");
            MdcAttr held = other.openCreate(ROOT, root, n("held2"), 0644, MdsOpenFlags.FMODE_READ
                    | MdsOpenFlags.CREAT, null);
            other.unlink(ROOT, root, n("held2"));
            other.close();
            assertErrno(Errno.ENOENT, () -> mdc.getattr(ROOT, held.fid(), Mdc.GETATTR_VALID));
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void badInputGetsClearErrnosAndTheMdtKeepsServing(Nodes.Driver driver) throws Exception {
        try (MdtCluster c = new MdtCluster(driver, 1)) {
            Mdc mdc = c.client("client1");
            Fid root = mdc.getRoot();
            assertErrno(Errno.ENAMETOOLONG, () -> mdc.mkdir(ROOT, root, n("n".repeat(256)), 0755));
            mdc.mkdir(ROOT, root, n("n".repeat(255)), 0755);
            assertErrno(Errno.EEXIST, () -> mdc.mkdir(ROOT, root, n("."), 0755));
            assertErrno(Errno.EEXIST, () -> mdc.mkdir(ROOT, root, n(".."), 0755));
            assertErrno(Errno.ENAMETOOLONG, () -> mdc.symlink(ROOT, root, n("s"), n("t".repeat(4096))));
            mdc.symlink(ROOT, root, n("s"), n("t".repeat(4095)));
            MdcAttr f = mdc.mknod(ROOT, root, n("f"), FileMode.S_IFIFO | 0644, 0);
            int max = c.mdtDisk.conf().maxEaSize();
            assertErrno(Errno.E2BIG, () -> mdc.setxattr(ROOT, f.fid(), "user.big", new byte[max + 1], 0));
            Fid missing = Fid.of(0x200000400L, 999_999);
            assertErrno(Errno.ENOENT, () -> mdc.getattr(ROOT, missing, Mdc.GETATTR_VALID));
            assertErrno(Errno.ENOENT, () -> mdc.mkdir(ROOT, missing, n("x"), 0755));
            assertThat(mdc.getattr(ROOT, root, Mdc.GETATTR_VALID).mode() & FileMode.S_IFMT).isEqualTo(FileMode.S_IFDIR);
        }
    }

    /** A condition that may throw. */
    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check cond) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!cond.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within 60 s");
            }
            Thread.sleep(20);
        }
    }
}
