package org.jlustre.mdt.mdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.mdt.mdd.Errnos.errno;
import static org.jlustre.mdt.mdd.MddFixture.ROOT;
import static org.jlustre.mdt.mdd.MddFixture.b;

import java.util.Arrays;
import java.util.HexFormat;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.mdt.Lma;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Create of every type, with what Lustre stores for it, lookup and getattr, and the bad input. */
class MddCreateTest {

    private final MddFixture f;

    MddCreateTest() throws Exception {
        f = new MddFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private byte[] xattr(Fid fid, String name) throws Exception {
        try (OsdObject o = f.osd.find(fid)) {
            return o.xattrGet(name);
        }
    }

    @Test
    void regularFileGetsLmaLinkEaAndTheLayoutFromTheLayoutLayer() throws Exception {
        Fid fid = f.fid();
        MdAttr a = f.mdd.create(ROOT, Fid.ROOT, b("a"), fid, CreateSpec.file(0644).withTime(1234));
        assertThat(a.fid()).isEqualTo(fid);
        assertThat(a.mode()).isEqualTo(FileMode.S_IFREG | 0644);
        assertThat(a.nlink()).isEqualTo(1);
        assertThat(a.mtime()).isEqualTo(1234);
        assertThat(a.ctime()).isEqualTo(1234);
        assertThat(a.layout()).isEqualTo(FakeLayouts.lov(fid, 0x100));
        assertThat(f.layouts.created).containsExactly(fid);
        assertThat(xattr(fid, "trusted.lov")).isEqualTo(a.layout());
        // reference-targets 4.2: file "a" in ROOT
        assertThat(HexFormat.of().formatHex(xattr(fid, "trusted.link"))).isEqualTo(
                "dff1ea11" + "01000000" + "2b00000000000000" + "00000000" + "00000000"
                        + "0013" + "0000000200000007" + "00000001" + "00000000" + "61");
        Lma lma = Lma.parse(xattr(fid, "trusted.lma"));
        assertThat(lma).isEqualTo(Lma.of(fid));
        assertThat(f.mdd.lookup(ROOT, Fid.ROOT, b("a"))).usingRecursiveComparison().ignoringFields("layout")
                .isEqualTo(f.mdd.getattr(fid));
        assertThat(f.mdd.getattr(fid, true).layout()).isEqualTo(a.layout());
        assertThat(f.mdd.getattr(Fid.ROOT).mtime()).isEqualTo(1234);
    }

    @Test
    void directoryHasDotAndDotDotAndRaisesTheParentsLinkCount() throws Exception {
        int rootLinks = f.mdd.getattr(Fid.ROOT).nlink();
        MdAttr d = f.mkdir(ROOT, Fid.ROOT, "d", 0755);
        assertThat(d.mode()).isEqualTo(FileMode.S_IFDIR | 0755);
        assertThat(d.nlink()).isEqualTo(2);
        assertThat(d.layout()).isNull();
        assertThat(f.mdd.getattr(Fid.ROOT).nlink()).isEqualTo(rootLinks + 1);
        assertThat(f.mdd.lookup(ROOT, d.fid(), b(".")).fid()).isEqualTo(d.fid());
        assertThat(f.mdd.lookup(ROOT, d.fid(), b("..")).fid()).isEqualTo(Fid.ROOT);
        assertThat(f.mdd.lookup(ROOT, Fid.ROOT, b("..")).fid()).isEqualTo(Fid.ROOT);
        MdAttr sub = f.mkdir(ROOT, d.fid(), "sub", 0700);
        assertThat(f.mdd.getattr(d.fid()).nlink()).isEqualTo(3);
        assertThat(f.mdd.lookup(ROOT, sub.fid(), b("..")).fid()).isEqualTo(d.fid());
        assertThat(f.layouts.created).isEmpty();
    }

    @Test
    void symlinkStoresItsTargetAsTheBody() throws Exception {
        byte[] target = b("../some/where/else");
        MdAttr l = f.mdd.create(ROOT, Fid.ROOT, b("l"), f.fid(), CreateSpec.symlink(target));
        assertThat(l.mode()).isEqualTo(FileMode.S_IFLNK | 0777);
        assertThat(l.size()).isEqualTo(target.length);
        assertThat(f.mdd.readlink(ROOT, l.fid())).isEqualTo(target);
        errno(Errno.EINVAL, () -> f.mdd.readlink(ROOT, Fid.ROOT));
        byte[] longest = new byte[f.osd.conf().symlinkMax() - 1];
        Arrays.fill(longest, (byte) 'x');
        assertThat(f.mdd.readlink(ROOT, f.mdd.create(ROOT, Fid.ROOT, b("long"), f.fid(),
                CreateSpec.symlink(longest)).fid())).isEqualTo(longest);
        byte[] tooLong = new byte[f.osd.conf().symlinkMax()];
        Arrays.fill(tooLong, (byte) 'x');
        errno(Errno.ENAMETOOLONG, () -> f.mdd.create(ROOT, Fid.ROOT, b("l2"), f.fid(), CreateSpec.symlink(tooLong)));
        errno(Errno.ENOENT, () -> f.mdd.create(ROOT, Fid.ROOT, b("l3"), f.fid(), CreateSpec.symlink(new byte[0])));
    }

    @Test
    void mknodMakesFifosSocketsAndDevicesWithTheirRdev() throws Exception {
        int[] types = {FileMode.S_IFIFO, FileMode.S_IFSOCK, FileMode.S_IFCHR, FileMode.S_IFBLK};
        for (int t : types) {
            String name = "n" + Integer.toOctalString(t);
            MdAttr n = f.mdd.create(ROOT, Fid.ROOT, b(name), f.fid(), CreateSpec.node(t | 0600, 0x0801));
            assertThat(n.type()).isEqualTo(t);
            assertThat(n.rdev()).isEqualTo(t == FileMode.S_IFCHR || t == FileMode.S_IFBLK ? 0x0801 : 0);
            assertThat(n.layout()).isNull();
            try (OsdObject r = f.osd.find(Fid.ROOT)) {
                assertThat(r.indexTry(IndexFeatures.DIRECTORY).lookup(name).orElseThrow().type()).isEqualTo(t);
            }
        }
        assertThat(f.layouts.created).isEmpty();
        errno(Errno.EINVAL, () -> f.mdd.create(ROOT, Fid.ROOT, b("bad"), f.fid(), CreateSpec.node(0170000 | 0600, 0)));
        errno(Errno.EINVAL, () -> f.mdd.create(ROOT, Fid.ROOT, b("bad"), f.fid(), CreateSpec.node(0600, 0)));
    }

    @Test
    void badNamesAndTakenNamesAreRefusedWithLinuxErrnos() throws Exception {
        byte[] max = new byte[255];
        Arrays.fill(max, (byte) 'n');
        assertThat(f.mdd.create(ROOT, Fid.ROOT, max, f.fid(), CreateSpec.file(0644)).nlink()).isEqualTo(1);
        byte[] over = new byte[256];
        Arrays.fill(over, (byte) 'n');
        errno(Errno.ENAMETOOLONG, () -> f.mdd.create(ROOT, Fid.ROOT, over, f.fid(), CreateSpec.file(0644)));
        errno(Errno.EINVAL, () -> f.mdd.create(ROOT, Fid.ROOT, b("a/b"), f.fid(), CreateSpec.file(0644)));
        errno(Errno.EINVAL, () -> f.mdd.create(ROOT, Fid.ROOT, new byte[] {'a', 0, 'b'}, f.fid(), CreateSpec.file(0644)));
        errno(Errno.EINVAL, () -> f.mdd.create(ROOT, Fid.ROOT, new byte[0], f.fid(), CreateSpec.file(0644)));
        errno(Errno.EEXIST, () -> f.mdd.create(ROOT, Fid.ROOT, b("."), f.fid(), CreateSpec.dir(0755)));
        errno(Errno.EEXIST, () -> f.mdd.create(ROOT, Fid.ROOT, b(".."), f.fid(), CreateSpec.file(0644)));
        f.mkfile(ROOT, Fid.ROOT, "taken", 0644);
        errno(Errno.EEXIST, () -> f.mkdir(ROOT, Fid.ROOT, "taken", 0755));
        Fid used = f.mkfile(ROOT, Fid.ROOT, "used", 0644).fid();
        errno(Errno.EEXIST, () -> f.mdd.create(ROOT, Fid.ROOT, b("other"), used, CreateSpec.file(0644)));
        errno(Errno.EINVAL, () -> f.mdd.create(ROOT, Fid.ROOT, b("zero"), Fid.ZERO, CreateSpec.file(0644)));
        errno(Errno.ENOTDIR, () -> f.mkfile(ROOT, used, "under-a-file", 0644));
        Fid missing = f.fid();
        errno(Errno.ENOENT, () -> f.mkfile(ROOT, missing, "x", 0644));
        errno(Errno.ENOENT, () -> f.mdd.getattr(missing));
        errno(Errno.ENOENT, () -> f.mdd.lookup(ROOT, Fid.ROOT, b("nothing")));
        errno(Errno.EINVAL, () -> f.mdd.getattr(Fid.ZERO));
        // a name that is not UTF-8 is stored and found byte for byte
        byte[] raw = {(byte) 0xff, (byte) 0xfe, 'z'};
        Fid rf = f.mdd.create(ROOT, Fid.ROOT, raw, f.fid(), CreateSpec.file(0644)).fid();
        assertThat(f.mdd.lookup(ROOT, Fid.ROOT, raw).fid()).isEqualTo(rf);
    }

    @Test
    void objectWithAnUnknownLmaIncompatBitIsRefused() throws Exception {
        Fid fid = f.mkfile(ROOT, Fid.ROOT, "future", 0644).fid();
        try (OsdObject o = f.osd.find(fid); var th = f.osd.transCreate()) {
            byte[] lma = new Lma(0, 0x40000000, fid).toBytes();
            o.declareXattrSet("trusted.lma", lma.length, org.jlustre.osd.XattrMode.SET, th);
            th.start();
            o.xattrSet("trusted.lma", java.lang.foreign.MemorySegment.ofArray(lma), org.jlustre.osd.XattrMode.SET, th);
        }
        errno(Errno.EOPNOTSUPP, () -> f.mdd.getattr(fid));
        errno(Errno.EOPNOTSUPP, () -> f.mdd.lookup(ROOT, Fid.ROOT, b("future")));
        errno(Errno.EOPNOTSUPP, () -> f.mdd.unlink(ROOT, Fid.ROOT, b("future"), false));
        errno(Errno.EOPNOTSUPP, () -> f.mdd.open(ROOT, fid, Opens.FMODE_READ));
    }

    @Test
    void openCreateCountsTheOpen() throws Exception {
        Fid fid = f.fid();
        f.mdd.create(ROOT, Fid.ROOT, b("oc"), fid, CreateSpec.file(0644).withOpen(Opens.FMODE_WRITE));
        assertThat(f.mdd.openCount(fid)).isEqualTo(1);
        f.mdd.close(fid);
        assertThat(f.mdd.openCount(fid)).isZero();
        errno(Errno.EBADF, () -> f.mdd.close(fid));
    }
}
