package org.jlustre.wire.out;

import java.util.List;

/**
 * {@code enum update_type} (lustre_idl.h) with the names of out_lib.c's {@code update_opcode}
 * table, and {@code enum update_flag}.
 */
public final class UpdateType {

    private UpdateType() {
    }

    /** {@code OUT_START}. */
    public static final int START = 0;
    /** {@code OUT_CREATE}: params obdo, [parent FID]. */
    public static final int CREATE = 1;
    /** {@code OUT_DESTROY}. */
    public static final int DESTROY = 2;
    /** {@code OUT_REF_ADD}. */
    public static final int REF_ADD = 3;
    /** {@code OUT_REF_DEL}. */
    public static final int REF_DEL = 4;
    /** {@code OUT_ATTR_SET}: param obdo. */
    public static final int ATTR_SET = 5;
    /** {@code OUT_ATTR_GET}: result an obdo. */
    public static final int ATTR_GET = 6;
    /** {@code OUT_XATTR_SET}: params name, value, flag (u32). */
    public static final int XATTR_SET = 7;
    /** {@code OUT_XATTR_GET}: param name; result the value. */
    public static final int XATTR_GET = 8;
    /** {@code OUT_INDEX_LOOKUP}: param name; result a FID. */
    public static final int INDEX_LOOKUP = 9;
    /** {@code OUT_INDEX_INSERT}: params name, FID, type (u32). */
    public static final int INDEX_INSERT = 10;
    /** {@code OUT_INDEX_DELETE}: param name. */
    public static final int INDEX_DELETE = 11;
    /** {@code OUT_WRITE}: params buffer, offset (u64). */
    public static final int WRITE = 12;
    /** {@code OUT_XATTR_DEL}: param name. */
    public static final int XATTR_DEL = 13;
    /** {@code OUT_PUNCH}. */
    public static final int PUNCH = 14;
    /** {@code OUT_READ}. */
    public static final int READ = 15;
    /** {@code OUT_NOOP}. */
    public static final int NOOP = 16;
    /** {@code OUT_XATTR_LIST}. */
    public static final int XATTR_LIST = 17;
    /** {@code OUT_LAST}. */
    public static final int LAST = 18;

    /** {@code UPDATE_FL_OST}: the update comes from an OST. */
    public static final int FL_OST = 0x1;
    /** {@code UPDATE_FL_SYNC}: commit before replying. */
    public static final int FL_SYNC = 0x2;
    /** {@code UPDATE_FL_COMMITTED}: committed on every MDT. */
    public static final int FL_COMMITTED = 0x4;
    /** {@code UPDATE_FL_NOLOG}: idempotent, not logged. */
    public static final int FL_NOLOG = 0x8;

    private static final List<String> NAMES = List.of("start", "create", "destroy", "ref_add", "ref_del", "attr_set",
            "attr_get", "xattr_set", "xattr_get", "index_lookup", "index_insert", "index_delete", "write", "xattr_del",
            "punch", "read", "noop", "xattr_list");

    /** out_lib.c's name of {@code type}, or {@code "unknown(<n>)"}. */
    public static String name(int type) {
        return type >= 0 && type < NAMES.size() ? NAMES.get(type) : "unknown(" + type + ")";
    }
}
