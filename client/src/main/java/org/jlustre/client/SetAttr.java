package org.jlustre.client;

/**
 * The attributes a {@link LustreClient#setattr} changes: chmod, chown, truncate, utimes, alone
 * or together. Build it from {@link #NONE} with the {@code with*} methods; only the fields set
 * are changed, and ctime becomes the client's clock as the kernel sets it.
 *
 * @param mode the new permission bits, or -1 to keep them
 * @param uid the new owner, or -1
 * @param gid the new group, or -1
 * @param size the new size (truncate or extend), or -1
 * @param atime the new access time in seconds, {@link #NOW} for the MDT's clock, or
 *        {@link #KEEP}
 * @param mtime the new modification time, {@link #NOW}, or {@link #KEEP}
 */
public record SetAttr(int mode, int uid, int gid, long size, long atime, long mtime) {

    /** A time left unchanged. */
    public static final long KEEP = Long.MIN_VALUE;
    /** A time set to the server's clock ({@code UTIME_NOW}, {@code touch}). */
    public static final long NOW = Long.MIN_VALUE + 1;
    /** Nothing changed. */
    public static final SetAttr NONE = new SetAttr(-1, -1, -1, -1, KEEP, KEEP);

    /** Checks the values. */
    public SetAttr {
        if (mode != -1 && (mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode 0" + Integer.toOctalString(mode) + " has bits beyond 07777");
        }
        if (size < -1) {
            throw new IllegalArgumentException("size " + size + " is negative");
        }
    }

    /** chmod. */
    public SetAttr withMode(int m) {
        return new SetAttr(m, uid, gid, size, atime, mtime);
    }

    /** chown ({@code -1} keeps either). */
    public SetAttr withOwner(int u, int g) {
        return new SetAttr(mode, u, g, size, atime, mtime);
    }

    /** truncate. */
    public SetAttr withSize(long s) {
        return new SetAttr(mode, uid, gid, s, atime, mtime);
    }

    /** utimes (seconds, {@link #NOW} or {@link #KEEP}). */
    public SetAttr withTimes(long a, long m) {
        return new SetAttr(mode, uid, gid, size, a, m);
    }

    /** Whether nothing changes. */
    public boolean isEmpty() {
        return mode == -1 && uid == -1 && gid == -1 && size == -1 && atime == KEEP && mtime == KEEP;
    }
}
