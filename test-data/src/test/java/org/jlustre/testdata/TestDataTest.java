package org.jlustre.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDataTest {

    @Test
    void everyImageHasItsConfigLogsAndTheirExpectedOutput() throws Exception {
        for (String image : List.of("disk2_7-ldiskfs-mdt", "disk2_7-ldiskfs-ost", "disk2_9-ldiskfs-mdt",
                "disk2_9-ldiskfs-ost")) {
            for (String log : List.of("CONFIGS_t32fs-client", "CONFIGS_t32fs-OST0000", "CONFIGS_mountdata",
                    "last_rcvd", "last_rcvd.lr_reader.txt")) {
                assertThat(TestData.lustreReal(image + "/" + log)).as(image + "/" + log).isRegularFile();
            }
            try (Stream<Path> files = Files.list(TestData.lustreReal().resolve(image))) {
                for (Path expected : files.filter(p -> p.toString().endsWith(".llog_reader.txt")).toList()) {
                    String source = expected.getFileName().toString().replace(".llog_reader.txt", "");
                    assertThat(expected.resolveSibling(source)).as("the llog behind " + expected).isRegularFile();
                }
            }
        }
        // lustre_disk_data starts with LDD_MAGIC 0x1dd00001, little-endian
        byte[] ldd = Files.readAllBytes(TestData.lustreReal("disk2_9-ldiskfs-mdt/CONFIGS_mountdata"));
        assertThat(ldd).hasSize(12288).startsWith(0x01, 0x00, 0xd0, 0x1d);
        assertThat(TestData.lustreReal().resolve("README.md")).content().contains("lustre-release");
    }

    @Test
    void theCaptureIsAPcapng() throws Exception {
        byte[] pcap = Files.readAllBytes(TestData.capture("ndpi-lustre-2.15.5-mgc-mount.pcapng"));
        assertThat(pcap).startsWith(0x0a, 0x0d, 0x0d, 0x0a); // the section header block
        assertThat(TestData.capture("README.md")).content().contains("2.15.5");
    }

    @Test
    void theCaptureReadsAsTwoTcpConnections() {
        List<Pcapng.Segment> segs = Pcapng.tcpSegments(TestData.capture("ndpi-lustre-2.15.5-mgc-mount.pcapng"));
        assertThat(segs).hasSize(22);
        assertThat(segs.getFirst().frame()).isEqualTo(1);
        assertThat(segs.getFirst().flags()).isEqualTo(Pcapng.TCP_SYN);
        assertThat(segs.getFirst().direction()).isEqualTo("192.168.88.132:1022>192.168.88.131:988");
        assertThat(segs.getFirst().seq()).isEqualTo(4014506904L);
        // frame 9: the MGS_CONNECT request, a 616-byte ksock_msg of type KSOCK_MSG_LNET (0xc1)
        Pcapng.Segment connect = segs.get(8);
        assertThat(connect.frame()).isEqualTo(9);
        assertThat(connect.direction()).isEqualTo("192.168.88.118:1023>192.168.88.119:988");
        assertThat(connect.seq()).isEqualTo(869298435L);
        assertThat(connect.ack()).isEqualTo(3217949376L);
        assertThat(connect.flags()).isEqualTo(Pcapng.TCP_PSH | Pcapng.TCP_ACK);
        assertThat(connect.payload()).hasSize(616).startsWith(0xc1, 0, 0, 0);
        Map<String, List<Pcapng.Segment>> dirs = Pcapng.byDirection(segs);
        assertThat(dirs.keySet()).containsExactly("192.168.88.132:1022>192.168.88.131:988",
                "192.168.88.131:988>192.168.88.132:1022", "192.168.88.118:1023>192.168.88.119:988",
                "192.168.88.119:988>192.168.88.118:1023");
        assertThat(Pcapng.stream(dirs.get("192.168.88.118:1023>192.168.88.119:988")))
                .hasSize(616 + 96 + 424 + 608 + 424 + 608 + 368 + 368);
        assertThat(Pcapng.stream(dirs.get("192.168.88.119:988>192.168.88.118:1023")))
                .hasSize(512 + 440 + 368 + 440 + 368);
    }

    @Test
    void aFileThatIsNotPcapngIsRefusedByName() throws Exception {
        byte[] pcap = {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> Pcapng.tcpSegments(pcap)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a pcapng file").hasMessageContaining("0xa1b2c3d4");
        byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(TestData.capture("ndpi-lustre-2.15.5-mgc-mount.pcapng")), 200);
        assertThatThrownBy(() -> Pcapng.tcpSegments(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> TestData.lustreReal("disk2_9-ldiskfs-mdt/nothing"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disk2_9-ldiskfs-mdt/nothing");
    }

    @Test
    void dataInAJarIsUnpackedToFiles(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("data.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : List.of("org/jlustre/testdata/lustre-real/README.md",
                    "org/jlustre/testdata/lustre-real/disk/last_rcvd")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(name.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        Path root = TestData.unpack(URI.create("jar:" + jar.toUri() + "!/org/jlustre/testdata/lustre-real/README.md"));
        assertThat(root.resolve("lustre-real/disk/last_rcvd")).content()
                .isEqualTo("org/jlustre/testdata/lustre-real/disk/last_rcvd");
    }
}
