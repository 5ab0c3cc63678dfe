package org.jlustre.mdt.mdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.mdt.mdd.Errnos.errno;
import static org.jlustre.mdt.mdd.MddFixture.ROOT;
import static org.jlustre.mdt.mdd.MddFixture.b;

import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.mdt.LinkEa;
import org.jlustre.wire.mdt.Lma;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Link, unlink and rmdir: link counts, LinkEA, destroy with the OST objects, PENDING orphans. */
class MddUnlinkTest {

    private final MddFixture f;

    MddUnlinkTest() throws Exception {
        f = new MddFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private boolean exists(Fid fid) throws Exception {
        try (OsdObject o = f.osd.find(fid)) {
            return o.exists();
        }
    }

    private LinkEa linkEa(Fid fid) throws Exception {
        try (OsdObject o = f.osd.find(fid)) {
            return LinkEa.parse(o.xattrGet("trusted.link"));
        }
    }

    private boolean inPending(Fid fid) throws Exception {
        try (OsdObject p = f.osd.find(f.mdd.pending())) {
            return p.indexTry(IndexFeatures.DIRECTORY).lookup(Orphans.key(fid)).isPresent();
        }
    }

    @Test
    void hardLinksCountAndTheLastUnlinkDestroysTheFileAndItsOstObjects() throws Exception {
        Fid d = f.mkdir(ROOT, Fid.ROOT, "d", 0755).fid();
        Fid a = f.mkfile(ROOT, Fid.ROOT, "a", 0644).fid();
        assertThat(f.mdd.link(ROOT, a, d, b("b")).nlink()).isEqualTo(2);
        assertThat(linkEa(a).links()).containsExactly(new LinkEa.Link(Fid.ROOT, b("a")), new LinkEa.Link(d, b("b")));
        assertThat(f.mdd.lookup(ROOT, d, b("b")).fid()).isEqualTo(a);

        UnlinkResult r1 = f.mdd.unlink(ROOT, Fid.ROOT, b("a"), false);
        assertThat(r1.attr().nlink()).isEqualTo(1);
        assertThat(r1.destroyed()).isFalse();
        assertThat(linkEa(a).links()).containsExactly(new LinkEa.Link(d, b("b")));
        errno(Errno.ENOENT, () -> f.mdd.lookup(ROOT, Fid.ROOT, b("a")));

        UnlinkResult r2 = f.mdd.unlink(ROOT, d, b("b"), false);
        assertThat(r2.attr().nlink()).isZero();
        assertThat(r2.destroyed()).isTrue();
        assertThat(r2.orphan()).isFalse();
        assertThat(r2.attr().layout()).isEqualTo(FakeLayouts.lov(a, 0x100));
        assertThat(exists(a)).isFalse();
        assertThat(f.layouts.destroyed).containsExactly(a);
        errno(Errno.ENOENT, () -> f.mdd.getattr(a));
    }

    @Test
    void linkRefusesDirectoriesTakenNamesAndUnlinkedFiles() throws Exception {
        Fid d = f.mkdir(ROOT, Fid.ROOT, "d", 0755).fid();
        Fid a = f.mkfile(ROOT, Fid.ROOT, "a", 0644).fid();
        errno(Errno.EPERM, () -> f.mdd.link(ROOT, d, Fid.ROOT, b("d2")));
        errno(Errno.EEXIST, () -> f.mdd.link(ROOT, a, Fid.ROOT, b("d")));
        errno(Errno.EEXIST, () -> f.mdd.link(ROOT, a, Fid.ROOT, b(".")));
        errno(Errno.ENOTDIR, () -> f.mdd.link(ROOT, a, a, b("x")));
        errno(Errno.ENOENT, () -> f.mdd.link(ROOT, f.fid(), Fid.ROOT, b("x")));
        f.mdd.open(ROOT, a, Opens.FMODE_READ);
        f.mdd.unlink(ROOT, Fid.ROOT, b("a"), false);
        errno(Errno.ENOENT, () -> f.mdd.link(ROOT, a, Fid.ROOT, b("again")));
        f.mdd.close(a);
    }

    @Test
    void rmdirAndUnlinkAnswerAsLinux() throws Exception {
        Fid d = f.mkdir(ROOT, Fid.ROOT, "d", 0755).fid();
        Fid inner = f.mkfile(ROOT, d, "inner", 0644).fid();
        Fid file = f.mkfile(ROOT, Fid.ROOT, "file", 0644).fid();
        errno(Errno.ENOTEMPTY, () -> f.mdd.unlink(ROOT, Fid.ROOT, b("d"), true));
        errno(Errno.EISDIR, () -> f.mdd.unlink(ROOT, Fid.ROOT, b("d"), false));
        errno(Errno.ENOTDIR, () -> f.mdd.unlink(ROOT, Fid.ROOT, b("file"), true));
        errno(Errno.ENOENT, () -> f.mdd.unlink(ROOT, Fid.ROOT, b("nothing"), false));
        errno(Errno.EINVAL, () -> f.mdd.unlink(ROOT, d, b("."), true));
        errno(Errno.ENOTEMPTY, () -> f.mdd.unlink(ROOT, d, b(".."), true));
        errno(Errno.EISDIR, () -> f.mdd.unlink(ROOT, d, b("."), false));
        errno(Errno.ENOTDIR, () -> f.mdd.unlink(ROOT, file, b("x"), false));
        errno(Errno.EPERM, () -> f.mdd.unlink(ROOT, Fid.ROOT, b(".lustre"), true));
        errno(Errno.ENAMETOOLONG, () -> f.mdd.unlink(ROOT, Fid.ROOT, b("x".repeat(256)), false));

        int rootLinks = f.mdd.getattr(Fid.ROOT).nlink();
        f.mdd.unlink(ROOT, d, b("inner"), false);
        UnlinkResult r = f.mdd.unlink(ROOT, Fid.ROOT, b("d"), true);
        assertThat(r.destroyed()).isTrue();
        assertThat(r.attr().nlink()).isZero();
        assertThat(f.mdd.getattr(Fid.ROOT).nlink()).isEqualTo(rootLinks - 1);
        assertThat(exists(d)).isFalse();
        assertThat(f.layouts.destroyed).containsExactly(inner); // the directory had no OST objects
    }

    @Test
    void openFileUnlinkedWaitsInPendingUntilItsLastClose() throws Exception {
        Fid a = f.mkfile(ROOT, Fid.ROOT, "a", 0644).fid();
        f.mdd.open(ROOT, a, Opens.FMODE_READ);
        f.mdd.open(ROOT, a, Opens.FMODE_WRITE);
        UnlinkResult r = f.mdd.unlink(ROOT, Fid.ROOT, b("a"), false);
        assertThat(r.orphan()).isTrue();
        assertThat(r.destroyed()).isFalse();
        assertThat(r.attr().nlink()).isZero();
        assertThat(inPending(a)).isTrue();
        assertThat(Orphans.key(a)).isEqualTo("0x200000400:0x1:0x0");
        try (OsdObject o = f.osd.find(a)) {
            assertThat(Lma.parse(o.xattrGet("trusted.lma")).incompat()).isEqualTo(Lma.LMAI_ORPHAN);
            assertThat(o.attrGet().nlink()).isEqualTo(1); // PENDING's link
        }
        assertThat(f.mdd.getattr(a).nlink()).isZero();
        errno(Errno.ENOENT, () -> f.mdd.lookup(ROOT, Fid.ROOT, b("a")));
        errno(Errno.ENOENT, () -> f.mdd.open(ROOT, a, Opens.FMODE_READ));
        // a readdir of ROOT does not show it, nor does PENDING hold anything else
        assertThat(Pages.list(f.mdd, Fid.ROOT, 4096)).containsExactly(".", "..");

        f.mdd.close(a);
        assertThat(exists(a)).isTrue();
        assertThat(f.layouts.destroyed).isEmpty();
        f.mdd.close(a);
        assertThat(exists(a)).isFalse();
        assertThat(inPending(a)).isFalse();
        assertThat(f.layouts.destroyed).containsExactly(a);
    }

    @Test
    void openDirectoryRemovedListsNothingAndTakesNoNewNames() throws Exception {
        Fid d = f.mkdir(ROOT, Fid.ROOT, "d", 0755).fid();
        f.mdd.open(ROOT, d, Opens.FMODE_READ);
        UnlinkResult r = f.mdd.unlink(ROOT, Fid.ROOT, b("d"), true);
        assertThat(r.orphan()).isTrue();
        assertThat(inPending(d)).isTrue();
        errno(Errno.ENOENT, () -> f.mdd.lookup(ROOT, d, b(".")));
        errno(Errno.ENOENT, () -> f.mkfile(ROOT, d, "new", 0644));
        Pages.Page p = Pages.parse(f.mdd.readdir(ROOT, d, 0, 4096, 3)).get(0);
        assertThat(p.flags()).isEqualTo(DirPages.LDF_EMPTY);
        assertThat(p.entries()).isEmpty();
        int pendingLinks = f.mdd.getattr(f.mdd.pending()).nlink();
        f.mdd.close(d);
        assertThat(exists(d)).isFalse();
        assertThat(f.mdd.getattr(f.mdd.pending()).nlink()).isEqualTo(pendingLinks - 1);
    }

    @Test
    void remountDestroysTheOrphansThatWereOpen() throws Exception {
        Fid a = f.mkfile(ROOT, Fid.ROOT, "a", 0644).fid();
        Fid d = f.mkdir(ROOT, Fid.ROOT, "d", 0755).fid();
        int pendingLinks = f.mdd.getattr(f.mdd.pending()).nlink();
        f.mdd.open(ROOT, a, Opens.FMODE_READ);
        f.mdd.open(ROOT, d, Opens.FMODE_READ);
        f.mdd.unlink(ROOT, Fid.ROOT, b("a"), false);
        f.mdd.unlink(ROOT, Fid.ROOT, b("d"), true);
        assertThat(inPending(a)).isTrue();
        assertThat(inPending(d)).isTrue();
        assertThat(Pages.list(f.mdd, f.mdd.pending(), 4096)).hasSize(4);
        f.remount();
        assertThat(f.mdd.orphansCleaned()).isEqualTo(2);
        assertThat(exists(a)).isFalse();
        assertThat(exists(d)).isFalse();
        assertThat(inPending(a)).isFalse();
        assertThat(f.layouts.destroyed).containsExactly(a);
        assertThat(f.mdd.getattr(f.mdd.pending()).nlink()).isEqualTo(pendingLinks);
        assertThat(Pages.list(f.mdd, f.mdd.pending(), 4096)).containsExactly(".", "..");
        f.remount();
        assertThat(f.mdd.orphansCleaned()).isZero();
    }

    @Test
    void everyUnlinkIsOneTransactionThatTheHooksSee() throws Exception {
        Fid a = f.mkfile(ROOT, Fid.ROOT, "a", 0644).fid();
        java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
        try (var reg = f.osd.addTxnHooks(new org.jlustre.osd.TxnHooks() {
            @Override
            public void txnStart(org.jlustre.osd.Transaction th) {
                starts.incrementAndGet();
            }

            @Override
            public void txnStop(org.jlustre.osd.Transaction th) {
            }
        })) {
            f.mdd.link(ROOT, a, Fid.ROOT, b("b"));
            f.mdd.unlink(ROOT, Fid.ROOT, b("a"), false);
            f.mdd.unlink(ROOT, Fid.ROOT, b("b"), false);
            f.mkdir(ROOT, Fid.ROOT, "d", 0755);
            f.mdd.rename(ROOT, Fid.ROOT, b("d"), Fid.ROOT, b("e"));
        }
        assertThat(starts.get()).isEqualTo(5);
    }
}
