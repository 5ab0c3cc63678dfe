package org.jlustre.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Files written by real Lustre servers, kept in this module as resources so that every clone
 * runs the tests that compare against them (their README says where each came from):
 * {@code lustre-real/} (objects of the 2.7 and 2.9 upgrade-test images, with what Lustre's
 * {@code llog_reader} and {@code lr_reader} print for them) and {@code captures/} (a Lustre
 * 2.15.5 MGC mount on the wire).
 *
 * <p>Tests get plain file paths: from a build tree the resources already are files; from a
 * jar they are copied once into a temporary directory removed at exit.
 */
public final class TestData {

    private static final String ROOT = "/org/jlustre/testdata/";

    private static Path root;

    private TestData() {
    }

    /** The directory of the real Lustre files ({@code disk2_9-ldiskfs-mdt/}, ... and their README). */
    public static Path lustreReal() {
        return existing("lustre-real");
    }

    /** One real Lustre file, {@code relative} to {@link #lustreReal()} ("disk2_9-ldiskfs-mdt/last_rcvd"). */
    public static Path lustreReal(String relative) {
        return existing("lustre-real/" + relative);
    }

    /** A packet capture from {@code captures/} by its file name. */
    public static Path capture(String name) {
        return existing("captures/" + name);
    }

    private static Path existing(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("no test data " + relative + " under " + root());
        }
        return p;
    }

    /** The resource root as a directory of files, made once. */
    private static synchronized Path root() {
        if (root == null) {
            URL readme = TestData.class.getResource(ROOT + "lustre-real/README.md");
            if (readme == null) {
                throw new IllegalStateException("the test data resources are not on the class path (" + ROOT + ")");
            }
            try {
                URI uri = readme.toURI();
                root = "file".equals(uri.getScheme()) ? Path.of(uri).getParent().getParent() : unpack(uri);
            } catch (URISyntaxException e) {
                throw new IllegalStateException("bad resource URL " + readme, e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unpack the test data from " + readme, e);
            }
        }
        return root;
    }

    /** Copies the data out of the jar {@code inJar} points into, to a directory deleted at exit. */
    static Path unpack(URI inJar) throws IOException {
        Path dir = Files.createTempDirectory("jlustre-test-data");
        try (FileSystem jar = FileSystems.newFileSystem(inJar, Map.of()); Stream<Path> all = Files.walk(jar.getPath(ROOT))) {
            for (Path from : (Iterable<Path>) all::iterator) {
                Path to = dir.resolve(jar.getPath(ROOT).relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> delete(dir)));
        return dir;
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind at exit is not worth failing a test run for
        }
    }
}
