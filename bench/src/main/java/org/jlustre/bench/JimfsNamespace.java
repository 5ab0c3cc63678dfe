package org.jlustre.bench;

import java.io.IOException;
import java.nio.file.FileSystem;

/**
 * The reference of the mdt and client suites: Jimfs doing what the survey asks, on a fresh
 * Unix-like file system with {@code directories} directories ({@link PathNamespace}).
 */
final class JimfsNamespace extends PathNamespace implements AutoCloseable {

    private final FileSystem fs;

    JimfsNamespace(int directories) throws IOException {
        this(JimfsFixture.unix(), directories);
    }

    private JimfsNamespace(FileSystem fs, int directories) throws IOException {
        super(fs.getPath("/"), directories);
        this.fs = fs;
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
