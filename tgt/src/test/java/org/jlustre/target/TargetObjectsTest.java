package org.jlustre.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.jlustre.common.Errno;
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
 * The ldiskfs names of a target's objects ({@link TargetObjects}) and their copy
 * ({@link ObjectDump}) on osd-mem: every kind of name, the OST index IDIF FIDs take from
 * last_rcvd, and the errors that name what was wrong.
 */
class TargetObjectsTest {

    private OsdDevice dev;
    private final TargetObjects names = TargetObjects.standard();

    @BeforeEach
    void setUp() throws LustreException {
        dev = OsdMem.create(MemOsdConfig.defaults("names-test").withLibcfs(Libcfs.create()));
    }

    @AfterEach
    void tearDown() {
        dev.close();
    }

    private void create(Fid fid, ObjectFormat format, int mode, byte[] data, long at) throws LustreException {
        try (OsdObject o = dev.find(fid); Transaction th = dev.transCreate()) {
            LuAttr attr = new LuAttr().mode(mode);
            o.declareCreate(attr, AllocationHint.NONE, format, th);
            if (data != null) {
                o.body().declareWrite(at, data.length, th);
            }
            th.startLocal();
            o.create(attr, AllocationHint.NONE, format, th);
            if (data != null) {
                o.body().write(at, MemorySegment.ofArray(data), th);
            }
        }
    }

    private void link(Fid dir, String name, Fid child, int type) throws LustreException {
        try (OsdObject d = dev.find(dir); Transaction th = dev.transCreate()) {
            DirectoryIndex idx = d.indexTry(IndexFeatures.DIRECTORY);
            idx.declareInsert(name, th);
            th.startLocal();
            idx.insert(name, child, type, th);
        }
    }

    @Test
    void ostObjectNamesAsOsdLdiskfsHasThem() throws LustreException {
        LastRcvd.open(dev, "lustre-OST0005_UUID", 5, TargetKind.OST).close();
        Fid lastId0 = Fid.idif(0, 5);
        create(lastId0, ObjectFormat.REGULAR, FileMode.S_IFREG | 0644, new byte[8], 0);
        assertThat(names.resolve(dev, "O/0/LAST_ID")).isEqualTo(lastId0);
        assertThat(lastId0.seq()).isEqualTo(0x100050000L);
        Fid obj = Fid.idif(33, 5);
        create(obj, ObjectFormat.REGULAR, FileMode.S_IFREG | 0666, null, 0);
        assertThat(names.resolve(dev, "O/0/d1/33")).isEqualTo(obj);
        Fid seqLastId = Fid.of(0x240000400L, 0, 0);
        create(seqLastId, ObjectFormat.REGULAR, FileMode.S_IFREG | 0644, new byte[8], 0);
        assertThat(names.resolve(dev, "O/240000400/LAST_ID")).isEqualTo(seqLastId);
        Fid seqObj = Fid.of(0x240000400L, 64);
        create(seqObj, ObjectFormat.REGULAR, FileMode.S_IFREG | 0666, null, 0);
        assertThat(names.resolve(dev, "O/0x240000400/d0/64")).isEqualTo(seqObj);
        assertThatThrownBy(() -> names.resolve(dev, "O/0/d2/33")).isInstanceOf(LustreException.class)
                .hasMessageContaining("object 33 is in d1, not d2");
        assertThatThrownBy(() -> names.resolve(dev, "O/0/d1/34")).isInstanceOf(LustreException.class)
                .hasMessageContaining("no object 'O/0/d1/34'");
        assertThatThrownBy(() -> names.resolve(dev, "O/zz/LAST_ID")).isInstanceOf(LustreException.class)
                .hasMessageContaining("bad sequence 'zz'");
    }

    @Test
    void sequenceZeroNeedsLastRcvdForTheIndex() {
        assertThatThrownBy(() -> names.resolve(dev, "O/0/LAST_ID")).isInstanceOf(LustreException.class)
                .hasMessageContaining("has no last_rcvd")
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void pathsFidsAndLocalFiles() throws LustreException {
        Fid configs = Fid.of(Fid.SEQ_LOCAL_NAME, 1, 0);
        create(configs, ObjectFormat.DIR, FileMode.S_IFDIR | 0755, null, 0);
        link(dev.rootFid(), "CONFIGS", configs, FileMode.S_IFDIR);
        Fid log = Fid.of(Fid.SEQ_LLOG_NAME, 2, 0);
        create(log, ObjectFormat.REGULAR, FileMode.S_IFREG | 0644, new byte[] {1, 2, 3}, 10000);
        link(configs, "lustre-client", log, FileMode.S_IFREG);
        assertThat(names.resolve(dev, "CONFIGS/lustre-client")).isEqualTo(log);
        assertThat(names.resolve(dev, "/CONFIGS/lustre-client")).isEqualTo(log);
        assertThat(names.resolve(dev, "[0xa:0x2:0x0]")).isEqualTo(log);
        assertThatThrownBy(() -> names.resolve(dev, "CONFIGS/nosuch")).isInstanceOf(LustreException.class)
                .hasMessageContaining("no object 'CONFIGS/nosuch'").hasMessageContaining("no 'nosuch'");
        assertThatThrownBy(() -> names.resolve(dev, "CONFIGS/lustre-client/x")).isInstanceOf(LustreException.class)
                .hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> names.resolve(dev, "CONFIGS//x")).isInstanceOf(LustreException.class)
                .hasMessageContaining("empty path component");
        assertThatThrownBy(() -> names.resolve(dev, "reply_data")).isInstanceOf(LustreException.class)
                .hasMessageContaining("no object 'reply_data' ([0x200000001:0x15:0x0])");
        assertThatThrownBy(() -> names.resolve(dev, "[0x1:0x2")).isInstanceOf(LustreException.class);

        // a copy: holes read as zeros, the size is the object's
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ObjectDump.dump(dev, names, "CONFIGS/lustre-client", out)).isEqualTo(10003);
        byte[] b = out.toByteArray();
        assertThat(b).hasSize(10003);
        assertThat(b[9999]).isZero();
        assertThat(new byte[] {b[10000], b[10001], b[10002]}).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> ObjectDump.dump(dev, names, "CONFIGS", new ByteArrayOutputStream()))
                .isInstanceOf(LustreException.class).hasMessageContaining("not a regular file")
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EISDIR));
    }

    @Test
    void targetsAddTheirNamesFirst() throws LustreException {
        Fid special = Fid.localFile(4120);
        create(special, ObjectFormat.REGULAR, FileMode.S_IFREG | 0644, new byte[4], 0);
        TargetObjects ost = names.with((d, n) -> n.equals("health_check") ? Optional.of(special) : Optional.empty());
        assertThat(ost.resolve(dev, "health_check")).isEqualTo(special);
        assertThatThrownBy(() -> names.resolve(dev, "health_check")).isInstanceOf(LustreException.class)
                .hasMessageContaining("no object 'health_check'");
    }
}
