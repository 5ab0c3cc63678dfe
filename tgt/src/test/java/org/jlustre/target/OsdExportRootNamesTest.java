package org.jlustre.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The root names osd-ldiskfs gives local files made by FID alone ({@code osd_lf_maps} with
 * OLF_SHOW_NAME): an export writes CATALOGS and update_log where a mounted ldiskfs target shows
 * them, leaves an unknown local file out, and never writes two objects at one name.
 */
class OsdExportRootNamesTest {

    private OsdDevice dev;
    /** What the export wrote: path to size (-1 for a directory). */
    private final Map<String, Long> written = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();

    @BeforeEach
    void setUp() throws LustreException {
        dev = OsdMem.create(MemOsdConfig.defaults("root-names").withLibcfs(Libcfs.create()));
    }

    @AfterEach
    void tearDown() {
        dev.close();
    }

    private void createFile(Fid fid, int bytes) throws LustreException {
        try (OsdObject o = dev.find(fid); Transaction th = dev.transCreate()) {
            LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644);
            o.declareCreate(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
            o.body().declareWrite(0, bytes, th);
            th.startLocal();
            o.create(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
            o.body().write(0, MemorySegment.ofArray(new byte[bytes]), th);
        }
    }

    private void linkInRoot(String name, Fid child) throws LustreException {
        try (OsdObject d = dev.find(dev.rootFid()); Transaction th = dev.transCreate()) {
            DirectoryIndex idx = d.indexTry(IndexFeatures.DIRECTORY);
            idx.declareInsert(name, th);
            th.startLocal();
            idx.insert(name, child, FileMode.S_IFREG, th);
        }
    }

    private OsdExport.Result export() throws Exception {
        return OsdExport.export(dev, new OsdExport.Sink() {
            @Override
            public void directory(String path, OsdExport.Node node) {
                written.put(path, -1L);
            }

            @Override
            public void file(String path, OsdExport.Node node, OsdExport.Contents data) {
                written.put(path, node.attr().size());
            }

            @Override
            public void symlink(String path, String target, OsdExport.Node node) {
                written.put(path, 0L);
            }

            @Override
            public void special(String path, OsdExport.Node node) {
                written.put(path, 0L);
            }

            @Override
            public void hardLink(String path, String existing) {
                written.put(path, 0L);
            }

            @Override
            public void skipped(String line) {
                skipped.add(line);
            }
        });
    }

    @Test
    void localFilesMadeByFidGetTheirLdiskfsRootNames() throws Exception {
        int osdOwn = export().unnamed(); // osd-mem's accounting objects
        written.clear();
        createFile(Fid.localFile(4118), 64); // LLOG_CATALOGS_OID, as llog_osd_get_cat_list makes it
        createFile(Fid.of(Fid.SEQ_UPDATE_LOG, 0), 8192);
        createFile(Fid.localFile(9999), 8); // no name in osd_lf_maps
        OsdExport.Result r = export();
        assertThat(written).containsEntry("CATALOGS", 64L).containsEntry("update_log", 8192L);
        assertThat(r.unnamed()).isEqualTo(osdOwn + 1);
        assertThat(OsdExport.objectPath(Fid.localFile(4118), true)).isEqualTo("CATALOGS");
        assertThat(OsdExport.objectPath(Fid.localFile(9999), false)).isNull();
    }

    @Test
    void aRootNameTakenByAnotherObjectLeavesTheUnnamedOneOut() throws Exception {
        Fid other = Fid.of(Fid.SEQ_LOCAL_NAME, 1);
        createFile(other, 16);
        linkInRoot("seq_ctl", other);
        createFile(Fid.localFile(4), 24); // FID_SEQ_CTL_OID, not linked by name
        export();
        assertThat(written).containsEntry("seq_ctl", 16L);
        assertThat(skipped).contains("'seq_ctl' ([0x200000001:0x4:0x0]) is taken by another object: left out");
    }
}
