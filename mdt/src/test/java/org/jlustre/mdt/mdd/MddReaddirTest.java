package org.jlustre.mdt.mdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.mdt.mdd.MddFixture.ROOT;
import static org.jlustre.mdt.mdd.MddFixture.b;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.wire.LuDirent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Readdir into lu_dirpages: entries, types, .lustre hidden, 100,000 entries resumed from every page. */
class MddReaddirTest {

    private static final int ATTRS = LuDirent.LUDA_FID | LuDirent.LUDA_TYPE;

    private final MddFixture f;

    MddReaddirTest() throws Exception {
        f = new MddFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void rootListsDotDotDotAndEntriesWithTheirTypesButNotDotLustre() throws Exception {
        MdAttr d = f.mkdir(ROOT, Fid.ROOT, "dir", 0755);
        MdAttr a = f.mkfile(ROOT, Fid.ROOT, "file", 0644);
        List<Pages.Page> pages = Pages.parse(f.mdd.readdir(ROOT, Fid.ROOT, 0, 4096, ATTRS));
        assertThat(pages).hasSize(1);
        Pages.Page p = pages.get(0);
        assertThat(p.hashStart()).isZero();
        assertThat(p.hashEnd()).isEqualTo(DirPages.DIR_END);
        // mdd_dir_page_build compares the last entry's hash with the hash end before it becomes
        // MDS_DIR_END_OFF, so the page that ends the directory carries LDF_COLLIDE in Lustre too
        assertThat(p.flags()).isEqualTo(DirPages.LDF_COLLIDE);
        assertThat(p.entries()).extracting(LuDirent::name).containsExactly(".", "..", "dir", "file");
        assertThat(p.entries()).extracting(LuDirent::fid).containsExactly(Fid.ROOT, f.osd.rootFid(), d.fid(), a.fid());
        assertThat(p.entries()).extracting(LuDirent::type).containsExactly(FileMode.S_IFDIR, FileMode.S_IFDIR,
                FileMode.S_IFDIR, FileMode.S_IFREG);
        assertThat(p.entries().get(3).reclen()).isZero();
        assertThat(f.mdd.lookup(ROOT, Fid.ROOT, b(".lustre")).fid()).isEqualTo(Fid.DOT_LUSTRE);
        // mdd_dir_page_build hides every entry with .lustre's FID, so in .lustre its "." too
        assertThat(Pages.list(f.mdd, Fid.DOT_LUSTRE, 4096)).containsExactly("..", "fid", "lost+found");
    }

    @Test
    void aHundredThousandEntriesListAcrossPagesAndResumeFromEveryPage() throws Exception {
        Fid dir = f.mkdir(ROOT, Fid.ROOT, "big", 0755).fid();
        int n = 100_000;
        List<String> expected = new ArrayList<>(List.of(".", ".."));
        for (int i = 0; i < n; i++) {
            String name = "entry-" + i;
            f.mdd.create(ROOT, dir, b(name), f.fid(), CreateSpec.node(FileMode.S_IFIFO | 0644, 0));
            expected.add(name);
        }
        assertThat(Pages.list(f.mdd, dir, 4096 * 16)).containsExactlyElementsOf(expected);

        // one page at a time, then resume from every page's end hash: the next page starts
        // exactly with the entry after the previous page's last
        List<Long> ends = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        long pos = 0;
        while (pos != DirPages.DIR_END) {
            List<Pages.Page> one = Pages.parse(f.mdd.readdir(ROOT, dir, pos, 4096, ATTRS));
            assertThat(one).hasSize(1);
            Pages.Page p = one.get(0);
            assertThat(p.flags()).isEqualTo(p.hashEnd() == DirPages.DIR_END ? DirPages.LDF_COLLIDE : 0);
            assertThat(p.hashStart()).isEqualTo(pos);
            for (LuDirent e : p.entries()) {
                assertThat(Long.compareUnsigned(e.hash(), pos)).isGreaterThanOrEqualTo(0);
                assertThat(Long.compareUnsigned(e.hash(), p.hashEnd())).isLessThan(0);
                seen.add(e.name());
            }
            ends.add(p.hashEnd());
            pos = p.hashEnd();
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(ends.size()).isGreaterThan(1000);
        int index = 0;
        List<Integer> firstIndexOfPage = new ArrayList<>();
        pos = 0;
        for (long end : ends) {
            firstIndexOfPage.add(index);
            index += Pages.parse(f.mdd.readdir(ROOT, dir, pos, 4096, ATTRS)).get(0).entries().size();
            pos = end;
        }
        for (int k = 0; k + 1 < ends.size(); k++) {
            Pages.Page again = Pages.parse(f.mdd.readdir(ROOT, dir, ends.get(k), 4096, ATTRS)).get(0);
            assertThat(again.entries().get(0).name()).isEqualTo(expected.get(firstIndexOfPage.get(k + 1)));
        }
        // past the end: one empty page
        Pages.Page end = Pages.parse(f.mdd.readdir(ROOT, dir, DirPages.DIR_END, 4096, ATTRS)).get(0);
        assertThat(end.flags()).isEqualTo(DirPages.LDF_EMPTY);
        assertThat(end.hashEnd()).isEqualTo(DirPages.DIR_END);
    }

    @Test
    void resumingAfterTheNextEntryWasRemovedContinuesWithTheOneAfter() throws Exception {
        Fid dir = f.mkdir(ROOT, Fid.ROOT, "d", 0755).fid();
        for (int i = 0; i < 300; i++) {
            f.mkfile(ROOT, dir, "f" + i, 0644);
        }
        Pages.Page first = Pages.parse(f.mdd.readdir(ROOT, dir, 0, 4096, ATTRS)).get(0);
        int m = first.entries().size();
        String nextName = "f" + (m - 2);
        f.mdd.unlink(ROOT, dir, b(nextName), false);
        Pages.Page second = Pages.parse(f.mdd.readdir(ROOT, dir, first.hashEnd(), 4096, ATTRS)).get(0);
        assertThat(second.entries().get(0).name()).isEqualTo("f" + (m - 1));
    }

    @Test
    void badReaddirsAreRefused() throws Exception {
        Fid file = f.mkfile(ROOT, Fid.ROOT, "file", 0644).fid();
        assertThatThrownBy(() -> f.mdd.readdir(ROOT, file, 0, 4096, ATTRS))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOTDIR));
        assertThatThrownBy(() -> f.mdd.readdir(ROOT, Fid.ROOT, 0, 100, ATTRS))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThatThrownBy(() -> f.mdd.readdir(ROOT, f.fid(), 0, 4096, ATTRS))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }
}
