package org.jlustre.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.fuse.Programs.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jlustre.client.DirEntry;
import org.jlustre.client.LustreClient;
import org.jlustre.common.Errno;
import org.jlustre.fuse.lowlevel.Libc;
import org.jlustre.mdc.MdcCred;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system calls of issue 16 one by one on a FUSE mount of a filesystem served in this JVM:
 * xattrs, mknod of a socket, renameat2's flags, fallocate, SEEK_DATA/SEEK_HOLE, chown and
 * utimens, statfs, a name that is not UTF-8, and a directory larger than one readdir.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SystemCallsOnMountTest {

    private static final int S_IFSOCK = 0140000;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;

    private LocalLustre lustre;
    private LustreClient client;
    private Path mnt;

    @BeforeAll
    void mount(@TempDir Path dir) throws Exception {
        assertThat(FuseMount.available()).as("FUSE (.ci/run installs fuse3)").isTrue();
        lustre = new LocalLustre();
        client = lustre.mountClient();
        mnt = lustre.mountFuse(client, dir.resolve("mnt"));
    }

    @AfterAll
    void unmount() throws Exception {
        lustre.close();
    }

    @Test
    void userXattrsAreSetListedReadAndRemoved() throws Exception {
        Path f = Files.writeString(mnt.resolve("xattrs"), "x");
        UserDefinedFileAttributeView view = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
        view.write("colour", ByteBuffer.wrap("blue".getBytes(StandardCharsets.UTF_8)));
        assertThat(view.list()).contains("colour");
        ByteBuffer value = ByteBuffer.allocate(view.size("colour"));
        view.read("colour", value);
        assertThat(new String(value.array(), StandardCharsets.UTF_8)).isEqualTo("blue");
        view.delete("colour");
        assertThat(view.list()).doesNotContain("colour");
    }

    @Test
    void mknodMakesSockets() throws Throwable {
        assertThat(Libc.mknod(mnt.resolve("socket").toString(), S_IFSOCK | 0644)).isZero();
        assertThat(run(mnt, "stat", "-c", "%F", "socket").trim()).isEqualTo("socket");
    }

    @Test
    void renameNoReplaceWorksAndExchangeIsEinval() throws Throwable {
        Files.writeString(mnt.resolve("r1"), "1");
        Files.writeString(mnt.resolve("r2"), "2");
        assertThat(Libc.renameat2(mnt + "/r1", mnt + "/r3", 1)).isZero();
        assertThat(Libc.renameat2(mnt + "/r3", mnt + "/r2", 2)).isEqualTo(Errno.EINVAL.value());
        assertThat(Files.readString(mnt.resolve("r3"))).isEqualTo("1");
        assertThat(Files.readString(mnt.resolve("r2"))).isEqualTo("2");
    }

    @Test
    void fallocateExtendsAndPunchesZeros() throws Exception {
        Path f = Files.writeString(mnt.resolve("falloc"), "abcdefgh");
        run(mnt, "fallocate", "-l", "65536", "falloc");
        assertThat(Files.size(f)).isEqualTo(65536);
        run(mnt, "fallocate", "-p", "-o", "2", "-l", "3", "falloc");
        byte[] data = Files.readAllBytes(f);
        assertThat(new String(data, 0, 8, StandardCharsets.ISO_8859_1)).isEqualTo("ab\0\0\0fgh");
        assertThat(data).hasSize(65536);
    }

    @Test
    void seekDataAndHoleSeeAllDataAndTheEnd() throws Throwable {
        Files.write(mnt.resolve("seek"), new byte[10_000]);
        String path = mnt.resolve("seek").toString();
        assertThat(Libc.lseek(path, 100, SEEK_DATA)).isEqualTo(100);
        assertThat(Libc.lseek(path, 100, SEEK_HOLE)).isEqualTo(10_000);
        assertThat(Libc.lseek(path, 10_000, SEEK_DATA)).isEqualTo(-Errno.ENXIO.value());
    }

    @Test
    void chownChmodAndUtimens() throws Exception {
        Files.writeString(mnt.resolve("attrs"), "a");
        run(mnt, "chown", "123:456", "attrs");
        run(mnt, "chmod", "640", "attrs");
        run(mnt, "touch", "-m", "-d", "@1000000000", "attrs");
        assertThat(run(mnt, "stat", "-c", "%u %g %a %Y", "attrs").trim()).isEqualTo("123 456 640 1000000000");
    }

    @Test
    void statfsIsTheFilesystems() throws Exception {
        FileStore store = Files.getFileStore(mnt);
        var stat = client.statfs(MdcCred.root()).join();
        assertThat(store.getTotalSpace()).isEqualTo(stat.blocks() * stat.blockSize()).isPositive();
        assertThat(store.type()).isEqualTo("fuse.lustre");
    }

    @Test
    void namesThatAreNotUtf8StayBytes() throws Throwable {
        byte[] name = {'n', (byte) 0xff, (byte) 0xc3, '-'};
        byte[] dir = (mnt + "/").getBytes(StandardCharsets.UTF_8);
        byte[] path = new byte[dir.length + name.length];
        System.arraycopy(dir, 0, path, 0, dir.length);
        System.arraycopy(name, 0, path, dir.length, name.length);
        assertThat(Libc.mkdir(path, 0755)).isZero();
        assertThat(Libc.mkdir(path, 0755)).isEqualTo(Errno.EEXIST.value());
        List<DirEntry> entries = client.readdirAll(MdcCred.root(), client.root()).join();
        assertThat(entries).anySatisfy(e -> assertThat(e.name()).containsExactly(name));
    }

    @Test
    void aLargeDirectoryListsCompletely() throws Exception {
        Path big = Files.createDirectory(mnt.resolve("big"));
        run(big, "sh", "-c", "i=0; while [ $i -lt 1500 ]; do : > file-with-a-longish-name-$i; i=$((i+1)); done");
        try (Stream<Path> list = Files.list(big)) {
            assertThat(list.count()).isEqualTo(1500);
        }
        assertThat(run(big, "ls", "-la").lines().filter(l -> l.contains("file-with")).count()).isEqualTo(1500);
    }

    /** Whether {@code flock -n PATH true} gets the lock at once. */
    private static boolean flockFree(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("flock", "-n", path.toString(), "true").start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0;
    }

    @Test
    void flockAndFcntlLocksHoldAcrossMounts() throws Exception {
        Path other = lustre.mountFuse(lustre.mountClient(), mnt.resolveSibling("second"));
        Files.writeString(mnt.resolve("locked"), "0123456789abcdefghij");
        Process holder = new ProcessBuilder("flock", "-n", mnt.resolve("locked").toString(), "sleep", "60").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (flockFree(other.resolve("locked")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(flockFree(other.resolve("locked"))).as("flock held through the first mount").isFalse();
        } finally {
            holder.descendants().forEach(ProcessHandle::destroy);
            holder.destroy();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(flockFree(other.resolve("locked"))).as("released when its holder exited").isTrue();
        try (FileChannel a = FileChannel.open(mnt.resolve("locked"), StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileChannel b = FileChannel.open(other.resolve("locked"), StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            FileLock first = a.tryLock(0, 10, false);
            assertThat(first).isNotNull();
            assertThat(b.tryLock(0, 10, true)).as("a conflicting fcntl lock through the other mount").isNull();
            FileLock disjoint = b.tryLock(10, 10, false);
            assertThat(disjoint).as("a disjoint range").isNotNull();
            disjoint.release();
            first.release();
            assertThat(b.tryLock(0, 10, false)).as("free once released").isNotNull();
        }
    }
}
