package org.jlustre.osd;

import org.jlustre.common.Fid;

/** Constants of the OSD contract. */
public final class Osd {

    private Osd() {
    }

    /** {@code OBD_OBJECT_EOF}: "to the end" in punch ranges; also the largest offset. */
    public static final long OBJECT_EOF = 0xffffffffffffffffL;

    /** {@code XATTR_NAME_MAX}: longest xattr name. */
    public static final int XATTR_NAME_MAX = 255;
    /** {@code XATTR_SIZE_MAX} and {@code OBD_MAX_EA_SIZE}: largest xattr value by default. */
    public static final int XATTR_SIZE_MAX = 65536;
    /** {@code XATTR_LIST_MAX}: largest xattr name list. */
    public static final int XATTR_LIST_MAX = 65536;
    /** {@code NAME_MAX}: the default longest directory entry name. */
    public static final int NAME_MAX = 255;
    /** {@code PATH_MAX}: the default longest symlink target. */
    public static final int PATH_MAX = 4096;

    /** {@code OSD_FS_ROOT_OID}. */
    public static final int OSD_FS_ROOT_OID = 13;
    /** {@code ACCT_USER_OID}: per-uid usage. */
    public static final int ACCT_USER_OID = 15;
    /** {@code ACCT_GROUP_OID}: per-gid usage. */
    public static final int ACCT_GROUP_OID = 16;
    /** {@code ACCT_PROJECT_OID}: per-project usage. */
    public static final int ACCT_PROJECT_OID = 22;
    /** {@code OTABLE_IT_OID}: the LFSCK object table. */
    public static final int OTABLE_IT_OID = 18;

    /** The OSD root directory {@code [0x200000001:0xd:0x0]}, the same on every OSD. */
    public static final Fid ROOT_FID = Fid.localFile(OSD_FS_ROOT_OID);
    /** The per-uid usage index. */
    public static final Fid ACCT_USER_FID = Fid.localFile(ACCT_USER_OID);
    /** The per-gid usage index. */
    public static final Fid ACCT_GROUP_FID = Fid.localFile(ACCT_GROUP_OID);
    /** The per-project usage index. */
    public static final Fid ACCT_PROJECT_FID = Fid.localFile(ACCT_PROJECT_OID);
}
