package org.jlustre.fuse;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.fuse.lowlevel.FileLock;

/**
 * Between libfuse's record locks ({@code struct flock}: a start and a length, 0 meaning to the
 * end of the file; fll.c {@code convert_fuse_file_lock}) and the client's LDLM flock extents
 * (inclusive start and end, {@code Long.MAX_VALUE} for OFFSET_MAX, as {@code ldlm_flock}
 * keeps them), and flock(2)'s operations as whole-file locks.
 */
final class Locks {

    /** flock(2)'s LOCK_SH, LOCK_EX, LOCK_NB, LOCK_UN (sys/file.h). */
    static final int LOCK_SH = 1;
    static final int LOCK_EX = 2;
    static final int LOCK_NB = 4;
    static final int LOCK_UN = 8;

    private static final long EOF = Long.MAX_VALUE;

    private Locks() {
    }

    /** The client's lock for libfuse's {@code lock}. */
    static org.jlustre.client.FileLock toClient(FileLock lock) {
        long end = lock.length() == 0 ? EOF : lock.start() + lock.length() - 1;
        return new org.jlustre.client.FileLock(lock.type(), lock.start(), end, lock.pid());
    }

    /** libfuse's lock for the client's {@code lock} (F_UNLCK: no conflict). */
    static FileLock toFuse(org.jlustre.client.FileLock lock) {
        long length = lock.end() == EOF ? 0 : lock.end() - lock.start() + 1;
        return new FileLock(lock.type(), lock.start(), length, lock.pid());
    }

    /** The lock type flock(2)'s {@code operation} asks for; EINVAL for anything else. */
    static int flockType(int operation) throws LustreException {
        return switch (operation & ~LOCK_NB) {
            case LOCK_SH -> FileLock.F_RDLCK;
            case LOCK_EX -> FileLock.F_WRLCK;
            case LOCK_UN -> FileLock.F_UNLCK;
            default -> throw new LustreException(Errno.EINVAL,
                    "flock operation " + operation + " is not LOCK_SH, LOCK_EX or LOCK_UN");
        };
    }
}
