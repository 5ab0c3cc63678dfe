package org.jlustre.llog.reader;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The llogs written by Lustre 2.7 and 2.9 in the shared data directory, each with the output
 * of Lustre's llog_reader beside it as {@code X.llog_reader.txt} (run with TZ=UTC on ldiskfs).
 * Found at {@code ../../shared/data/lustre-real} from the module directory, else under the
 * {@code jlustre.shared} system property; tests skip when neither exists.
 */
final class RealLlogFiles {

    private RealLlogFiles() {
    }

    /** The expected-output suffix. */
    static final String EXPECTED = ".llog_reader.txt";

    /** The directory, or a skipped test when it is absent. */
    static Path dir() {
        Path d = Path.of("../../shared/data/lustre-real");
        String shared = System.getProperty("jlustre.shared");
        if (!Files.isDirectory(d) && shared != null) {
            Path under = Path.of(shared, "data", "lustre-real");
            d = Files.isDirectory(under) ? under : Path.of(shared);
        }
        assumeTrue(Files.isDirectory(d), "real Lustre llogs not found at " + d.toAbsolutePath()
                + "; set -Djlustre.shared=<shared dir> to run these tests");
        return d;
    }

    /** Every llog that has an expected llog_reader output, as paths. */
    static List<Path> withExpectedOutput() {
        try (Stream<Path> files = Files.walk(dir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(EXPECTED)).sorted()
                    .map(p -> p.resolveSibling(p.getFileName().toString().replace(EXPECTED, "")))
                    .filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expected stdout of llog_reader on {@code llog}. */
    static byte[] expected(Path llog) throws IOException {
        return Files.readAllBytes(llog.resolveSibling(llog.getFileName() + EXPECTED));
    }

    /** A name for test reports: "disk/file". */
    static String name(Path llog) {
        return llog.getParent().getFileName() + "/" + llog.getFileName();
    }
}
