package org.jlustre.llog;

import java.lang.foreign.MemorySegment;

/**
 * How processing gets an llog's chunks ({@code lop_next_block}, {@code lop_prev_block}): read
 * from the local object ({@link LlogBlocks}) or through an {@link LlogService} (the llog
 * client). Results are 0 with the chunk in {@code buf}, or a negative errno.
 */
interface LlogBlockReader {

    /** Reads the chunk holding {@code nextIdx}, starting at the cursor, which moves past it. */
    int next(LlogCursor cursor, int nextIdx, MemorySegment buf);

    /** Reads the chunk holding {@code prevIdx}. */
    int prev(int prevIdx, MemorySegment buf);
}
