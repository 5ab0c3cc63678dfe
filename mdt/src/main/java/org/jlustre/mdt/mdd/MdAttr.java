package org.jlustre.mdt.mdd;

import org.jlustre.common.Fid;
import org.jlustre.osd.LuAttr;

/**
 * An object's metadata as the namespace layer returns it ({@code struct md_attr}: the
 * {@code lu_attr} plus the layout when asked for).
 *
 * @param fid the object
 * @param mode type and permission bits
 * @param uid owner
 * @param gid group
 * @param nlink link count
 * @param size size in bytes (for a file with OST objects, what the MDT knows: 0)
 * @param blocks 512-byte blocks on the MDT
 * @param rdev device number of a device node
 * @param atime access time, seconds
 * @param mtime modification time, seconds
 * @param ctime change time, seconds
 * @param btime creation time, seconds
 * @param flags {@code LUSTRE_*_FL} inode flags
 * @param projid project id
 * @param layout the {@code trusted.lov} EA when asked for and present, else null
 */
public record MdAttr(Fid fid, int mode, int uid, int gid, int nlink, long size, long blocks, int rdev, long atime,
        long mtime, long ctime, long btime, int flags, int projid, byte[] layout) {

    /** From the OSD's attributes. */
    static MdAttr of(Fid fid, LuAttr a, byte[] layout) {
        return new MdAttr(fid, a.mode(), a.uid(), a.gid(), a.nlink(), a.size(), a.blocks(), a.rdev(), a.atime(),
                a.mtime(), a.ctime(), a.btime(), a.flags(), a.projid(), layout);
    }

    /** The S_IFMT bits. */
    public int type() {
        return mode & org.jlustre.common.FileMode.S_IFMT;
    }
}
