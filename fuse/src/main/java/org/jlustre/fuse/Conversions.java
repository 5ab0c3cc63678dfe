package org.jlustre.fuse;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jlustre.client.FileAttr;
import org.jlustre.client.FsStat;
import org.jlustre.client.SetAttr;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.fuse.lowlevel.Attributes;
import org.jlustre.fuse.lowlevel.Caller;
import org.jlustre.fuse.lowlevel.SetAttributes;
import org.jlustre.fuse.lowlevel.Statfs;
import org.jlustre.mdc.MdcCred;

/** Between the kernel's view (struct stat, setattr bits, the caller) and the client API's records. */
final class Conversions {

    /** What st_blksize says: one stripe's worth, as llite reports the stripe size ({@code ll_getattr}). */
    static final int BLOCK_SIZE = 1 << 20;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Conversions() {
    }

    /**
     * The credentials the servers check the caller with: fsuid/fsgid are the caller's (FUSE sends
     * the task's fsuid/fsgid), its groups, full capabilities for root and none for others (a
     * FUSE daemon cannot see the caller's capability set), and its umask.
     */
    static MdcCred credentials(Caller caller) {
        long caps = caller.uid() == 0 ? MdcCred.ROOT_CAPS : 0;
        return new MdcCred(caller.uid(), caller.gid(), caller.uid(), caller.gid(), caller.groups(), caps,
                caller.umask() & 0777);
    }

    /** {@code attr} as struct stat, the inode number as llite shows it ({@code fid_flatten64}). */
    static Attributes attributes(FileAttr attr) {
        return new Attributes(attr.fid().flatten64(), attr.mode(), attr.nlink(), attr.uid(), attr.gid(), attr.rdev(),
                attr.size(), attr.blocks(), BLOCK_SIZE, attr.atime() * NANOS_PER_SECOND,
                attr.mtime() * NANOS_PER_SECOND, attr.ctime() * NANOS_PER_SECOND);
    }

    /** A setattr's changes for the client (times to whole seconds, as Lustre 2.15's MDT keeps them). */
    static SetAttr setAttr(SetAttributes s) {
        SetAttr a = SetAttr.NONE;
        if (s.has(SetAttributes.MODE)) {
            a = a.withMode(s.mode() & 07777);
        }
        if (s.has(SetAttributes.UID) || s.has(SetAttributes.GID)) {
            a = a.withOwner(s.has(SetAttributes.UID) ? s.uid() : -1, s.has(SetAttributes.GID) ? s.gid() : -1);
        }
        if (s.has(SetAttributes.SIZE)) {
            a = a.withSize(s.size());
        }
        long atime = s.has(SetAttributes.ATIME_NOW) ? SetAttr.NOW
                : s.has(SetAttributes.ATIME) ? Math.floorDiv(s.atimeNanos(), NANOS_PER_SECOND) : SetAttr.KEEP;
        long mtime = s.has(SetAttributes.MTIME_NOW) ? SetAttr.NOW
                : s.has(SetAttributes.MTIME) ? Math.floorDiv(s.mtimeNanos(), NANOS_PER_SECOND) : SetAttr.KEEP;
        return a.withTimes(atime, mtime);
    }

    /** statvfs of the filesystem ({@code ll_statfs}: fragment size = block size). */
    static Statfs statfs(FsStat s, long fsid) {
        return new Statfs(s.blockSize(), s.blockSize(), s.blocks(), s.blocksFree(), s.blocksAvail(), s.files(),
                s.filesFree(), s.filesFree(), fsid, s.nameMax());
    }

    /** The errno a failed future carries: its LustreException's, else EIO. */
    static Errno errno(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof LustreException e ? e.errno() : Errno.EIO;
    }
}
