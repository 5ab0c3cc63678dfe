package org.jlustre.bench;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jlustre.common.LustreException;

/**
 * Heap bytes per empty file (performance.md's "memory is a performance figure too"): the
 * used-heap growth, after full collections, from an empty store to one holding
 * {@value #FILES} empty regular files in directories of {@value #FILES_PER_DIRECTORY}, with
 * every object reference released, divided by the file count. Names are built per file, as
 * they would arrive from requests, so each file pays for its own name.
 *
 * <p>Runs in the calling JVM, before any benchmark has filled its heap; each store is measured
 * {@value #ROUNDS} times and the median reported.
 */
final class HeapFootprint {

    static final int FILES = 200_000;
    static final int FILES_PER_DIRECTORY = 1_000;
    static final int ROUNDS = 3;

    /** A store to fill: made empty, then given directories and files. */
    private interface Store extends AutoCloseable {
        void mkdir(int directory) throws Exception;

        void create(int directory, String name) throws Exception;

        @Override
        void close() throws IOException;
    }

    /** A store factory that may fail. */
    private interface Mount {
        Store mount() throws Exception;
    }

    private HeapFootprint() {
    }

    /** Heap bytes per empty osd-mem object inserted into a directory. */
    static Measurement osdMem() throws Exception {
        return measure(OsdStore::new);
    }

    /** Heap bytes per empty Jimfs file. */
    static Measurement jimfs() throws Exception {
        return measure(JimfsStore::new);
    }

    private static Measurement measure(Mount mount) throws Exception {
        double[] perFile = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            try (Store store = mount.mount()) {
                long before = Heaps.usedAfterCollect();
                for (int d = 0; d < FILES / FILES_PER_DIRECTORY; d++) {
                    store.mkdir(d);
                    for (int i = 0; i < FILES_PER_DIRECTORY; i++) {
                        store.create(d, "f" + i);
                    }
                }
                long after = Heaps.usedAfterCollect();
                perFile[r] = (after - before) / (double) FILES;
            }
        }
        return Measurement.of(perFile);
    }

    /** osd-mem: each directory held while it fills, then released like the files. */
    private static final class OsdStore implements Store {
        private final OsdFixture osd;
        private OsdFixture.Directory current;

        OsdStore() throws LustreException {
            osd = OsdFixture.mount("bench-heap");
        }

        @Override
        public void mkdir(int directory) throws LustreException {
            release();
            current = osd.mkdir("d" + directory);
        }

        @Override
        public void create(int directory, String name) throws LustreException {
            osd.createFile(current, name);
        }

        private void release() {
            if (current != null) {
                current.object().close();
                current = null;
            }
        }

        @Override
        public void close() {
            release();
            osd.close();
        }
    }

    /** Jimfs with the plain Unix configuration. */
    private static final class JimfsStore implements Store {
        private final FileSystem fs = JimfsFixture.unix();
        private Path current;

        @Override
        public void mkdir(int directory) throws IOException {
            current = Files.createDirectory(fs.getPath("/d" + directory));
        }

        @Override
        public void create(int directory, String name) throws IOException {
            Files.createFile(current.resolve(name));
        }

        @Override
        public void close() throws IOException {
            fs.close();
        }
    }
}
