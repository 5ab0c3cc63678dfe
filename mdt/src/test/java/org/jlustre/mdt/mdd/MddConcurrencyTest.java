package org.jlustre.mdt.mdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.mdt.mdd.MddFixture.ROOT;
import static org.jlustre.mdt.mdd.MddFixture.b;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.wire.LuDirent;
import org.jlustre.wire.mdt.LinkEa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Threads creating, linking, unlinking and renaming files and directories in a few shared
 * directories, directory moves in every direction included: no operation deadlocks (each
 * thread finishes within a generous deadline) and the tree stays consistent (every entry's
 * object exists, directories' link counts are 2 plus their subdirectories, LinkEAs match the
 * entries, ".." is the parent). Randomised; the seed is printed.
 */
class MddConcurrencyTest {

    private static final int THREADS = 8;
    private static final int OPS = 1500;

    private final MddFixture f;

    MddConcurrencyTest() throws Exception {
        f = new MddFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void concurrentNamespaceOperationsNeitherDeadlockNorCorruptTheTree() throws Exception {
        long seed = System.nanoTime();
        System.out.println("MddConcurrencyTest seed " + seed);
        List<Fid> dirs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            dirs.add(f.mkdir(ROOT, Fid.ROOT, "d" + i, 0777).fid());
        }
        List<Fid> topDirs = List.copyOf(dirs);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random r = new Random(seed + t);
                results.add(pool.submit(() -> run(r, topDirs)));
            }
            int done = 0;
            for (Future<Integer> fu : results) {
                done += fu.get(5, TimeUnit.MINUTES); // a deadlock fails here, not hangs
            }
            assertThat(done).as("operations that succeeded, seed " + seed).isGreaterThan(THREADS * OPS / 10);
        } finally {
            pool.shutdownNow();
        }
        check(Fid.ROOT, Fid.ROOT, new HashMap<>());
    }

    private int run(Random r, List<Fid> top) {
        int ok = 0;
        for (int i = 0; i < OPS; i++) {
            Fid p = pick(r, top);
            Fid q = pick(r, top);
            String n1 = "n" + r.nextInt(12);
            String n2 = "n" + r.nextInt(12);
            try {
                switch (r.nextInt(6)) {
                    case 0 -> f.mkfile(ROOT, p, n1, 0644);
                    case 1 -> f.mkdir(ROOT, p, n1, 0755);
                    case 2 -> f.mdd.unlink(ROOT, p, b(n1), r.nextBoolean());
                    case 3 -> f.mdd.link(ROOT, f.mdd.lookup(ROOT, p, b(n1)).fid(), q, b(n2));
                    default -> f.mdd.rename(ROOT, p, b(n1), q, b(n2));
                }
                ok++;
            } catch (LustreException expected) {
                // ENOENT, EEXIST, ENOTEMPTY, EINVAL (loops), EISDIR... are the race's normal answers
            }
        }
        return ok;
    }

    /** One of the top directories or, half the time, a subdirectory of one. */
    private Fid pick(Random r, List<Fid> top) {
        Fid d = top.get(r.nextInt(top.size()));
        if (r.nextBoolean()) {
            try {
                MdAttr a = f.mdd.lookup(ROOT, d, b("n" + r.nextInt(12)));
                if (FileMode.isDir(a.mode())) {
                    return a.fid();
                }
            } catch (LustreException gone) {
                // use the top directory
            }
        }
        return d;
    }

    /** Walks the tree from {@code dir}, checking every invariant; counts names per object. */
    private void check(Fid dir, Fid parent, Map<Fid, Integer> names) throws Exception {
        int subdirs = 0;
        for (LuDirent e : entries(dir)) {
            if (e.name().equals(".")) {
                assertThat(e.fid()).isEqualTo(dir);
                continue;
            }
            if (e.name().equals("..")) {
                assertThat(e.fid()).isEqualTo(dir.equals(Fid.ROOT) ? f.osd.rootFid() : parent);
                continue;
            }
            MdAttr a = f.mdd.getattr(e.fid());
            assertThat(a.type()).isEqualTo(e.type());
            try (var o = f.osd.find(e.fid())) {
                assertThat(LinkEa.parse(o.xattrGet("trusted.link")).contains(dir, b(e.name())))
                        .as("LinkEA of " + e.fid() + " names " + dir + "/" + e.name()).isTrue();
            }
            if (FileMode.isDir(a.mode())) {
                subdirs++;
                check(e.fid(), dir, names);
            } else {
                names.merge(e.fid(), 1, Integer::sum);
            }
        }
        int hidden = dir.equals(Fid.ROOT) ? 1 : 0; // .lustre, which readdir never shows
        assertThat(f.mdd.getattr(dir).nlink()).as("links of " + dir).isEqualTo(2 + subdirs + hidden);
        if (dir.equals(Fid.ROOT)) {
            for (Map.Entry<Fid, Integer> n : names.entrySet()) {
                assertThat(f.mdd.getattr(n.getKey()).nlink()).as("links of " + n.getKey()).isEqualTo(n.getValue());
            }
        }
    }

    private List<LuDirent> entries(Fid dir) throws Exception {
        List<LuDirent> out = new ArrayList<>();
        long pos = 0;
        while (pos != DirPages.DIR_END) {
            for (Pages.Page p : Pages.parse(f.mdd.readdir(ROOT, dir, pos, 4096 * 4, LuDirent.LUDA_FID | LuDirent.LUDA_TYPE))) {
                for (LuDirent e : p.entries()) {
                    if (Long.compareUnsigned(e.hash(), pos) >= 0) {
                        out.add(e);
                    }
                }
                pos = p.hashEnd();
            }
        }
        return out;
    }
}
