package org.jlustre.bench;

import java.lang.foreign.MemorySegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The bandwidth references: {@code MemorySegment.copy} of 1 MiB between off-heap memory and a
 * 64 MiB off-heap region at the rotating offsets the body benchmarks use, in both directions,
 * because writing into and reading out of memory that is not cached cost differently.
 */
public class CopyBench {

    /** A 64 MiB off-heap region standing in for the file, in {@link BodyCursor}'s arena. */
    @State(Scope.Thread)
    public static class Region {
        MemorySegment region;

        @Setup(Level.Trial)
        public void allocate(BodyCursor cursor) {
            region = cursor.arena.allocate(BodyCursor.FILE_BYTES, 4096);
            for (long pos = 0; pos < BodyCursor.FILE_BYTES; pos += BodyCursor.CHUNK) {
                MemorySegment.copy(cursor.buffer, 0, region, pos, BodyCursor.CHUNK);
            }
        }
    }

    /** 1 MiB from the buffer into the region: the reference of writes. */
    @Benchmark
    public void copyIn(Region r, BodyCursor cursor) {
        MemorySegment.copy(cursor.buffer, 0, r.region, cursor.next(), BodyCursor.CHUNK);
    }

    /** 1 MiB from the region into the buffer: the reference of reads. */
    @Benchmark
    public void copyOut(Region r, BodyCursor cursor) {
        MemorySegment.copy(r.region, cursor.next(), cursor.buffer, 0, BodyCursor.CHUNK);
    }
}
