package org.jlustre.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every 1 MiB I/O benchmark shares: an off-heap 1 MiB buffer (the source of writes,
 * the destination of reads, as a network buffer would be) and an offset rotating through a
 * 64 MiB file, so the data does not sit in the CPU caches.
 */
@State(Scope.Thread)
public class BodyCursor {

    /** Bytes per I/O. */
    static final int CHUNK = 1 << 20;
    /** Bytes of the file the offsets rotate through; a power of two. */
    static final long FILE_BYTES = 64L << 20;
    /** GB (10^9 bytes) moved per operation, to turn operations per second into GB/s. */
    static final double GB_PER_OP = CHUNK / 1e9;

    Arena arena;
    MemorySegment buffer;
    private long offset;

    @Setup(Level.Trial)
    public void allocate() {
        arena = Arena.ofShared();
        buffer = arena.allocate(CHUNK, 4096);
        for (long i = 0; i < CHUNK; i += Long.BYTES) {
            buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, i, i * 0x9E3779B97F4A7C15L); // not all zeros
        }
    }

    /** The next 1 MiB-aligned offset in the file, wrapping around. */
    long next() {
        long o = offset;
        offset = (o + CHUNK) & (FILE_BYTES - 1);
        return o;
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }
}
