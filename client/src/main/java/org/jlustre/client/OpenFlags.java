package org.jlustre.client;

/**
 * The {@code open(2)} flags {@link LustreClient#open} takes (Linux x86-64 values, as FUSE and
 * the kernel pass them); the client turns them into Lustre's {@code MDS_OPEN_*} /
 * {@code FMODE_*} for the MDT.
 */
public final class OpenFlags {

    /** {@code O_RDONLY}. */
    public static final int O_RDONLY = 0;
    /** {@code O_WRONLY}. */
    public static final int O_WRONLY = 01;
    /** {@code O_RDWR}. */
    public static final int O_RDWR = 02;
    /** {@code O_ACCMODE}. */
    public static final int O_ACCMODE = 03;
    /** {@code O_CREAT}. */
    public static final int O_CREAT = 0100;
    /** {@code O_EXCL}. */
    public static final int O_EXCL = 0200;
    /** {@code O_NOCTTY} (ignored). */
    public static final int O_NOCTTY = 0400;
    /** {@code O_TRUNC}. */
    public static final int O_TRUNC = 01000;
    /** {@code O_APPEND}: every write goes to the end of the file as it is at that write. */
    public static final int O_APPEND = 02000;
    /** {@code O_NONBLOCK} (ignored). */
    public static final int O_NONBLOCK = 04000;
    /** {@code O_DIRECTORY}: ENOTDIR unless a directory. */
    public static final int O_DIRECTORY = 0200000;
    /** {@code O_NOFOLLOW}: ELOOP for a symbolic link. */
    public static final int O_NOFOLLOW = 0400000;

    private OpenFlags() {
    }

    /** Whether {@code flags} allow reading. */
    public static boolean readable(int flags) {
        return (flags & O_ACCMODE) != O_WRONLY;
    }

    /** Whether {@code flags} allow writing. */
    public static boolean writable(int flags) {
        return (flags & O_ACCMODE) != O_RDONLY;
    }
}
