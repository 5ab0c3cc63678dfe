package org.jlustre.bench;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The reference of the mdt suite: Jimfs doing what the survey asks of the MDT, on a fresh
 * Unix-like file system with {@code directories} directories. A stat reads the attributes of
 * the path the create returned; a lookup resolves the name in its directory and reads its
 * attributes (Jimfs has no lookup without a stat, nor a stat by inode).
 */
final class JimfsNamespace implements MdsSurvey.Namespace<Path>, AutoCloseable {

    private final FileSystem fs = JimfsFixture.unix();
    private final Path[] dirs;

    JimfsNamespace(int directories) throws IOException {
        dirs = new Path[directories];
        for (int i = 0; i < directories; i++) {
            dirs[i] = Files.createDirectory(fs.getPath("/d" + i));
        }
    }

    @Override
    public Path create(int dir, String name) throws IOException {
        return Files.createFile(dirs[dir].resolve(name));
    }

    @Override
    public void stat(Path file) throws IOException {
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void lookup(int dir, String name) throws IOException {
        Files.readAttributes(dirs[dir].resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void unlink(int dir, String name) throws IOException {
        Files.delete(dirs[dir].resolve(name));
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
