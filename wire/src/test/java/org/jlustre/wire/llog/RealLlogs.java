package org.jlustre.wire.llog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jlustre.testdata.TestData;

/** The llogs Lustre 2.7 and 2.9 wrote, from the test-data module. */
final class RealLlogs {

    private RealLlogs() {
    }

    /** The directory of the real files. */
    static Path dir() {
        return TestData.lustreReal();
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
