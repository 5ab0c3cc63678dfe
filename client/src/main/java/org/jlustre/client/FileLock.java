package org.jlustre.client;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * A POSIX record lock as fcntl(2) and flock(2) see it: its type, the inclusive byte range
 * {@code [start, end]} ({@link #TO_EOF} for "to the end of the file", the kernel's
 * {@code OFFSET_MAX}) and the pid F_GETLK reports.
 *
 * @param type {@link #F_RDLCK}, {@link #F_WRLCK} or {@link #F_UNLCK}
 * @param start the first byte, at least 0
 * @param end the last byte, at least {@code start}
 * @param pid the process holding (or asking for) the lock
 */
public record FileLock(int type, long start, long end, int pid) {

    /** {@code F_RDLCK}: a shared lock (flock LOCK_SH). */
    public static final int F_RDLCK = 0;
    /** {@code F_WRLCK}: an exclusive lock (flock LOCK_EX). */
    public static final int F_WRLCK = 1;
    /** {@code F_UNLCK}: no lock; unlocks (flock LOCK_UN). */
    public static final int F_UNLCK = 2;
    /** {@code OFFSET_MAX}: a range ending here reaches the end of the file, however it grows. */
    public static final long TO_EOF = Long.MAX_VALUE;

    /** The whole file, as flock(2) locks it. */
    public static FileLock wholeFile(int type, int pid) {
        return new FileLock(type, 0, TO_EOF, pid);
    }

    /** The same lock with another type. */
    public FileLock withType(int newType) {
        return new FileLock(newType, start, end, pid);
    }

    /** Checks the type and range, as fcntl does before asking the filesystem. */
    FileLock check() throws LustreException {
        if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK) {
            throw new LustreException(Errno.EINVAL, "lock type " + type + " is none of F_RDLCK 0, F_WRLCK 1, F_UNLCK 2");
        }
        if (start < 0 || end < start) {
            throw new LustreException(Errno.EINVAL, "lock range [" + start + ", " + end + "] is not 0 <= start <= end");
        }
        return this;
    }
}
