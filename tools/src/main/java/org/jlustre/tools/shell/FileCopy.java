package org.jlustre.tools.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.Striping;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.tools.lfs.Mounted;

/**
 * The shell's file data: copies between local files and the filesystem's, through open files of
 * the client API, a megabyte at a time. A file written is created or truncated first (its
 * layout the directory's default), and closed whatever happens.
 */
final class FileCopy {

    /** Bytes per read or write. */
    private static final int CHUNK = 1 << 20;

    private FileCopy() {
    }

    /** Opens {@code path} for writing, created or truncated. */
    private static OpenFile create(Mounted fs, String path) throws LustreException {
        Mounted.Named n = fs.named(path);
        return Mounted.await(fs.client().open(fs.cred(), n.parent().fid(), n.name(),
                OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_WRONLY, 0644, Striping.DEFAULT));
    }

    private static OpenFile openForReading(Mounted fs, String path) throws LustreException {
        Mounted.Named n = fs.named(path);
        return Mounted.await(fs.client().open(fs.cred(), n.parent().fid(), n.name(), OpenFlags.O_RDONLY, 0,
                Striping.DEFAULT));
    }

    /** Writes {@code data} as the whole content of {@code path}. */
    static void write(Mounted fs, String path, byte[] data) throws LustreException {
        OpenFile f = create(fs, path);
        try {
            Mounted.await(f.write(0, MemorySegment.ofArray(data)));
        } finally {
            Mounted.await(f.close());
        }
    }

    /** Copies the local file {@code local} into {@code path}. */
    static void put(Mounted fs, String local, String path) throws LustreException {
        try (FileChannel in = FileChannel.open(Path.of(local), StandardOpenOption.READ); Arena arena = Arena.ofShared()) {
            OpenFile f = create(fs, path);
            try {
                MemorySegment buf = arena.allocate(CHUNK);
                long offset = 0;
                while (true) {
                    ByteBuffer bb = buf.asByteBuffer();
                    int n = in.read(bb);
                    if (n < 0) {
                        break;
                    }
                    Mounted.await(f.write(offset, buf.asSlice(0, n)));
                    offset += n;
                }
            } finally {
                Mounted.await(f.close());
            }
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, "local file " + local + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code path} out into the local file {@code local} (created or truncated). */
    static void get(Mounted fs, String path, String local) throws LustreException {
        try (FileChannel out = FileChannel.open(Path.of(local), StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING); Arena arena = Arena.ofShared()) {
            MemorySegment buf = arena.allocate(CHUNK);
            read(fs, path, buf, n -> out.write(buf.asSlice(0, n).asByteBuffer()));
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, "local file " + local + ": " + e.getMessage(), e);
        }
    }

    /** Prints {@code path} on {@code out}, its bytes taken as UTF-8. */
    static void toStream(Mounted fs, String path, PrintWriter out) throws LustreException {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buf = arena.allocate(CHUNK);
            read(fs, path, buf, n -> out.print(new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, e.getMessage(), e);
        }
        out.flush();
    }

    /** What is done with each chunk read: its first {@code n} bytes are in the buffer. */
    @FunctionalInterface
    private interface Sink {
        void take(int n) throws IOException;
    }

    /**
     * Reads {@code path} to its end through {@code buf}, a chunk at a time: as far as its size
     * at the open (what {@code cat} of a file being written shows), or less if it shrinks.
     */
    private static void read(Mounted fs, String path, MemorySegment buf, Sink sink) throws LustreException, IOException {
        OpenFile f = openForReading(fs, path);
        try {
            long size = Mounted.await(f.stat()).size();
            long offset = 0;
            while (offset < size) {
                long n = Mounted.await(f.read(offset, buf.asSlice(0, Math.min(buf.byteSize(), size - offset))));
                if (n <= 0) {
                    return;
                }
                sink.take((int) n);
                offset += n;
            }
        } finally {
            Mounted.await(f.close());
        }
    }
}
