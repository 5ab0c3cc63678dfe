package org.jlustre.llog.reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * How llog_reader's {@code print_log_path} names the object a catalog entry points to. It
 * cannot know the OSD, so it guesses from the filesystem the llog file itself lives on
 * ({@code is_fstype_ext}): an ext2/3/4 filesystem means ldiskfs.
 */
public enum ObjectPaths {
    /** osd-ldiskfs: {@code O/<seq>/d<oid % 32>/<oid>}. */
    LDISKFS,
    /** osd-zfs, llog_reader's choice on any other filesystem: {@code oi.<seq & 127>/<seq:oid:ver>}. */
    ZFS;

    /** File store types whose superblock magic is {@code EXT4_SUPER_MAGIC}. */
    private static final Set<String> EXT = Set.of("ext2", "ext3", "ext4");

    /** What llog_reader picks for {@code file}: {@link #LDISKFS} when it is on ext2/3/4, else {@link #ZFS}. */
    public static ObjectPaths of(Path file) {
        try {
            return EXT.contains(Files.getFileStore(file).type()) ? LDISKFS : ZFS;
        } catch (IOException | SecurityException e) {
            return ZFS;
        }
    }
}
