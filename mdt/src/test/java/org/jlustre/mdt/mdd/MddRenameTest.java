package org.jlustre.mdt.mdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.mdt.mdd.Errnos.errno;
import static org.jlustre.mdt.mdd.MddFixture.ROOT;
import static org.jlustre.mdt.mdd.MddFixture.b;

import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.mdt.LinkEa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rename: within and across directories, replace, directory moves, the loop check, the no-op. */
class MddRenameTest {

    private final MddFixture f;

    MddRenameTest() throws Exception {
        f = new MddFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private LinkEa linkEa(Fid fid) throws Exception {
        try (OsdObject o = f.osd.find(fid)) {
            return LinkEa.parse(o.xattrGet("trusted.link"));
        }
    }

    private int nlink(Fid fid) throws Exception {
        return f.mdd.getattr(fid).nlink();
    }

    @Test
    void fileMovesAndItsLinkEaFollows() throws Exception {
        Fid d = f.mkdir(ROOT, Fid.ROOT, "d", 0755).fid();
        Fid a = f.mkfile(ROOT, Fid.ROOT, "a", 0644).fid();
        RenameResult r = f.mdd.rename(ROOT, Fid.ROOT, b("a"), Fid.ROOT, b("b"));
        assertThat(r.replaced()).isNull();
        assertThat(r.source().fid()).isEqualTo(a);
        errno(Errno.ENOENT, () -> f.mdd.lookup(ROOT, Fid.ROOT, b("a")));
        assertThat(f.mdd.lookup(ROOT, Fid.ROOT, b("b")).fid()).isEqualTo(a);
        assertThat(linkEa(a).links()).containsExactly(new LinkEa.Link(Fid.ROOT, b("b")));

        f.mdd.rename(ROOT, Fid.ROOT, b("b"), d, b("c"));
        assertThat(f.mdd.lookup(ROOT, d, b("c")).fid()).isEqualTo(a);
        assertThat(linkEa(a).links()).containsExactly(new LinkEa.Link(d, b("c")));
        assertThat(nlink(a)).isEqualTo(1);
        errno(Errno.ENOENT, () -> f.mdd.rename(ROOT, Fid.ROOT, b("b"), d, b("x")));
    }

    @Test
    void replacingAFileDestroysItUnlessItHasOtherLinks() throws Exception {
        Fid a = f.mkfile(ROOT, Fid.ROOT, "a", 0644).fid();
        Fid t = f.mkfile(ROOT, Fid.ROOT, "t", 0644).fid();
        RenameResult r = f.mdd.rename(ROOT, Fid.ROOT, b("a"), Fid.ROOT, b("t"));
        assertThat(r.replaced().destroyed()).isTrue();
        assertThat(r.replaced().attr().fid()).isEqualTo(t);
        assertThat(f.layouts.destroyed).containsExactly(t);
        assertThat(f.mdd.lookup(ROOT, Fid.ROOT, b("t")).fid()).isEqualTo(a);

        Fid u = f.mkfile(ROOT, Fid.ROOT, "u", 0644).fid();
        f.mdd.link(ROOT, u, Fid.ROOT, b("u2"));
        RenameResult r2 = f.mdd.rename(ROOT, Fid.ROOT, b("t"), Fid.ROOT, b("u"));
        assertThat(r2.replaced().destroyed()).isFalse();
        assertThat(r2.replaced().attr().nlink()).isEqualTo(1);
        assertThat(linkEa(u).links()).containsExactly(new LinkEa.Link(Fid.ROOT, b("u2")));

        Fid open = f.mkfile(ROOT, Fid.ROOT, "open", 0644).fid();
        f.mdd.open(ROOT, open, Opens.FMODE_READ);
        RenameResult r3 = f.mdd.rename(ROOT, Fid.ROOT, b("u2"), Fid.ROOT, b("open"));
        assertThat(r3.replaced().orphan()).isTrue();
        f.mdd.close(open);
        errno(Errno.ENOENT, () -> f.mdd.getattr(open));
    }

    @Test
    void directoryMovesUpdateDotDotAndBothParentsLinkCounts() throws Exception {
        Fid d1 = f.mkdir(ROOT, Fid.ROOT, "d1", 0755).fid();
        Fid d2 = f.mkdir(ROOT, Fid.ROOT, "d2", 0755).fid();
        Fid sub = f.mkdir(ROOT, d1, "sub", 0755).fid();
        assertThat(nlink(d1)).isEqualTo(3);
        f.mdd.rename(ROOT, d1, b("sub"), d2, b("moved"));
        assertThat(nlink(d1)).isEqualTo(2);
        assertThat(nlink(d2)).isEqualTo(3);
        assertThat(nlink(sub)).isEqualTo(2);
        assertThat(f.mdd.lookup(ROOT, sub, b("..")).fid()).isEqualTo(d2);
        assertThat(linkEa(sub).links()).containsExactly(new LinkEa.Link(d2, b("moved")));

        // replacing an empty directory: the target parent keeps its count (one ".." out, one in)
        Fid empty = f.mkdir(ROOT, d1, "empty", 0755).fid();
        int d1Links = nlink(d1);
        int d2Links = nlink(d2);
        RenameResult r = f.mdd.rename(ROOT, d2, b("moved"), d1, b("empty"));
        assertThat(r.replaced().destroyed()).isTrue();
        assertThat(r.replaced().attr().fid()).isEqualTo(empty);
        assertThat(nlink(d1)).isEqualTo(d1Links);
        assertThat(nlink(d2)).isEqualTo(d2Links - 1);
        assertThat(f.mdd.lookup(ROOT, sub, b("..")).fid()).isEqualTo(d1);
        errno(Errno.ENOENT, () -> f.mdd.getattr(empty));
    }

    @Test
    void theReplaceRulesAndTheLoopCheckAnswerAsLinux() throws Exception {
        Fid d = f.mkdir(ROOT, Fid.ROOT, "d", 0755).fid();
        Fid full = f.mkdir(ROOT, Fid.ROOT, "full", 0755).fid();
        f.mkfile(ROOT, full, "x", 0644);
        f.mkfile(ROOT, Fid.ROOT, "file", 0644);
        Fid inner = f.mkdir(ROOT, d, "inner", 0755).fid();
        Fid deep = f.mkdir(ROOT, inner, "deep", 0755).fid();

        errno(Errno.ENOTDIR, () -> f.mdd.rename(ROOT, Fid.ROOT, b("d"), Fid.ROOT, b("file")));
        errno(Errno.EISDIR, () -> f.mdd.rename(ROOT, Fid.ROOT, b("file"), Fid.ROOT, b("d")));
        errno(Errno.ENOTEMPTY, () -> f.mdd.rename(ROOT, Fid.ROOT, b("d"), Fid.ROOT, b("full")));
        // a directory moved under itself
        errno(Errno.EINVAL, () -> f.mdd.rename(ROOT, Fid.ROOT, b("d"), d, b("self")));
        errno(Errno.EINVAL, () -> f.mdd.rename(ROOT, Fid.ROOT, b("d"), deep, b("loop")));
        // the target an ancestor of the source: not empty
        errno(Errno.ENOTEMPTY, () -> f.mdd.rename(ROOT, inner, b("deep"), Fid.ROOT, b("d")));
        errno(Errno.EBUSY, () -> f.mdd.rename(ROOT, Fid.ROOT, b("."), Fid.ROOT, b("x")));
        errno(Errno.EBUSY, () -> f.mdd.rename(ROOT, Fid.ROOT, b("d"), Fid.ROOT, b("..")));
        errno(Errno.EINVAL, () -> f.mdd.rename(ROOT, Fid.ROOT, b("d"), Fid.ROOT, b("a/b")));
        errno(Errno.ENAMETOOLONG, () -> f.mdd.rename(ROOT, Fid.ROOT, b("d"), Fid.ROOT, b("n".repeat(256))));
        errno(Errno.EPERM, () -> f.mdd.rename(ROOT, Fid.ROOT, b(".lustre"), Fid.ROOT, b("dl")));
        errno(Errno.ENOTDIR, () -> f.mdd.rename(ROOT, Fid.ROOT, b("file"), f.mdd.lookup(ROOT, Fid.ROOT, b("file")).fid(),
                b("x")));
        // nothing changed
        assertThat(f.mdd.lookup(ROOT, deep, b("..")).fid()).isEqualTo(inner);
        assertThat(Pages.list(f.mdd, Fid.ROOT, 4096)).containsExactly(".", "..", "d", "full", "file");
    }

    @Test
    void twoNamesOfOneFileRenameToEachOtherAsANoOp() throws Exception {
        Fid a = f.mkfile(ROOT, Fid.ROOT, "a", 0644).fid();
        f.mdd.link(ROOT, a, Fid.ROOT, b("b"));
        RenameResult r = f.mdd.rename(ROOT, Fid.ROOT, b("a"), Fid.ROOT, b("b"));
        assertThat(r.replaced()).isNull();
        assertThat(f.mdd.lookup(ROOT, Fid.ROOT, b("a")).fid()).isEqualTo(a);
        assertThat(f.mdd.lookup(ROOT, Fid.ROOT, b("b")).fid()).isEqualTo(a);
        assertThat(nlink(a)).isEqualTo(2);
        RenameResult same = f.mdd.rename(ROOT, Fid.ROOT, b("a"), Fid.ROOT, b("a"));
        assertThat(same.replaced()).isNull();
        assertThat(nlink(a)).isEqualTo(2);
    }
}
