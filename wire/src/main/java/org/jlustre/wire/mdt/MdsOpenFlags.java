package org.jlustre.wire.mdt;

/**
 * Open flags as the MDT sees them (lustre_user.h {@code MDS_FMODE_*}, {@code MDS_OPEN_*};
 * wiretest.c checks each): the 64 bits of {@code cr_flags_l}/{@code cr_flags_h} in an open
 * record. The client builds them from the kernel's O_* flags ({@code mds_pack_open_flags},
 * lustre/mdc/mdc_lib.c): O_RDONLY/O_WRONLY/O_RDWR become the FMODE bits, the others keep their
 * Linux x86 values, and the high bits are Lustre's own. Octal literals as in the header.
 */
public final class MdsOpenFlags {

    private MdsOpenFlags() {
    }

    /** Not open. */
    public static final long FMODE_CLOSED = 0;
    /** Open for reading. */
    public static final long FMODE_READ = 01L;
    /** Open for writing. */
    public static final long FMODE_WRITE = 02L;
    /** Open for execution. */
    public static final long FMODE_EXEC = 04L;
    /** Reply only: the open created the file. */
    public static final long CREATED = 010L;
    /** O_CREAT. */
    public static final long CREAT = 0100L;
    /** O_EXCL. */
    public static final long EXCL = 0200L;
    /** O_TRUNC. */
    public static final long TRUNC = 01000L;
    /** O_APPEND. */
    public static final long APPEND = 02000L;
    /** O_SYNC. */
    public static final long SYNC = 010000L;
    /** O_DIRECTORY. */
    public static final long DIRECTORY = 0200000L;
    /** Open a known object by its FID ({@code cr_fid2}), not by name. */
    public static final long BY_FID = 040000000L;
    /** Do not create OST objects yet. */
    public static final long DELAY_CREATE = 0100000000L;
    /** NFS: the owner may reopen a read-only file read-write. */
    public static final long OWNEROVERRIDE = 0200000000L;
    /** Obsolete join-file open (refused). */
    public static final long JOIN_FILE = 0400000000L;
    /** The open wants an open lock. */
    public static final long LOCK = 04000000000L;
    /** The request carries a striping pattern (lov_user_md). */
    public static final long HAS_EA = 010000000000L;
    /** The layout's objects already exist. */
    public static final long HAS_OBJS = 020000000000L;
    /** Do not restore an HSM-released file. */
    public static final long NORESTORE = 0100000000000L;
    /** A new layout is wanted (restripe). */
    public static final long NEWSTRIPE = 0200000000000L;
    /** A volatile file: no name, gone at close. */
    public static final long VOLATILE = 0400000000000L;
    /** Open with a lease. */
    public static final long LEASE = 01000000000000L;
    /** Open for HSM release. */
    public static final long RELEASE = 02000000000000L;
    /** FLR resync. */
    public static final long RESYNC = 04000000000000L;
    /** PCC attach. */
    public static final long PCC = 010000000000000L;
    /** The operation is carried out by FID (lfs rmfid, lfs migrate). */
    public static final long OP_WITH_FID = 020000000000000L;

    /** The flags only Lustre's own tools may send ({@code MDS_OPEN_FL_INTERNAL}). */
    public static final long FL_INTERNAL = HAS_EA | HAS_OBJS | OWNEROVERRIDE | LOCK | BY_FID | LEASE | RELEASE
            | RESYNC | PCC | OP_WITH_FID;
}
