package org.jlustre.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * An IOR-like loop ({@code ior -a POSIX -t 1m -F}: file per process, sequential 1 MiB
 * transfers) for any store: each thread writes its own file for one iteration's time, wrapping
 * at {@link #FILE_BYTES} so memory stays bounded, then reads it back for as long; the warm-up
 * rounds are dropped and each direction's median over the measured rounds is reported, in
 * GB/s. Closing a handle removes its file.
 */
final class IorSurvey {

    /** The transfer size. */
    static final int TRANSFER = 1 << 20;
    /** GB (10^9 bytes) per transfer, to turn transfers per second into GB/s. */
    static final double GB_PER_TRANSFER = TRANSFER / 1e9;
    /** Where each thread's file wraps (filled before the first round, so reads find data). */
    static final long FILE_BYTES = 32L << 20;

    /** What the survey drives: one open file per thread. */
    interface Store {
        /** Opens (creating) thread {@code t}'s file. */
        Handle open(int t) throws Exception;
    }

    /** One thread's file; closing it removes it. */
    interface Handle extends AutoCloseable {
        void write(long offset, MemorySegment data) throws Exception;

        void read(long offset, MemorySegment into) throws Exception;
    }

    private IorSurvey() {
    }

    /** Write then read rates (GB/s) with {@code threads} threads. */
    static List<Measurement> run(RunLength length, Store store, int threads) throws Exception {
        int rounds = length.warmupIterations() + length.measurementIterations();
        double[][] samples = new double[2][length.measurementIterations()];
        long ms = length.iterationSeconds() * 1000L;
        List<Handle> handles = new ArrayList<>();
        try (Arena arena = Arena.ofShared()) {
            List<MemorySegment> buffers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                handles.add(store.open(t));
                MemorySegment b = arena.allocate(TRANSFER, 4096);
                b.fill((byte) (t + 1));
                buffers.add(b);
            }
            for (int t = 0; t < threads; t++) {
                for (long off = 0; off < FILE_BYTES; off += TRANSFER) {
                    handles.get(t).write(off, buffers.get(t));
                }
            }
            for (int r = 0; r < rounds; r++) {
                double w = GB_PER_TRANSFER * MdsSurvey.timed(threads, ms, (t, k) -> {
                    handles.get(t).write((k * TRANSFER) % FILE_BYTES, buffers.get(t));
                    return true;
                });
                double rd = GB_PER_TRANSFER * MdsSurvey.timed(threads, ms, (t, k) -> {
                    handles.get(t).read((k * TRANSFER) % FILE_BYTES, buffers.get(t));
                    return true;
                });
                if (r >= length.warmupIterations()) {
                    samples[0][r - length.warmupIterations()] = w;
                    samples[1][r - length.warmupIterations()] = rd;
                }
            }
        } finally {
            for (Handle h : handles) {
                h.close();
            }
        }
        return List.of(Measurement.of(samples[0]), Measurement.of(samples[1]));
    }
}
