package org.jlustre.mdt.mdd;

import org.jlustre.osd.LuAttr;

/**
 * A setattr ({@code mdd_attr_set}): which attributes change, in {@link LuAttr} LA_* bits, and
 * their new values.
 *
 * @param valid the LA_* bits of the attributes to change ({@link LuAttr#LA_MODE},
 *     {@link LuAttr#LA_UID}, {@link LuAttr#LA_GID}, {@link LuAttr#LA_SIZE},
 *     {@link LuAttr#LA_ATIME}, {@link LuAttr#LA_MTIME}, {@link LuAttr#LA_CTIME},
 *     {@link LuAttr#LA_FLAGS}, {@link LuAttr#LA_PROJID})
 * @param mode the new permission bits (type bits are ignored)
 * @param uid the new owner
 * @param gid the new group
 * @param size the new size
 * @param atime the new access time
 * @param mtime the new modification time
 * @param ctime the new change time (0 = the MDD's clock)
 * @param flags the new LUSTRE_*_FL flags
 * @param projid the new project id
 * @param explicitTimes whether atime/mtime are times the caller chose (MDS_ATTR_ATIME_SET /
 *     MTIME_SET, utimes with times: owner only) rather than "now" (also allowed to writers)
 */
public record SetattrSpec(long valid, int mode, int uid, int gid, long size, long atime, long mtime, long ctime,
        int flags, int projid, boolean explicitTimes) {

    private static final SetattrSpec NONE = new SetattrSpec(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);

    /** Nothing to change; add with the {@code with*} methods. */
    public static SetattrSpec none() {
        return NONE;
    }

    /** chmod. */
    public SetattrSpec withMode(int m) {
        return new SetattrSpec(valid | LuAttr.LA_MODE, m, uid, gid, size, atime, mtime, ctime, flags, projid,
                explicitTimes);
    }

    /** chown to {@code u}. */
    public SetattrSpec withUid(int u) {
        return new SetattrSpec(valid | LuAttr.LA_UID, mode, u, gid, size, atime, mtime, ctime, flags, projid,
                explicitTimes);
    }

    /** chgrp to {@code g}. */
    public SetattrSpec withGid(int g) {
        return new SetattrSpec(valid | LuAttr.LA_GID, mode, uid, g, size, atime, mtime, ctime, flags, projid,
                explicitTimes);
    }

    /** truncate. */
    public SetattrSpec withSize(long s) {
        return new SetattrSpec(valid | LuAttr.LA_SIZE, mode, uid, gid, s, atime, mtime, ctime, flags, projid,
                explicitTimes);
    }

    /** utimes with explicit times. */
    public SetattrSpec withTimes(long a, long m) {
        return new SetattrSpec(valid | LuAttr.LA_ATIME | LuAttr.LA_MTIME, mode, uid, gid, size, a, m, ctime, flags,
                projid, true);
    }

    /** utimes to "now" ({@code touch}). */
    public SetattrSpec withTimesNow(long now) {
        return new SetattrSpec(valid | LuAttr.LA_ATIME | LuAttr.LA_MTIME, mode, uid, gid, size, now, now, ctime,
                flags, projid, false);
    }

    /** The change time the client gives. */
    public SetattrSpec withCtime(long c) {
        return new SetattrSpec(valid | LuAttr.LA_CTIME, mode, uid, gid, size, atime, mtime, c, flags, projid,
                explicitTimes);
    }

    /** chattr. */
    public SetattrSpec withFlags(int f) {
        return new SetattrSpec(valid | LuAttr.LA_FLAGS, mode, uid, gid, size, atime, mtime, ctime, f, projid,
                explicitTimes);
    }

    /** A project id. */
    public SetattrSpec withProjid(int p) {
        return new SetattrSpec(valid | LuAttr.LA_PROJID, mode, uid, gid, size, atime, mtime, ctime, flags, p,
                explicitTimes);
    }

    /** Whether every bit of {@code mask} is to change. */
    public boolean has(long mask) {
        return (valid & mask) != 0;
    }
}
