package org.jlustre.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The mds-survey loop ({@code lustre-iokit/mds-survey}: create, lookup, md_getattr, destroy of
 * many files by several threads, in one directory or spread over many) for any namespace: the
 * MDD called directly, an MDC over TCP, or Jimfs as the reference. Each round makes files for
 * one iteration's time, stats them by handle and looks them up by name for half an iteration
 * each, then unlinks every one, so a round starts and ends with empty directories; the warm-up
 * rounds are measured and dropped, and each operation's median over the measured rounds is
 * reported. Thread {@code t} of {@code n} makes files {@code t, t + n, t + 2n, ...}, file
 * {@code i} in directory {@code i % directories}, named {@code f<i>} (the name built per
 * operation, as a request brings it).
 */
final class MdsSurvey {

    /** The operations in the order of a round and of the measurements returned. */
    static final List<String> OPERATIONS = List.of("create", "stat", "lookup", "unlink");

    /**
     * What the survey drives, safe for concurrent calls on different files.
     *
     * @param <H> what a create returns and a stat takes (a FID, a path)
     */
    interface Namespace<H> {
        /** Creates empty regular file {@code name} in directory {@code dir}. */
        H create(int dir, String name) throws Exception;

        /** Reads the attributes of a file this survey made (by FID: md_getattr). */
        void stat(H file) throws Exception;

        /** Looks {@code name} up in directory {@code dir}, with its attributes (GETATTR_NAME). */
        void lookup(int dir, String name) throws Exception;

        /** Unlinks {@code name} from directory {@code dir}. */
        void unlink(int dir, String name) throws Exception;
    }

    private MdsSurvey() {
    }

    /**
     * Runs the rounds; returns create, stat, lookup and unlink rates (operations per second),
     * in {@link #OPERATIONS} order.
     */
    static <H> List<Measurement> run(RunLength length, Namespace<H> ns, int threads, int directories)
            throws Exception {
        int rounds = length.warmupIterations() + length.measurementIterations();
        double[][] samples = new double[OPERATIONS.size()][length.measurementIterations()];
        long createMs = length.iterationSeconds() * 1000L;
        for (int r = 0; r < rounds; r++) {
            List<List<H>> made = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                made.add(new ArrayList<>());
            }
            double[] rates = new double[OPERATIONS.size()];
            rates[0] = timed(threads, createMs, (t, k) -> {
                made.get(t).add(ns.create(dir(t, k, threads, directories), name(t, k, threads)));
                return true;
            });
            rates[1] = timed(threads, createMs / 2, (t, k) -> {
                List<H> mine = made.get(t);
                if (mine.isEmpty()) {
                    return false;
                }
                ns.stat(mine.get((int) (k % mine.size())));
                return true;
            });
            rates[2] = timed(threads, createMs / 2, (t, k) -> {
                if (made.get(t).isEmpty()) {
                    return false;
                }
                int i = (int) (k % made.get(t).size());
                ns.lookup(dir(t, i, threads, directories), name(t, i, threads));
                return true;
            });
            rates[3] = timed(threads, Long.MAX_VALUE, (t, k) -> {
                if (k >= made.get(t).size()) {
                    return false;
                }
                ns.unlink(dir(t, k, threads, directories), name(t, k, threads));
                return true;
            });
            if (r >= length.warmupIterations()) {
                for (int op = 0; op < rates.length; op++) {
                    samples[op][r - length.warmupIterations()] = rates[op];
                }
            }
        }
        List<Measurement> out = new ArrayList<>();
        for (double[] s : samples) {
            out.add(Measurement.of(s));
        }
        return out;
    }

    /** File {@code k} of thread {@code t}: its number across all threads. */
    private static long index(int t, long k, int threads) {
        return k * threads + t;
    }

    private static int dir(int t, long k, int threads, int directories) {
        return (int) (index(t, k, threads) % directories);
    }

    private static String name(int t, long k, int threads) {
        return "f" + index(t, k, threads);
    }

    /** One step of a phase: operation {@code k} of thread {@code t}; false when the thread is done. */
    @FunctionalInterface
    interface Step {
        boolean run(int t, long k) throws Exception;
    }

    /**
     * Runs {@code step} on {@code threads} threads until {@code ms} have passed or every thread
     * is done; returns the operations completed per second, over the time until the last thread
     * stopped. (The IOR loop, {@link Ior}, times its phases with it too.)
     */
    static double timed(int threads, long ms, Step step) throws Exception {
        long[] done = new long[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long deadline = ms == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + ms * 1_000_000L;
        Thread[] ts = new Thread[threads];
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int me = t;
            ts[t] = Thread.ofPlatform().name("mds-survey-" + t).start(() -> {
                try {
                    long k = 0;
                    while (System.nanoTime() < deadline && failure.get() == null && step.run(me, k)) {
                        k++;
                    }
                    done[me] = k;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("an mds-survey operation failed: " + failure.get(), failure.get());
        }
        long total = 0;
        for (long d : done) {
            total += d;
        }
        return total / seconds;
    }
}
