package org.jlustre.osd;

/**
 * The kinds of update a transaction declares and then executes (the OSD_OT_* operation types
 * of osd-ldiskfs). Each update method has a declare method of the same type; an update of a
 * type that was not declared for that object is a caller bug.
 */
public enum UpdateType {
    /** {@link OsdObject#create}. */
    CREATE,
    /** {@link OsdObject#destroy}. */
    DESTROY,
    /** {@link OsdObject#attrSet}. */
    ATTR_SET,
    /** {@link OsdObject#xattrSet}. */
    XATTR_SET,
    /** {@link OsdObject#xattrDel}. */
    XATTR_DEL,
    /** {@link OsdObject#refAdd}. */
    REF_ADD,
    /** {@link OsdObject#refDel}. */
    REF_DEL,
    /** {@link Body#write}. */
    WRITE,
    /** {@link Body#writeCommit}. */
    WRITE_COMMIT,
    /** {@link Body#punch}. */
    PUNCH,
    /** An index insert. */
    INSERT,
    /** An index delete. */
    DELETE
}
