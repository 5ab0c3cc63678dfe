package org.jlustre.osd.mem;

import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.LuAttr;

/**
 * The persistent record of one object (the seed's {@code osd_data}): attributes, xattrs and
 * content, living in the {@link ObjectTable} from create to destroy, independent of the
 * cached {@link MemObject}s that come and go.
 *
 * <p>Kept small, because there is one per file: attributes are plain fields, and xattrs and
 * content are allocated on first use.
 *
 * <p>Locking: attributes, xattrs and the charge are guarded by {@code this} (the seed's
 * {@code oo_guard}); the content objects guard themselves.
 */
final class Inode {

    final Fid fid;
    /** The format the object was created with; fixed for its life. */
    final Kind kind;

    /** What an inode holds. */
    enum Kind {
        REGULAR, DIR, NODE, INDEX, SYMLINK
    }

    // Attributes (struct lu_attr); guarded by this.
    volatile long size;
    long mtime;
    long atime;
    long ctime;
    long btime;
    int mode;
    int uid;
    int gid;
    int flags;
    int nlink;
    int rdev;
    int projid;
    int layoutVersion;
    int blksize = 4096;

    /** Bytes charged to this object (data pages, xattrs, entries); guarded by this. */
    long charged;

    /** Xattrs, null until the first one; guarded by this. */
    Xattrs xattrs;

    /** Body pages, directory entries or index records, by {@link #kind}; null until needed. */
    private volatile Object content;

    Inode(Fid fid, Kind kind) {
        this.fid = fid;
        this.kind = kind;
    }

    /** The body pages of a regular file or symlink, created on first use. */
    PageTable pages(PageStore store) {
        Object c = content;
        if (c == null) {
            synchronized (this) {
                c = content;
                if (c == null) {
                    c = new PageTable(store);
                    content = c;
                }
            }
        }
        return (PageTable) c;
    }

    /** The body pages if any were ever written, else null. */
    PageTable pagesOrNull() {
        return content instanceof PageTable p ? p : null;
    }

    /** The directory entries; set at create for directories. */
    DirData dir() {
        return (DirData) content;
    }

    /** The key/value records; set at create for indexes. */
    KvData kv() {
        return (KvData) content;
    }

    void setContent(Object c) {
        this.content = c;
    }

    /** The S_IFMT bits. */
    int type() {
        return mode & FileMode.S_IFMT;
    }

    /**
     * Charges {@code bytes} (negative to release) to the device and to this object's owner.
     *
     * @throws LustreException ENOSPC when the device is full; nothing is charged then
     */
    synchronized void charge(Usage usage, long bytes) throws LustreException {
        if (bytes == 0) {
            return;
        }
        usage.reserveBytes(bytes, fid);
        usage.chargeOwner(uid, gid, projid, bytes, 0);
        charged += bytes;
    }

    /** Fills {@code out} with every stored attribute. */
    synchronized void fill(LuAttr out, long direntCount) {
        out.clear();
        out.size(size).mtime(mtime).atime(atime).ctime(ctime).btime(btime).mode(mode).uid(uid).gid(gid)
                .flags(flags).nlink(nlink).rdev(rdev).projid(projid).layoutVersion(layoutVersion)
                .blocks((charged + 511) >>> 9).blksize(blksize).blkbits(31 - Integer.numberOfLeadingZeros(blksize));
        out.valid(out.valid() | LuAttr.LA_TYPE);
        if (direntCount >= 0) {
            out.direntCount(direntCount);
        }
    }

    /**
     * Applies the valid time, mode, ownership and other plain attributes (not the size),
     * moving the usage to the new owner when uid, gid or projid change.
     */
    synchronized void apply(LuAttr a, Usage usage) {
        long v = a.valid();
        if ((v & LuAttr.LA_ATIME) != 0) {
            atime = a.atime();
        }
        if ((v & LuAttr.LA_MTIME) != 0) {
            mtime = a.mtime();
        }
        if ((v & LuAttr.LA_CTIME) != 0) {
            ctime = a.ctime();
        }
        if ((v & LuAttr.LA_BTIME) != 0) {
            btime = a.btime();
        }
        if ((v & LuAttr.LA_MODE) != 0) {
            mode = (mode & FileMode.S_IFMT) | (a.mode() & ~FileMode.S_IFMT);
        }
        if ((v & LuAttr.LA_KILL_SUID) != 0) {
            mode &= ~FileMode.S_ISUID;
        }
        if ((v & LuAttr.LA_KILL_SGID) != 0) {
            mode &= ~FileMode.S_ISGID;
        }
        if ((v & LuAttr.LA_FLAGS) != 0) {
            flags = a.flags();
        }
        if ((v & LuAttr.LA_NLINK) != 0) {
            nlink = a.nlink();
        }
        if ((v & LuAttr.LA_RDEV) != 0) {
            rdev = a.rdev();
        }
        if ((v & LuAttr.LA_LAYOUT_VERSION) != 0) {
            layoutVersion = a.layoutVersion();
        }
        if ((v & LuAttr.LA_BLKSIZE) != 0 && a.blksize() > 0) {
            blksize = a.blksize();
        }
        int newUid = (v & LuAttr.LA_UID) != 0 ? a.uid() : uid;
        int newGid = (v & LuAttr.LA_GID) != 0 ? a.gid() : gid;
        int newProj = (v & LuAttr.LA_PROJID) != 0 ? a.projid() : projid;
        if (newUid != uid || newGid != gid || newProj != projid) {
            usage.chargeOwner(uid, gid, projid, -charged, -1);
            uid = newUid;
            gid = newGid;
            projid = newProj;
            usage.chargeOwner(uid, gid, projid, charged, 1);
        }
    }
}
