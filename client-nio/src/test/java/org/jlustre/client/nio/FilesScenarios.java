package org.jlustre.client.nio;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Scenarios of {@link Files} use, each run in an empty directory {@code dir} of some
 * filesystem and written down in a {@link Transcript}. They use only what POSIX and java.nio
 * define the same way everywhere: no directory listing order (listings are sorted), no sizes
 * of directories or links, times in whole seconds. Where Jimfs departs from POSIX (a create
 * through a dangling link fails, READ with APPEND is UnsupportedOperationException, a link
 * loop is a plain IOException, DELETE_ON_CLOSE deletes nothing) the step is left out or only
 * records that it failed; {@code LustreFilesTest} checks the POSIX behaviour there.
 */
final class FilesScenarios {

    /** A scenario. */
    @FunctionalInterface
    interface Scenario {
        void run(Path dir, Transcript t) throws IOException;
    }

    /** Every scenario by name. */
    static final Map<String, Scenario> ALL = Map.ofEntries(
            Map.entry("write and read whole files", FilesScenarios::wholeFiles),
            Map.entry("file channel", FilesScenarios::fileChannel),
            Map.entry("seekable byte channel and open options", FilesScenarios::openOptions),
            Map.entry("large striped data", FilesScenarios::largeData),
            Map.entry("directories and glob streams", FilesScenarios::directories),
            Map.entry("symbolic and hard links", FilesScenarios::links),
            Map.entry("copy", FilesScenarios::copy),
            Map.entry("move", FilesScenarios::move),
            Map.entry("walk, copy and delete a tree", FilesScenarios::walkTree),
            Map.entry("attributes", FilesScenarios::attributes),
            Map.entry("real paths", FilesScenarios::realPaths),
            Map.entry("user attributes", FilesScenarios::userAttributes));

    private FilesScenarios() {
    }

    static void wholeFiles(Path dir, Transcript t) throws IOException {
        Path f = dir.resolve("f.txt");
        t.step("exists before", () -> Files.exists(f));
        t.step("write", () -> Files.write(f, "hello, lustre\n".getBytes(UTF_8)));
        t.step("read", () -> Files.readAllBytes(f));
        t.step("size", () -> Files.size(f));
        t.step("append", () -> Files.writeString(f, "second line\n", StandardOpenOption.APPEND));
        t.step("lines", () -> Files.readAllLines(f));
        t.step("overwrite shorter", () -> Files.writeString(f, "short"));
        t.step("read after truncate-on-write", () -> Files.readString(f));
        t.step("create existing", () -> Files.createFile(f));
        t.step("create new", () -> Files.createFile(dir.resolve("empty")));
        t.step("empty size", () -> Files.size(dir.resolve("empty")));
        t.step("read missing", () -> Files.readAllBytes(dir.resolve("missing")));
        t.step("input stream", () -> {
            try (InputStream in = Files.newInputStream(f)) {
                return new String(in.readAllBytes(), UTF_8);
            }
        });
        t.step("output stream", () -> {
            try (OutputStream out = Files.newOutputStream(dir.resolve("out"))) {
                out.write(new byte[] {1, 2, 3});
                out.write(4);
            }
            return Files.readAllBytes(dir.resolve("out"));
        });
        t.step("is regular", () -> Files.isRegularFile(f));
        t.step("is directory", () -> Files.isDirectory(f));
        t.step("delete", () -> {
            Files.delete(f);
            return Files.exists(f);
        });
        t.step("delete again", () -> {
            Files.delete(f);
            return "deleted twice";
        });
        t.step("deleteIfExists", () -> Files.deleteIfExists(f));
    }

    static void fileChannel(Path dir, Transcript t) throws IOException {
        Path f = dir.resolve("chan");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            t.step("write", () -> ch.write(ByteBuffer.wrap("0123456789".getBytes(UTF_8))));
            t.step("position after write", ch::position);
            t.step("size", ch::size);
            t.step("read at end", () -> ch.read(ByteBuffer.allocate(4)));
            t.step("seek", () -> ch.position(3).position());
            t.step("read 4", () -> {
                ByteBuffer b = ByteBuffer.allocate(4);
                ch.read(b);
                return b.array();
            });
            t.step("position after read", ch::position);
            t.step("positional read", () -> {
                ByteBuffer b = ByteBuffer.allocate(20);
                int n = ch.read(b, 8);
                return n + " " + new String(b.array(), 0, n, UTF_8);
            });
            t.step("positional read keeps position", ch::position);
            t.step("write past end leaves a hole", () -> ch.write(ByteBuffer.wrap(new byte[] {'X'}), 14));
            t.step("size with hole", ch::size);
            t.step("truncate", () -> ch.truncate(5).size());
            t.step("position clipped", ch::position);
            t.step("truncate larger changes nothing", () -> ch.truncate(50).size());
            t.act("force", () -> ch.force(true));
            t.step("gathering write", () -> ch.position(5).write(new ByteBuffer[] {
                ByteBuffer.wrap(new byte[] {'a', 'b'}), ByteBuffer.wrap(new byte[] {'c'})}));
            t.step("scattering read", () -> {
                ByteBuffer a = ByteBuffer.allocate(3);
                ByteBuffer b = ByteBuffer.allocate(10);
                long n = ch.position(0).read(new ByteBuffer[] {a, b});
                return n + " " + new String(a.array(), UTF_8) + "|" + new String(b.array(), 0, b.position(), UTF_8);
            });
            t.step("transferTo", () -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long n = ch.transferTo(2, 100, Channels.newChannel(out));
                return n + " " + out.toString(UTF_8);
            });
            t.step("transferFrom", () -> ch.transferFrom(Channels.newChannel(new ByteArrayInputStream(
                    "TT".getBytes(UTF_8))), 1, 2));
        }
        t.step("content", () -> Files.readAllBytes(f));
        t.step("read-only channel refuses writes", () -> {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                return ch.write(ByteBuffer.allocate(1));
            }
        });
        t.step("closed channel", () -> {
            FileChannel ch = FileChannel.open(f);
            ch.close();
            return ch.size();
        });
    }

    static void openOptions(Path dir, Transcript t) throws IOException {
        Path f = dir.resolve("s");
        t.step("read missing", () -> Files.newByteChannel(f, StandardOpenOption.READ));
        t.step("write missing without create", () -> Files.newByteChannel(f, StandardOpenOption.WRITE));
        try (SeekableByteChannel ch = Files.newByteChannel(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            t.step("write", () -> ch.write(ByteBuffer.wrap("abcdef".getBytes(UTF_8))));
            t.step("seek and overwrite", () -> ch.position(2).write(ByteBuffer.wrap("ZZ".getBytes(UTF_8))));
            t.step("size", ch::size);
            t.step("read on write-only", () -> ch.read(ByteBuffer.allocate(2)));
        }
        t.step("content", () -> Files.readString(f));
        t.step("create new on existing", () -> Files.newByteChannel(f, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE));
        t.step("append", () -> {
            try (SeekableByteChannel ch = Files.newByteChannel(f, StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap("++".getBytes(UTF_8)));
                return ch.position();
            }
        });
        t.step("truncate existing", () -> {
            try (SeekableByteChannel ch = Files.newByteChannel(f, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                return ch.size();
            }
        });
        t.step("sync write", () -> {
            try (SeekableByteChannel ch = Files.newByteChannel(f, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                return ch.write(ByteBuffer.wrap("sync".getBytes(UTF_8)));
            }
        });
        t.step("content at end", () -> Files.readString(f));
    }

    static void largeData(Path dir, Transcript t) throws IOException {
        long seed = new SplittableRandom().nextLong();
        System.out.println("largeData seed " + seed);
        byte[] data = new byte[3 * 1024 * 1024 + 12345];
        new SplittableRandom(seed).nextBytes(data);
        Path f = dir.resolve("big");
        t.act("write", () -> Files.write(f, data));
        t.step("size", () -> Files.size(f));
        t.step("same bytes", () -> Arrays.equals(Files.readAllBytes(f), data));
        t.step("middle", () -> {
            try (SeekableByteChannel ch = Files.newByteChannel(f)) {
                ByteBuffer b = ByteBuffer.allocate(70000);
                ch.position(1024 * 1024 - 5000).read(b);
                return Arrays.equals(b.array(), Arrays.copyOfRange(data, 1024 * 1024 - 5000,
                        1024 * 1024 - 5000 + 70000));
            }
        });
    }

    static void directories(Path dir, Transcript t) throws IOException {
        t.step("createDirectories", () -> Files.createDirectories(dir.resolve("a/b/c")));
        t.step("createDirectories again", () -> Files.createDirectories(dir.resolve("a/b/c")));
        t.step("createDirectory existing", () -> Files.createDirectory(dir.resolve("a")));
        t.step("createDirectory missing parent", () -> Files.createDirectory(dir.resolve("x/y")));
        for (String name : List.of("one.txt", "two.txt", "three.java", ".hidden.txt", "four.TXT")) {
            Files.writeString(dir.resolve("a").resolve(name), name);
        }
        t.step("list", () -> sorted(Files.list(dir.resolve("a"))));
        t.step("glob *.txt", () -> {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("a"), "*.txt")) {
                return sorted(s);
            }
        });
        t.step("glob {one,three}.*", () -> {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("a"), "{one,three}.*")) {
                return sorted(s);
            }
        });
        t.step("filter directories", () -> {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("a"), Files::isDirectory)) {
                return sorted(s);
            }
        });
        t.step("stream of a file", () -> Files.newDirectoryStream(dir.resolve("a/one.txt")));
        t.step("stream of missing", () -> Files.newDirectoryStream(dir.resolve("nope")));
        t.step("isHidden", () -> Files.isHidden(dir.resolve("a/.hidden.txt")));
        t.step("delete non-empty", () -> {
            Files.delete(dir.resolve("a/b"));
            return "deleted";
        });
        t.step("delete empty", () -> {
            Files.delete(dir.resolve("a/b/c"));
            return Files.exists(dir.resolve("a/b/c"));
        });
        t.step("many entries", () -> {
            Path many = Files.createDirectory(dir.resolve("many"));
            for (int i = 0; i < 300; i++) {
                Files.createFile(many.resolve("entry-with-a-long-name-to-fill-pages-" + i));
            }
            try (Stream<Path> s = Files.list(many)) {
                return s.count();
            }
        });
    }

    static void links(Path dir, Transcript t) throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "through the link");
        Path sym = dir.resolve("sym");
        t.step("symlink", () -> Files.createSymbolicLink(sym, target.getFileName()));
        t.step("read link", () -> Files.readSymbolicLink(sym));
        t.step("is link", () -> Files.isSymbolicLink(sym));
        t.step("read through", () -> Files.readString(sym));
        t.step("write through", () -> Files.writeString(sym, "changed"));
        t.step("target content", () -> Files.readString(target));
        t.step("is regular through", () -> Files.isRegularFile(sym));
        t.step("is regular nofollow", () -> Files.isRegularFile(sym, LinkOption.NOFOLLOW_LINKS));
        t.step("read link of file", () -> Files.readSymbolicLink(target));
        t.step("symlink existing", () -> Files.createSymbolicLink(sym, target));
        Path dangling = dir.resolve("dangling");
        t.step("dangling", () -> Files.createSymbolicLink(dangling, dir.resolve("nowhere")));
        t.step("dangling exists", () -> Files.exists(dangling));
        t.step("dangling exists nofollow", () -> Files.exists(dangling, LinkOption.NOFOLLOW_LINKS));
        Files.createDirectory(dir.resolve("d"));
        t.step("link to directory", () -> Files.createSymbolicLink(dir.resolve("dlink"), dir.getFileSystem().getPath("d")));
        t.step("create through directory link", () -> Files.writeString(dir.resolve("dlink/inside"), "in d"));
        t.step("listed in d", () -> sorted(Files.list(dir.resolve("d"))));
        t.step("parent through link", () -> Files.readString(dir.resolve("dlink/../target")));
        Path hard = dir.resolve("hard");
        t.step("hard link", () -> Files.createLink(hard, target));
        t.step("same file", () -> Files.isSameFile(hard, target));
        t.step("same file through symlink", () -> Files.isSameFile(hard, sym));
        t.step("hard link existing", () -> Files.createLink(hard, target));
        t.step("delete original", () -> {
            Files.delete(target);
            return Files.readString(hard);
        });
        t.step("symlink now dangling", () -> Files.exists(sym));
        t.step("delete symlink keeps nothing else", () -> {
            Files.delete(sym);
            return sorted(Files.list(dir));
        });
        t.step("loop fails", () -> {
            Files.createSymbolicLink(dir.resolve("loop1"), dir.resolve("loop2"));
            Files.createSymbolicLink(dir.resolve("loop2"), dir.resolve("loop1"));
            try {
                return Files.readString(dir.resolve("loop1"));
            } catch (IOException e) {
                return "IOException"; // Jimfs throws a plain IOException, POSIX filesystems ELOOP's FileSystemException
            }
        });
    }

    static void copy(Path dir, Transcript t) throws IOException {
        Path src = Files.writeString(dir.resolve("src"), "copy me");
        t.step("copy", () -> Files.copy(src, dir.resolve("dst")));
        t.step("copied", () -> Files.readString(dir.resolve("dst")));
        t.step("copy onto existing", () -> Files.copy(src, dir.resolve("dst")));
        Files.writeString(src, "copy me again, longer");
        t.step("copy replace", () -> Files.copy(src, dir.resolve("dst"), StandardCopyOption.REPLACE_EXISTING));
        t.step("replaced", () -> Files.readString(dir.resolve("dst")));
        t.step("copy onto itself", () -> Files.copy(src, src));
        t.step("copy missing", () -> Files.copy(dir.resolve("missing"), dir.resolve("x")));
        Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(dir.resolve("tree/sub/f"), "deep");
        t.step("copy directory copies it empty", () -> {
            Files.copy(dir.resolve("tree"), dir.resolve("tree2"));
            return sorted(Files.list(dir.resolve("tree2")));
        });
        t.step("replace non-empty directory", () -> Files.copy(src, dir.resolve("tree"),
                StandardCopyOption.REPLACE_EXISTING));
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(src, FileTime.fromMillis(1_500_000_000_000L));
        t.step("copy attributes", () -> {
            Path d = Files.copy(src, dir.resolve("withattrs"), StandardCopyOption.COPY_ATTRIBUTES);
            return Files.getLastModifiedTime(d) + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(d));
        });
        Files.createSymbolicLink(dir.resolve("link"), src);
        t.step("copy link follows", () -> {
            Files.copy(dir.resolve("link"), dir.resolve("linkcopy"));
            return Files.isSymbolicLink(dir.resolve("linkcopy")) + " " + Files.readString(dir.resolve("linkcopy"));
        });
        t.step("copy link nofollow", () -> {
            Files.copy(dir.resolve("link"), dir.resolve("linkcopy2"), LinkOption.NOFOLLOW_LINKS);
            return Files.isSymbolicLink(dir.resolve("linkcopy2")) + " " + Files.readSymbolicLink(dir.resolve("linkcopy2"));
        });
        t.step("copy from stream", () -> Files.copy(new ByteArrayInputStream(new byte[] {9, 8, 7}),
                dir.resolve("fromstream")));
        t.step("copy to stream", () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Files.copy(dir.resolve("fromstream"), out);
            return out.toByteArray();
        });
    }

    static void move(Path dir, Transcript t) throws IOException {
        Files.createDirectories(dir.resolve("from/sub"));
        Files.createDirectories(dir.resolve("to"));
        Path f = Files.writeString(dir.resolve("from/f"), "moving");
        Object key = Files.readAttributes(f, BasicFileAttributes.class).fileKey();
        t.step("move across directories", () -> Files.move(f, dir.resolve("to/g")));
        t.step("moved content", () -> Files.readString(dir.resolve("to/g")));
        t.step("old name gone", () -> Files.exists(f));
        t.note("same file key", key == null || key.equals(Files.readAttributes(dir.resolve("to/g"),
                BasicFileAttributes.class).fileKey()));
        Files.writeString(dir.resolve("to/h"), "other");
        t.step("move onto existing", () -> Files.move(dir.resolve("to/g"), dir.resolve("to/h")));
        t.step("move replace", () -> Files.move(dir.resolve("to/g"), dir.resolve("to/h"),
                StandardCopyOption.REPLACE_EXISTING));
        t.step("replaced", () -> Files.readString(dir.resolve("to/h")));
        t.step("atomic move", () -> Files.move(dir.resolve("to/h"), dir.resolve("to/i"), StandardCopyOption.ATOMIC_MOVE));
        t.step("move directory with content", () -> {
            Files.writeString(dir.resolve("from/sub/x"), "x");
            Files.move(dir.resolve("from"), dir.resolve("to/from"));
            return sorted(Files.list(dir.resolve("to/from/sub")));
        });
        t.step("move missing", () -> Files.move(dir.resolve("nothing"), dir.resolve("to/nothing")));
        t.step("move onto itself", () -> Files.move(dir.resolve("to/i"), dir.resolve("to/i")));
        t.step("move replace non-empty directory", () -> Files.move(dir.resolve("to/i"), dir.resolve("to/from"),
                StandardCopyOption.REPLACE_EXISTING));
        t.step("final tree", () -> walk(dir));
    }

    static void walkTree(Path dir, Transcript t) throws IOException {
        for (String d : List.of("src/main/java/org", "src/test/java", "docs", "empty")) {
            Files.createDirectories(dir.resolve(d));
        }
        for (String f : List.of("src/main/java/org/A.java", "src/main/java/org/B.java", "src/test/java/T.java",
                "docs/x.md", "README")) {
            Files.writeString(dir.resolve(f), "content of " + f);
        }
        Files.createSymbolicLink(dir.resolve("docs/up"), dir.getFileSystem().getPath(".."));
        t.step("walk", () -> walk(dir));
        t.step("visits", () -> {
            List<String> events = new ArrayList<>();
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    events.add("pre " + dir.relativize(d));
                    return d.endsWith("empty") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    // no size for a link: Jimfs says 0, POSIX the length of its target
                    events.add("file " + dir.relativize(file) + " " + attrs.isSymbolicLink() + " "
                            + (attrs.isSymbolicLink() ? "" : attrs.size()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    events.add("post " + dir.relativize(d));
                    return FileVisitResult.CONTINUE;
                }
            });
            return new TreeSet<>(events);
        });
        t.step("find *.java", () -> {
            var matcher = dir.getFileSystem().getPathMatcher("glob:**/*.java");
            try (Stream<Path> s = Files.find(dir, 10, (p, a) -> matcher.matches(p))) {
                return s.map(p -> dir.relativize(p).toString()).sorted().toList();
            }
        });
        t.step("copy tree", () -> {
            Path to = dir.resolve("copy");
            Path from = dir.resolve("src");
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(d).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()));
                    return FileVisitResult.CONTINUE;
                }
            });
            return walk(to);
        });
        t.step("delete tree", () -> {
            Files.walkFileTree(dir.resolve("src"), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return walk(dir);
        });
    }

    static void attributes(Path dir, Transcript t) throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "twelve bytes");
        Path d = Files.createDirectory(dir.resolve("d"));
        t.step("basic", () -> {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            return List.of(a.isRegularFile(), a.isDirectory(), a.isSymbolicLink(), a.isOther(), a.size());
        });
        t.step("basic of directory", () -> {
            BasicFileAttributes a = Files.readAttributes(d, BasicFileAttributes.class);
            return List.of(a.isRegularFile(), a.isDirectory(), a.isSymbolicLink(), a.isOther());
        });
        t.step("by name", () -> Files.readAttributes(f, "basic:size,isRegularFile,isDirectory"));
        t.step("by name posix", () -> Files.readAttributes(f, "posix:size,permissions").keySet());
        t.step("unknown attribute", () -> Files.getAttribute(f, "basic:colour"));
        t.step("unknown view", () -> Files.getAttribute(f, "dos:hidden"));
        t.act("set mtime", () -> Files.setLastModifiedTime(f, FileTime.fromMillis(1_234_567_000_000L)));
        t.step("mtime", () -> Files.getLastModifiedTime(f));
        t.act("set times by view", () -> Files.getFileAttributeView(f, BasicFileAttributeView.class)
                .setTimes(FileTime.fromMillis(1_300_000_000_000L), FileTime.fromMillis(1_200_000_000_000L), null));
        t.step("times", () -> {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            return a.lastModifiedTime() + " " + a.lastAccessTime();
        });
        t.act("set atime by name", () -> Files.setAttribute(f, "lastAccessTime", FileTime.fromMillis(1_100_000_000_000L)));
        t.step("atime", () -> Files.getAttribute(f, "lastAccessTime"));
        for (String perms : List.of("rwxr-x---", "r--------", "rw-rw-rw-", "---------")) {
            t.step("permissions " + perms, () -> {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
                return PosixFilePermissions.toString(Files.readAttributes(f, PosixFileAttributes.class).permissions());
            });
        }
        t.step("permissions by name", () -> {
            Files.setAttribute(f, "posix:permissions", PosixFilePermissions.fromString("rw-r--r--"));
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
        });
        t.step("create with permissions", () -> PosixFilePermissions.toString(Files.getPosixFilePermissions(
                Files.createFile(dir.resolve("p"), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------"))))));
        t.step("attributes of missing", () -> Files.readAttributes(dir.resolve("missing"), BasicFileAttributes.class));
        t.step("link attributes", () -> {
            Files.createSymbolicLink(dir.resolve("l"), f);
            return Files.readAttributes(dir.resolve("l"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .isSymbolicLink() + " " + Files.readAttributes(dir.resolve("l"), BasicFileAttributes.class).size();
        });
        t.step("views", () -> dir.getFileSystem().supportedFileAttributeViews().containsAll(List.of("basic", "posix",
                "owner")));
        t.step("file store type is not null", () -> Files.getFileStore(f).type() != null);
    }

    static void realPaths(Path dir, Transcript t) throws IOException {
        Files.createDirectories(dir.resolve("a/b"));
        Files.createSymbolicLink(dir.resolve("link"), dir.getFileSystem().getPath("a/b"));
        Files.writeString(dir.resolve("a/b/f"), "real");
        t.step("real path through link", () -> dir.resolve("link/f").toRealPath());
        t.step("real path of link nofollow", () -> dir.resolve("link").toRealPath(LinkOption.NOFOLLOW_LINKS));
        t.step("real path with dots", () -> dir.resolve("a/./b/../b/f").toRealPath());
        t.step("real path after link and dotdot", () -> dir.resolve("link/../b/f").toRealPath());
        t.step("real path missing", () -> dir.resolve("a/zz").toRealPath());
        t.step("relative real path", () -> dir.getFileSystem().getPath("").toAbsolutePath().relativize(dir)
                .resolve("link").toRealPath());
        t.step("relativize", () -> dir.resolve("a/b").relativize(dir.resolve("link/f")));
        t.step("same file through link", () -> Files.isSameFile(dir.resolve("link/f"), dir.resolve("a/b/f")));
        t.step("not same file", () -> Files.isSameFile(dir.resolve("a"), dir.resolve("a/b")));
    }

    static void userAttributes(Path dir, Transcript t) throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "with xattrs");
        UserDefinedFileAttributeView view = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
        t.step("name", view::name);
        t.step("none yet", view::list);
        t.step("write", () -> view.write("colour", ByteBuffer.wrap("blue".getBytes(UTF_8))));
        t.step("write binary", () -> view.write("raw", ByteBuffer.wrap(new byte[] {0, (byte) 0xff, 7})));
        t.step("list", () -> new TreeSet<>(view.list()));
        t.step("size", () -> view.size("colour"));
        t.step("read", () -> {
            ByteBuffer b = ByteBuffer.allocate(16);
            int n = view.read("raw", b);
            return n + " " + HexFormat.of().formatHex(b.array(), 0, n);
        });
        t.step("replace", () -> {
            view.write("colour", ByteBuffer.wrap("green".getBytes(UTF_8)));
            return view.size("colour");
        });
        t.step("by name", () -> Files.getAttribute(f, "user:colour"));
        t.act("set by name", () -> Files.setAttribute(f, "user:shape", "round".getBytes(UTF_8)));
        t.step("all by name", () -> Files.readAttributes(f, "user:*").keySet().stream().sorted().toList());
        t.act("delete", () -> view.delete("colour"));
        t.step("after delete", () -> new TreeSet<>(view.list()));
    }

    private static List<String> sorted(Stream<Path> paths) {
        try (paths) {
            return paths.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> sorted(DirectoryStream<Path> paths) {
        List<String> names = new ArrayList<>();
        paths.forEach(p -> names.add(p.getFileName().toString()));
        return names.stream().sorted().toList();
    }

    /** Every path under {@code dir} with its type and, for files, content. */
    private static List<String> walk(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> out = new ArrayList<>();
            for (Path p : s.toList()) {
                String what = Files.isSymbolicLink(p) ? "link " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p) ? "dir" : "file " + Files.readString(p);
                out.add(dir.relativize(p) + " " + what);
            }
            out.sort(null);
            return out;
        }
    }
}
