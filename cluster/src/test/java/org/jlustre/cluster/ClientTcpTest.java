package org.jlustre.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.cluster.ClusterTestBase.b;
import static org.jlustre.cluster.ClusterTestBase.errno;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Arrays;
import org.jlustre.client.LustreClient;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.Striping;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.mdc.MdcCred;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.api.Test;

/** The client over socklnd on TCP loopback: two mounts sharing files, and an OST that dies under them. */
class ClientTcpTest {

    private static final MdcCred ROOT = MdcCred.root();
    private static final int RW = OpenFlags.O_CREAT | OpenFlags.O_RDWR;

    @Test
    void twoMountsOverTcpAndAnOstThatDies() throws Exception {
        try (LocalCluster c = LocalCluster.start(Nodes.Driver.TCP)) {
            LustreClient a = c.mount();
            LustreClient bc = LustreClient.mount(c.clientNode(), c.mountOptions().withTimeout(Duration.ofSeconds(2)));
            try {
                Fid d = a.mkdir(ROOT, a.root(), b("d"), 0755).join().fid();
                byte[] data = new byte[3 << 20];
                new java.util.SplittableRandom(5).nextBytes(data);
                OpenFile on0 = a.open(ROOT, d, b("on0"), RW, 0644, new Striping(1, 0, 0, "")).join();
                OpenFile on1 = a.open(ROOT, d, b("on1"), RW, 0644, new Striping(1, 0, 1, "")).join();
                on0.write(0, MemorySegment.ofArray(data)).join();
                on1.write(0, MemorySegment.ofArray(data)).join();
                on0.close().join();
                on1.close().join();
                assertThat(bc.readdirAll(ROOT, d).join()).extracting(e -> new String(e.name()))
                        .containsExactlyInAnyOrder(".", "..", "on0", "on1");
                OpenFile r1 = bc.open(ROOT, d, b("on1"), OpenFlags.O_RDWR, 0, Striping.DEFAULT).join();
                byte[] back = new byte[data.length];
                assertThat(r1.read(0, MemorySegment.ofArray(back)).join()).isEqualTo(data.length);
                assertThat(back).isEqualTo(data);

                c.crashOst(1);
                long t0 = System.nanoTime();
                assertThat(errno(r1.read(0, MemorySegment.ofArray(back)))).isIn(Errno.ETIMEDOUT, Errno.ENOTCONN,
                        Errno.EIO, Errno.ESHUTDOWN);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
                // the other OST still serves
                OpenFile r0 = bc.open(ROOT, d, b("on0"), OpenFlags.O_RDONLY, 0, Striping.DEFAULT).join();
                Arrays.fill(back, (byte) 0);
                assertThat(r0.read(0, MemorySegment.ofArray(back)).join()).isEqualTo(data.length);
                assertThat(back).isEqualTo(data);
                r0.close().join();
                r1.close().join();
            } finally {
                bc.close();
            }
        }
    }
}
