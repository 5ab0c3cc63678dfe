package org.jlustre.mdt.mdd;

import org.jlustre.common.FileMode;

/**
 * What to create ({@code struct md_op_spec} with the create attributes): the mode with its
 * type bits, and what the type needs.
 *
 * @param mode type and permission bits (S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR, S_IFBLK, S_IFIFO or
 *     S_IFSOCK)
 * @param rdev the device number of a character or block device, else 0
 * @param umask the creator's umask, applied when the parent has no default ACL (as the VFS does)
 * @param symlinkTarget the target of a symlink (bytes, without NUL), else null
 * @param layout the {@code lov_user_md} the client asked for (open-create with EA), or null
 * @param openFlags non-zero for an open-create: the file is opened with these MDS_OPEN_* flags
 *     in the same step, and {@link Mdd#close} must be called for it
 * @param time the creation time the client sent (seconds), or -1 for the MDD's clock
 */
public record CreateSpec(int mode, int rdev, int umask, byte[] symlinkTarget, byte[] layout, int openFlags, long time) {

    /** A regular file with {@code perm} bits and the default layout. */
    public static CreateSpec file(int perm) {
        return new CreateSpec(FileMode.S_IFREG | (perm & 07777), 0, 0, null, null, 0, -1);
    }

    /** A directory with {@code perm} bits. */
    public static CreateSpec dir(int perm) {
        return new CreateSpec(FileMode.S_IFDIR | (perm & 07777), 0, 0, null, null, 0, -1);
    }

    /** A symbolic link to {@code target}. */
    public static CreateSpec symlink(byte[] target) {
        return new CreateSpec(FileMode.S_IFLNK | 0777, 0, 0, target, null, 0, -1);
    }

    /** A device node, FIFO or socket: {@code mode} carries its type. */
    public static CreateSpec node(int mode, int rdev) {
        return new CreateSpec(mode, rdev, 0, null, null, 0, -1);
    }

    /** This spec with a umask. */
    public CreateSpec withUmask(int mask) {
        return new CreateSpec(mode, rdev, mask, symlinkTarget, layout, openFlags, time);
    }

    /** This spec with a requested layout. */
    public CreateSpec withLayout(byte[] lum) {
        return new CreateSpec(mode, rdev, umask, symlinkTarget, lum, openFlags, time);
    }

    /** This spec as an open-create with {@code flags}. */
    public CreateSpec withOpen(int flags) {
        return new CreateSpec(mode, rdev, umask, symlinkTarget, layout, flags, time);
    }

    /** This spec with the client's time. */
    public CreateSpec withTime(long seconds) {
        return new CreateSpec(mode, rdev, umask, symlinkTarget, layout, openFlags, seconds);
    }
}
