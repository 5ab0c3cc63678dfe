package org.jlustre.fuse.lowlevel;

import static org.jlustre.fuse.lowlevel.Layouts.FLOCK;
import static org.jlustre.fuse.lowlevel.Layouts.offset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A POSIX record lock ({@code struct flock}) as libfuse passes it to getlk/setlk: {@code length}
 * 0 means "to the end of the file" (libfuse turns the kernel's OFFSET_MAX end into 0; fll.c
 * {@code convert_fuse_file_lock}); whence is always SEEK_SET.
 */
public record FileLock(int type, long start, long length, int pid) {

    public static final int F_RDLCK = 0;
    public static final int F_WRLCK = 1;
    public static final int F_UNLCK = 2;

    private static final long TYPE = offset(FLOCK, "l_type");
    private static final long WHENCE = offset(FLOCK, "l_whence");
    private static final long START = offset(FLOCK, "l_start");
    private static final long LEN = offset(FLOCK, "l_len");
    private static final long PID = offset(FLOCK, "l_pid");

    static FileLock read(MemorySegment flock) {
        MemorySegment s = flock.reinterpret(FLOCK.byteSize());
        return new FileLock(s.get(ValueLayout.JAVA_SHORT, TYPE), s.get(ValueLayout.JAVA_LONG, START),
                s.get(ValueLayout.JAVA_LONG, LEN), s.get(ValueLayout.JAVA_INT, PID));
    }

    void writeTo(MemorySegment flock) {
        flock.asSlice(0, FLOCK.byteSize()).fill((byte) 0);
        flock.set(ValueLayout.JAVA_SHORT, TYPE, (short) type);
        flock.set(ValueLayout.JAVA_SHORT, WHENCE, (short) 0);
        flock.set(ValueLayout.JAVA_LONG, START, start);
        flock.set(ValueLayout.JAVA_LONG, LEN, length);
        flock.set(ValueLayout.JAVA_INT, PID, pid);
    }
}
