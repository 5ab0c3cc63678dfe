package org.jlustre.wire.llog;

/** {@code enum llog_flag}: the {@code llh_flags} of an llog header (reference 4.2). */
public final class LlogFlags {

    private LlogFlags() {
    }

    /** Destroy the log when its last record is cancelled. */
    public static final int ZAP_WHEN_EMPTY = 0x1;
    /** A catalog of plain logs. */
    public static final int IS_CAT = 0x2;
    /** A plain log. */
    public static final int IS_PLAIN = 0x4;
    /** Changelog records carry a job id. */
    public static final int EXT_JOBID = 0x8;
    /** Every record has {@code llh_size} bytes, at a fixed offset. */
    public static final int IS_FIXSIZE = 0x10;
    /** Changelog records carry extra flags. */
    public static final int EXT_EXTRA_FLAGS = 0x20;
    /** Changelog extra: uid/gid. */
    public static final int EXT_X_UIDGID = 0x40;
    /** Changelog extra: NID. */
    public static final int EXT_X_NID = 0x80;
    /** Changelog extra: open mode. */
    public static final int EXT_X_OMODE = 0x100;
    /** Changelog extra: xattr name. */
    public static final int EXT_X_XATTR = 0x200;
    /** Remove entries whose plain log is missing while processing. */
    public static final int RM_ON_ERR = 0x400;
    /** Plain logs have a maximum age. */
    public static final int MAX_AGE = 0x800;
    /** Changelog extra: big NID. */
    public static final int EXT_X_NID_BE = 0x1000;
    /** Processing may drop the log semaphore. */
    public static final int UNLCK_SEM = 0x2000;

    /** The flags a plain log inherits from its catalog ({@code LLOG_F_EXT_MASK}). */
    public static final int EXT_MASK = EXT_JOBID | EXT_EXTRA_FLAGS | EXT_X_UIDGID | EXT_X_NID | EXT_X_OMODE
            | EXT_X_XATTR | EXT_X_NID_BE | UNLCK_SEM;
}
