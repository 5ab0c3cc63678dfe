package org.jlustre.bench;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Body;
import org.jlustre.osd.BufsType;
import org.jlustre.osd.LocalBuffer;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * osd-mem flat body I/O of 1 MiB at rotating offsets of a 64 MiB file written in full
 * beforehand (so writes overwrite allocated pages, as an OST's rewrites do). The references
 * are {@link CopyBench}'s plain copies of the same sizes.
 */
public class OsdBodyBench {

    /** A 64 MiB regular file, held open. */
    @State(Scope.Thread)
    public static class File64 {
        OsdFixture osd;
        OsdObject file;
        Body body;

        @Setup(Level.Trial)
        public void fill(BodyCursor cursor) throws LustreException {
            osd = OsdFixture.mount("bench-body");
            OsdFixture.Directory dir = osd.mkdir("d");
            file = osd.device().find(osd.createFile(dir, "f"));
            dir.object().close();
            body = file.body();
            for (long pos = 0; pos < BodyCursor.FILE_BYTES; pos += BodyCursor.CHUNK) {
                write(cursor, pos);
            }
            Heaps.collect();
        }

        /** Writes the cursor's buffer at {@code pos} in its own transaction, as an OST's bulk write does. */
        int write(BodyCursor cursor, long pos) throws LustreException {
            try (Transaction th = osd.device().transCreate()) {
                body.declareWrite(pos, BodyCursor.CHUNK, th);
                th.start();
                return body.write(pos, cursor.buffer, th);
            }
        }

        @TearDown(Level.Trial)
        public void unmount() {
            file.close();
            osd.close();
        }
    }

    /** {@code Body.write} of 1 MiB from off-heap memory, in a transaction. */
    @Benchmark
    public int write(File64 f, BodyCursor cursor) throws LustreException {
        return f.write(cursor, cursor.next());
    }

    /**
     * A 1 MiB write through the page view, as an OST's bulk write does it: {@code bufsGet(WRITE)},
     * the data copied into each page (where the network would put it), {@code writeCommit} in a
     * transaction, {@code bufsPut}.
     */
    @Benchmark
    public long pageWrite(File64 f, BodyCursor cursor) throws LustreException {
        long pos = cursor.next();
        List<LocalBuffer> bufs = f.body.bufsGet(pos, BodyCursor.CHUNK, BufsType.WRITE);
        try {
            f.body.writePrep(bufs);
            for (LocalBuffer b : bufs) {
                MemorySegment.copy(cursor.buffer, b.fileOffset() - pos, b.data(), 0, b.len());
            }
            try (Transaction th = f.osd.device().transCreate()) {
                f.body.declareWriteCommit(bufs, th);
                th.start();
                f.body.writeCommit(bufs, th, 0);
            }
        } finally {
            f.body.bufsPut(bufs);
        }
        return bufs.size();
    }

    /** {@code Body.read} of 1 MiB into off-heap memory. */
    @Benchmark
    public int read(File64 f, BodyCursor cursor) throws LustreException {
        return f.body.read(cursor.next(), cursor.buffer);
    }
}
