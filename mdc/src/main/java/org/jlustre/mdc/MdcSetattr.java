package org.jlustre.mdc;

import org.jlustre.wire.mdt.MdsAttr;

/**
 * The attributes a setattr changes, as {@code mdc_setattr_pack_rec} puts them into a
 * {@code mdt_rec_setattr}: {@code valid} ({@link MdsAttr} bits) names the fields that count.
 * Times are seconds; with {@link MdsAttr#ATIME} / {@link MdsAttr#MTIME} but without the
 * {@code *_SET} bit the MDT uses its own clock, as {@code touch} does.
 *
 * @param valid MDS_ATTR_* bits
 * @param mode permission bits (with MODE)
 * @param uid owner (with UID)
 * @param gid group (with GID)
 * @param size size (with SIZE: truncate; the OST objects are the caller's to punch)
 * @param blocks blocks (with BLOCKS)
 * @param atime access time (with ATIME_SET)
 * @param mtime modification time (with MTIME_SET)
 * @param ctime change time (with CTIME or CTIME_SET)
 * @param attrFlags LUSTRE_*_FL inode flags (with ATTR_FLAG)
 * @param projid project id (with PROJID)
 */
public record MdcSetattr(long valid, int mode, int uid, int gid, long size, long blocks, long atime, long mtime,
        long ctime, int attrFlags, int projid) {

    /** Nothing set. */
    public static final MdcSetattr NONE = new MdcSetattr(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** chmod: the permission bits, and ctime to {@code ctime}. */
    public static MdcSetattr chmod(int mode, long ctime) {
        return new MdcSetattr(MdsAttr.MODE | MdsAttr.CTIME, mode, 0, 0, 0, 0, 0, 0, ctime, 0, 0);
    }

    /** chown: owner and group (either -1 to keep it), and ctime. */
    public static MdcSetattr chown(int uid, int gid, long ctime) {
        long valid = MdsAttr.CTIME | (uid != -1 ? MdsAttr.UID : 0) | (gid != -1 ? MdsAttr.GID : 0);
        return new MdcSetattr(valid, 0, uid, gid, 0, 0, 0, 0, ctime, 0, 0);
    }

    /** truncate: the size, with mtime and ctime to {@code now}. */
    public static MdcSetattr truncate(long size, long now) {
        return new MdcSetattr(MdsAttr.SIZE | MdsAttr.MTIME | MdsAttr.CTIME, 0, 0, 0, size, 0, 0, now, now, 0, 0);
    }

    /** utimes: explicit access and modification times, ctime to {@code now}. */
    public static MdcSetattr utimes(long atime, long mtime, long now) {
        return new MdcSetattr(MdsAttr.ATIME | MdsAttr.ATIME_SET | MdsAttr.MTIME | MdsAttr.MTIME_SET | MdsAttr.CTIME, 0,
                0, 0, 0, 0, atime, mtime, now, 0, 0);
    }
}
