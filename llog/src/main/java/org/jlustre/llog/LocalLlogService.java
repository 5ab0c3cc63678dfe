package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.LustreException;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;

/**
 * The server side of the llog RPCs for one context ({@code llog_origin_handle_*} in
 * lustre/ptlrpc/llog_server.c): every call opens the log by id, initialises it with the
 * client's flags, does its one read and closes it again. Thread-safe.
 */
public final class LocalLlogService implements LlogService {

    private final LlogContext ctx;

    /** Serves the logs of {@code ctx}. */
    public LocalLlogService(LlogContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public LlogLogid open(LlogLogid id, String name) throws LustreException {
        try (LlogHandle h = name != null ? ctx.open(name, Llog.OpenMode.EXISTS) : ctx.open(id)) {
            return h.logid();
        }
    }

    @Override
    public LlogHeader readHeader(LlogLogid id, int flags) throws LustreException {
        try (LlogHandle h = openInit(id, flags)) {
            return h.header().copy();
        }
    }

    @Override
    public int nextBlock(LlogLogid id, int flags, LlogCursor cursor, int nextIdx, MemorySegment buf) {
        try (LlogHandle h = openInit(id, flags)) {
            return new LlogBlocks(h).next(cursor, nextIdx, buf);
        } catch (LustreException e) {
            return e.rc();
        }
    }

    @Override
    public int prevBlock(LlogLogid id, int flags, int prevIdx, MemorySegment buf) {
        try (LlogHandle h = openInit(id, flags)) {
            return new LlogBlocks(h).prev(prevIdx, buf);
        } catch (LustreException e) {
            return e.rc();
        }
    }

    /** Opens log {@code id} and reads its header; only the type and extension flags are passed on. */
    private LlogHandle openInit(LlogLogid id, int flags) throws LustreException {
        LlogHandle h = ctx.open(id);
        try {
            h.init(flags & (LlogFlags.IS_CAT | LlogFlags.IS_PLAIN | LlogFlags.EXT_MASK), null);
            return h;
        } catch (LustreException | RuntimeException e) {
            h.close();
            throw e;
        }
    }
}
