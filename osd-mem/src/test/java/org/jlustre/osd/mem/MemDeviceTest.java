package org.jlustre.osd.mem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.debug.DebugRecord;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What osd-mem adds beyond the OSD contract (which the conformance kit covers): its
 * parameters, the seed's debugging aids, the cache limit and the device registry.
 */
class MemDeviceTest {

    private Libcfs libcfs;
    private OsdDevice dev;
    private String prefix;

    @BeforeEach
    void mount() throws LustreException {
        libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        dev = OsdMem.create(MemOsdConfig.defaults("lustre-MDT0000").withLibcfs(libcfs).withPageSize(512));
        prefix = "osd-mem.lustre-MDT0000.";
    }

    @AfterEach
    void unmount() {
        dev.close();
    }

    private String get(String leaf) throws LustreException {
        return libcfs.params().get(prefix + leaf).getFirst().value();
    }

    private Fid createFile(int oid, String text) throws LustreException {
        Fid fid = Fid.of(Fid.SEQ_NORMAL, oid);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        try (OsdObject root = dev.find(dev.rootFid()); OsdObject o = dev.find(fid)) {
            DirectoryIndex dir = root.indexTry(IndexFeatures.DIRECTORY);
            LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644);
            try (Transaction th = dev.transCreate()) {
                o.declareCreate(attr, AllocationHint.parent(root.fid()), ObjectFormat.REGULAR, th);
                dir.declareInsert("f" + oid, th);
                o.body().declareWrite(0, data.length, th);
                th.start();
                o.create(attr, AllocationHint.parent(root.fid()), ObjectFormat.REGULAR, th);
                dir.insert("f" + oid, fid, FileMode.S_IFREG, th);
                o.body().write(0, MemorySegment.ofArray(data), th);
            }
        }
        return fid;
    }

    private String read(Fid fid) throws LustreException {
        try (OsdObject o = dev.find(fid)) {
            byte[] b = new byte[(int) o.attrGet().size()];
            o.body().read(0, MemorySegment.ofArray(b));
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    @Test
    void registersTheOsdParameters() throws LustreException {
        assertThat(libcfs.params().list(prefix + "*", false)).contains(prefix + "stats", prefix + "verbose_debug",
                prefix + "objects", prefix + "cache_flush", prefix + "lu_cache_nr", prefix + "kbytestotal",
                prefix + "filesfree", prefix + "fstype", prefix + "readonly");
        assertThat(get("fstype")).isEqualTo("mem");
        assertThat(get("kbytestotal")).isEqualTo(Long.toString(1L << 20));
        assertThat(get("page_size")).isEqualTo("512");
    }

    @Test
    void statsUseTheLprocfsLayoutAndClearOnWrite() throws LustreException {
        createFile(1, "hello");
        String stats = get("stats");
        assertThat(stats.lines().toList()).element(0).asString().matches("snapshot_time {13}\\d+\\.\\d{9} secs\\.nsecs");
        assertThat(stats).containsPattern("(?m)^create {20}1 samples \\[reqs\\]$");
        assertThat(stats).containsPattern("(?m)^write_bytes {15}1 samples \\[bytes\\] 5 5 5$");
        assertThat(stats).doesNotContain("destroy");
        libcfs.params().set(prefix + "stats", "clear");
        assertThat(get("stats")).doesNotContain("create ");
    }

    @Test
    void verboseDebugTracesEveryOperationAsWarnings() throws LustreException {
        libcfs.debug().clear();
        libcfs.params().set(prefix + "verbose_debug", "1");
        Fid fid = createFile(7, "x");
        List<DebugRecord> traces = libcfs.debug().snapshot().stream()
                .filter(r -> r.subsys() == DebugMask.S_OSD && r.mask() == DebugMask.D_WARNING).toList();
        assertThat(traces).extracting(DebugRecord::text)
                .anyMatch(t -> t.contains("create obj#") && t.contains(fid.toString()) && t.contains("exists:1")
                        && t.contains("reg:1 dir:0"))
                .anyMatch(t -> t.contains("TRANS START th#"))
                .anyMatch(t -> t.contains("TRANS STOP rc=0"))
                .anyMatch(t -> t.contains("insert") && t.contains("name:f7") && t.contains("dir:1"));
        assertThat(traces).allMatch(r -> !r.file().equals("Trace.java"), "trace lines name the caller");
        libcfs.params().set(prefix + "verbose_debug", "0");
        libcfs.debug().clear();
        createFile(8, "y");
        assertThat(libcfs.debug().snapshot()).noneMatch(r -> r.mask() == DebugMask.D_WARNING);
    }

    @Test
    void objectDumpListsEveryObjectWithItsState() throws LustreException {
        Fid fid = createFile(3, "abc");
        String dump = get("objects");
        assertThat(dump.lines().findFirst()).hasValueSatisfying(h -> assertThat(h).startsWith("fid"));
        assertThat(dump).containsPattern("(?m)^\\[0x200000001:0xd:0x0\\] +dir +0 +2 .* dir:1 ");
        assertThat(dump).containsPattern("(?m)^" + java.util.regex.Pattern.quote(fid.toString()) + " +reg +3 +1 ");
    }

    @Test
    void cacheFlushDropsCachedObjectsAndKeepsData() throws LustreException {
        Fid fid = createFile(4, "survives");
        assertThat(Long.parseLong(get("cached_objects"))).isGreaterThan(0);
        libcfs.params().set(prefix + "cache_flush", "1");
        assertThat(get("cached_objects")).isEqualTo("0");
        assertThat(read(fid)).isEqualTo("survives");
    }

    @Test
    void cacheLimitBoundsUnreferencedObjects() throws LustreException {
        libcfs.params().set(prefix + "lu_cache_nr", "8");
        for (int i = 1; i <= 100; i++) {
            createFile(i, "n" + i);
        }
        assertThat(Long.parseLong(get("cached_objects"))).isLessThanOrEqualTo(8);
        assertThat(read(Fid.of(Fid.SEQ_NORMAL, 42))).isEqualTo("n42");
    }

    @Test
    void heldObjectsDoNotCountAgainstTheCacheLimit() throws LustreException {
        libcfs.params().set(prefix + "lu_cache_nr", "8");
        List<OsdObject> held = new java.util.ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            held.add(dev.find(createFile(i, "h" + i)));
        }
        for (int i = 51; i <= 150; i++) {
            createFile(i, "n" + i);
        }
        long cached = Long.parseLong(get("cached_objects"));
        assertThat(cached).isGreaterThanOrEqualTo(50).isLessThanOrEqualTo(50 + 8 + 2);
        for (int i = 0; i < held.size(); i++) {
            try (OsdObject again = dev.find(Fid.of(Fid.SEQ_NORMAL, i + 1))) {
                assertThat(again).isSameAs(held.get(i));
            }
        }
        held.forEach(OsdObject::close);
        assertThat(read(Fid.of(Fid.SEQ_NORMAL, 120))).isEqualTo("n120");
    }

    @Test
    void heldObjectsStayTheSameInstanceAndReleasedOnesAreCachedWhileUnderTheLimit() throws LustreException {
        Fid fid = createFile(5, "z");
        OsdObject first = dev.find(fid);
        OsdObject second = dev.find(fid);
        assertThat(second).isSameAs(first);
        second.close();
        first.close();
        try (OsdObject again = dev.find(fid)) {
            assertThat(again).isSameAs(first);
        }
    }

    @Test
    void readonlyParameterMakesTransactionsFailWithErofs() throws LustreException {
        libcfs.params().set(prefix + "readonly", "1");
        assertThat(dev.isReadOnly()).isTrue();
        try (Transaction th = dev.transCreate()) {
            assertThatThrownBy(th::start).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EROFS))
                    .hasMessageContaining("lustre-MDT0000");
        }
        assertThatThrownBy(() -> libcfs.params().set(prefix + "readonly", "0")).isInstanceOf(LustreException.class);
    }

    @Test
    void aSecondDeviceWithTheSameNameOnTheNodeIsRefused() {
        assertThatThrownBy(() -> OsdMem.create(MemOsdConfig.defaults("lustre-MDT0000").withLibcfs(libcfs)))
                .isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EEXIST))
                .hasMessageContaining("lustre-MDT0000");
    }

    @Test
    void unmountRemovesTheParametersAndRefusesFurtherUse() throws LustreException {
        dev.close();
        assertThat(libcfs.params().exists(prefix + "stats")).isFalse();
        assertThatThrownBy(() -> dev.find(dev.rootFid())).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ESHUTDOWN));
        dev = OsdMem.create(MemOsdConfig.defaults("lustre-MDT0000").withLibcfs(libcfs));
        assertThat(libcfs.params().exists(prefix + "stats")).isTrue();
    }

    @Test
    void statfsFollowsCapacityAndUsage() throws LustreException {
        var before = dev.statfs();
        assertThat(before.blocks()).isEqualTo((1L << 30) / 4096);
        assertThat(before.files() - before.ffree()).isEqualTo(4); // root + three usage indexes
        createFile(9, "x".repeat(5000));
        var after = dev.statfs();
        assertThat(after.ffree()).isEqualTo(before.ffree() - 1);
        assertThat(before.bfree() - after.bfree()).isBetween(1L, 3L);
        assertThat(Long.parseLong(get("pages_allocated"))).isEqualTo(10); // 5000 bytes in 512-byte pages
    }
}
