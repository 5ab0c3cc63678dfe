package org.jlustre.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Jimfs 1 MiB I/O through a {@link SeekableByteChannel}, with the shapes of {@link OsdBodyBench}:
 * a 64 MiB file written in full beforehand, rotating offsets, the same off-heap buffer (seen as
 * a direct {@link ByteBuffer}).
 */
public class JimfsBodyBench {

    /** A 64 MiB Jimfs file, open for reading and writing. */
    @State(Scope.Thread)
    public static class File64 {
        FileSystem fs;
        SeekableByteChannel channel;
        ByteBuffer buffer;

        @Setup(Level.Trial)
        public void fill(BodyCursor cursor) throws IOException {
            fs = JimfsFixture.unix();
            channel = Files.newByteChannel(fs.getPath("/f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            buffer = cursor.buffer.asByteBuffer();
            for (long pos = 0; pos < BodyCursor.FILE_BYTES; pos += BodyCursor.CHUNK) {
                write(pos);
            }
            Heaps.collect();
        }

        int write(long pos) throws IOException {
            buffer.clear();
            channel.position(pos);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            return buffer.position();
        }

        int read(long pos) throws IOException {
            buffer.clear();
            channel.position(pos);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // a read stops at a block boundary or the end of the file
            }
            return buffer.position();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            fs.close();
        }
    }

    /** 1 MiB written from off-heap memory at a rotating offset. */
    @Benchmark
    public int write(File64 f, BodyCursor cursor) throws IOException {
        return f.write(cursor.next());
    }

    /** 1 MiB read into off-heap memory from a rotating offset. */
    @Benchmark
    public int read(File64 f, BodyCursor cursor) throws IOException {
        return f.read(cursor.next());
    }
}
