package org.jlustre.mdt.mdd;

import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.OsdObject;

/**
 * {@code mdd_open} and {@code mdd_close}: the permission an open asks for, the open count, and
 * the destruction of an orphan at its last close.
 */
final class Opens {

    /** {@code MDS_FMODE_READ}. */
    static final int FMODE_READ = 0x1;
    /** {@code MDS_FMODE_WRITE}. */
    static final int FMODE_WRITE = 0x2;
    /** {@code MDS_FMODE_EXEC}. */
    static final int FMODE_EXEC = 0x4;
    /** {@code MDS_OPEN_TRUNC}. */
    static final int OPEN_TRUNC = 01000;
    /** {@code MDS_OPEN_APPEND}. */
    static final int OPEN_APPEND = 02000;

    private final MddContext ctx;

    Opens(MddContext ctx) {
        this.ctx = ctx;
    }

    /**
     * See {@link Mdd#open}: {@code mdd_open_sanity_check}: a symlink is not opened (ELOOP); a
     * directory not for writing (EISDIR); read, write and exec permission as the flags ask;
     * an immutable object not for writing, an append-only one only for appending (EPERM).
     */
    MdAttr open(Cred cred, Fid fid, int flags) throws LustreException {
        try (Locks l = Locks.of(ctx.dev, fid)) {
            OsdObject o = l.get(fid);
            LuAttr a = ctx.attrs(o);
            if (ctx.open.isOrphan(fid) || a.nlink() == 0) {
                throw new LustreException(Errno.ENOENT, fid + " has no name left");
            }
            int type = a.mode() & FileMode.S_IFMT;
            boolean write = (flags & (FMODE_WRITE | OPEN_TRUNC)) != 0;
            if (type == FileMode.S_IFLNK) {
                throw new LustreException(Errno.ELOOP, fid + " is a symlink");
            }
            if (type == FileMode.S_IFDIR && write) {
                throw new LustreException(Errno.EISDIR, fid + " is a directory");
            }
            int mask = ((flags & FMODE_READ) != 0 ? Access.MAY_READ : 0) | (write ? Access.MAY_WRITE : 0)
                    | ((flags & FMODE_EXEC) != 0 ? Access.MAY_EXEC : 0);
            if (mask != 0) {
                ctx.access.check(cred, o, a, mask);
            }
            if (write && (a.flags() & Creates.IMMUTABLE_FL) != 0) {
                throw new LustreException(Errno.EPERM, fid + " is immutable");
            }
            if (write && (a.flags() & Creates.APPEND_FL) != 0
                    && ((flags & OPEN_APPEND) == 0 || (flags & OPEN_TRUNC) != 0)) {
                throw new LustreException(Errno.EPERM, fid + " is append-only");
            }
            ctx.open.open(fid);
            return ctx.mdAttr(o, true);
        }
    }

    /** See {@link Mdd#close}. */
    void close(Fid fid) throws LustreException {
        try (Locks l = Locks.of(ctx.dev, fid)) {
            int r = ctx.open.close(fid);
            if (r < 0) {
                throw new LustreException(Errno.EBADF, fid + " is not open");
            }
            if (r == 1) {
                ctx.orphans.destroy(l.get(fid));
            }
        }
    }
}
