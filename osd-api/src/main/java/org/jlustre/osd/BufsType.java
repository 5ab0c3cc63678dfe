package org.jlustre.osd;

/** What {@link Body#bufsGet} prepares pages for ({@code DT_BUFS_TYPE_*}). */
public enum BufsType {
    /** {@code DT_BUFS_TYPE_READ}: the pages will be read (sent to a client). */
    READ,
    /** {@code DT_BUFS_TYPE_WRITE}: the pages will be filled and committed. */
    WRITE,
    /** {@code DT_BUFS_TYPE_READAHEAD}: read-ahead into a server cache. */
    READAHEAD
}
