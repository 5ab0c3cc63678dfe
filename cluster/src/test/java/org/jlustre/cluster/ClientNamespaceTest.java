package org.jlustre.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jlustre.client.DirEntry;
import org.jlustre.client.DirPage;
import org.jlustre.client.FileAttr;
import org.jlustre.client.FsStat;
import org.jlustre.client.LustreClient;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.SetAttr;
import org.jlustre.client.Striping;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.mdc.MdcCred;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Every namespace operation of the client API against real servers on the in-JVM network, with its errors. */
class ClientNamespaceTest {

    private static final MdcCred ROOT = MdcCred.root();
    private static final MdcCred ALICE = MdcCred.user(1000, 1000);
    private static final MdcCred BOB = MdcCred.user(2000, 2000);
    private static LocalCluster cluster;
    private static LustreClient fs;
    private Fid dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(Nodes.Driver.MEM);
        fs = cluster.mount();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A fresh directory per test, writable by everyone. */
    @BeforeEach
    void dir(TestInfo info) {
        dir = fs.mkdir(ROOT, fs.root(), b(info.getTestMethod().orElseThrow().getName()), 0777).join().fid();
        fs.setattr(ROOT, dir, SetAttr.NONE.withMode(0777)).join();
    }

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /** The errno a future failed with. */
    static Errno errno(CompletableFuture<?> f) {
        Throwable t = catchThrowable(f::join);
        assertThat(t).isInstanceOf(CompletionException.class);
        assertThat(t.getCause()).isInstanceOf(LustreException.class);
        return ((LustreException) t.getCause()).errno();
    }

    @Test
    void createLookupStatAndPath() {
        FileAttr f = fs.create(ALICE, dir, b("f"), 0640, Striping.DEFAULT).join();
        assertThat(f.isRegularFile()).isTrue();
        assertThat(f.permissions()).isEqualTo(0640);
        assertThat(f.uid()).isEqualTo(1000);
        assertThat(f.size()).isZero();
        assertThat(fs.lookup(ALICE, dir, b("f")).join().fid()).isEqualTo(f.fid());
        assertThat(fs.stat(ALICE, f.fid()).join().nlink()).isEqualTo(1);
        assertThat(fs.lookupPath(ALICE, b("/createLookupStatAndPath/./f")).join().fid()).isEqualTo(f.fid());
        assertThat(fs.lookupPath(ALICE, b("createLookupStatAndPath/f/x")).exceptionally(t -> null))
                .matches(x -> errno(fs.lookupPath(ALICE, b("createLookupStatAndPath/f/x"))) == Errno.ENOTDIR);
        assertThat(new String(fs.fidToPath(ROOT, f.fid()).join(), UTF_8)).isEqualTo("createLookupStatAndPath/f");
        assertThat(fs.getLayout(ALICE, f.fid()).join().objects()).hasSize(1);
    }

    @Test
    void errorsAsPosixSaysThem() {
        fs.create(ALICE, dir, b("f"), 0644, Striping.DEFAULT).join();
        FileAttr sub = fs.mkdir(ALICE, dir, b("sub"), 0755).join();
        fs.create(ALICE, sub.fid(), b("g"), 0644, Striping.DEFAULT).join();
        Fid file = fs.lookup(ALICE, dir, b("f")).join().fid();
        assertThat(errno(fs.lookup(ALICE, dir, b("missing")))).isEqualTo(Errno.ENOENT);
        assertThat(errno(fs.create(ALICE, dir, b("f"), 0644, Striping.DEFAULT))).isEqualTo(Errno.EEXIST);
        assertThat(errno(fs.mkdir(ALICE, dir, b("sub"), 0755))).isEqualTo(Errno.EEXIST);
        assertThat(errno(fs.lookup(ALICE, file, b("x")))).isEqualTo(Errno.ENOTDIR);
        assertThat(errno(fs.rmdir(ALICE, dir, b("f")))).isEqualTo(Errno.ENOTDIR);
        assertThat(errno(fs.unlink(ALICE, dir, b("sub")))).isEqualTo(Errno.EISDIR);
        assertThat(errno(fs.rmdir(ALICE, dir, b("sub")))).isEqualTo(Errno.ENOTEMPTY);
        assertThat(errno(fs.open(ALICE, dir, b("sub"), OpenFlags.O_WRONLY, 0, Striping.DEFAULT)))
                .isEqualTo(Errno.EISDIR);
        assertThat(errno(fs.open(ALICE, dir, b("f"), OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, 0,
                Striping.DEFAULT))).isEqualTo(Errno.ENOTDIR);
        assertThat(errno(fs.open(ALICE, dir, b("f"), OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_RDWR, 0644,
                Striping.DEFAULT))).isEqualTo(Errno.EEXIST);
        assertThat(errno(fs.open(ALICE, dir, b("none"), OpenFlags.O_RDONLY, 0, Striping.DEFAULT)))
                .isEqualTo(Errno.ENOENT);
        assertThat(errno(fs.create(ALICE, dir, b("a/b"), 0644, Striping.DEFAULT))).isEqualTo(Errno.EINVAL);
        assertThat(errno(fs.create(ALICE, dir, new byte[256], 0644, Striping.DEFAULT))).isEqualTo(Errno.ENAMETOOLONG);
        assertThat(errno(fs.readlink(ALICE, file))).isEqualTo(Errno.EINVAL);
        assertThat(errno(fs.stat(ALICE, new Fid(0x200000bad0L, 1, 0)))).isIn(Errno.ENOENT, Errno.EREMOTE);
        assertThat(errno(fs.mkdir(ALICE, dir, b("far"), 0755, 7))).isEqualTo(Errno.ENODEV);
    }

    @Test
    void permissionsAreTheServersWithTheCallersIds() {
        FileAttr priv = fs.mkdir(ALICE, dir, b("private"), 0700).join();
        fs.create(ALICE, priv.fid(), b("secret"), 0600, Striping.DEFAULT).join();
        assertThat(errno(fs.lookup(BOB, priv.fid(), b("secret")))).isEqualTo(Errno.EACCES);
        assertThat(errno(fs.create(BOB, priv.fid(), b("mine"), 0644, Striping.DEFAULT))).isEqualTo(Errno.EACCES);
        assertThat(errno(fs.readdir(BOB, priv.fid(), 0))).isEqualTo(Errno.EACCES);
        Fid secret = fs.lookup(ALICE, priv.fid(), b("secret")).join().fid();
        assertThat(errno(fs.open(BOB, secret, OpenFlags.O_RDONLY))).isEqualTo(Errno.EACCES);
        assertThat(errno(fs.setattr(BOB, secret, SetAttr.NONE.withMode(0666)))).isEqualTo(Errno.EPERM);
        assertThat(errno(fs.setattr(ALICE, secret, SetAttr.NONE.withOwner(2000, -1)))).isEqualTo(Errno.EPERM);
        // root may
        assertThat(fs.lookup(ROOT, priv.fid(), b("secret")).join().fid()).isEqualTo(secret);
        FileAttr given = fs.setattr(ROOT, secret, SetAttr.NONE.withOwner(2000, 2000)).join();
        assertThat(given.uid()).isEqualTo(2000);
        assertThat(given.gid()).isEqualTo(2000);
    }

    @Test
    void setattrChmodChownUtimes() {
        Fid f = fs.create(ALICE, dir, b("f"), 0644, Striping.of(2, 65536)).join().fid();
        assertThat(fs.setattr(ALICE, f, SetAttr.NONE.withMode(0600)).join().permissions()).isEqualTo(0600);
        FileAttr t = fs.setattr(ALICE, f, SetAttr.NONE.withTimes(1_000_000, 2_000_000)).join();
        assertThat(t.atime()).isEqualTo(1_000_000);
        assertThat(t.mtime()).isEqualTo(2_000_000);
        assertThat(fs.stat(BOB, f).join().mtime()).isEqualTo(2_000_000);
        assertThat(fs.setattr(ROOT, f, SetAttr.NONE.withOwner(3000, 3000)).join().uid()).isEqualTo(3000);
    }

    @Test
    void specialFilesSymlinksAndHardLinks() {
        FileAttr fifo = fs.mknod(ALICE, dir, b("fifo"), FileMode.S_IFIFO | 0644, 0).join();
        assertThat(fifo.mode() & FileMode.S_IFMT).isEqualTo(FileMode.S_IFIFO);
        FileAttr sock = fs.mknod(ALICE, dir, b("sock"), FileMode.S_IFSOCK | 0644, 0).join();
        assertThat(sock.mode() & FileMode.S_IFMT).isEqualTo(FileMode.S_IFSOCK);
        FileAttr reg = fs.mknod(ALICE, dir, b("reg"), FileMode.S_IFREG | 0644, 0).join();
        assertThat(reg.isRegularFile()).isTrue();
        byte[] target = {'/', 't', (byte) 0xff, 'x'};
        FileAttr ln = fs.symlink(ALICE, dir, b("ln"), target).join();
        assertThat(ln.isSymlink()).isTrue();
        assertThat(fs.readlink(ALICE, ln.fid()).join()).isEqualTo(target);
        assertThat(errno(fs.open(ALICE, dir, b("ln"), OpenFlags.O_RDONLY, 0, Striping.DEFAULT))).isEqualTo(Errno.ELOOP);
        FileAttr linked = fs.link(ALICE, reg.fid(), dir, b("reg2")).join();
        assertThat(linked.nlink()).isEqualTo(2);
        assertThat(fs.lookup(ALICE, dir, b("reg2")).join().fid()).isEqualTo(reg.fid());
        FileAttr sub = fs.mkdir(ALICE, dir, b("sub"), 0755).join();
        assertThat(errno(fs.link(ALICE, sub.fid(), dir, b("sub2")))).isEqualTo(Errno.EPERM);
        fs.unlink(ALICE, dir, b("reg")).join();
        assertThat(fs.stat(ALICE, reg.fid()).join().nlink()).isEqualTo(1);
        fs.unlink(ALICE, dir, b("reg2")).join();
        assertThat(errno(fs.stat(ALICE, reg.fid()))).isEqualTo(Errno.ENOENT);
        fs.rmdir(ALICE, dir, b("sub")).join();
        assertThat(errno(fs.lookup(ALICE, dir, b("sub")))).isEqualTo(Errno.ENOENT);
    }

    @Test
    void renameWithinAndAcrossDirectoriesAndItsFlags() {
        FileAttr a = fs.mkdir(ALICE, dir, b("a"), 0755).join();
        FileAttr bdir = fs.mkdir(ALICE, dir, b("b"), 0755).join();
        Fid f = fs.create(ALICE, a.fid(), b("f"), 0644, Striping.DEFAULT).join().fid();
        fs.create(ALICE, bdir.fid(), b("taken"), 0644, Striping.DEFAULT).join();
        fs.rename(ALICE, a.fid(), b("f"), a.fid(), b("g"), 0).join();
        assertThat(fs.lookup(ALICE, a.fid(), b("g")).join().fid()).isEqualTo(f);
        assertThat(errno(fs.rename(ALICE, a.fid(), b("g"), bdir.fid(), b("taken"), LustreClient.RENAME_NOREPLACE)))
                .isEqualTo(Errno.EEXIST);
        assertThat(errno(fs.rename(ALICE, a.fid(), b("g"), bdir.fid(), b("taken"), LustreClient.RENAME_EXCHANGE)))
                .isEqualTo(Errno.EINVAL);
        fs.rename(ALICE, a.fid(), b("g"), bdir.fid(), b("moved"), LustreClient.RENAME_NOREPLACE).join();
        assertThat(fs.lookup(ALICE, bdir.fid(), b("moved")).join().fid()).isEqualTo(f);
        assertThat(errno(fs.lookup(ALICE, a.fid(), b("g")))).isEqualTo(Errno.ENOENT);
        // replacing rename: the old "taken" goes
        Fid taken = fs.lookup(ALICE, bdir.fid(), b("taken")).join().fid();
        fs.rename(ALICE, bdir.fid(), b("moved"), bdir.fid(), b("taken"), 0).join();
        assertThat(fs.lookup(ALICE, bdir.fid(), b("taken")).join().fid()).isEqualTo(f);
        assertThat(errno(fs.stat(ALICE, taken))).isEqualTo(Errno.ENOENT);
        // a directory moves with its ".."
        fs.rename(ALICE, dir, b("a"), bdir.fid(), b("a"), 0).join();
        assertThat(fs.lookup(ALICE, a.fid(), b("..")).join().fid()).isEqualTo(bdir.fid());
        assertThat(errno(fs.rename(ALICE, dir, b("b"), a.fid(), b("b"), 0))).isEqualTo(Errno.EINVAL);
    }

    @Test
    void readdirResumesFromEveryCookieWithByteNames() {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 600; i++) {
            byte[] n = ("entry-" + i + "-" + "x".repeat(40 + i % 40)).getBytes(UTF_8);
            fs.create(ALICE, dir, n, 0644, Striping.DEFAULT).join();
            made.add(new String(n, UTF_8));
        }
        byte[] latin1 = {'c', (byte) 0xe9, 'l', (byte) 0xe8, 'b', 'r', 'e'};
        fs.mkdir(ALICE, dir, latin1, 0755).join();
        List<DirEntry> all = fs.readdirAll(ALICE, dir).join();
        assertThat(all).hasSize(603);
        assertThat(all.stream().filter(e -> java.util.Arrays.equals(e.name(), latin1)).findFirst().orElseThrow().type())
                .isEqualTo(FileMode.S_IFDIR >>> 12);
        Set<String> listed = new HashSet<>();
        for (DirEntry e : all) {
            listed.add(new String(e.name(), UTF_8));
        }
        assertThat(listed).containsAll(made).contains(".", "..");
        assertThat(fs.lookup(ALICE, dir, latin1).join().isDirectory()).isTrue();
        // page by page, and resuming after any entry gives exactly the entries after it
        List<DirEntry> paged = new ArrayList<>();
        long cookie = 0;
        int pages = 0;
        for (;;) {
            DirPage p = fs.readdir(ALICE, dir, cookie).join();
            paged.addAll(p.entries());
            pages++;
            if (p.atEnd()) {
                break;
            }
            cookie = p.nextCookie();
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(paged).isEqualTo(all);
        for (int i = 0; i < all.size(); i += 37) {
            List<DirEntry> rest = new ArrayList<>();
            long c = all.get(i).nextCookie();
            while (c != DirPage.END) {
                DirPage p = fs.readdir(ALICE, dir, c).join();
                rest.addAll(p.entries());
                c = p.nextCookie();
            }
            assertThat(rest).isEqualTo(all.subList(i + 1, all.size()));
        }
    }

    @Test
    void xattrs() {
        Fid f = fs.create(ALICE, dir, b("f"), 0644, Striping.DEFAULT).join().fid();
        byte[] v = {0, 1, 2, (byte) 0xff};
        fs.setxattr(ALICE, f, "user.k", v, 0).join();
        assertThat(fs.getxattr(ALICE, f, "user.k").join()).isEqualTo(v);
        assertThat(fs.listxattr(ALICE, f).join()).contains("user.k");
        assertThat(errno(fs.setxattr(ALICE, f, "user.k", v, LustreClient.XATTR_CREATE))).isEqualTo(Errno.EEXIST);
        assertThat(errno(fs.setxattr(ALICE, f, "user.none", v, LustreClient.XATTR_REPLACE))).isEqualTo(Errno.ENODATA);
        assertThat(errno(fs.setxattr(BOB, f, "user.k", v, 0))).isEqualTo(Errno.EACCES);
        fs.removexattr(ALICE, f, "user.k").join();
        assertThat(errno(fs.getxattr(ALICE, f, "user.k"))).isEqualTo(Errno.ENODATA);
        assertThat(errno(fs.removexattr(ALICE, f, "user.k"))).isEqualTo(Errno.ENODATA);
    }

    @Test
    void statfsSumsEveryTarget() {
        FsStat s = fs.statfs(ALICE).join();
        assertThat(s.targets()).extracting(FsStat.TargetStat::name)
                .containsExactly("lustre-MDT0000", "lustre-OST0000", "lustre-OST0001");
        long ostBlocks = s.targets().stream().filter(t -> !t.mdt())
                .mapToLong(t -> t.statfs().blocks() * t.statfs().bsize() / s.blockSize()).sum();
        assertThat(s.blocks()).isEqualTo(ostBlocks).isPositive();
        assertThat(s.blocksFree()).isPositive().isLessThanOrEqualTo(s.blocks());
        assertThat(s.files()).isPositive();
        assertThat(s.nameMax()).isEqualTo(255);
        assertThat(fs.targets()).containsExactly("lustre-MDT0000", "lustre-OST0000", "lustre-OST0001");
    }

    @Test
    void layoutsAndDefaultStriping() {
        var l = fs.getLayout(ALICE, fs.create(ALICE, dir, b("wide"), 0644, new Striping(2, 131072, 1, "")).join().fid())
                .join();
        assertThat(l.stripeCount()).isEqualTo(2);
        assertThat(l.stripeSize()).isEqualTo(131072);
        assertThat(l.objects()).extracting(o -> o.ostIndex()).containsExactly(1, 0);
        assertThat(errno(fs.getLayout(ALICE, dir))).isEqualTo(Errno.ENODATA);
        // only the directory's owner (here root) may set its default
        assertThat(errno(fs.setDefaultStriping(ALICE, dir, Striping.of(2, 65536)))).isEqualTo(Errno.EPERM);
        fs.setDefaultStriping(ROOT, dir, Striping.of(2, 65536)).join();
        var d = fs.getLayout(ALICE, dir).join();
        assertThat(d.stripeCount()).isEqualTo(2);
        assertThat(d.stripeSize()).isEqualTo(65536);
        assertThat(d.objects()).isEmpty();
        var inherited = fs.getLayout(ALICE, fs.create(ALICE, dir, b("child"), 0644, Striping.DEFAULT).join().fid())
                .join();
        assertThat(inherited.objects()).hasSize(2);
        assertThat(inherited.stripeSize()).isEqualTo(65536);
    }
}
