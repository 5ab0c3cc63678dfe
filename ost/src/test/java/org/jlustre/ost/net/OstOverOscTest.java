package org.jlustre.ost.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.zip.CRC32C;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osc.IoExtent;
import org.jlustre.osc.Osc;
import org.jlustre.ost.Ofd;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.ost.FilterFid;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ost.OstLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OST driven through the OSC, over the in-JVM network and over TCP loopback: objects made,
 * written at random offsets and lengths (page-unaligned, sparse), read back and compared by
 * checksum, punched, given an owner and a parent, destroyed; statfs before and after; ENOSPC at
 * capacity; eight writers at once with a reader checking what they wrote. Randomised tests print
 * their seed.
 */
class OstOverOscTest {

    private static final int MIB = 1 << 20;

    private static long seed(String test) {
        long seed = System.nanoTime();
        System.out.println(test + " seed " + seed);
        return seed;
    }

    private static MemorySegment random(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        MemorySegment s = Arena.ofAuto().allocate(n);
        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, n);
        return s;
    }

    private static long crc(MemorySegment s) {
        CRC32C c = new CRC32C();
        c.update(s.asByteBuffer());
        return c.getValue();
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void objectsAreWrittenReadPunchedOwnedAndDestroyed(Nodes.Driver driver) throws Exception {
        SplittableRandom r = new SplittableRandom(seed("objectsAreWrittenReadPunchedOwnedAndDestroyed " + driver));
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 256L * MIB)) {
            Osc osc = c.client("c1");
            ObdStatfs before = osc.statfs();
            Fid last = osc.precreate(Fid.idif(4, 0));
            assertThat(last.idifObjectId()).isBetween(1L, 4L);
            Fid obj = Fid.idif(1, 0);
            assertThat(osc.getattr(obj).size()).isZero();

            int span = 6 * MIB;
            MemorySegment model = Arena.ofAuto().allocate(span);
            long size = 0;
            for (int i = 0; i < 40; i++) {
                int off = r.nextInt(span - 1);
                int len = r.nextInt(1, Math.min(700_000, span - off) + 1);
                if (i % 10 == 9) {
                    // a small write far out: a sparse object with a hole before it
                    off = span - 1 - r.nextInt(5000);
                    len = span - off;
                }
                MemorySegment data = random(r, len);
                assertThat(osc.write(obj, off, data)).isEqualTo(len);
                MemorySegment.copy(data, 0, model, off, len);
                size = Math.max(size, off + len);
            }
            MemorySegment back = Arena.ofAuto().allocate(span + 12345);
            back.fill((byte) 0x5a);
            assertThat(osc.read(obj, 0, back)).isEqualTo(size);
            assertThat(crc(back.asSlice(0, span))).isEqualTo(crc(model));
            assertThat(back.asSlice(0, span).mismatch(model)).isEqualTo(-1);
            assertThat(back.asSlice(span).mismatch(Arena.ofAuto().allocate(12345))).isEqualTo(-1);
            for (int i = 0; i < 8; i++) {
                int off = r.nextInt(span);
                int len = r.nextInt(1, span - off + 1);
                MemorySegment part = Arena.ofAuto().allocate(len);
                osc.read(obj, off, part);
                assertThat(part.mismatch(model.asSlice(off, len))).as("read [%d, +%d)", off, len).isEqualTo(-1);
            }
            Obdo attrs = osc.getattr(obj);
            assertThat(attrs.has(ObdMd.FLSIZE)).isTrue();
            assertThat(attrs.size()).isEqualTo(size);

            ObdStatfs written = osc.statfs();
            assertThat(written.bfree()).isLessThan(before.bfree());

            long cut = size / 2 + 17;
            osc.punch(obj, cut);
            assertThat(osc.getattr(obj).size()).isEqualTo(cut);
            back.fill((byte) 0x5a);
            assertThat(osc.read(obj, 0, back)).isEqualTo(cut);
            model.asSlice(cut).fill((byte) 0);
            assertThat(back.asSlice(0, span).mismatch(model)).isEqualTo(-1);

            osc.setOwner(obj, 1000, 1001);
            Obdo owned = osc.getattr(obj);
            assertThat(owned.uid()).isEqualTo(1000);
            assertThat(owned.gid()).isEqualTo(1001);

            Fid parent = Fid.of(0x200000401L, 0x22);
            OstLayout layout = new OstLayout(MIB, 2, 0, -1L, 1);
            osc.setParent(obj, parent, 1, layout);
            try (var o = c.disk.find(c.ofd.objectFid(0, 1))) {
                FilterFid ff = FilterFid.read(o.xattrGet(Ofd.XATTR_NAME_FID));
                assertThat(ff.parent()).isEqualTo(new Fid(parent.seq(), parent.oid(), 1));
                assertThat(ff.layout()).isEqualTo(layout);
            }

            osc.destroy(obj);
            assertThatThrownBy(() -> osc.getattr(obj)).isInstanceOfSatisfying(LustreException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
            ObdStatfs after = osc.statfs();
            assertThat(after.bfree()).isGreaterThan(written.bfree());
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aFullOstSaysEnospcAndKeepsWhatWasWritten(Nodes.Driver driver) throws Exception {
        SplittableRandom r = new SplittableRandom(seed("aFullOstSaysEnospcAndKeepsWhatWasWritten " + driver));
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 24L * MIB)) {
            Osc osc = c.client("c1");
            osc.precreate(Fid.idif(2, 0));
            Fid obj = Fid.idif(1, 0);
            List<MemorySegment> written = new ArrayList<>();
            LustreException full = null;
            for (int i = 0; i < 64 && full == null; i++) {
                MemorySegment chunk = random(r, MIB);
                try {
                    osc.write(obj, (long) i * MIB, chunk);
                    written.add(chunk);
                } catch (LustreException e) {
                    full = e;
                }
            }
            assertThat(full).as("a 24 MiB OST took 64 MiB").isNotNull();
            assertThat(full.errno()).isEqualTo(Errno.ENOSPC);
            // nothing of the failed write is visible; everything before it is intact
            assertThat(osc.getattr(obj).size()).isEqualTo((long) written.size() * MIB);
            MemorySegment back = Arena.ofAuto().allocate(MIB);
            for (int i = 0; i < written.size(); i++) {
                osc.read(obj, (long) i * MIB, back);
                assertThat(back.mismatch(written.get(i))).as("chunk %d", i).isEqualTo(-1);
            }
            // space comes back with a punch, and writes work again
            osc.punch(obj, 0);
            assertThat(osc.write(obj, 0, random(r, MIB))).isEqualTo(MIB);
        }
    }

    /** The byte every writer puts at {@code off} of object {@code i}: checkable without a copy. */
    private static byte expected(int i, long off) {
        long x = off * 0x9E3779B97F4A7C15L + i * 0x632BE59BD9B4E019L;
        return (byte) (x >>> 56);
    }

    private static MemorySegment pattern(int i, long off, int len) {
        MemorySegment s = Arena.ofAuto().allocate(len);
        for (int k = 0; k < len; k++) {
            s.set(ValueLayout.JAVA_BYTE, k, expected(i, off + k));
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void eightWritersAndAReaderCheckingThem(Nodes.Driver driver) throws Exception {
        long seed = seed("eightWritersAndAReaderCheckingThem " + driver);
        int writers = 8;
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 512L * MIB)) {
            Osc wosc = c.client("writers");
            Osc rosc = c.client("reader");
            wosc.precreate(Fid.idif(writers, 0));
            AtomicLongArray done = new AtomicLongArray(writers);
            AtomicBoolean finished = new AtomicBoolean();
            AtomicLong checks = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
            try {
                List<Future<?>> ws = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int i = w;
                    ws.add(pool.submit(() -> {
                        SplittableRandom r = new SplittableRandom(seed + i);
                        long off = 0;
                        for (int k = 0; k < 20; k++) {
                            int len = r.nextInt(1, 400_000);
                            wosc.write(Fid.idif(i + 1, 0), off, pattern(i, off, len));
                            off += len;
                            done.set(i, off);
                        }
                        return null;
                    }));
                }
                Future<?> reader = pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed ^ 0x5eed);
                    while (!finished.get() || checks.get() < writers) {
                        int i = r.nextInt(writers);
                        long len = done.get(i);
                        if (len == 0) {
                            Thread.onSpinWait();
                            continue;
                        }
                        MemorySegment got = Arena.ofAuto().allocate(len);
                        rosc.read(Fid.idif(i + 1, 0), 0, got);
                        for (long k = 0; k < len; k++) {
                            if (got.get(ValueLayout.JAVA_BYTE, k) != expected(i, k)) {
                                throw new AssertionError("object " + (i + 1) + " byte " + k + " of " + len
                                        + " is not what its writer wrote");
                            }
                        }
                        checks.incrementAndGet();
                    }
                    return null;
                });
                for (Future<?> f : ws) {
                    f.get(5, TimeUnit.MINUTES);
                }
                finished.set(true);
                reader.get(5, TimeUnit.MINUTES);
            } finally {
                pool.shutdownNow();
            }
            assertThat(checks.get()).isGreaterThanOrEqualTo(writers);
            for (int i = 0; i < writers; i++) {
                assertThat(rosc.getattr(Fid.idif(i + 1, 0)).size()).isEqualTo(done.get(i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void anMdtsConnectionPrecreatesAndCleansUpOrphans(Nodes.Driver driver) throws Exception {
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 64L * MIB)) {
            Osc osp = c.client(org.jlustre.osc.OscConfig.client("lustre", 0, List.of(c.nid()), "lustre-MDT0000",
                    OstOverOscCluster.TIMEOUT).asMdt(true));
            long flags = osp.connectData().connectFlags();
            assertThat(flags & org.jlustre.wire.ptlrpc.ConnectFlags.OBD_CONNECT_MDS).isNotZero();
            assertThat(flags & org.jlustre.wire.ptlrpc.ConnectFlags.OBD_CONNECT_SKIP_ORPHAN).isNotZero();
            Fid last = osp.precreate(Fid.idif(20, 0));
            assertThat(last.isIdif()).isTrue();
            long created = last.idifObjectId();
            assertThat(created).isBetween(1L, 20L);
            assertThat(osp.lastId()).isEqualTo(created);
            assertThat(osp.lastFid(Fid.idif(0, 0))).isEqualTo(last);
            // the MDT used objects up to 3: the rest are orphans the OST destroys; with SKIP_ORPHAN
            // their ids are not reused, so the answer stays the OST's last id (ofd_orphans_destroy)
            Fid after = osp.destroyOrphans(Fid.idif(3, 0));
            assertThat(after).isEqualTo(last);
            assertThat(osp.lastId()).isEqualTo(created);
            assertThat(osp.getattr(Fid.idif(3, 0)).has(ObdMd.FLSIZE)).isTrue();
            if (created > 3) {
                assertThatThrownBy(() -> osp.getattr(Fid.idif(4, 0))).isInstanceOfSatisfying(LustreException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void theFirstWriteCarryingItsParentStoresTrustedFid(Nodes.Driver driver) throws Exception {
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 64L * MIB)) {
            Osc osc = c.client("c1");
            osc.precreate(Fid.idif(1, 0));
            Fid parent = Fid.of(0x200000402L, 0x33);
            OstLayout layout = new OstLayout(4 * MIB, 1, 0, -1L, 0);
            Obdo attrs = new Obdo().parentSeq(parent.seq()).parentOid(parent.oid()).stripeIdx(0).layout(layout)
                    .uid(600).gid(601).valid(ObdMd.FLFID | ObdMd.FLOSTLAYOUT | ObdMd.FLUID | ObdMd.FLGID);
            MemorySegment data = Arena.ofAuto().allocate(10_000);
            data.fill((byte) 7);
            assertThat(osc.write(Fid.idif(1, 0), List.of(new IoExtent(123, data)), attrs)).isEqualTo(10_000);
            try (var o = c.disk.find(c.ofd.objectFid(0, 1))) {
                FilterFid ff = FilterFid.read(o.xattrGet(Ofd.XATTR_NAME_FID));
                assertThat(ff.parent()).isEqualTo(new Fid(parent.seq(), parent.oid(), 0));
                assertThat(ff.layout()).isEqualTo(layout);
            }
            Obdo got = osc.getattr(Fid.idif(1, 0));
            assertThat(got.size()).isEqualTo(10_123);
            assertThat(got.uid()).isEqualTo(600);
            assertThat(got.gid()).isEqualTo(601);

            // a write whose body names no parent or layout leaves trusted.fid as it is
            byte[] stored;
            try (var o = c.disk.find(c.ofd.objectFid(0, 1))) {
                stored = o.xattrGet(Ofd.XATTR_NAME_FID);
            }
            assertThat(osc.write(Fid.idif(1, 0), List.of(new IoExtent(20_000, data)), null)).isEqualTo(10_000);
            try (var o = c.disk.find(c.ofd.objectFid(0, 1))) {
                assertThat(o.xattrGet(Ofd.XATTR_NAME_FID)).isEqualTo(stored);
            }
            // one that names another stripe index changes the parent's version and keeps the layout
            Obdo moved = new Obdo().parentSeq(parent.seq()).parentOid(parent.oid()).stripeIdx(3).valid(ObdMd.FLFID);
            assertThat(osc.write(Fid.idif(1, 0), List.of(new IoExtent(0, data)), moved)).isEqualTo(10_000);
            try (var o = c.disk.find(c.ofd.objectFid(0, 1))) {
                FilterFid ff = FilterFid.read(o.xattrGet(Ofd.XATTR_NAME_FID));
                assertThat(ff.parent()).isEqualTo(new Fid(parent.seq(), parent.oid(), 3));
                assertThat(ff.layout()).isEqualTo(layout);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void vectoredAndAsyncIoMatchTheSyncForm(Nodes.Driver driver) throws Exception {
        SplittableRandom r = new SplittableRandom(seed("vectoredAndAsyncIoMatchTheSyncForm " + driver));
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 128L * MIB)) {
            Osc osc = c.client("c1");
            osc.precreate(Fid.idif(1, 0));
            Fid obj = Fid.idif(1, 0);
            MemorySegment a = random(r, 5000);
            MemorySegment b = random(r, 3 * MIB);
            MemorySegment d = random(r, 10);
            long n = osc.writeAsync(obj, List.of(new IoExtent(9 * MIB + 3, d), new IoExtent(100, a),
                    new IoExtent(5100, b)), null).get(1, TimeUnit.MINUTES);
            assertThat(n).isEqualTo(5000 + 3 * MIB + 10);
            MemorySegment ra = Arena.ofAuto().allocate(5000);
            MemorySegment rb = Arena.ofAuto().allocate(3 * MIB);
            MemorySegment rd = Arena.ofAuto().allocate(10);
            long got = osc.readAsync(obj, List.of(new IoExtent(100, ra), new IoExtent(5100, rb),
                    new IoExtent(9 * MIB + 3, rd))).get(1, TimeUnit.MINUTES);
            assertThat(got).isEqualTo(5000 + 3 * MIB + 10);
            assertThat(ra.mismatch(a)).isEqualTo(-1);
            assertThat(rb.mismatch(b)).isEqualTo(-1);
            assertThat(rd.mismatch(d)).isEqualTo(-1);
            assertThat(osc.getattr(obj).size()).isEqualTo(9 * MIB + 13);
        }
    }
}
