package org.jlustre.wire.llog;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The llogs Lustre 2.7 and 2.9 wrote, from the shared data directory:
 * {@code ../../shared/data/lustre-real} from the module, else under the {@code jlustre.shared}
 * system property.
 */
final class RealLlogs {

    private RealLlogs() {
    }

    /** The directory, or a skipped test when it is absent. */
    static Path dir() {
        Path d = Path.of("../../shared/data/lustre-real");
        String shared = System.getProperty("jlustre.shared");
        if (!Files.isDirectory(d) && shared != null) {
            Path under = Path.of(shared, "data", "lustre-real");
            d = Files.isDirectory(under) ? under : Path.of(shared);
        }
        assumeTrue(Files.isDirectory(d), "real Lustre llogs not found at " + d.toAbsolutePath()
                + " (set -Djlustre.shared to the shared directory)");
        return d;
    }

    /** Every file whose first record is an llog header, as "dir/file". */
    static Stream<String> llogs() {
        Path d = dir();
        List<String> names = new ArrayList<>();
        try (Stream<Path> disks = Files.list(d)) {
            for (Path disk : disks.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(disk)) {
                    for (Path f : files.sorted().toList()) {
                        byte[] b = Files.readAllBytes(f);
                        if (b.length >= LlogHeader.MIN_CHUNK_SIZE
                                && MemorySegment.ofArray(b).get(org.jlustre.wire.Le.U32, 8) == LlogRecType.LLOG_HDR_MAGIC) {
                            names.add(disk.getFileName() + "/" + f.getFileName());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names.stream();
    }

    /** The bytes of "dir/file". */
    static byte[] read(String name) throws IOException {
        return Files.readAllBytes(dir().resolve(name));
    }

    /** Every record after the header of "dir/file", cancelled ones included. */
    static List<LlogRecord> records(String name) throws IOException {
        MemorySegment seg = MemorySegment.ofArray(read(name));
        List<LlogRecord> out = new ArrayList<>();
        long offset = LlogHeader.read(seg).chunkSize();
        while (offset + LlogRecordHeader.SIZE <= seg.byteSize()) {
            int len = LlogRecordHeader.read(seg, offset).len();
            out.add(LlogRecords.decode(seg.asSlice(offset, len)));
            offset += len;
        }
        return out;
    }
}
