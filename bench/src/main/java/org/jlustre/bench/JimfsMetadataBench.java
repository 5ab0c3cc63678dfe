package org.jlustre.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Jimfs references of {@link OsdMetadataBench}, with the same shapes: creates rotating
 * through 100,000-entry directories on a fresh file system per iteration, stats in one
 * 100,000-entry directory, and 64-byte user-attribute set/get over 1,000 files.
 */
public class JimfsMetadataBench {

    /** The user-defined attribute, Jimfs's counterpart of the {@code user.bench} xattr. */
    static final String ATTRIBUTE = "user:bench";

    /** A fresh file system per iteration, as {@link OsdMetadataBench.Creates} mounts a fresh device. */
    @State(Scope.Thread)
    public static class Creates {
        final String[] names = FileNames.numbered("f", OsdMetadataBench.DIRECTORY_ENTRIES);
        FileSystem fs;
        Path dir;
        int inDirectory;
        int directories;

        @Setup(Level.Iteration)
        public void mount() throws IOException {
            Heaps.collect();
            fs = JimfsFixture.unix();
            directories = 0;
            nextDirectory();
        }

        /** The path of the next file, moving on to a new directory when this one is full. */
        Path nextPath() throws IOException {
            if (inDirectory == OsdMetadataBench.DIRECTORY_ENTRIES) {
                nextDirectory();
            }
            return dir.resolve(names[inDirectory++]);
        }

        private void nextDirectory() throws IOException {
            dir = Files.createDirectory(fs.getPath("/d" + directories++));
            inDirectory = 0;
        }

        @TearDown(Level.Iteration)
        public void unmount() throws IOException {
            fs.close();
            dir = null; // unreachable before the next iteration's collection
            fs = null;
        }
    }

    /** One directory of 100,000 files and their paths, made once. */
    @State(Scope.Thread)
    public static class Populated {
        final Path[] files = new Path[OsdMetadataBench.DIRECTORY_ENTRIES];
        FileSystem fs;
        int cursor;

        @Setup(Level.Trial)
        public void populate() throws IOException {
            fs = JimfsFixture.unix();
            Path dir = Files.createDirectory(fs.getPath("/d"));
            String[] names = FileNames.numbered("f", files.length);
            for (int i = 0; i < files.length; i++) {
                files[i] = Files.createFile(dir.resolve(names[i]));
            }
            Heaps.collect();
        }

        /** The next file, wrapping around. */
        Path next() {
            int i = cursor;
            cursor = i + 1 == files.length ? 0 : i + 1;
            return files[i];
        }

        @TearDown(Level.Trial)
        public void unmount() throws IOException {
            fs.close();
        }
    }

    /** 1,000 files on a Jimfs with the "user" view, each with a 64-byte {@link #ATTRIBUTE}. */
    @State(Scope.Thread)
    public static class WithAttributes {
        final Path[] files = new Path[OsdMetadataBench.XATTR_FILES];
        final ByteBuffer value = ByteBuffer.allocate(OsdMetadataBench.XATTR_BYTES);
        FileSystem fs;
        int cursor;

        @Setup(Level.Trial)
        public void populate() throws IOException {
            fs = JimfsFixture.unixWithUserAttributes();
            Path dir = Files.createDirectory(fs.getPath("/d"));
            while (value.hasRemaining()) {
                value.put((byte) 'x');
            }
            for (int i = 0; i < files.length; i++) {
                files[i] = Files.createFile(dir.resolve("f" + i));
                Files.setAttribute(files[i], ATTRIBUTE, value.clear());
            }
            Heaps.collect();
        }

        /** The next file, wrapping around. */
        Path next() {
            int i = cursor;
            cursor = i + 1 == files.length ? 0 : i + 1;
            return files[i];
        }

        @TearDown(Level.Trial)
        public void unmount() throws IOException {
            fs.close();
        }
    }

    /** {@code Files.createFile}: the reference of create+insert. */
    @Benchmark
    @Fork(jvmArgsAppend = JmhRun.FULL_HEAP)
    public Path create(Creates s) throws IOException {
        return Files.createFile(s.nextPath());
    }

    /** {@code Files.readAttributes(BasicFileAttributes)} of an existing file: the reference of lookup and attr get. */
    @Benchmark
    public BasicFileAttributes stat(Populated s) throws IOException {
        return Files.readAttributes(s.next(), BasicFileAttributes.class);
    }

    /** Replacing a 64-byte user-defined attribute (Jimfs consumes the buffer, so it is rewound first). */
    @Benchmark
    public Path xattrSet(WithAttributes s) throws IOException {
        return Files.setAttribute(s.next(), ATTRIBUTE, s.value.clear());
    }

    /** Reading a 64-byte user-defined attribute (Jimfs returns a copy). */
    @Benchmark
    public Object xattrGet(WithAttributes s) throws IOException {
        return Files.getAttribute(s.next(), ATTRIBUTE);
    }
}
