package org.jlustre.osd;

/**
 * Static limits of a device, {@code struct dt_device_param} ({@code dt_conf_get};
 * reference 2.15).
 *
 * @param maxNameLen longest name in a directory ({@code ddp_max_name_len})
 * @param maxNlink largest link count ({@code ddp_max_nlink})
 * @param symlinkMax longest symlink target ({@code ddp_symlink_max})
 * @param mountOptions {@code MNTOPT_*} bits ({@code ddp_mntopts})
 * @param maxEaSize largest xattr value ({@code ddp_max_ea_size})
 * @param mountType {@code LDD_MT_*} ({@code ddp_mount_type})
 * @param maxBytes largest file ({@code ddp_maxbytes})
 * @param inodeSpace bytes charged per inode ({@code ddp_inodespace})
 * @param maxExtentBlocks largest extent in blocks ({@code ddp_max_extent_blks})
 * @param extentTax bytes charged per extent ({@code ddp_extent_tax})
 * @param brwSize preferred bulk I/O size ({@code ddp_brw_size})
 * @param t10CksumType T10-PI checksum type, 0 for none
 * @param hasLseekDataHole whether {@link Body#seek} finds holes
 */
public record DeviceParams(int maxNameLen, int maxNlink, int symlinkMax, int mountOptions, int maxEaSize,
        int mountType, long maxBytes, int inodeSpace, int maxExtentBlocks, int extentTax, int brwSize,
        int t10CksumType, boolean hasLseekDataHole) {

    /** {@code MNTOPT_USERXATTR}: user.* xattrs allowed. */
    public static final int MNTOPT_USERXATTR = 0x1;
    /** {@code MNTOPT_ACL}: POSIX ACLs allowed. */
    public static final int MNTOPT_ACL = 0x2;

    /** {@code LDD_MT_MEM}: osd-mem's mount type from the seed's lustre.patch. */
    public static final int LDD_MT_MEM = org.jlustre.wire.mgs.LustreDiskData.MT_MEM;
}
