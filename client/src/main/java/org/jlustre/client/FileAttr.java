package org.jlustre.client;

import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;

/**
 * The attributes of one file as {@code stat(2)} shows them: the MDT's inode attributes, with the
 * size and blocks of a regular file taken from its OST objects (the largest size any stripe
 * implies, {@code lov_stripe_size}; blocks summed), asked at the time of the call.
 *
 * @param fid the file's FID (the inode number llite shows is {@link Fid#flatten64()})
 * @param mode type and permission bits ({@code S_IFMT} included; {@link FileMode} names them)
 * @param nlink hard links
 * @param uid owner
 * @param gid group
 * @param rdev device number of a device node, else 0
 * @param size bytes
 * @param blocks 512-byte blocks allocated
 * @param atime access time, seconds since the epoch
 * @param mtime modification time, seconds
 * @param ctime change time, seconds
 */
public record FileAttr(Fid fid, int mode, int nlink, int uid, int gid, long rdev, long size, long blocks, long atime,
        long mtime, long ctime) {

    /** Whether this is a directory. */
    public boolean isDirectory() {
        return (mode & FileMode.S_IFMT) == FileMode.S_IFDIR;
    }

    /** Whether this is a regular file. */
    public boolean isRegularFile() {
        return (mode & FileMode.S_IFMT) == FileMode.S_IFREG;
    }

    /** Whether this is a symbolic link. */
    public boolean isSymlink() {
        return (mode & FileMode.S_IFMT) == FileMode.S_IFLNK;
    }

    /** The permission bits (with set-id and sticky bits). */
    public int permissions() {
        return mode & 07777;
    }
}
