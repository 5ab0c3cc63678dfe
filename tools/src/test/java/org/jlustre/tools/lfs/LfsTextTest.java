package org.jlustre.tools.lfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.jlustre.client.FsStat;
import org.jlustre.client.Layout;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.ObdStatfs;
import org.junit.jupiter.api.Test;

/**
 * lfs's text, pinned to what Lustre 2.15's lfs prints for the same values
 * (liblustreapi.c lov_dump_user_lmm_v1v3, lfs.c showdf), and the path mapping of a mount.
 */
class LfsTextTest {

    @Test
    void aFilesLayoutIsPrintedAsLfsGetstripe() {
        Layout l = new Layout(1, 1 << 20, 2, -1, 0, "", List.of(
                new Layout.StripeObject(1, Fid.of(0x2c0000401L, 2, 0)),
                new Layout.StripeObject(0, Fid.idif(34, 0))));
        StringWriter s = new StringWriter();
        LayoutText.file(new PrintWriter(s, true), "/mnt/lustre/f", l, -1);
        assertThat(s.toString()).isEqualTo("""
                /mnt/lustre/f
                lmm_stripe_count:  2
                lmm_stripe_size:   1048576
                lmm_pattern:       raid0
                lmm_layout_gen:    0
                lmm_stripe_offset: 1
                \tobdidx\t\t objid\t\t objid\t\t group
                \t     1\t             2\t          0x2\t   0x2c0000401
                \t     0\t            34\t         0x22\t             0

                """);
        StringWriter only = new StringWriter();
        LayoutText.file(new PrintWriter(only, true), "f", l, 0);
        assertThat(only.toString()).contains("\t     0\t            34\t         0x22\t             0 *\n")
                .doesNotContain("0x2c0000401");
    }

    @Test
    void aDirectorysDefaultIsOneLineWithTheFilesystemsValuesForZeros() {
        StringWriter s = new StringWriter();
        LayoutText.directory(new PrintWriter(s, true), "/mnt/lustre/d", new Layout(0, 0, 0, -1, 0, "", List.of()), 1,
                1 << 20);
        assertThat(s.toString()).isEqualTo(
                "/mnt/lustre/d\nstripe_count:  1 stripe_size:   1048576 pattern:       0 stripe_offset: -1\n\n");
        StringWriter set = new StringWriter();
        LayoutText.directory(new PrintWriter(set, true), "d", new Layout(1, 65536, 2, 1, 0, "flash", List.of()), 1, 0);
        assertThat(set.toString()).isEqualTo(
                "d\nstripe_count:  2 stripe_size:   65536 pattern:       raid0 stripe_offset: 1 pool:          flash\n\n");
    }

    @Test
    void dfRowsAndTheSummaryAreLfsDfs() {
        ObdStatfs mdt = new ObdStatfs(0, 524288, 524261, 524261, 1048576, 1048547, "", 4096, 255, 0, 0, 0, 0);
        ObdStatfs ost = new ObdStatfs(0, 262144, 262131, 245746, 1048576, 1000, "", 4096, 255, 0,
                ObdStatfs.OS_STATFS_READONLY | ObdStatfs.OS_STATFS_NONROT, 0, 0);
        FsStat st = new FsStat(4096, 0, 0, 0, 0, 0, 255, List.of(new FsStat.TargetStat("lustre-MDT0000", 0, true, mdt),
                new FsStat.TargetStat("lustre-OST0000", 0, false, ost)));
        StringWriter s = new StringWriter();
        DfTable.print(new PrintWriter(s, true), st, "/mnt/lustre", false);
        assertThat(s.toString()).isEqualTo("""
                UUID                   1K-blocks        Used   Available Use% Mounted on
                lustre-MDT0000_UUID      2097152         108     2097044   1% /mnt/lustre[MDT:0]
                lustre-OST0000_UUID      1048576          52      982984   1% /mnt/lustre[OST:0] R

                filesystem_summary:      1048576          52      982984   1% /mnt/lustre

                """);
        StringWriter i = new StringWriter();
        DfTable.print(new PrintWriter(i, true), st, "/mnt/lustre", true);
        // the MDTs' free inodes are cut to what the OSTs can still hold (1000)
        assertThat(i.toString()).contains("filesystem_summary:         1029          29        1000   3% /mnt/lustre\n");
    }

    @Test
    void sizesTakeBinarySuffixes() {
        assertThat(Sizes.parse("64K", "stripe size")).isEqualTo(65536);
        assertThat(Sizes.parse("1m", "stripe size")).isEqualTo(1 << 20);
        assertThat(Sizes.parse("4096", "stripe size")).isEqualTo(4096);
        assertThatThrownBy(() -> Sizes.parse("lots", "stripe size")).hasMessage("bad stripe size 'lots'");
        assertThatThrownBy(() -> Sizes.parse("4T", "stripe size")).hasMessage("stripe size '4T' is out of range");
    }

    @Test
    void pathsUnderTheMountPointMapIntoTheFilesystem() throws LustreException {
        Mounted m = new Mounted(null, null, "/mnt/lustre", "/mnt/lustre/d");
        assertThat(m.inside("f")).isEqualTo("/d/f");
        assertThat(m.inside("../e/./g/")).isEqualTo("/e/g");
        assertThat(m.inside("/mnt/lustre")).isEqualTo("/");
        assertThat(m.shown("/")).isEqualTo("/mnt/lustre");
        assertThat(m.shown("/d/f")).isEqualTo("/mnt/lustre/d/f");
        assertThatThrownBy(() -> m.inside("/mnt/lustreX/f")).isInstanceOf(LustreException.class)
                .hasMessage("'/mnt/lustreX/f' is not on the filesystem mounted at /mnt/lustre");
        Mounted own = new Mounted(null, null, "", "/");
        assertThat(own.inside("/a/b")).isEqualTo("/a/b");
        assertThat(own.shown("/")).isEqualTo("/");
    }

    @Test
    void findsNumericTestsAreFinds() {
        assertThat(Find.compare(2, "2")).isTrue();
        assertThat(Find.compare(2, "+1")).isTrue();
        assertThat(Find.compare(2, "+2")).isFalse();
        assertThat(Find.compare(2, "-3")).isTrue();
        assertThat(Find.compare(2, "-2")).isFalse();
    }
}
