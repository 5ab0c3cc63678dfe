package org.jlustre.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.jlustre.client.FileAttr;
import org.jlustre.client.LustreClient;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.Striping;
import org.jlustre.mdc.MdcCred;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.api.Test;

class ClientSmokeTest {

    @Test
    void createWriteReadList() throws Exception {
        try (LocalCluster c = LocalCluster.start(Nodes.Driver.MEM); LustreClient fs = c.mount()) {
            MdcCred root = MdcCred.root();
            FileAttr d = fs.mkdir(root, fs.root(), "d".getBytes(UTF_8), 0755).join();
            OpenFile f = fs.open(root, d.fid(), "f".getBytes(UTF_8), OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0644,
                    Striping.of(2, 65536)).join();
            byte[] data = new byte[200_000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 7);
            }
            assertThat(f.write(0, MemorySegment.ofArray(data)).join()).isEqualTo(200_000L);
            byte[] back = new byte[300_000];
            assertThat(f.read(0, MemorySegment.ofArray(back)).join()).isEqualTo(200_000L);
            assertThat(java.util.Arrays.copyOf(back, 200_000)).isEqualTo(data);
            assertThat(f.stat().join().size()).isEqualTo(200_000L);
            f.close().join();
            assertThat(fs.readdirAll(root, d.fid()).join()).extracting(e -> new String(e.name(), UTF_8))
                    .containsExactlyInAnyOrder(".", "..", "f");
        }
    }
}
