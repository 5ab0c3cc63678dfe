package org.jlustre.llog.reader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jlustre.testdata.TestData;

/**
 * The llogs written by Lustre 2.7 and 2.9, each with the output
 * of Lustre's llog_reader beside it as {@code X.llog_reader.txt} (run with TZ=UTC on ldiskfs),
 * from the test-data module.
 */
final class RealLlogFiles {

    private RealLlogFiles() {
    }

    /** The expected-output suffix. */
    static final String EXPECTED = ".llog_reader.txt";

    /** The directory of the real files. */
    static Path dir() {
        return TestData.lustreReal();
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
