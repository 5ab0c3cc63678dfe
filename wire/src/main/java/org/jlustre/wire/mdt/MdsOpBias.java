package org.jlustre.wire.mdt;

/**
 * {@code enum mds_op_bias} (lustre_idl.h; wiretest.c checks each): the {@code *_bias} word of
 * a REINT record and of a close, saying how to treat the operation. Retired bits (1, 1&lt;&lt;2,
 * 1&lt;&lt;4, 1&lt;&lt;6) are absent.
 */
public final class MdsOpBias {

    private MdsOpBias() {
    }

    /** The object is on another MDT than the name (DNE). */
    public static final int CROSS_REF = 1 << 1;
    /** Skip permission checks (server-internal callers). */
    public static final int PERM_BYPASS = 1 << 3;
    /** Skip quota enforcement. */
    public static final int QUOTA_IGNORE = 1 << 5;
    /** Keep an unlinked open file in PENDING across the operation. */
    public static final int KEEP_ORPHAN = 1 << 7;
    /** An open replayed during recovery. */
    public static final int RECOV_OPEN = 1 << 8;
    /** Close: the file's data were written through this handle. */
    public static final int DATA_MODIFIED = 1 << 9;
    /** Create a volatile (unnamed) file. */
    public static final int CREATE_VOLATILE = 1 << 10;
    /** NFS: the owner overrides permission bits. */
    public static final int OWNEROVERRIDE = 1 << 11;
    /** Close intent: HSM release. */
    public static final int HSM_RELEASE = 1 << 12;
    /** Close intent: migration. */
    public static final int CLOSE_MIGRATE = 1 << 13;
    /** Close intent: swap layouts. */
    public static final int CLOSE_LAYOUT_SWAP = 1 << 14;
    /** Close intent: merge layouts. */
    public static final int CLOSE_LAYOUT_MERGE = 1 << 15;
    /** Close intent: FLR resync done. */
    public static final int CLOSE_RESYNC_DONE = 1 << 16;
    /** Close intent: split a mirror off. */
    public static final int CLOSE_LAYOUT_SPLIT = 1 << 17;
    /** Truncate keeping the lease. */
    public static final int TRUNC_KEEP_LEASE = 1 << 18;
    /** Close intent: PCC attach. */
    public static final int PCC_ATTACH = 1 << 19;
    /** Close: apply the times in the close record. */
    public static final int CLOSE_UPDATE_TIMES = 1 << 20;
    /** setstripe creates only; never restripe an existing target. */
    public static final int SETSTRIPE_CREATE = 1 << 21;
    /** The operation names its object by FID. */
    public static final int FID_OP = 1 << 22;
    /** Migrate the namespace only. */
    public static final int MIGRATE_NSONLY = 1 << 23;
}
