package org.jlustre.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jlustre.client.FileAttr;
import org.jlustre.client.Layout;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.SetAttr;
import org.jlustre.client.Striping;
import org.jlustre.common.Errno;
import org.jlustre.osd.OsdObject;
import org.junit.jupiter.api.Test;

/** Reads, writes, truncates and opens through the client API, with the bytes checked on the OSTs themselves. */
class ClientIoTest extends ClusterTestBase {

    private static final int K64 = 65536;
    private static final int RW = OpenFlags.O_CREAT | OpenFlags.O_RDWR;

    private static byte[] pattern(int n, long seed) {
        byte[] d = new byte[n];
        new SplittableRandom(seed).nextBytes(d);
        return d;
    }

    private static byte[] readAll(OpenFile f, int max) {
        byte[] back = new byte[max];
        long n = f.read(0, MemorySegment.ofArray(back)).join();
        return Arrays.copyOf(back, (int) n);
    }

    /** The bytes of a stripe object as its OST's OSD holds them. */
    private static byte[] onOst(Layout.StripeObject o) throws Exception {
        try (OsdObject obj = cluster.ost(o.ostIndex()).osd().find(o.object())) {
            assertThat(obj.exists()).as("object %s on OST %d", o.object(), o.ostIndex()).isTrue();
            long size = obj.attrGet().size();
            byte[] b = new byte[(int) size];
            obj.body().read(0, MemorySegment.ofArray(b));
            return b;
        }
    }

    @Test
    void stripesHoldTheBytesWhereRaid0PutsThem() throws Exception {
        OpenFile f = fs.open(ALICE, dir, b("striped"), RW, 0644, Striping.of(2, K64)).join();
        Layout l = f.layout();
        assertThat(l.stripeCount()).isEqualTo(2);
        assertThat(l.stripeSize()).isEqualTo(K64);
        assertThat(l.objects()).extracting(Layout.StripeObject::ostIndex).containsExactlyInAnyOrder(0, 1);
        int n = 5 * K64 + 1000;
        byte[] data = pattern(n, 1);
        assertThat(f.write(0, MemorySegment.ofArray(data)).join()).isEqualTo(n);
        // lov_stripe_offset: file offset o is in stripe (o / 64K) % 2 at (o / 128K) * 64K + o % 64K
        byte[][] expected = {new byte[3 * K64], new byte[2 * K64 + 1000]};
        for (int o = 0; o < n; o++) {
            int stripe = (o / K64) % 2;
            expected[stripe][(o / (2 * K64)) * K64 + o % K64] = data[o];
        }
        assertThat(onOst(l.objects().get(0))).isEqualTo(expected[0]);
        assertThat(onOst(l.objects().get(1))).isEqualTo(expected[1]);
        assertThat(f.stat().join().size()).isEqualTo(n);
        assertThat(readAll(f, n + 5000)).isEqualTo(data);
        f.close().join();
    }

    @Test
    void sizeIsTheLargestAnyStripeImplies() {
        OpenFile f = fs.open(ALICE, dir, b("f"), RW, 0644, Striping.of(2, K64)).join();
        f.write(K64, MemorySegment.ofArray(new byte[] {7})).join();
        assertThat(f.stat().join().size()).isEqualTo(K64 + 1);
        f.write(10, MemorySegment.ofArray(new byte[] {9})).join();
        assertThat(f.stat().join().size()).isEqualTo(K64 + 1);
        byte[] all = readAll(f, 3 * K64);
        assertThat(all).hasSize(K64 + 1);
        assertThat(all[10]).isEqualTo((byte) 9);
        assertThat(all[K64]).isEqualTo((byte) 7);
        assertThat(all[11]).isZero();
        f.close().join();
    }

    @Test
    void holesShortReadsAndReadsPastTheEnd() {
        OpenFile f = fs.open(ALICE, dir, b("sparse"), RW, 0644, Striping.of(2, K64)).join();
        byte[] tail = pattern(3000, 2);
        f.write(1 << 20, MemorySegment.ofArray(tail)).join();
        byte[] got = readAll(f, (1 << 20) + 10_000);
        assertThat(got).hasSize((1 << 20) + 3000);
        assertThat(Arrays.copyOf(got, 1 << 20)).containsOnly(0);
        assertThat(Arrays.copyOfRange(got, 1 << 20, got.length)).isEqualTo(tail);
        assertThat(f.read((1 << 20) + 3000, MemorySegment.ofArray(new byte[10])).join()).isZero();
        assertThat(f.read(5 << 20, MemorySegment.ofArray(new byte[10])).join()).isZero();
        ByteBuffer buf = ByteBuffer.allocate(100);
        assertThat(f.read((1 << 20) + 2950, buf).join()).isEqualTo(50);
        assertThat(buf.position()).isEqualTo(50);
        f.close().join();
    }

    @Test
    void truncateShrinksAndExtendsEveryStripe() {
        OpenFile f = fs.open(ALICE, dir, b("t"), RW, 0644, Striping.of(2, K64)).join();
        byte[] data = pattern(4 * K64, 3);
        f.write(0, MemorySegment.ofArray(data)).join();
        f.truncate(K64 + 10).join();
        assertThat(f.stat().join().size()).isEqualTo(K64 + 10);
        assertThat(readAll(f, 4 * K64)).isEqualTo(Arrays.copyOf(data, K64 + 10));
        FileAttr grown = fs.setattr(ALICE, f.fid(), SetAttr.NONE.withSize(3 * K64)).join();
        assertThat(grown.size()).isEqualTo(3 * K64);
        byte[] back = readAll(f, 4 * K64);
        assertThat(Arrays.copyOfRange(back, K64 + 10, 3 * K64)).containsOnly(0);
        f.close().join();
        OpenFile again = fs.open(ALICE, dir, b("t"), OpenFlags.O_RDWR | OpenFlags.O_TRUNC, 0, Striping.DEFAULT).join();
        assertThat(again.stat().join().size()).isZero();
        again.close().join();
    }

    @Test
    void appendWritesAtTheEnd() {
        OpenFile f = fs.open(ALICE, dir, b("log"), RW | OpenFlags.O_APPEND, 0644, Striping.of(2, K64)).join();
        f.write(0, MemorySegment.ofArray(b("one,"))).join();
        assertThat(f.write(0, MemorySegment.ofArray(b("two"))).join()).isEqualTo(7);
        assertThat(new String(readAll(f, 100))).isEqualTo("one,two");
        f.close().join();
    }

    @Test
    void descriptorsRefuseWhatTheyWereNotOpenedFor() {
        fs.create(ALICE, dir, b("f"), 0644, Striping.DEFAULT).join();
        OpenFile ro = fs.open(ALICE, dir, b("f"), OpenFlags.O_RDONLY, 0, Striping.DEFAULT).join();
        assertThat(errno(ro.write(0, MemorySegment.ofArray(new byte[1])))).isEqualTo(Errno.EBADF);
        assertThat(errno(ro.truncate(0))).isEqualTo(Errno.EINVAL);
        OpenFile wo = fs.open(ALICE, dir, b("f"), OpenFlags.O_WRONLY, 0, Striping.DEFAULT).join();
        assertThat(errno(wo.read(0, MemorySegment.ofArray(new byte[1])))).isEqualTo(Errno.EBADF);
        assertThat(errno(wo.write(-1, MemorySegment.ofArray(new byte[1])))).isEqualTo(Errno.EINVAL);
        wo.fsync().join();
        wo.close().join();
        wo.close().join();
        assertThat(errno(wo.write(0, MemorySegment.ofArray(new byte[1])))).isEqualTo(Errno.EBADF);
        ro.close().join();
        OpenFile d = fs.open(ALICE, dir, b("."), OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY, 0, Striping.DEFAULT).join();
        assertThat(errno(d.read(0, MemorySegment.ofArray(new byte[1])))).isEqualTo(Errno.EISDIR);
        d.close().join();
    }

    @Test
    void twoClientsSeeEachOthersChanges() {
        OpenFile f = fs.open(ALICE, dir, b("shared"), RW, 0644, Striping.of(2, K64)).join();
        byte[] data = pattern(3 * K64 + 17, 4);
        f.write(0, MemorySegment.ofArray(data)).join();
        FileAttr seen = other.lookup(ALICE, dir, b("shared")).join();
        assertThat(seen.fid()).isEqualTo(f.fid());
        assertThat(seen.size()).isEqualTo(data.length);
        OpenFile g = other.open(ALICE, f.fid(), OpenFlags.O_RDWR).join();
        assertThat(readAll(g, data.length * 2)).isEqualTo(data);
        g.write(data.length, MemorySegment.ofArray(b("more"))).join();
        assertThat(f.stat().join().size()).isEqualTo(data.length + 4);
        g.close().join();
        f.close().join();
        other.mkdir(ALICE, dir, b("theirs"), 0755).join();
        assertThat(fs.readdirAll(ALICE, dir).join()).extracting(e -> new String(e.name()))
                .containsExactlyInAnyOrder(".", "..", "shared", "theirs");
        fs.unlink(ALICE, dir, b("shared")).join();
        assertThat(errno(other.lookup(ALICE, dir, b("shared")))).isEqualTo(Errno.ENOENT);
    }

    @Test
    void randomWritesReadBackAsAModelSaysAcrossStripeSizes() {
        long seed = System.nanoTime();
        System.out.println("ClientIoTest random seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int stripes = 1; stripes <= 2; stripes++) {
            int size = K64 * (1 + r.nextInt(3));
            OpenFile f = fs.open(ALICE, dir, b("r" + stripes), RW, 0644, Striping.of(stripes, size)).join();
            byte[] model = new byte[0];
            for (int i = 0; i < 20; i++) {
                int off = r.nextInt(600_000);
                byte[] d = pattern(1 + r.nextInt(200_000), r.nextLong());
                f.write(off, MemorySegment.ofArray(d)).join();
                if (model.length < off + d.length) {
                    model = Arrays.copyOf(model, off + d.length);
                }
                System.arraycopy(d, 0, model, off, d.length);
            }
            assertThat(f.stat().join().size()).as("seed %d", seed).isEqualTo(model.length);
            assertThat(readAll(f, model.length + 100)).as("seed %d", seed).isEqualTo(model);
            int from = r.nextInt(model.length);
            byte[] part = new byte[r.nextInt(100_000) + 1];
            long n = f.read(from, MemorySegment.ofArray(part)).join();
            assertThat(n).as("seed %d", seed).isEqualTo(Math.min(part.length, model.length - from));
            assertThat(Arrays.copyOf(part, (int) n)).isEqualTo(Arrays.copyOfRange(model, from, from + (int) n));
            f.close().join();
        }
    }
}
