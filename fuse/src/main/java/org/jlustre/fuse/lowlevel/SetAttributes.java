package org.jlustre.fuse.lowlevel;

import static org.jlustre.fuse.lowlevel.Layouts.STAT;
import static org.jlustre.fuse.lowlevel.Layouts.offset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a setattr asks to change: {@code toSet} holds FUSE_SET_ATTR_* bits (fuse_lowlevel.h)
 * and only the values those bits name are meaningful. {@code ATIME_NOW}/{@code MTIME_NOW}
 * mean "the server's current time" (utimensat with UTIME_NOW).
 */
public record SetAttributes(int toSet, int mode, int uid, int gid, long size, long atimeNanos, long mtimeNanos,
        long ctimeNanos) {

    public static final int MODE = 1 << 0;
    public static final int UID = 1 << 1;
    public static final int GID = 1 << 2;
    public static final int SIZE = 1 << 3;
    public static final int ATIME = 1 << 4;
    public static final int MTIME = 1 << 5;
    public static final int ATIME_NOW = 1 << 7;
    public static final int MTIME_NOW = 1 << 8;
    public static final int CTIME = 1 << 10;

    /** Whether {@code bit} (one of the constants above) is set. */
    public boolean has(int bit) {
        return (toSet & bit) != 0;
    }

    static SetAttributes read(MemorySegment stat, int toSet) {
        MemorySegment s = stat.reinterpret(STAT.byteSize());
        return new SetAttributes(toSet,
                s.get(ValueLayout.JAVA_INT, offset(STAT, "st_mode")),
                s.get(ValueLayout.JAVA_INT, offset(STAT, "st_uid")),
                s.get(ValueLayout.JAVA_INT, offset(STAT, "st_gid")),
                s.get(ValueLayout.JAVA_LONG, offset(STAT, "st_size")),
                Attributes.readTime(s, offset(STAT, "st_atim")),
                Attributes.readTime(s, offset(STAT, "st_mtim")),
                Attributes.readTime(s, offset(STAT, "st_ctim")));
    }
}
