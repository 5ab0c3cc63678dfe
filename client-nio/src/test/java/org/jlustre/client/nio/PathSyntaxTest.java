package org.jlustre.client.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link LustrePath}'s operations that need no I/O, checked against the JDK's own Unix paths
 * ({@code sun.nio.fs.UnixPath}, the default filesystem here), which define what a POSIX path
 * does in java.nio: for every pair of sample paths, each operation must give the same text (or
 * fail with the same exception type) on both. Then what only byte-string names have: names
 * that are not UTF-8, their text form, their URIs.
 */
class PathSyntaxTest {

    private static final List<String> SAMPLES = List.of("", "/", "a", "/a", "a/b", "/a/b", "a/b/c", "/a/b/c", ".",
            "..", "./a", "../a", "a/..", "a/.", "/..", "/../a", "a/../b", "a/./b/../c", "../..", "a/b/../../..",
            "//a//b//", "a/", "b", "/b", "c/a", "a/c", "/a/c", "/x/../a", "..a", "a..", ".a", "a/b/c/d", "/a/b/c/d");

    /** Path syntax needs no servers: a filesystem whose namespace is never reached. */
    private final LustreFileSystem fs = new LustreFileSystem(new LustreFileSystemProvider(),
            new LustreUri("192.168.0.1@tcp", "lustre"), null, () -> { });

    @Test
    void singlePathOperationsAgreeWithUnixPaths() {
        for (String s : SAMPLES) {
            Path unix = Path.of(s);
            LustrePath ours = fs.getPath(s);
            same(s, "toString", unix, ours, Path::toString);
            same(s, "isAbsolute", unix, ours, Path::isAbsolute);
            same(s, "getNameCount", unix, ours, Path::getNameCount);
            same(s, "getFileName", unix, ours, Path::getFileName);
            same(s, "getParent", unix, ours, Path::getParent);
            same(s, "getRoot", unix, ours, Path::getRoot);
            same(s, "normalize", unix, ours, Path::normalize);
            same(s, "names", unix, ours, p -> {
                List<String> names = new ArrayList<>();
                p.forEach(n -> names.add(n.toString()));
                return names;
            });
            for (int i = -1; i <= unix.getNameCount(); i++) {
                int index = i;
                same(s, "getName(" + i + ")", unix, ours, p -> p.getName(index));
                for (int j = i - 1; j <= unix.getNameCount() + 1; j++) {
                    int end = j;
                    same(s, "subpath(" + i + "," + j + ")", unix, ours, p -> p.subpath(index, end));
                }
            }
        }
    }

    @Test
    void pairOperationsAgreeWithUnixPaths() {
        for (String a : SAMPLES) {
            for (String b : SAMPLES) {
                Path ua = Path.of(a);
                Path ub = Path.of(b);
                LustrePath la = fs.getPath(a);
                LustrePath lb = fs.getPath(b);
                String what = a + " with " + b;
                assertThat(la.resolve(lb).toString()).as("resolve %s", what).isEqualTo(ua.resolve(ub).toString());
                assertThat(la.resolveSibling(lb).toString()).as("resolveSibling %s", what)
                        .isEqualTo(ua.resolveSibling(ub).toString());
                assertThat(la.startsWith(lb)).as("startsWith %s", what).isEqualTo(ua.startsWith(ub));
                assertThat(la.endsWith(lb)).as("endsWith %s", what).isEqualTo(ua.endsWith(ub));
                assertThat(la.equals(lb)).as("equals %s", what).isEqualTo(ua.equals(ub));
                assertThat(Integer.signum(la.compareTo(lb))).as("compareTo %s", what)
                        .isEqualTo(Integer.signum(ua.compareTo(ub)));
                if (la.equals(lb)) {
                    assertThat(la.hashCode()).as("hashCode %s", what).isEqualTo(lb.hashCode());
                }
                same(what, "relativize", ua, la, p -> p.relativize(p == ua ? ub : lb));
                if (ua.isAbsolute() && ub.isAbsolute()) {
                    // what relativize promises: resolving its result against this path gives the other again
                    assertThat(la.resolve(la.relativize(lb)).normalize()).as("resolve(relativize) %s", what)
                            .isEqualTo(lb.normalize());
                }
            }
        }
    }

    @Test
    void namesAreBytesAndTextKeepsBytesThatAreNotUtf8() {
        byte[] latin1 = {'/', 'd', '/', (byte) 0xe9, 't', (byte) 0xe9};
        LustrePath p = fs.getPath(latin1);
        assertThat(p.bytes()).isEqualTo(latin1);
        assertThat(p.toString()).isEqualTo("/d/\uDCE9t\uDCE9");
        assertThat(fs.getPath(p.toString())).isEqualTo(p);
        assertThat(fs.getPath(p.toString()).bytes()).isEqualTo(latin1);
        assertThat(p.getFileName().nameBytes(0)).isEqualTo(new byte[] {(byte) 0xe9, 't', (byte) 0xe9});
        // the UTF-8 spelling of "été" is another name
        LustrePath utf8 = fs.getPath("/d/été");
        assertThat(utf8.bytes()).isEqualTo("/d/été".getBytes(StandardCharsets.UTF_8));
        assertThat(utf8).isNotEqualTo(p);
        // precomposed and decomposed e-acute are different names, as on the MDT
        assertThat(fs.getPath("\u00e9")).isNotEqualTo(fs.getPath("e\u0301"));
        // order is unsigned bytes, so 0xe9 sorts after every ASCII byte
        assertThat(fs.getPath(new byte[] {(byte) 0xe9})).isGreaterThan(fs.getPath("z"));
    }

    @Test
    void refusesWhatNoLustreNameHolds() {
        assertThatThrownBy(() -> fs.getPath("a\0b")).isInstanceOf(InvalidPathException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> fs.getPath(new byte[] {'a', 0})).isInstanceOf(InvalidPathException.class);
        // a lone surrogate outside U+DC80..U+DCFF stands for no byte
        assertThatThrownBy(() -> fs.getPath("a\uD800")).isInstanceOf(InvalidPathException.class)
                .hasMessageContaining("D800");
        assertThat(fs.getPath("a\uD83D\uDE00").bytes()).isEqualTo("a\uD83D\uDE00".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pathsOfOtherProvidersAreRefusedAndNotEqual() {
        LustrePath p = fs.getPath("/a");
        Path unix = Path.of("/a");
        assertThatThrownBy(() -> p.resolve(unix)).isInstanceOf(ProviderMismatchException.class).hasMessageContaining("/a");
        assertThatThrownBy(() -> p.relativize(unix)).isInstanceOf(ProviderMismatchException.class);
        assertThat(p.startsWith(unix)).isFalse();
        assertThat(p.equals(unix)).isFalse();
        LustreFileSystem other = new LustreFileSystem(fs.provider(), new LustreUri("192.168.0.2@tcp", "lustre"), null,
                () -> { });
        assertThat(p).isNotEqualTo(other.getPath("/a"));
        assertThat(p.startsWith(other.getPath("/"))).isFalse();
    }

    @Test
    void urisCarryEveryByteAndComeBack() {
        byte[] odd = {'/', 'a', ' ', 'b', '/', '%', '#', '?', (byte) 0xff, 0x7f, ':', '@'};
        LustrePath p = fs.getPath(odd);
        URI uri = p.toUri();
        assertThat(uri.getScheme()).isEqualTo("lustre");
        assertThat(uri.getRawAuthority()).isEqualTo("192.168.0.1@tcp");
        assertThat(uri.toString()).isEqualTo("lustre://192.168.0.1@tcp/lustre/a%20b/%25%23%3F%FF%7F%3A%40");
        assertThat(LustreUri.pathOf(uri)).isEqualTo(odd);
        assertThat(LustreUri.of(uri)).isEqualTo(new LustreUri("192.168.0.1@tcp", "lustre"));
        assertThat(fs.getPath("rel/x").toUri().toString()).isEqualTo("lustre://192.168.0.1@tcp/lustre/rel/x");
        assertThat(LustreUri.pathOf(URI.create("lustre://192.168.0.1@tcp/lustre"))).isEqualTo(new byte[] {'/'});
    }

    @Test
    void badUrisAreRefusedNamingTheFault() {
        assertThatThrownBy(() -> LustreUri.of(URI.create("file:///a"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file:///a");
        assertThatThrownBy(() -> LustreUri.of(URI.create("lustre:///lustre"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no MGS");
        assertThatThrownBy(() -> LustreUri.of(URI.create("lustre://1.2.3.4@tcp/"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no filesystem");
        assertThatThrownBy(() -> LustreUri.of(URI.create("lustre://1.2.3.4@tcp/toolongname")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toolongname");
        assertThatThrownBy(() -> Mounts.mgsNids("1.2.3.4@nonet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.2.3.4@nonet");
        assertThat(Mounts.mgsNids("1.2.3.4@tcp:1988,1.2.3.5@tcp")).extracting(Object::toString)
                .containsExactly("1.2.3.4@tcp", "1.2.3.5@tcp");
    }

    @Test
    void globAndRegexMatchersUseThePathText() {
        var glob = fs.getPathMatcher("glob:/d/*.{java,class}");
        assertThat(glob.matches(fs.getPath("/d/A.java"))).isTrue();
        assertThat(glob.matches(fs.getPath("/d/e/A.java"))).isFalse();
        assertThat(fs.getPathMatcher("regex:.*\\.txt").matches(fs.getPath("x/y.txt"))).isTrue();
        assertThatThrownBy(() -> fs.getPathMatcher("wild:*")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("wild");
        assertThatThrownBy(() -> fs.getPathMatcher("*.java")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsupportedOperationsSayWhichOperation() {
        LustrePath p = fs.getPath("/a");
        assertThatThrownBy(p::toFile).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Path.toFile()");
        assertThatThrownBy(() -> p.register(FileSystems.getDefault().newWatchService()))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("WatchService");
        assertThatThrownBy(fs::newWatchService).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("WatchService");
    }

    /** {@code op} on the Unix path and on ours: the same text, or the same exception type. */
    private static void same(String input, String what, Path unix, LustrePath ours, Function<Path, Object> op) {
        Object expected;
        try {
            expected = String.valueOf(op.apply(unix));
        } catch (RuntimeException e) {
            assertThatThrownBy(() -> op.apply(ours)).as("%s of '%s'", what, input).isInstanceOf(e.getClass());
            return;
        }
        assertThat(String.valueOf(op.apply(ours))).as("%s of '%s'", what, input).isEqualTo(expected);
    }
}
