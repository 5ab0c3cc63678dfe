package org.jlustre.osd;

/**
 * Why an object is locked ({@code enum dt_object_role}, dt_object.h). Roles do not change
 * what a lock does; they name the lock order callers follow (source parent before source
 * child before target parent ...), so an implementation can check it.
 */
public enum ObjectRole {
    /** The parent directory of the source of an operation. */
    SRC_PARENT,
    /** The source object. */
    SRC_CHILD,
    /** The target parent directory (rename). */
    TGT_PARENT,
    /** The target object. */
    TGT_CHILD,
    /** An orphan being handled. */
    TGT_ORPHAN,
    /** The LAST_ID object of an OST sequence. */
    LASTID
}
