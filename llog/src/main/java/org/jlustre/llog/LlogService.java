package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.LustreException;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;

/**
 * The llog reading service a server offers its clients: the four llog RPCs of
 * lustre/ptlrpc/llog_server.c (reference 4.9) as calls. {@link LocalLlogService} serves an
 * OSD's logs in-process; an RPC client implements the same interface over the wire, and
 * {@link LlogContext#remote} turns either into read-only {@link LlogHandle}s that process like
 * local ones ({@code llog_client_ops}).
 *
 * <p>Each call stands alone, as each RPC does: the server opens the log, answers and closes it.
 */
public interface LlogService {

    /**
     * {@code LLOG_ORIGIN_HANDLE_CREATE}: the id of the log called {@code name}, or the check
     * that log {@code id} exists when {@code name} is null.
     *
     * @throws LustreException ENOENT for a missing log
     */
    LlogLogid open(LlogLogid id, String name) throws LustreException;

    /**
     * {@code LLOG_ORIGIN_HANDLE_READ_HEADER}: the log's header, read with init flags
     * {@code flags} (0: whatever the log is).
     */
    LlogHeader readHeader(LlogLogid id, int flags) throws LustreException;

    /**
     * {@code LLOG_ORIGIN_HANDLE_NEXT_BLOCK}: the chunk holding {@code nextIdx} read from
     * {@code cursor}, which moves past it ({@code llog_next_block}).
     *
     * @return 0, or a negative errno
     */
    int nextBlock(LlogLogid id, int flags, LlogCursor cursor, int nextIdx, MemorySegment buf);

    /**
     * {@code LLOG_ORIGIN_HANDLE_PREV_BLOCK}: the chunk holding {@code prevIdx}
     * ({@code llog_prev_block}).
     *
     * @return 0, or a negative errno
     */
    int prevBlock(LlogLogid id, int flags, int prevIdx, MemorySegment buf);
}
