package org.jlustre.llog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.osd.testkit.AssertingOsd;
import org.jlustre.wire.llog.LlogCatid;
import org.jlustre.wire.llog.LlogLogid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CATALOGS file: a flat llog_catid array by slot at [0x200000001:0x1016:0x0]. */
class LlogCatalogListTest {

    private OsdDevice dev;

    @BeforeEach
    void setUp() throws Exception {
        Libcfs libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        dev = AssertingOsd.wrap(OsdMem.create(MemOsdConfig.defaults("lustre-MDT0000").withLibcfs(libcfs)));
    }

    @AfterEach
    void tearDown() {
        dev.close();
    }

    private static LlogCatid catid(int oid) {
        return new LlogCatid(LlogLogid.of(oid == 0 ? Fid.of(0, 0, 0) : Fid.of(Fid.SEQ_LLOG, oid, 0)));
    }

    @Test
    void startsEmptyAndKeepsEntriesBySlot() throws LustreException {
        assertThat(LlogCatalogList.FID).isEqualTo(Fid.of(0x200000001L, 0x1016, 0));
        assertThat(LlogCatalogList.count(dev)).isZero();
        try (OsdObject o = dev.find(LlogCatalogList.FID)) {
            assertThat(o.exists()).isTrue();
            assertThat(o.attrGet().mode()).isEqualTo(FileMode.S_IFREG | 0644);
        }
        LlogCatalogList.write(dev, 2, List.of(catid(7), catid(9)));
        assertThat(LlogCatalogList.count(dev)).isEqualTo(4);
        try (OsdObject o = dev.find(LlogCatalogList.FID)) {
            assertThat(o.attrGet().size()).isEqualTo(4 * 32);
        }
        // slots never written, and slots past the end, read as zero ids
        List<LlogCatid> ids = LlogCatalogList.read(dev, 0, 6);
        assertThat(ids).containsExactly(catid(0), catid(0), catid(7), catid(9), catid(0), catid(0));
        LlogCatalogList.write(dev, 3, List.of(catid(11)));
        assertThat(LlogCatalogList.read(dev, 2, 2)).containsExactly(catid(7), catid(11));
    }

    @Test
    void badRangesAndANonRegularFileAreErrors() throws LustreException {
        assertThatThrownBy(() -> LlogCatalogList.read(dev, -1, 2)).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL)).hasMessageContaining("index -1");
        assertThatThrownBy(() -> LlogCatalogList.write(dev, 0, List.of(catid(1))))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("no CATALOGS file");
        try (OsdObject o = dev.find(LlogCatalogList.FID); Transaction th = dev.transCreate()) {
            LuAttr dir = new LuAttr().mode(FileMode.S_IFDIR | 0755);
            o.declareCreate(dir, AllocationHint.NONE, ObjectFormat.DIR, th);
            th.startLocal();
            o.create(dir, AllocationHint.NONE, ObjectFormat.DIR, th);
        }
        assertThatThrownBy(() -> LlogCatalogList.count(dev)).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT)).hasMessageContaining("CATALOGS is not a regular file");
    }
}
