package org.jlustre.llog;

/**
 * Where a chunk-by-chunk read of an llog stands between two reads: the file offset after the
 * last chunk read ({@code cur_offset}) and the index of the last record in it
 * ({@code cur_idx}). The llog NEXT_BLOCK RPC carries both ways ({@code lgd_cur_offset},
 * {@code lgd_saved_index}).
 */
public final class LlogCursor {

    /** The offset after the last chunk read. */
    public long offset;
    /** The index of the last record read. */
    public int index;
    /**
     * The chunk just read was damaged at its start and the buffer holds one padding record
     * over all of it, to be skipped ({@code llog_osd_next_block}'s pad for a chunk that fails
     * {@code llog_verify_record}).
     */
    public boolean damaged;

    /** A cursor at {@code offset} after index {@code index}. */
    public LlogCursor(long offset, int index) {
        this.offset = offset;
        this.index = index;
    }

    @Override
    public String toString() {
        return "cur_idx " + index + " cur_offset " + offset;
    }
}
