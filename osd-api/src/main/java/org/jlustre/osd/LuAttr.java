package org.jlustre.osd;

import org.jlustre.common.FileMode;

/**
 * An object's attributes, {@code struct lu_attr} (lu_object.h; reference 2.14), with the
 * {@code la_valid} mask saying which fields are meaningful.
 *
 * <p>A mutable value, like Lustre's: {@link OsdObject#attrGet(LuAttr)} fills one the caller
 * owns, and {@link OsdObject#attrSet} applies only the fields whose bit is set. The fluent
 * setters set the field and its bit. Times are seconds since the epoch, as in Lustre.
 *
 * <p>Not thread-safe.
 */
public final class LuAttr {

    /** {@code la_atime} is valid. */
    public static final long LA_ATIME = 1L;
    /** {@code la_mtime} is valid. */
    public static final long LA_MTIME = 1L << 1;
    /** {@code la_ctime} is valid. */
    public static final long LA_CTIME = 1L << 2;
    /** {@code la_size} is valid. */
    public static final long LA_SIZE = 1L << 3;
    /** {@code la_mode} permission bits are valid. */
    public static final long LA_MODE = 1L << 4;
    /** {@code la_uid} is valid. */
    public static final long LA_UID = 1L << 5;
    /** {@code la_gid} is valid. */
    public static final long LA_GID = 1L << 6;
    /** {@code la_blocks} is valid. */
    public static final long LA_BLOCKS = 1L << 7;
    /** {@code la_mode} type bits are valid. */
    public static final long LA_TYPE = 1L << 8;
    /** {@code la_flags} is valid. */
    public static final long LA_FLAGS = 1L << 9;
    /** {@code la_nlink} is valid. */
    public static final long LA_NLINK = 1L << 10;
    /** {@code la_rdev} is valid. */
    public static final long LA_RDEV = 1L << 11;
    /** {@code la_blksize} is valid. */
    public static final long LA_BLKSIZE = 1L << 12;
    /** Clear the set-user-id bit. */
    public static final long LA_KILL_SUID = 1L << 13;
    /** Clear the set-group-id bit. */
    public static final long LA_KILL_SGID = 1L << 14;
    /** {@code la_projid} is valid. */
    public static final long LA_PROJID = 1L << 15;
    /** {@code la_layout_version} is valid. */
    public static final long LA_LAYOUT_VERSION = 1L << 16;
    /** Lazy size (MDT); an OSD ignores it. */
    public static final long LA_LSIZE = 1L << 17;
    /** Lazy blocks (MDT); an OSD ignores it. */
    public static final long LA_LBLOCKS = 1L << 18;
    /** {@code la_btime} (creation time) is valid. */
    public static final long LA_BTIME = 1L << 19;
    /** {@code la_dirent_count} is valid. */
    public static final long LA_DIRENT_CNT = 1L << 20;
    /** The attributes that travel to a remote target: uid, gid, projid, layout version. */
    public static final long LA_REMOTE_ATTR_SET = LA_UID | LA_GID | LA_PROJID | LA_LAYOUT_VERSION;

    /** Every field an OSD stores. */
    public static final long LA_ALL = LA_ATIME | LA_MTIME | LA_CTIME | LA_SIZE | LA_MODE | LA_UID | LA_GID
            | LA_BLOCKS | LA_TYPE | LA_FLAGS | LA_NLINK | LA_RDEV | LA_BLKSIZE | LA_PROJID | LA_LAYOUT_VERSION
            | LA_BTIME;

    private long valid;
    private long size;
    private long mtime;
    private long atime;
    private long ctime;
    private long btime;
    private long blocks;
    private int mode;
    private int uid;
    private int gid;
    private int flags;
    private int nlink;
    private int blkbits;
    private int blksize;
    private int rdev;
    private int projid;
    private int layoutVersion;
    private long direntCount;

    /** An empty attribute set (no valid bits). */
    public LuAttr() {
    }

    /** A copy of another attribute set. */
    public LuAttr(LuAttr other) {
        copyFrom(other);
    }

    /** Copies every field and the valid mask of {@code other}. */
    public LuAttr copyFrom(LuAttr o) {
        valid = o.valid;
        size = o.size;
        mtime = o.mtime;
        atime = o.atime;
        ctime = o.ctime;
        btime = o.btime;
        blocks = o.blocks;
        mode = o.mode;
        uid = o.uid;
        gid = o.gid;
        flags = o.flags;
        nlink = o.nlink;
        blkbits = o.blkbits;
        blksize = o.blksize;
        rdev = o.rdev;
        projid = o.projid;
        layoutVersion = o.layoutVersion;
        direntCount = o.direntCount;
        return this;
    }

    /** Clears the valid mask (fields keep their values). */
    public LuAttr clear() {
        valid = 0;
        return this;
    }

    /** The valid mask. */
    public long valid() {
        return valid;
    }

    /** Replaces the valid mask. */
    public LuAttr valid(long mask) {
        this.valid = mask;
        return this;
    }

    /** Whether every bit of {@code mask} is valid. */
    public boolean has(long mask) {
        return (valid & mask) == mask;
    }

    /** Size in bytes. */
    public long size() {
        return size;
    }

    /** Sets the size and {@link #LA_SIZE}. */
    public LuAttr size(long v) {
        size = v;
        valid |= LA_SIZE;
        return this;
    }

    /** Modification time, seconds. */
    public long mtime() {
        return mtime;
    }

    /** Sets the modification time and {@link #LA_MTIME}. */
    public LuAttr mtime(long v) {
        mtime = v;
        valid |= LA_MTIME;
        return this;
    }

    /** Access time, seconds. */
    public long atime() {
        return atime;
    }

    /** Sets the access time and {@link #LA_ATIME}. */
    public LuAttr atime(long v) {
        atime = v;
        valid |= LA_ATIME;
        return this;
    }

    /** Change time, seconds. */
    public long ctime() {
        return ctime;
    }

    /** Sets the change time and {@link #LA_CTIME}. */
    public LuAttr ctime(long v) {
        ctime = v;
        valid |= LA_CTIME;
        return this;
    }

    /** Creation time, seconds. */
    public long btime() {
        return btime;
    }

    /** Sets the creation time and {@link #LA_BTIME}. */
    public LuAttr btime(long v) {
        btime = v;
        valid |= LA_BTIME;
        return this;
    }

    /** Allocated 512-byte blocks (OSD-managed). */
    public long blocks() {
        return blocks;
    }

    /** Sets the block count and {@link #LA_BLOCKS}. */
    public LuAttr blocks(long v) {
        blocks = v;
        valid |= LA_BLOCKS;
        return this;
    }

    /** Mode: type and permission bits. */
    public int mode() {
        return mode;
    }

    /** Sets the mode and {@link #LA_MODE}, plus {@link #LA_TYPE} when it has type bits. */
    public LuAttr mode(int v) {
        mode = v;
        valid |= LA_MODE;
        if ((v & FileMode.S_IFMT) != 0) {
            valid |= LA_TYPE;
        }
        return this;
    }

    /** Owner. */
    public int uid() {
        return uid;
    }

    /** Sets the owner and {@link #LA_UID}. */
    public LuAttr uid(int v) {
        uid = v;
        valid |= LA_UID;
        return this;
    }

    /** Group. */
    public int gid() {
        return gid;
    }

    /** Sets the group and {@link #LA_GID}. */
    public LuAttr gid(int v) {
        gid = v;
        valid |= LA_GID;
        return this;
    }

    /** Inode flags ({@code LUSTRE_*_FL}). */
    public int flags() {
        return flags;
    }

    /** Sets the flags and {@link #LA_FLAGS}. */
    public LuAttr flags(int v) {
        flags = v;
        valid |= LA_FLAGS;
        return this;
    }

    /** Link count. */
    public int nlink() {
        return nlink;
    }

    /** Sets the link count and {@link #LA_NLINK}. */
    public LuAttr nlink(int v) {
        nlink = v;
        valid |= LA_NLINK;
        return this;
    }

    /** log2 of the block size. */
    public int blkbits() {
        return blkbits;
    }

    /** Sets log2 of the block size (no valid bit of its own). */
    public LuAttr blkbits(int v) {
        blkbits = v;
        return this;
    }

    /** Preferred I/O size. */
    public int blksize() {
        return blksize;
    }

    /** Sets the I/O size and {@link #LA_BLKSIZE}. */
    public LuAttr blksize(int v) {
        blksize = v;
        valid |= LA_BLKSIZE;
        return this;
    }

    /** Device number of a device node. */
    public int rdev() {
        return rdev;
    }

    /** Sets the device number and {@link #LA_RDEV}. */
    public LuAttr rdev(int v) {
        rdev = v;
        valid |= LA_RDEV;
        return this;
    }

    /** Project id. */
    public int projid() {
        return projid;
    }

    /** Sets the project id and {@link #LA_PROJID}. */
    public LuAttr projid(int v) {
        projid = v;
        valid |= LA_PROJID;
        return this;
    }

    /** Layout version. */
    public int layoutVersion() {
        return layoutVersion;
    }

    /** Sets the layout version and {@link #LA_LAYOUT_VERSION}. */
    public LuAttr layoutVersion(int v) {
        layoutVersion = v;
        valid |= LA_LAYOUT_VERSION;
        return this;
    }

    /** Entries in a directory, "." and ".." included. */
    public long direntCount() {
        return direntCount;
    }

    /** Sets the entry count and {@link #LA_DIRENT_CNT}. */
    public LuAttr direntCount(long v) {
        direntCount = v;
        valid |= LA_DIRENT_CNT;
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LuAttr[valid=0x").append(Long.toHexString(valid));
        if (has(LA_MODE) || has(LA_TYPE)) {
            sb.append(" mode=0").append(Integer.toOctalString(mode));
        }
        if (has(LA_SIZE)) {
            sb.append(" size=").append(size);
        }
        if (has(LA_BLOCKS)) {
            sb.append(" blocks=").append(blocks);
        }
        if (has(LA_NLINK)) {
            sb.append(" nlink=").append(nlink);
        }
        if (has(LA_UID)) {
            sb.append(" uid=").append(Integer.toUnsignedString(uid));
        }
        if (has(LA_GID)) {
            sb.append(" gid=").append(Integer.toUnsignedString(gid));
        }
        if (has(LA_PROJID)) {
            sb.append(" projid=").append(Integer.toUnsignedString(projid));
        }
        if (has(LA_ATIME)) {
            sb.append(" atime=").append(atime);
        }
        if (has(LA_MTIME)) {
            sb.append(" mtime=").append(mtime);
        }
        if (has(LA_CTIME)) {
            sb.append(" ctime=").append(ctime);
        }
        if (has(LA_BTIME)) {
            sb.append(" btime=").append(btime);
        }
        if (has(LA_FLAGS)) {
            sb.append(" flags=0x").append(Integer.toHexString(flags));
        }
        if (has(LA_RDEV)) {
            sb.append(" rdev=").append(rdev);
        }
        if (has(LA_LAYOUT_VERSION)) {
            sb.append(" layout_version=").append(layoutVersion);
        }
        if (has(LA_DIRENT_CNT)) {
            sb.append(" dirent_count=").append(direntCount);
        }
        return sb.append(']').toString();
    }
}
