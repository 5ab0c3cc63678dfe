package org.jlustre.tools.osd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
import org.jlustre.osd.XattrMode;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.target.LastRcvd;
import org.jlustre.target.OsdExport;
import org.jlustre.target.TargetKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OsdExport} into a local directory ({@link LocalTree}) from an osd-mem device built by
 * hand with every kind of object an ldiskfs target holds: a namespace with a sparse file, a
 * symlink, a fifo, a socket, a character device, a hard link and a name that is not UTF-8; xattrs
 * in trusted.* and user.*; an OST's unnamed objects and LAST_ID, an unnamed llog, and an object no
 * ldiskfs name reaches. As root everything is set; without privilege the report says what was not.
 */
@Timeout(120)
class OsdExportTest {

    @TempDir
    Path tmp;

    private OsdDevice dev;
    private int nextOid = 1;

    @BeforeEach
    void setUp() throws LustreException {
        dev = OsdMem.create(MemOsdConfig.defaults("lustre-OST0003-osd").withLibcfs(Libcfs.create()));
    }

    @AfterEach
    void tearDown() {
        dev.close();
    }

    private Fid newFid() {
        return Fid.of(0x200000400L, nextOid++, 0);
    }

    /** Creates an object of {@code mode} ({@code fid} or a new one), named {@code name} in {@code parent} when not null. */
    private Fid make(Fid parent, String name, Fid fid, int mode, int uid, byte[] body, int rdev) throws LustreException {
        return make(parent, name == null ? null : name.getBytes(StandardCharsets.UTF_8), fid, mode, uid, body, rdev);
    }

    private Fid make(Fid parent, byte[] name, Fid fid, int mode, int uid, byte[] body, int rdev) throws LustreException {
        Fid f = fid != null ? fid : newFid();
        int type = FileMode.type(mode);
        ObjectFormat fmt = switch (type) {
            case FileMode.S_IFDIR -> ObjectFormat.DIR;
            case FileMode.S_IFREG -> ObjectFormat.REGULAR;
            case FileMode.S_IFLNK -> ObjectFormat.SYMLINK;
            default -> ObjectFormat.NODE;
        };
        LuAttr attr = new LuAttr().mode(mode).uid(uid).gid(uid + 1).mtime(1_700_000_000L).atime(1_700_000_100L)
                .ctime(1_700_000_000L).rdev(rdev);
        try (OsdObject o = dev.find(f); OsdObject p = parent == null ? null : dev.find(parent);
                Transaction th = dev.transCreate()) {
            DirectoryIndex dir = p == null ? null : p.indexTry(IndexFeatures.DIRECTORY);
            o.declareCreate(attr, AllocationHint.NONE, fmt, th);
            if (dir != null) {
                dir.declareInsert(name, th);
            }
            if (body != null) {
                o.body().declareWrite(0, body.length, th);
            }
            th.start();
            o.create(attr, AllocationHint.NONE, fmt, th);
            if (dir != null) {
                dir.insert(name, f, type, th);
            }
            if (body != null) {
                o.body().write(0, MemorySegment.ofArray(body), th);
            }
        }
        return f;
    }

    private void link(Fid parent, String name, Fid target, int type) throws LustreException {
        try (OsdObject p = dev.find(parent); OsdObject o = dev.find(target); Transaction th = dev.transCreate()) {
            DirectoryIndex dir = p.indexTry(IndexFeatures.DIRECTORY);
            dir.declareInsert(name, th);
            o.declareRefAdd(th);
            th.start();
            dir.insert(name, target, type, th);
            o.refAdd(th);
        }
    }

    private void xattr(Fid fid, String name, byte[] value) throws LustreException {
        try (OsdObject o = dev.find(fid); Transaction th = dev.transCreate()) {
            o.declareXattrSet(name, value.length, XattrMode.CREATE, th);
            th.start();
            o.xattrSet(name, MemorySegment.ofArray(value), XattrMode.CREATE, th);
        }
    }

    private void write(Fid fid, long pos, byte[] data) throws LustreException {
        try (OsdObject o = dev.find(fid); Transaction th = dev.transCreate()) {
            o.body().declareWrite(pos, data.length, th);
            th.start();
            o.body().write(pos, MemorySegment.ofArray(data), th);
        }
    }

    /** The namespace and objects every case exports; returns the sparse file's FID. */
    private Fid populate() throws LustreException {
        LastRcvd.open(dev, "lustre-OST0003_UUID", 3, TargetKind.OST).close(); // an OST: O/<seq> names
        Fid root = make(dev.rootFid(), "ROOT", null, FileMode.S_IFDIR | 0755, 0, null, 0);
        Fid dir = make(root, "dir", null, FileMode.S_IFDIR | 02775, 500, null, 0);
        Fid file = make(dir, "file", null, FileMode.S_IFREG | 04640, 500, "head".getBytes(StandardCharsets.UTF_8), 0);
        write(file, 1 << 20, "tail".getBytes(StandardCharsets.UTF_8)); // a 1 MiB hole between
        xattr(file, "trusted.lma", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
            15, 16});
        xattr(file, "user.color", "blue".getBytes(StandardCharsets.UTF_8));
        link(root, "hard", file, FileMode.S_IFREG);
        make(root, "link", null, FileMode.S_IFLNK | 0777, 500, "dir/file".getBytes(StandardCharsets.UTF_8), 0);
        make(root, "fifo", null, FileMode.S_IFIFO | 0600, 500, null, 0);
        make(root, "sock", null, FileMode.S_IFSOCK | 0755, 500, null, 0);
        make(root, "null", null, FileMode.S_IFCHR | 0666, 0, null, (1 << 8) | 3);
        make(root, new byte[] {'b', (byte) 0xff, 'd'}, null, FileMode.S_IFREG | 0644, 0, null, 0);
        // OST objects (IDIF, sequence 0 of index 3) and their LAST_ID, named by no directory
        make(null, (byte[]) null, Fid.idif(0, 3), FileMode.S_IFREG | 0644, 0, new byte[] {2, 0, 0, 0, 0, 0, 0, 0}, 0);
        make(null, (byte[]) null, Fid.idif(1, 3), FileMode.S_IFREG | 0666, 0, "obj1".getBytes(StandardCharsets.UTF_8),
                0);
        make(null, (byte[]) null, Fid.idif(34, 3), FileMode.S_IFREG | 0666, 0, new byte[0], 0);
        // a normal OST sequence and an unnamed llog
        make(null, (byte[]) null, Fid.of(0x2c0000401L, 7, 0), FileMode.S_IFREG | 0666, 0, new byte[] {7}, 0);
        make(null, (byte[]) null, Fid.of(Fid.SEQ_LLOG, 5, 0), FileMode.S_IFREG | 0644, 0, new byte[] {5}, 0);
        // an object no ldiskfs name reaches (on ldiskfs it would be only in the OI)
        make(null, (byte[]) null, Fid.of(Fid.SEQ_QUOTA, 9, 0), FileMode.S_IFREG | 0644, 0, new byte[] {9}, 0);
        return file;
    }

    private record Export(OsdExport.Result result, List<String> report, LocalTree tree) {
    }

    private Export export(Path out, boolean privileged) throws Exception {
        LocalTree tree = LocalTree.at(out, privileged);
        OsdExport.Result r = OsdExport.export(dev, tree);
        return new Export(r, tree.finish(), tree);
    }

    private static Object attr(Path p, String name) throws Exception {
        return Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void everyKindOfObjectLandsWhereLdiskfsHasIt() throws Exception {
        assumeThat(LocalTree.runningAsRoot()).as("owners, devices and trusted xattrs need root").isTrue();
        populate();
        Path out = tmp.resolve("ost");
        Export e = export(out, true);
        OsdExport.Result r = e.result();

        byte[] expected = new byte[(1 << 20) + 4];
        System.arraycopy("head".getBytes(StandardCharsets.UTF_8), 0, expected, 0, 4);
        System.arraycopy("tail".getBytes(StandardCharsets.UTF_8), 0, expected, 1 << 20, 4);
        Path file = out.resolve("ROOT/dir/file");
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
        assertThat((int) attr(file, "mode") & 07777).isEqualTo(04640);
        assertThat(attr(file, "uid")).isEqualTo(500);
        assertThat(attr(file, "gid")).isEqualTo(501);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(1_700_000_000_000L);
        assertThat((int) attr(out.resolve("ROOT/dir"), "mode") & 07777).isEqualTo(02775);
        assertThat(Files.getLastModifiedTime(out.resolve("ROOT/dir")).toMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(Posix.lgetxattr(file, "trusted.lma")).hasSize(24).startsWith(0, 0, 0, 0, 0, 0, 0, 0, 1, 2);
        assertThat(Posix.lgetxattr(file, "user.color")).isEqualTo("blue".getBytes(StandardCharsets.UTF_8));

        assertThat(attr(out.resolve("ROOT/hard"), "ino")).isEqualTo(attr(file, "ino"));
        assertThat(attr(file, "nlink")).isEqualTo(2);
        assertThat(Files.readSymbolicLink(out.resolve("ROOT/link")).toString()).isEqualTo("dir/file");
        assertThat(Files.readAllBytes(out.resolve("ROOT/link"))).isEqualTo(expected);
        assertThat((int) attr(out.resolve("ROOT/fifo"), "mode") & FileMode.S_IFMT).isEqualTo(FileMode.S_IFIFO);
        assertThat((int) attr(out.resolve("ROOT/sock"), "mode") & FileMode.S_IFMT).isEqualTo(FileMode.S_IFSOCK);
        Path dev0 = out.resolve("ROOT/null");
        assertThat((int) attr(dev0, "mode") & FileMode.S_IFMT).isEqualTo(FileMode.S_IFCHR);
        assertThat(attr(dev0, "rdev")).isEqualTo((long) ((1 << 8) | 3));

        // objects by their osd-ldiskfs names, with all 32 d<n> of each sequence
        assertThat(Files.readAllBytes(out.resolve("O/0/LAST_ID"))).containsExactly(2, 0, 0, 0, 0, 0, 0, 0);
        assertThat(Files.readAllBytes(out.resolve("O/0/d1/1"))).isEqualTo("obj1".getBytes(StandardCharsets.UTF_8));
        assertThat(out.resolve("O/0/d2/34")).exists().isEmptyFile();
        assertThat(Files.readAllBytes(out.resolve("O/2c0000401/d7/7"))).containsExactly(7);
        assertThat(Files.readAllBytes(out.resolve("O/1/d5/5"))).containsExactly(5);
        for (int i = 0; i < 32; i++) {
            assertThat(out.resolve("O/0/d" + i)).isDirectory();
            assertThat(out.resolve("O/1/d" + i)).isDirectory();
        }
        assertThat(Files.readAllBytes(out.resolve("last_rcvd"))).hasSize(512);

        // by name ROOT/dir/file and last_rcvd; by object name LAST_ID, d1/1, d2/34, d7/7 and the llog
        assertThat(r.files()).isEqualTo(7);
        assertThat(r.symlinks()).isEqualTo(1);
        assertThat(r.specials()).isEqualTo(3);
        assertThat(r.hardLinks()).isEqualTo(1);
        assertThat(r.unnamed()).as("the quota object and osd-mem's 3 accounting indexes").isEqualTo(4);
        assertThat(r.badNames()).isEqualTo(1);
        // the sparse file's data extents are whole pages (osd-mem's SEEK_DATA/SEEK_HOLE granularity):
        // its first page and the 4 bytes at 1 MiB; then last_rcvd, LAST_ID, d1/1, d7/7 and the llog
        assertThat(r.bytes()).isEqualTo(4096 + 4 + 512 + 8 + 4 + 1 + 1);
        assertThat(e.tree().xattrsSet()).isEqualTo(2);
        assertThat(e.report()).anyMatch(l -> l.contains("0x62ff64") && l.contains("not valid UTF-8"))
                .anyMatch(l -> l.startsWith("4 object(s) have no name on ldiskfs"))
                .noneMatch(l -> l.contains("needs root"));
    }

    @Test
    void withoutPrivilegeTheReportSaysWhatWasLeftOut() throws Exception {
        populate();
        Path out = tmp.resolve("ost");
        Export e = export(out, false);
        Path file = out.resolve("ROOT/dir/file");
        assertThat(Files.size(file)).isEqualTo((1 << 20) + 4);
        assertThat(Posix.lgetxattr(file, "user.color")).isEqualTo("blue".getBytes(StandardCharsets.UTF_8));
        assertThat(e.tree().xattrsSet()).isEqualTo(1);
        assertThat(out.resolve("ROOT/null")).doesNotExist();
        assertThat(out.resolve("ROOT/fifo")).exists();
        assertThat(e.report()).contains(
                "1 trusted.*/system.* xattrs not set: that needs root (CAP_SYS_ADMIN); run the export as root to have them",
                "1 device files not made: mknod of a device needs root (CAP_MKNOD)")
                .anyMatch(l -> l.matches("\\d+ owners not set: that needs root \\(CAP_CHOWN\\)"));
    }

    @Test
    void aDirectoryThatIsNotEmptyIsRefused() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(out.resolve("x"), "x");
        LustreException ex = org.junit.jupiter.api.Assertions.assertThrows(LustreException.class,
                () -> LocalTree.at(out, false));
        assertThat(ex.errno()).isEqualTo(Errno.EEXIST);
        assertThat(ex.getMessage()).contains(out + " is not empty");
        assertThat(Arrays.asList(out.toFile().list())).containsExactly("x");
    }

    @Test
    void theCommandRefusesAnUnknownTargetNamingIt() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = TargetOsds.export(Libcfs.create(), "lustre-OST0009", tmp.resolve("x"), false, new PrintWriter(out),
                new PrintWriter(err));
        assertThat(rc).isEqualTo(19);
        assertThat(err.toString()).startsWith("error: osd export: no target lustre-OST0009");
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
