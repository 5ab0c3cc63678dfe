package org.jlustre.osd;

/**
 * How {@link OsdObject#xattrSet} treats an existing value ({@code enum lu_xattr_flags};
 * note Lustre's bit values differ from the Linux {@code XATTR_*} flags).
 */
public enum XattrMode {
    /** Create or replace. */
    SET(0),
    /** {@code LU_XATTR_CREATE}: fail with EEXIST if the name exists. */
    CREATE(0x2),
    /** {@code LU_XATTR_REPLACE}: fail with ENODATA if the name does not exist. */
    REPLACE(0x1);

    private final int luFlags;

    XattrMode(int luFlags) {
        this.luFlags = luFlags;
    }

    /** The {@code lu_xattr_flags} value. */
    public int luFlags() {
        return luFlags;
    }
}
