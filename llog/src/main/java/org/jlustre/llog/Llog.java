package org.jlustre.llog;

/**
 * Constants of the llog API (lustre/include/lustre_log.h, obd_support.h): callback results,
 * the special indexes of a write, and the fail-loc ids the llog code checks.
 */
public final class Llog {

    private Llog() {
    }

    /** A callback asks processing to stop; processing returns it ({@code LLOG_PROC_BREAK}). */
    public static final int PROC_BREAK = 1;
    /** A callback asks to cancel the record it was given ({@code LLOG_DEL_RECORD}). */
    public static final int DEL_RECORD = 2;
    /** The plain log was destroyed (it became empty) ({@code LLOG_DEL_PLAIN}). */
    public static final int DEL_PLAIN = 3;
    /** A catalog callback asks to skip the rest of a plain log ({@code LLOG_SKIP_PLAIN}). */
    public static final int SKIP_PLAIN = 4;
    /** Lustre's private "empty log" code ({@code LLOG_EEMPTY}), not an errno. */
    public static final int EEMPTY = 4711;

    /** Write index meaning "append" ({@code LLOG_NEXT_IDX}). */
    public static final int NEXT_IDX = -1;
    /** Write index of the header ({@code LLOG_HEADER_IDX}). */
    public static final int HEADER_IDX = 0;

    /** Fail-loc: the next plain log of a catalog cannot be created ({@code OBD_FAIL_MDS_LLOG_CREATE_FAILED}). */
    public static final int OBD_FAIL_MDS_LLOG_CREATE_FAILED = 0x137;
    /** Fail-loc: catalogs hold only {@code fail_val} entries ({@code OBD_FAIL_CAT_RECORDS}). */
    public static final int OBD_FAIL_CAT_RECORDS = 0x1312;
    /** Fail-loc: pause appends to the log whose oid is {@code fail_val} ({@code OBD_FAIL_LLOG_PROCESS_TIMEOUT}). */
    public static final int OBD_FAIL_LLOG_PROCESS_TIMEOUT = 0x1317;
    /** Fail-loc: plain logs hold only {@code fail_val} 64-byte records ({@code OBD_FAIL_PLAIN_RECORDS}). */
    public static final int OBD_FAIL_PLAIN_RECORDS = 0x1319;
    /** Fail-loc: like {@link #OBD_FAIL_PLAIN_RECORDS}, for the catalog-full test ({@code OBD_FAIL_CATALOG_FULL_CHECK}). */
    public static final int OBD_FAIL_CATALOG_FULL_CHECK = 0x131a;

    /** How {@link LlogContext#open} treats a log that does not exist ({@code enum llog_open_param}). */
    public enum OpenMode {
        /** {@code LLOG_OPEN_EXISTS}: it must exist (ENOENT otherwise). */
        EXISTS,
        /** {@code LLOG_OPEN_NEW}: it may not exist yet; a FID is generated for a new one. */
        NEW
    }
}
