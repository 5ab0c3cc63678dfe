package org.jlustre.llog.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the reader on every real llog that has Lustre's llog_reader output beside it and
 * compares standard output byte for byte (TZ=UTC, ldiskfs paths, as the expected files were
 * made).
 */
class LlogReaderRealFilesTest {

    private static final LlogReader UTC = new LlogReader(ZoneOffset.UTC, ObjectPaths.LDISKFS);

    static Stream<Arguments> llogs() {
        return RealLlogFiles.withExpectedOutput().stream().map(p -> Arguments.of(RealLlogFiles.name(p), p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("llogs")
    void stdoutIsLlogReadersByteForByte(String name, Path llog) throws IOException {
        LlogReaderResult r = UTC.read(llog);
        assertThat(new String(r.stdout(), StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(RealLlogFiles.expected(llog), StandardCharsets.ISO_8859_1));
        assertThat(r.stdout()).isEqualTo(RealLlogFiles.expected(llog));
        assertThat(r.err()).isEmpty();
        assertThat(r.exitStatus()).isZero();
        assertThat(r.crashed()).isFalse();
    }

    @Test
    void everyExpectedOutputIsCovered() throws IOException {
        List<Path> llogs = RealLlogFiles.withExpectedOutput();
        try (Stream<Path> all = Files.walk(RealLlogFiles.dir())) {
            long expected = all.filter(p -> p.getFileName().toString().endsWith(RealLlogFiles.EXPECTED)).count();
            assertThat(llogs).hasSize((int) expected).isNotEmpty();
        }
    }

    @Test
    void bytesAndPathGiveTheSameOutput() throws IOException {
        Path llog = RealLlogFiles.dir().resolve("disk2_9-ldiskfs-mdt/CONFIGS_t32fs-client");
        assertThat(UTC.read(Files.readAllBytes(llog)).out()).isEqualTo(UTC.read(llog).out());
    }

    @Test
    void timesFollowTheZoneButChangelogStyleUtcDoesNot() throws IOException {
        Path llog = RealLlogFiles.dir().resolve("disk2_9-ldiskfs-mdt/O_1_d2_2");
        String paris = new LlogReader(ZoneId.of("Europe/Paris"), ObjectPaths.LDISKFS).read(llog).out();
        assertThat(paris).contains("Time : Thu Mar 30 21:21:01 2017\n");
        Path config = RealLlogFiles.dir().resolve("disk2_9-ldiskfs-mdt/CONFIGS_t32fs-OST0000");
        String est = new LlogReader(LlogReader.zoneFromTz("EST5"), ObjectPaths.LDISKFS).read(config).out();
        assertThat(est).contains("'add ost' Thu Mar 30 14:20:56 2017-\n");
    }

    @Test
    void catalogEntriesNameZfsObjectsOffLdiskfs() throws IOException {
        Path llog = RealLlogFiles.dir().resolve("disk2_9-ldiskfs-mdt/O_1_d2_2");
        String zfs = new LlogReader(ZoneOffset.UTC, ObjectPaths.ZFS).read(llog).out();
        assertThat(zfs).endsWith("#01 (064)fid=[0x1:0x3:0x0] path=oi.1/0x1:0x3:0x0\n");
    }

    @Test
    void tzValuesMapAsGlibcReadsThem() {
        assertThat(LlogReader.zoneFromTz(null)).isEqualTo(ZoneOffset.UTC);
        assertThat(LlogReader.zoneFromTz("")).isEqualTo(ZoneOffset.UTC);
        assertThat(LlogReader.zoneFromTz("UTC")).isEqualTo(ZoneId.of("UTC"));
        assertThat(LlogReader.zoneFromTz(":Europe/Paris")).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(LlogReader.zoneFromTz("EST5")).isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(LlogReader.zoneFromTz("XYZ-3:30")).isEqualTo(ZoneOffset.ofHoursMinutes(3, 30));
        assertThat(LlogReader.zoneFromTz("garbage!")).isEqualTo(ZoneOffset.UTC);
    }
}
