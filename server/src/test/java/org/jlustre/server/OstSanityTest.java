package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.jlustre.common.Fid;
import org.jlustre.common.Nid;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osc.Osc;
import org.jlustre.osc.OscConfig;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ost.Obdo;
import org.junit.jupiter.api.Test;

/**
 * The seed's sanity-osd cases for the OST ({@code scripts/sanity-osd.sh}, reference 1.8): one
 * OST on osd-mem mounts from its config log (obdfilter), serves I/O through an OSC, and unmounts
 * cleanly; mounted again on the same device, kept alive, it has every byte (as after a purge of
 * the OSD's object cache); ten OSTs in one process each serve I/O at once.
 */
class OstSanityTest {

    private static final long SEQ = 0x200000400L;

    private static Osc osc(Cluster c, ServerNode oss, int index, String name) throws Exception {
        Osc osc = new Osc(c.node().ptlrpc(), OscConfig.client("lustre", index, List.of(Cluster.nid(oss)), name,
                Duration.ofSeconds(30)));
        osc.connect();
        return osc;
    }

    private static byte[] read(Osc osc, Fid fid, long offset, int len) throws Exception {
        byte[] b = new byte[len];
        long n = osc.read(fid, offset, MemorySegment.ofArray(b));
        assertThat(n).isEqualTo(len);
        return b;
    }

    @Test
    void ostMountsServesIoAndUnmountsCleanlyAndRemountsWithEveryByte() throws Exception {
        try (Cluster c = new Cluster(Nodes.Driver.MEM)) {
            ServerNode mgs = c.node();
            mgs.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> nids = List.of(Cluster.nid(mgs));
            ServerNode oss = c.node();
            OsdDevice disk = OsdMem.create(MemOsdConfig.defaults("ost0-disk").withLibcfs(oss.libcfs()));
            ServerTarget ost = oss.start(MountData.format("lustre", TargetType.OST, 0, nids, ""), disk);

            assertThat(Obdclass.of(oss.libcfs()).devices().list()).extracting(d -> d.type() + " " + d.name() + " "
                    + d.uuid()).contains("obdfilter lustre-OST0000 lustre-OST0000_UUID");
            var params = oss.libcfs().params();
            assertThat(params.get("obdfilter.lustre-OST0000.uuid").getFirst().value()).isEqualTo("lustre-OST0000_UUID\n");
            assertThat(params.get("obdfilter.lustre-OST0000.kbytestotal").getFirst().value())
                    .isEqualTo((MemOsdConfig.DEFAULT_CAPACITY >> 10) + "\n");
            assertThat(params.get("obdfilter.lustre-OST0000.last_id").getFirst().value())
                    .isEqualTo("0x100000000:0\n");

            Osc osc = osc(c, oss, 0, "client1");
            assertThat(osc.precreate(Fid.of(SEQ, 10))).isEqualTo(Fid.of(SEQ, 10));
            Fid obj = Fid.of(SEQ, 3);
            byte[] data = new byte[(3 << 20) + 777];
            new SplittableRandom(14).nextBytes(data);
            assertThat(osc.write(obj, 12345, MemorySegment.ofArray(data))).isEqualTo(data.length);
            assertThat(read(osc, obj, 12345, data.length)).isEqualTo(data);
            Obdo attrs = osc.getattr(obj);
            assertThat(attrs.size()).isEqualTo(12345 + data.length);
            String stats = params.get("obdfilter.lustre-OST0000.stats").getFirst().value();
            assertThat(stats).contains("write_bytes").contains("read_bytes");
            assertThat(params.get("obdfilter.lustre-OST0000.exports.*.stats")).hasSize(1);

            // the OSD's object cache purged: every byte is still there
            assertThat(disk.purgeCache()).isPositive();
            assertThat(read(osc, obj, 12345, data.length)).isEqualTo(data);

            osc.close();
            ost.stop();
            assertThat(Obdclass.of(oss.libcfs()).devices().list()).extracting(d -> d.type()).doesNotContain(
                    "obdfilter");
            assertThat(params.exists("obdfilter.*")).isFalse();
            assertThat(params.exists("ost.OSS.*")).as("the last OST stops the OSS services").isFalse();

            // mounted again on the same device, kept alive: the objects, LAST_ID and every byte
            ServerTarget again = oss.mount(disk);
            Osc back = osc(c, oss, 0, "client2");
            assertThat(read(back, obj, 12345, data.length)).isEqualTo(data);
            // a sequence's LAST_ID is loaded on first use, as ofd_seq_load does
            assertThat(back.lastFid(Fid.of(SEQ, 1))).isEqualTo(Fid.of(SEQ, 10));
            assertThat(params.get("obdfilter.lustre-OST0000.last_id").getFirst().value())
                    .isEqualTo("0x100000000:0\n0x200000400:10\n");
            back.close();
            again.stop();
            disk.close();
        }
    }

    @Test
    void tenOstsInOneProcessEachServeIoAtOnce() throws Exception {
        try (Cluster c = new Cluster(Nodes.Driver.MEM)) {
            ServerNode mgs = c.node();
            mgs.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> nids = List.of(Cluster.nid(mgs));
            ServerNode oss = c.node();
            for (int i = 0; i < 10; i++) {
                oss.start(MountData.format("lustre", TargetType.OST, i, nids, ""));
            }
            assertThat(Obdclass.of(oss.libcfs()).devices().list().stream().filter(d -> d.type().equals("obdfilter")))
                    .hasSize(10);
            List<Osc> oscs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                oscs.add(osc(c, oss, i, "client-" + i));
            }
            long seed = System.nanoTime();
            System.out.println("OstSanityTest ten OSTs: seed " + seed);
            ExecutorService pool = Executors.newFixedThreadPool(10);
            try {
                List<Future<Long>> done = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    Osc osc = oscs.get(i);
                    long mySeed = seed + i;
                    done.add(pool.submit(() -> {
                        osc.precreate(Fid.of(SEQ, 4));
                        SplittableRandom r = new SplittableRandom(mySeed);
                        CRC32C written = new CRC32C();
                        for (int k = 0; k < 4; k++) {
                            byte[] b = new byte[1 + r.nextInt(1 << 20)];
                            r.nextBytes(b);
                            osc.write(Fid.of(SEQ, 1 + k), 4096L * k, MemorySegment.ofArray(b));
                            written.update(read(osc, Fid.of(SEQ, 1 + k), 4096L * k, b.length));
                            assertThat(osc.getattr(Fid.of(SEQ, 1 + k)).size()).isEqualTo(4096L * k + b.length);
                        }
                        return written.getValue();
                    }));
                }
                for (int i = 0; i < 10; i++) {
                    SplittableRandom r = new SplittableRandom(seed + i);
                    CRC32C expected = new CRC32C();
                    for (int k = 0; k < 4; k++) {
                        byte[] b = new byte[1 + r.nextInt(1 << 20)];
                        r.nextBytes(b);
                        expected.update(b);
                    }
                    assertThat(done.get(i).get(120, TimeUnit.SECONDS)).as("OST %d", i).isEqualTo(expected.getValue());
                }
            } finally {
                pool.shutdownNow();
            }
            for (Osc o : oscs) {
                o.close();
            }
            for (ServerTarget t : oss.targets()) {
                t.stop();
            }
            assertThat(oss.libcfs().params().exists("obdfilter.*")).isFalse();
        }
    }
}
