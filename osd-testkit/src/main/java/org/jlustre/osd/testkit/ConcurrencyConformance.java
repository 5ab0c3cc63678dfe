package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.ObdStatfs;
import org.junit.jupiter.api.Test;

/**
 * Concurrency (reference 2.8: "the OSD maintains its own internal consistency"): creates and
 * inserts from several threads, same-name races, dt locks around read-modify-write, readers
 * beside writers. Every wait is bounded, so a deadlock fails the test instead of hanging it.
 */
public abstract class ConcurrencyConformance extends OsdTestCase {

    private static final int THREADS = 4;

    private static CyclicBarrier barrier() {
        return new CyclicBarrier(THREADS);
    }

    private static void await(CyclicBarrier barrier) throws Exception {
        barrier.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs {@code task(thread)} on every thread and waits for all. */
    private <T> List<T> onEveryThread(ThreadTask<T> task) throws Exception {
        List<Callable<T>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> task.run(thread));
        }
        return runConcurrently(tasks);
    }

    @FunctionalInterface
    private interface ThreadTask<T> {
        T run(int thread) throws Exception;
    }

    /** Threads creating objects and inserting them into one directory: all present, none twice. */
    @Test
    void concurrentCreatesAndInsertsIntoOneDirectory() throws Exception {
        DirectoryIndex d = dir(createDir());
        int perThread = 50;
        onEveryThread(t -> {
            for (int i = 0; i < perThread; i++) {
                try (OsdObject o = device.find(newFid())) {
                    tx().create(o, regAttr(), ObjectFormat.REGULAR).insert(d, "t" + t + "-" + i, o.fid(),
                            FileMode.S_IFREG).run();
                }
            }
            return null;
        });
        List<String> names = names(d);
        assertThat(names).hasSize(2 + THREADS * perThread).doesNotHaveDuplicates();
        assertThat(d.size()).isEqualTo(2 + THREADS * perThread);
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < perThread; i++) {
                Fid fid = d.lookupFid("t" + t + "-" + i);
                try (OsdObject o = device.find(fid)) {
                    assertThat(o.exists()).isTrue();
                }
            }
        }
    }

    /** Same-name inserts race: exactly one succeeds, the rest get EEXIST, and the winner's FID is stored. */
    @Test
    void sameNameInsertsHaveOneWinner() throws Exception {
        DirectoryIndex d = dir(createDir());
        CyclicBarrier barrier = barrier();
        int rounds = 25;
        List<List<Fid>> wins = onEveryThread(t -> {
            List<Fid> won = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                Fid mine = newFid();
                await(barrier);
                try {
                    tx().insert(d, "race-" + r, mine, FileMode.S_IFREG).run();
                    won.add(mine);
                } catch (LustreException e) {
                    assertThat(e.errno()).isEqualTo(Errno.EEXIST);
                }
            }
            return won;
        });
        Set<Fid> winners = new HashSet<>();
        wins.forEach(winners::addAll);
        assertThat(winners).hasSize(rounds);
        for (int r = 0; r < rounds; r++) {
            assertThat(winners).contains(d.lookupFid("race-" + r));
        }
    }

    /** Same-key key/value inserts race: exactly one wins ("operations on the same key are serialised"). */
    @Test
    void sameKeyInsertsHaveOneWinner() throws Exception {
        IndexFeatures<KeyValueIndex> f = IndexFeatures.keyValue(8, 8);
        KeyValueIndex kv = createIndex(f).indexTry(f);
        CyclicBarrier barrier = barrier();
        int rounds = 25;
        List<Integer> wins = onEveryThread(t -> {
            int won = 0;
            for (int r = 0; r < rounds; r++) {
                byte[] key = ByteBuffer.allocate(8).putLong(r).array();
                await(barrier);
                try {
                    tx().insert(kv, key, ByteBuffer.allocate(8).putLong(t).array()).run();
                    won++;
                } catch (LustreException e) {
                    assertThat(e.errno()).isEqualTo(Errno.EEXIST);
                }
            }
            return won;
        });
        assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(rounds);
        assertThat(kv.size()).isEqualTo(rounds);
    }

    /** Creates of one FID race: exactly one succeeds, the rest get EEXIST. */
    @Test
    void sameFidCreatesHaveOneWinner() throws Exception {
        CyclicBarrier barrier = barrier();
        List<Fid> fids = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            fids.add(newFid());
        }
        List<Integer> wins = onEveryThread(t -> {
            int won = 0;
            for (Fid fid : fids) {
                await(barrier);
                try (OsdObject o = device.find(fid)) {
                    tx().create(o, regAttr().uid(t), ObjectFormat.REGULAR).run();
                    won++;
                } catch (LustreException e) {
                    assertThat(e.errno()).isEqualTo(Errno.EEXIST);
                }
            }
            return won;
        });
        assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(fids.size());
    }

    /** dt write lock around read-modify-write makes a shared counter exact (as llog and LAST_ID use it). */
    @Test
    void writeLockMakesReadModifyWriteExact() throws Exception {
        OsdObject counter = createRegular(new byte[8]);
        int perThread = 100;
        onEveryThread(t -> {
            try (OsdObject o = device.find(counter.fid())) {
                for (int i = 0; i < perThread; i++) {
                    tx().step(th -> o.body().declareWrite(0, 8, th), th -> {
                        o.writeLock(ObjectRole.LASTID);
                        try {
                            long v = readLong(o);
                            MemorySegment next = MemorySegment.ofArray(new byte[8]);
                            next.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, v + 1);
                            o.body().writeRecord(0, next, th);
                        } finally {
                            o.writeUnlock();
                        }
                    }).run();
                }
            }
            return null;
        });
        assertThat(readLong(counter)).isEqualTo((long) THREADS * perThread);
    }

    private static long readLong(OsdObject o) throws LustreException {
        MemorySegment buf = MemorySegment.ofArray(new byte[8]);
        o.body().readRecord(0, buf);
        return buf.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
    }

    /** Readers of one object see its exact data while a writer rewrites another. */
    @Test
    void readersBesideAWriterOnAnotherObject() throws Exception {
        byte[] stable = pattern(100_000, 1);
        OsdObject a = createRegular(stable);
        OsdObject b = createRegular(pattern(100_000, 2));
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Callable<Integer>> tasks = new ArrayList<>();
        tasks.add(() -> {
            try (OsdObject w = device.find(b.fid())) {
                for (int i = 0; i < 60; i++) {
                    tx().write(w, 0, pattern(100_000, 100 + i)).run();
                }
            } finally {
                writing.set(false);
            }
            return 0;
        });
        for (int r = 0; r < THREADS - 1; r++) {
            tasks.add(() -> {
                int reads = 0;
                try (OsdObject ra = device.find(a.fid())) {
                    while (writing.get() || reads < 5) {
                        assertThat(readAll(ra)).isEqualTo(stable);
                        reads++;
                    }
                }
                return reads;
            });
        }
        List<Integer> reads = runConcurrently(tasks);
        assertThat(reads.subList(1, reads.size())).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(5));
        assertThat(readAll(b)).isEqualTo(pattern(100_000, 159));
    }

    /** "writes to non-overlapping ranges may run concurrently": interleaved stripes land exactly. */
    @Test
    void nonOverlappingWritesToOneObject() throws Exception {
        OsdObject o = createRegular();
        int stripe = 16 * 1024 + 3;
        int stripesPerThread = 16;
        onEveryThread(t -> {
            try (OsdObject h = device.find(o.fid())) {
                for (int s = 0; s < stripesPerThread; s++) {
                    long pos = (long) (s * THREADS + t) * stripe;
                    tx().write(h, pos, pattern(stripe, s * THREADS + t)).run();
                }
            }
            return null;
        });
        int total = THREADS * stripesPerThread;
        assertThat(size(o)).isEqualTo((long) total * stripe);
        for (int i = 0; i < total; i++) {
            assertThat(read(o, (long) i * stripe, stripe)).as("stripe %d", i).isEqualTo(pattern(stripe, i));
        }
    }

    /** Threads setting different xattrs of one object: every one is there. */
    @Test
    void concurrentXattrSetsOnOneObject() throws Exception {
        OsdObject o = createRegular();
        onEveryThread(t -> {
            try (OsdObject h = device.find(o.fid())) {
                for (int i = 0; i < 25; i++) {
                    tx().xattrSet(h, "user.t" + t + "." + i, pattern(10 + i, t), XattrMode.CREATE).run();
                }
            }
            return null;
        });
        assertThat(o.xattrNames()).hasSize(THREADS * 25).doesNotHaveDuplicates();
        assertThat(o.xattrGet("user.t3.24")).isEqualTo(pattern(34, 3));
    }

    /** An iterator beside inserts and deletes: "never returns a record twice or skips one that existed throughout". */
    @Test
    void iterationBesideChanges(SplittableRandom random) throws Exception {
        OsdObject d = createDir();
        DirectoryIndex dir = dir(d);
        TxBatch batch = tx();
        for (int i = 0; i < 200; i++) {
            batch.insert(dir, "stable-" + i, newFid(), FileMode.S_IFREG);
        }
        batch.run();
        long seed = random.nextLong();
        AtomicBoolean churning = new AtomicBoolean(true);
        List<Callable<Integer>> tasks = new ArrayList<>();
        tasks.add(() -> {
            SplittableRandom r = new SplittableRandom(seed);
            Set<String> present = new HashSet<>();
            try (OsdObject h = device.find(d.fid())) {
                DirectoryIndex hd = dir(h);
                for (int i = 0; i < 400; i++) {
                    String name = "churn-" + r.nextInt(60);
                    if (present.remove(name)) {
                        tx().delete(hd, name).run();
                    } else {
                        tx().insert(hd, name, newFid(), FileMode.S_IFREG).run();
                        present.add(name);
                    }
                }
            } finally {
                churning.set(false);
            }
            return 0;
        });
        tasks.add(() -> {
            int listings = 0;
            while (churning.get() || listings < 3) {
                List<String> names = new ArrayList<>();
                List<Long> cookies = new ArrayList<>();
                try (DirectoryIterator it = dir.iterator(0)) {
                    it.get("");
                    while (it.next() == 0) {
                        names.add(it.key());
                        cookies.add(it.store());
                    }
                }
                // no record twice: cookies grow; a churn name deleted and inserted again during
                // the listing is a new record with a new cookie and may show up a second time
                for (int i = 1; i < cookies.size(); i++) {
                    assertThat(Long.compareUnsigned(cookies.get(i - 1), cookies.get(i))).as("cookies %s", cookies)
                            .isNegative();
                }
                assertThat(names.stream().filter(n -> !n.startsWith("churn-")).toList()).doesNotHaveDuplicates();
                for (int i = 0; i < 200; i++) {
                    assertThat(names).contains("stable-" + i);
                }
                listings++;
            }
            return listings;
        });
        assertThat(runConcurrently(tasks).get(1)).isGreaterThanOrEqualTo(3);
        List<DirEntry> end = list(dir);
        assertThat(end.stream().map(DirEntry::name).toList()).doesNotHaveDuplicates();
    }

    /** Concurrent creates and destroys leave the inode count where it started (with space accounting). */
    @Test
    void createAndDestroyRacesKeepTheInodeCount() throws Exception {
        assumeTrue(device.capabilities().spaceAccounting(), "spaceAccounting");
        device.purgeCache();
        ObdStatfs before = device.statfs();
        onEveryThread(t -> {
            for (int i = 0; i < 40; i++) {
                try (OsdObject o = device.find(newFid())) {
                    tx().create(o, regAttr(), ObjectFormat.REGULAR).write(o, 0, pattern(5000, i)).run();
                    tx().destroy(o).run();
                }
            }
            return null;
        });
        ObdStatfs after = device.statfs();
        assertThat(after.ffree()).isEqualTo(before.ffree());
        assertThat(after.bfree()).isEqualTo(before.bfree());
    }
}
