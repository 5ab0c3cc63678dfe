package org.jlustre.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The IOR loop ({@code ior -a POSIX -F -t 1m}: file per process, 1 MiB transfers) for any
 * file API: the Lustre client's, a path's {@code FileChannel}. Each thread has a file of its
 * own, written whole once before the rounds (so reads find data, not holes); each round then
 * writes for one iteration's time and reads for as long, every thread walking its file in
 * 1 MiB steps and wrapping at {@link #SPAN}. Warm-up rounds are dropped; the medians of the
 * write and read rates of the measured rounds are returned, in GB/s.
 */
final class Ior {

    /** IOR's transfer size. */
    static final int TRANSFER = 1 << 20;
    /** The bytes of each thread's file. */
    static final long SPAN = 16L << 20;

    /** A file API the loop drives; its handles are used by one thread each. */
    interface Files {
        /** Creates (or truncates) file {@code name}, striped over {@code stripes} OSTs where that means anything. */
        Handle create(String name, int stripes) throws Exception;

        /** Removes file {@code name} once its handle is closed. */
        void unlink(String name, int stripes) throws Exception;
    }

    /** An open file. */
    interface Handle extends AutoCloseable {
        /** Writes all of {@code src} at {@code offset}. */
        void write(long offset, MemorySegment src) throws Exception;

        /** Reads {@code dst.byteSize()} bytes at {@code offset}. */
        void read(long offset, MemorySegment dst) throws Exception;
    }

    private Ior() {
    }

    /** Write then read GB/s of {@code threads} threads on files striped over {@code stripes} OSTs. */
    static List<Measurement> run(RunLength length, Files files, int threads, int stripes) throws Exception {
        Handle[] handles = new Handle[threads];
        MemorySegment[] bufs = new MemorySegment[threads];
        double[][] samples = new double[2][length.measurementIterations()];
        try (Arena arena = Arena.ofShared()) {
            for (int t = 0; t < threads; t++) {
                handles[t] = files.create(name(t), stripes);
                bufs[t] = arena.allocate(TRANSFER, 4096).fill((byte) (t + 1));
                for (long off = 0; off < SPAN; off += TRANSFER) {
                    handles[t].write(off, bufs[t]);
                }
            }
            long ms = length.iterationSeconds() * 1000L;
            long slots = SPAN / TRANSFER;
            for (int r = 0; r < length.warmupIterations() + length.measurementIterations(); r++) {
                double write = MdsSurvey.timed(threads, ms, (t, k) -> {
                    handles[t].write(k % slots * TRANSFER, bufs[t]);
                    return true;
                });
                double read = MdsSurvey.timed(threads, ms, (t, k) -> {
                    handles[t].read(k % slots * TRANSFER, bufs[t]);
                    return true;
                });
                if (r >= length.warmupIterations()) {
                    samples[0][r - length.warmupIterations()] = write * TRANSFER / 1e9;
                    samples[1][r - length.warmupIterations()] = read * TRANSFER / 1e9;
                }
            }
        } finally {
            for (int t = 0; t < threads; t++) {
                if (handles[t] != null) {
                    handles[t].close();
                    files.unlink(name(t), stripes);
                }
            }
        }
        return List.of(Measurement.of(samples[0]), Measurement.of(samples[1]));
    }

    private static String name(int thread) {
        return "ior" + thread;
    }
}
