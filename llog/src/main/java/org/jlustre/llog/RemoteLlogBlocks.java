package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.llog.LlogLogid;

/**
 * Reading a remote handle's chunks through its {@link LlogService}
 * ({@code llog_client_next_block}, {@code llog_client_prev_block} in
 * lustre/ptlrpc/llog_client.c), with the header flags the handle had when processing started.
 * Takes no lock: each call stands alone, as an RPC does.
 */
final class RemoteLlogBlocks implements LlogBlockReader {

    private final LlogService service;
    private final LlogLogid id;
    /** The header flags sent with each read ({@code llh_flags} at the start of processing). */
    private final int flags;

    /** A reader of log {@code id} from {@code service}, its header flags {@code flags}. */
    RemoteLlogBlocks(LlogService service, LlogLogid id, int flags) {
        this.service = service;
        this.id = id;
        this.flags = flags;
    }

    /** Asks the service for the chunk holding {@code nextIdx} ({@code LLOG_ORIGIN_HANDLE_NEXT_BLOCK}). */
    @Override
    public int next(LlogCursor cursor, int nextIdx, MemorySegment buf) {
        return service.nextBlock(id, flags, cursor, nextIdx, buf);
    }

    /** Asks the service for the chunk holding {@code prevIdx} ({@code LLOG_ORIGIN_HANDLE_PREV_BLOCK}). */
    @Override
    public int prev(int prevIdx, MemorySegment buf) {
        return service.prevBlock(id, flags, prevIdx, buf);
    }
}
