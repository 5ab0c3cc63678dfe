package org.jlustre.client.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jlustre.client.FileAttr;
import org.jlustre.client.Layout;
import org.jlustre.client.LustreClient;
import org.jlustre.client.Striping;
import org.jlustre.cluster.LocalCluster;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.mdc.MdcCred;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What only a Lustre filesystem has, or where Jimfs departs from POSIX and the provider
 * follows POSIX: names that are not UTF-8, FIDs and layouts through the {@code lustre} view,
 * striping at creation, two clients seeing each other's changes, the URI forms and the life of
 * a filesystem, credentials, and the operations it refuses.
 */
class LustreFilesTest {

    private static LocalCluster cluster;
    private static LustreClient client;
    private static URI uri;
    private static LustreFileSystem fs;
    private Path dir;

    @BeforeAll
    static void start() throws LustreException, IOException {
        cluster = LocalCluster.start(Nodes.Driver.MEM);
        client = cluster.mount();
        uri = URI.create("lustre://" + cluster.mgsNids().getFirst() + "/lustre");
        fs = (LustreFileSystem) FileSystems.newFileSystem(uri, Map.of(LustreFileSystemProvider.ENV_CLIENT, client));
    }

    @AfterAll
    static void stop() throws IOException {
        if (fs != null) {
            fs.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void directory(TestInfo test) throws IOException {
        dir = Files.createDirectory(fs.getPath("/" + test.getTestMethod().orElseThrow().getName()));
    }

    @Test
    void namesThatAreNotUtf8AreKeptByteForByte() throws IOException {
        byte[] name = {'c', (byte) 0xe9, (byte) 0xff, 'z'};
        Path file = ((LustrePath) dir).resolveName(name);
        Files.writeString(file, "latin-1 name");
        List<Path> listed;
        try (Stream<Path> s = Files.list(dir)) {
            listed = s.toList();
        }
        assertThat(listed).containsExactly(file);
        assertThat(((LustrePath) listed.getFirst()).getFileName().nameBytes(0)).isEqualTo(name);
        assertThat(listed.getFirst().toString()).endsWith("c\uDCE9\uDCFFz");
        assertThat(Files.readString(fs.getPath(listed.getFirst().toString()))).isEqualTo("latin-1 name");
        FileAttr byClient = client.lookup(MdcCred.root(), client.lookupPath(MdcCred.root(),
                ((LustrePath) dir).bytes()).join().fid(), name).join();
        assertThat(Files.readAttributes(file, LustreFileAttributes.class).fid()).isEqualTo(byClient.fid());
        assertThat(fs.getPathMatcher("glob:**/c\uDCE9*").matches(file)).isTrue();
    }

    @Test
    void theLustreViewGivesFidAndLayout() throws IOException {
        Path striped = Files.createFile(dir.resolve("striped"), LustreFileAttributeView.striping(Striping.of(2, 65536)));
        Files.write(striped, new byte[3 * 65536]);
        LustreFileAttributes a = Files.readAttributes(striped, LustreFileAttributes.class);
        Layout layout = a.layout().orElseThrow();
        assertThat(layout.stripeCount()).isEqualTo(2);
        assertThat(layout.stripeSize()).isEqualTo(65536);
        assertThat(layout.objects()).extracting(Layout.StripeObject::ostIndex).containsExactlyInAnyOrder(0, 1);
        assertThat(a.fid()).isEqualTo(a.fileKey()).isNotNull();
        assertThat(a.fid().seq()).isGreaterThanOrEqualTo(Fid.SEQ_NORMAL);
        assertThat(a.linkCount()).isEqualTo(1);
        assertThat(a.size()).isEqualTo(3 * 65536);
        Map<String, Object> byName = Files.readAttributes(striped, "lustre:fid,layout,nlink,mode");
        assertThat(byName).containsEntry("fid", a.fid()).containsEntry("layout", layout).containsEntry("nlink", 1)
                .containsEntry("mode", FileMode.S_IFREG | 0644);
        // a directory's default striping reaches the files made in it
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.getFileAttributeView(sub, LustreFileAttributeView.class).setDefaultStriping(Striping.of(2, 131072));
        Path inherits = Files.write(sub.resolve("f"), new byte[] {1});
        assertThat(Files.readAttributes(inherits, LustreFileAttributes.class).layout().orElseThrow().stripeSize())
                .isEqualTo(131072);
        assertThat(Files.readAttributes(sub, LustreFileAttributes.class).layout().orElseThrow().stripeCount())
                .isEqualTo(2);
    }

    @Test
    void followsPosixWhereJimfsDoesNot() throws IOException {
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), fs.getPath("made"));
        Files.writeString(dangling, "created through the link");
        assertThat(Files.readString(dir.resolve("made"))).isEqualTo("created through the link");
        assertThat(Files.readAttributes(dangling, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size())
                .as("a link's size is its target's length").isEqualTo(4);
        Files.createSymbolicLink(dir.resolve("loop1"), fs.getPath("loop2"));
        Files.createSymbolicLink(dir.resolve("loop2"), fs.getPath("loop1"));
        assertThatThrownBy(() -> Files.readString(dir.resolve("loop1"))).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("ELOOP");
        assertThatThrownBy(() -> Files.newByteChannel(dir.resolve("made"), StandardOpenOption.READ,
                StandardOpenOption.APPEND)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Files.newByteChannel(dangling, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("ELOOP");
        Path temporary = dir.resolve("temporary");
        try (var ch = Files.newByteChannel(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1}));
            assertThat(Files.exists(temporary)).as("DELETE_ON_CLOSE unlinks at close, not at open").isTrue();
        }
        assertThat(Files.exists(temporary)).isFalse();
    }

    @Test
    void aSecondClientSeesWhatTheFirstWrote() throws Exception {
        try (LustreClient second = cluster.mount();
                LustreFileSystem other = new LustreFileSystem(fs.provider(), new LustreUri("second", "lustre"),
                        new Namespace(second, MdcCred.root(), new Calls(Duration.ofSeconds(60))), () -> { })) {
            Path mine = Files.writeString(dir.resolve("shared"), "from the first client");
            Path theirs = other.getPath(mine.toString());
            assertThat(Files.readString(theirs)).isEqualTo("from the first client");
            Files.writeString(theirs, "second wins", StandardOpenOption.APPEND);
            assertThat(Files.readString(mine)).isEqualTo("from the first clientsecond wins");
            Files.delete(theirs);
            assertThat(Files.exists(mine)).isFalse();
        }
    }

    @Test
    void urisNameFilesystemsAndPaths() throws IOException {
        Path file = Files.writeString(dir.resolve("a b"), "by uri");
        URI fileUri = file.toUri();
        assertThat(fileUri.toString()).isEqualTo(uri + "/urisNameFilesystemsAndPaths/a%20b");
        assertThat(Path.of(fileUri)).isEqualTo(file);
        assertThat(Files.readString(Path.of(fileUri))).isEqualTo("by uri");
        assertThat(FileSystems.getFileSystem(uri)).isSameAs(fs);
        assertThatThrownBy(() -> FileSystems.newFileSystem(uri, Map.of(LustreFileSystemProvider.ENV_CLIENT, client)))
                .isInstanceOf(FileSystemAlreadyExistsException.class);
        assertThatThrownBy(() -> FileSystems.getFileSystem(URI.create("lustre://10.9.9.9@tcp/lustre")))
                .isInstanceOf(FileSystemNotFoundException.class);
        assertThatThrownBy(() -> FileSystems.newFileSystem(URI.create("lustre://x@tcp/other"),
                Map.of(LustreFileSystemProvider.ENV_CLIENT, client))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other");
    }

    @Test
    void aFilesystemMountedOnANodeIsUnmountedWhenClosed() throws Exception {
        // the same MGS spelled with its port: another URI, so another filesystem
        URI other = URI.create("lustre://" + cluster.mgsNids().getFirst() + ":988/lustre");
        Path kept;
        try (var mounted = FileSystems.newFileSystem(other, Map.of(LustreFileSystemProvider.ENV_NODE,
                cluster.clientNode()))) {
            kept = Files.writeString(mounted.getPath(dir.toString(), "via-node"), "own mount");
            assertThat(Files.readString(dir.resolve("via-node"))).isEqualTo("own mount");
        }
        assertThatThrownBy(() -> Files.readString(kept)).isInstanceOf(ClosedFileSystemException.class);
        assertThatThrownBy(() -> FileSystems.getFileSystem(other)).isInstanceOf(FileSystemNotFoundException.class);
    }

    @Test
    void callsAreMadeForTheCredentialsGiven() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path open = Files.createDirectory(dir.resolve("open"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (LustreFileSystem alice = new LustreFileSystem(fs.provider(), new LustreUri("alice", "lustre"),
                new Namespace(client, MdcCred.user(1000, 1000).withUmask(022), new Calls(Duration.ofSeconds(60))),
                () -> { })) {
            Path hers = alice.getPath(open.toString(), "hers");
            Files.writeString(hers, "alice's");
            LustreFileAttributes a = Files.readAttributes(hers, LustreFileAttributes.class);
            assertThat(a.uid()).isEqualTo(1000);
            assertThat(a.owner().getName()).isEqualTo("1000");
            assertThat(PosixFilePermissions.toString(a.permissions())).isEqualTo("rw-r--r--");
            assertThatThrownBy(() -> Files.createFile(alice.getPath(dir.toString(), "not-hers")))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> alice.provider().checkAccess(alice.getPath(dir.toString()), AccessMode.WRITE))
                    .isInstanceOf(AccessDeniedException.class);
            alice.provider().checkAccess(alice.getPath(dir.toString()), AccessMode.READ, AccessMode.EXECUTE);
        }
        // root gives a file away: owner and group are numbers
        Path given = Files.writeString(dir.resolve("given"), "to 1000");
        var lookup = fs.getUserPrincipalLookupService();
        Files.setOwner(given, lookup.lookupPrincipalByName("1000"));
        Files.setAttribute(given, "posix:group", lookup.lookupPrincipalByGroupName("50"));
        LustreFileAttributes a = Files.readAttributes(given, LustreFileAttributes.class);
        assertThat(a.uid()).isEqualTo(1000);
        assertThat(a.gid()).isEqualTo(50);
        assertThat(a.group()).isEqualTo(lookup.lookupPrincipalByGroupName("50")).isNotEqualTo(a.owner());
        assertThatThrownBy(() -> Files.setOwner(given, lookup.lookupPrincipalByGroupName("7")))
                .isInstanceOf(IOException.class).hasMessageContaining("group");
        assertThatThrownBy(() -> lookup.lookupPrincipalByName("alice"))
                .isInstanceOf(UserPrincipalNotFoundException.class);
    }

    @Test
    void whatItCannotDoFailsNamingTheOperation() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> ch.map(FileChannel.MapMode.READ_ONLY, 0, 1))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("FileChannel.map()");
            assertThatThrownBy(ch::lock).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("FileChannel.lock()");
            assertThat(ch.read(ByteBuffer.allocate(1))).isEqualTo(1);
        }
        assertThatThrownBy(f::toFile).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Path.toFile()");
        assertThatThrownBy(() -> Files.newByteChannel(f, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                new OpenOption() { })).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anInterruptClosesTheChannel() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "data");
        FileChannel ch = FileChannel.open(f);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(4))).isInstanceOf(ClosedByInterruptException.class);
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt stays set for the caller").isTrue();
        }
        assertThat(ch.isOpen()).isFalse();
        assertThat(Files.readString(f)).isEqualTo("data");
    }

    @Test
    void theFileStoreIsTheWholeFilesystem() throws IOException {
        FileStore store = Files.getFileStore(dir);
        assertThat(store.name()).isEqualTo("lustre");
        assertThat(store.type()).isEqualTo("lustre");
        assertThat(store.getTotalSpace()).isPositive();
        assertThat(store.getUsableSpace()).isPositive().isLessThanOrEqualTo(store.getTotalSpace());
        assertThat(store.supportsFileAttributeView(LustreFileAttributeView.class)).isTrue();
        assertThat(((LustreFileStore) store).statfs().targets()).hasSize(3);
        assertThat(fs.getFileStores()).containsExactly(store);
    }
}
