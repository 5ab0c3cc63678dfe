package org.jlustre.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What the survey asks of a namespace, done with {@code java.nio.file} under a root directory
 * with {@code directories} directories in it: Jimfs, a kernel tmpfs, a FUSE mount. A stat
 * reads the attributes of the path the create returned; a lookup resolves the name in its
 * directory and reads its attributes (a path API has no lookup without a stat, nor a stat by
 * inode).
 */
class PathNamespace implements MdsSurvey.Namespace<Path> {

    private final Path[] dirs;

    PathNamespace(Path root, int directories) throws IOException {
        dirs = new Path[directories];
        for (int i = 0; i < directories; i++) {
            dirs[i] = Files.createDirectory(root.resolve("d" + i));
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
}
