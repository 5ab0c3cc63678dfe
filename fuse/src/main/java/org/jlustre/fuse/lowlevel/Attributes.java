package org.jlustre.fuse.lowlevel;

import static org.jlustre.fuse.lowlevel.Layouts.STAT;
import static org.jlustre.fuse.lowlevel.Layouts.offset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An inode's attributes as the kernel sees them ({@code struct stat}). Times are nanoseconds
 * since the epoch; {@code blocks} counts 512-byte units.
 */
public record Attributes(long ino, int mode, long nlink, int uid, int gid, long rdev, long size, long blocks,
        int blksize, long atimeNanos, long mtimeNanos, long ctimeNanos) {

    private static final long INO = offset(STAT, "st_ino");
    private static final long NLINK = offset(STAT, "st_nlink");
    private static final long MODE = offset(STAT, "st_mode");
    private static final long UID = offset(STAT, "st_uid");
    private static final long GID = offset(STAT, "st_gid");
    private static final long RDEV = offset(STAT, "st_rdev");
    private static final long SIZE = offset(STAT, "st_size");
    private static final long BLKSIZE = offset(STAT, "st_blksize");
    private static final long BLOCKS = offset(STAT, "st_blocks");
    private static final long ATIME = offset(STAT, "st_atim");
    private static final long MTIME = offset(STAT, "st_mtim");
    private static final long CTIME = offset(STAT, "st_ctim");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Writes these attributes into the {@code struct stat} at {@code stat} (zeroing what we do not set). */
    void writeTo(MemorySegment stat) {
        stat.asSlice(0, STAT.byteSize()).fill((byte) 0);
        stat.set(ValueLayout.JAVA_LONG, INO, ino);
        stat.set(ValueLayout.JAVA_LONG, NLINK, nlink);
        stat.set(ValueLayout.JAVA_INT, MODE, mode);
        stat.set(ValueLayout.JAVA_INT, UID, uid);
        stat.set(ValueLayout.JAVA_INT, GID, gid);
        stat.set(ValueLayout.JAVA_LONG, RDEV, rdev);
        stat.set(ValueLayout.JAVA_LONG, SIZE, size);
        stat.set(ValueLayout.JAVA_LONG, BLKSIZE, blksize);
        stat.set(ValueLayout.JAVA_LONG, BLOCKS, blocks);
        writeTime(stat, ATIME, atimeNanos);
        writeTime(stat, MTIME, mtimeNanos);
        writeTime(stat, CTIME, ctimeNanos);
    }

    /** Reads a {@code struct timespec} at {@code offset} as nanoseconds since the epoch. */
    static long readTime(MemorySegment stat, long offset) {
        return stat.get(ValueLayout.JAVA_LONG, offset) * NANOS_PER_SECOND + stat.get(ValueLayout.JAVA_LONG, offset + 8);
    }

    private static void writeTime(MemorySegment stat, long offset, long nanos) {
        stat.set(ValueLayout.JAVA_LONG, offset, Math.floorDiv(nanos, NANOS_PER_SECOND));
        stat.set(ValueLayout.JAVA_LONG, offset + 8, Math.floorMod(nanos, NANOS_PER_SECOND));
    }
}
