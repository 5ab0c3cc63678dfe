package org.jlustre.common;

/**
 * POSIX file mode bits as Lustre stores them in {@code la_mode} and puts them on the wire,
 * and the {@code DT_*} directory-entry types derived from them ({@code IFTODT}).
 */
public final class FileMode {

    private FileMode() {
    }

    /** Mask of the file type bits. */
    public static final int S_IFMT = 0170000;
    /** Socket. */
    public static final int S_IFSOCK = 0140000;
    /** Symbolic link. */
    public static final int S_IFLNK = 0120000;
    /** Regular file. */
    public static final int S_IFREG = 0100000;
    /** Block device. */
    public static final int S_IFBLK = 0060000;
    /** Directory. */
    public static final int S_IFDIR = 0040000;
    /** Character device. */
    public static final int S_IFCHR = 0020000;
    /** FIFO. */
    public static final int S_IFIFO = 0010000;
    /** Set-user-id. */
    public static final int S_ISUID = 04000;
    /** Set-group-id. */
    public static final int S_ISGID = 02000;
    /** Sticky. */
    public static final int S_ISVTX = 01000;

    /** Unknown directory entry type. */
    public static final int DT_UNKNOWN = 0;
    /** Directory entry type of a directory. */
    public static final int DT_DIR = 4;
    /** Directory entry type of a regular file. */
    public static final int DT_REG = 8;

    /** The file type bits of a mode. */
    public static int type(int mode) {
        return mode & S_IFMT;
    }

    /** {@code IFTODT}: the directory entry type of a mode. */
    public static int toDirentType(int mode) {
        return (mode & S_IFMT) >>> 12;
    }

    /** {@code DTTOIF}: the file type bits of a directory entry type. */
    public static int fromDirentType(int dtType) {
        return (dtType << 12) & S_IFMT;
    }

    /** Whether the type bits name a directory. */
    public static boolean isDir(int mode) {
        return (mode & S_IFMT) == S_IFDIR;
    }

    /** Whether the type bits name a regular file. */
    public static boolean isReg(int mode) {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** Whether the type bits name a symbolic link. */
    public static boolean isLink(int mode) {
        return (mode & S_IFMT) == S_IFLNK;
    }

    /** Whether the type bits are one of the seven POSIX file types. */
    public static boolean isValidType(int mode) {
        return switch (mode & S_IFMT) {
            case S_IFSOCK, S_IFLNK, S_IFREG, S_IFBLK, S_IFDIR, S_IFCHR, S_IFIFO -> true;
            default -> false;
        };
    }

    /** A short name of the type for traces: reg, dir, lnk, chr, blk, fifo, sock, or none. */
    public static String typeName(int mode) {
        return switch (mode & S_IFMT) {
            case S_IFREG -> "reg";
            case S_IFDIR -> "dir";
            case S_IFLNK -> "lnk";
            case S_IFCHR -> "chr";
            case S_IFBLK -> "blk";
            case S_IFIFO -> "fifo";
            case S_IFSOCK -> "sock";
            default -> "none";
        };
    }
}
