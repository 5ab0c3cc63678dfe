package org.jlustre.client;

import java.util.List;

/**
 * Entries of a directory from one cookie on, in the MDT's hash order (including "." and "..").
 *
 * @param entries the entries, possibly none
 * @param nextCookie the cookie to continue from, {@link #END} when the directory has no more
 */
public record DirPage(List<DirEntry> entries, long nextCookie) {

    /** The cookie of the end of a directory ({@code MDS_DIR_END_OFF}). */
    public static final long END = 0xfffffffffffffffeL;

    /** Copies the list. */
    public DirPage {
        entries = List.copyOf(entries);
    }

    /** Whether the directory has no entries after these. */
    public boolean atEnd() {
        return nextCookie == END;
    }
}
