package org.jlustre.fuse.lowlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binding end to end: a {@link TreeOperations} mounted through libfuse on a temporary
 * directory, driven by ordinary system calls, then unmounted (busy first, then cleanly).
 */
class FuseSessionTest {

    @TempDir
    Path tmp;

    private TreeOperations tree;
    private FuseSession session;
    private Path mnt;

    @BeforeEach
    void mount() throws Exception {
        assertThat(FuseSession.available()).as("libfuse3 and /dev/fuse (.ci/run installs fuse3)").isTrue();
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        tree = new TreeOperations();
        session = FuseSession.mount(mnt, tree, List.of("fsname=tree", "subtype=jlustre-test"), 4);
    }

    @AfterEach
    void unmount() throws Exception {
        session.close();
    }

    @Test
    void filesAreCreatedWrittenReadListedAndRemoved() throws Exception {
        Path f = mnt.resolve("hello.txt");
        Files.writeString(f, "hello, fuse");
        assertThat(tree.initialised).isTrue();
        assertThat(Files.readString(f)).isEqualTo("hello, fuse");
        assertThat(Files.size(f)).isEqualTo(11);
        Files.createDirectory(mnt.resolve("dir"));
        assertThat(Files.isDirectory(mnt.resolve("dir"))).isTrue();
        try (Stream<Path> list = Files.list(mnt)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("hello.txt", "dir");
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(5);
        }
        assertThat(Files.readString(f)).isEqualTo("hello");
        Files.delete(f);
        assertThat(Files.exists(f)).isFalse();
        assertThat(tree.callers).allSatisfy(c -> {
            assertThat(c.uid()).isEqualTo(0);
            // the header's pid is the calling thread's id (kernel fuse_new_req: task_pid(current))
            assertThat(Path.of("/proc/self/task/" + c.pid())).exists();
        });
    }

    @Test
    void aLargeDirectoryIsListedAcrossReaddirCalls() throws Exception {
        for (int i = 0; i < 600; i++) {
            Files.createDirectory(mnt.resolve("d" + i));
        }
        try (Stream<Path> list = Files.list(mnt)) {
            assertThat(list.count()).isEqualTo(600);
        }
    }

    @Test
    void namesAreBytesEvenWhenNotUtf8() throws Throwable {
        byte[] name = {'b', (byte) 0xff, (byte) 0xfe, 'x'};
        byte[] path = (mnt + "/").getBytes(StandardCharsets.UTF_8);
        byte[] full = new byte[path.length + name.length];
        System.arraycopy(path, 0, full, 0, path.length);
        System.arraycopy(name, 0, full, path.length, name.length);
        assertThat(Libc.mkdir(full, 0750)).isZero();
        assertThat(tree.namesSeen).anySatisfy(n -> assertThat(n).containsExactly(name));
        assertThat(tree.nodes.get(1L).children).containsKey(ByteBuffer.wrap(name));
    }

    @Test
    void renameFlagsReachTheFilesystem() throws Throwable {
        Files.writeString(mnt.resolve("a"), "a");
        Files.writeString(mnt.resolve("b"), "b");
        assertThat(Libc.renameat2(mnt + "/a", mnt + "/b", 1)).isEqualTo(Errno.EEXIST.value());
        assertThat(Libc.renameat2(mnt + "/a", mnt + "/b", 2)).isEqualTo(Errno.EINVAL.value());
        assertThat(Libc.renameat2(mnt + "/a", mnt + "/c", 1)).isZero();
        // the VFS answers NOREPLACE onto an existing name itself (fs/namei.c do_renameat2)
        assertThat(tree.renameFlags).containsExactly(2, 1);
        assertThat(Files.readString(mnt.resolve("c"))).isEqualTo("a");
    }

    @Test
    void statfsAndXattrsAnswer() throws Exception {
        FileStore store = Files.getFileStore(mnt);
        assertThat(store.getTotalSpace()).isEqualTo(1000L * 4096);
        assertThat(store.getUsableSpace()).isEqualTo(500L * 4096);
        Path f = Files.writeString(mnt.resolve("x"), "x");
        UserDefinedFileAttributeView view = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
        view.write("colour", ByteBuffer.wrap("blue".getBytes(StandardCharsets.UTF_8)));
        assertThat(view.list()).containsExactly("colour");
        ByteBuffer value = ByteBuffer.allocate(view.size("colour"));
        view.read("colour", value);
        assertThat(new String(value.array(), StandardCharsets.UTF_8)).isEqualTo("blue");
        assertThatThrownBy(() -> view.delete("colour")).hasMessageContaining("Operation not supported");
    }

    @Test
    void unmountingWhileAFileIsOpenIsEbusyThenSucceeds() throws Exception {
        Path f = Files.writeString(mnt.resolve("busy"), "x");
        try (FileChannel open = FileChannel.open(f)) {
            assertThatThrownBy(session::unmount).isInstanceOfSatisfying(LustreException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
            assertThat(session.exited()).isNotDone();
            assertThat(open.size()).isEqualTo(1);
        }
        session.unmount();
        assertThat(session.exited()).isCompletedWithValue(0);
        assertThat(tree.destroyed).isTrue();
        assertThat(Files.list(mnt).count()).isZero();
    }
}
