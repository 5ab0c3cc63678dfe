package org.jlustre.wire.mdt;

/**
 * {@code enum mds_attr_flags} (lustre_idl.h; wiretest.c checks each): the bits of a setattr
 * record's {@code sa_valid}. The client translates the kernel's ATTR_* into these
 * ({@code attr_pack}, lustre/mdc/mdc_lib.c); they are never the kernel's values.
 */
public final class MdsAttr {

    private MdsAttr() {
    }

    /** Permission bits. */
    public static final long MODE = 0x1L;
    /** Owner. */
    public static final long UID = 0x2L;
    /** Group. */
    public static final long GID = 0x4L;
    /** Size (truncate). */
    public static final long SIZE = 0x8L;
    /** Access time (to the server's now unless ATIME_SET). */
    public static final long ATIME = 0x10L;
    /** Modification time (to now unless MTIME_SET). */
    public static final long MTIME = 0x20L;
    /** Change time. */
    public static final long CTIME = 0x40L;
    /** Access time as given. */
    public static final long ATIME_SET = 0x80L;
    /** Modification time as given. */
    public static final long MTIME_SET = 0x100L;
    /** Not a change by the user: skip the permission checks. */
    public static final long FORCE = 0x200L;
    /** Inode flags ({@code sa_attr_flags}). */
    public static final long ATTR_FLAG = 0x400L;
    /** Clear set-user-id. */
    public static final long KILL_SUID = 0x800L;
    /** Clear set-group-id. */
    public static final long KILL_SGID = 0x1000L;
    /** Change time as given. */
    public static final long CTIME_SET = 0x2000L;
    /** The setattr comes from an open (truncate at open). */
    public static final long FROM_OPEN = 0x4000L;
    /** Blocks. */
    public static final long BLOCKS = 0x8000L;
    /** Project id. */
    public static final long PROJID = 0x10000L;
    /** Lazy size (SOM). */
    public static final long LSIZE = 0x20000L;
    /** Lazy blocks (SOM). */
    public static final long LBLOCKS = 0x40000L;
    /** Override permission checks as the owner would (NFS). */
    public static final long OVERRIDE = 0x2000000L;
}
