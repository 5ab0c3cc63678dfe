package org.jlustre.bench;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntFunction;

/**
 * {@link Ior}'s files through {@code FileChannel} positional reads and writes, in the directory
 * {@code dirFor} gives for a stripe count (on a Lustre FUSE mount a directory whose default
 * striping is that count; elsewhere any directory).
 */
record PathIor(IntFunction<Path> dirFor) implements Ior.Files {

    @Override
    public Ior.Handle create(String name, int stripes) throws IOException {
        FileChannel ch = FileChannel.open(dirFor.apply(stripes).resolve(name), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Ior.Handle() {
            @Override
            public void write(long offset, MemorySegment src) throws IOException {
                ByteBuffer b = src.asByteBuffer();
                while (b.hasRemaining()) {
                    ch.write(b, offset + b.position());
                }
            }

            @Override
            public void read(long offset, MemorySegment dst) throws IOException {
                ByteBuffer b = dst.asByteBuffer();
                while (b.hasRemaining()) {
                    if (ch.read(b, offset + b.position()) < 0) {
                        throw new IOException("end of file at " + (offset + b.position()) + " reading " + name);
                    }
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override
    public void unlink(String name, int stripes) throws IOException {
        Files.delete(dirFor.apply(stripes).resolve(name));
    }
}
