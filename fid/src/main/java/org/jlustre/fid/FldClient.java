package org.jlustre.fid;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.wire.Le;
import org.jlustre.wire.fid.FldQuery;
import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * Asks a target's fld where a sequence lives (lustre/fld/fld_request.c {@code fld_client_rpc}
 * with FLD_QUERY): an MDC or LMV finding a FID's MDT, or another MDT asking MDT0; and copies an
 * owner's entries with FLD_READ. Thread-safe.
 */
public final class FldClient {

    /** The import to the target. */
    private final Import imp;

    private FldClient(Import imp) {
        this.imp = imp;
    }

    /** A client asking the target behind {@code imp}. */
    public static FldClient over(Import imp) {
        return new FldClient(Objects.requireNonNull(imp, "imp"));
    }

    /**
     * The range holding {@code seq}, of kind {@code flags} ({@link LuSeqRange#MDT},
     * {@link LuSeqRange#OST} or {@link LuSeqRange#ANY}).
     *
     * @throws LustreException ENOENT when the fld has no such sequence; EIO when it belongs to
     *     the other kind; the RPC's error
     */
    public LuSeqRange lookup(long seq, int flags) throws LustreException {
        ClientRequest req = imp.request(Opcodes.FLD_QUERY, MsgFlags.LUSTRE_MDS_VERSION, FldQuery.OPC_SIZE,
                LuSeqRange.SIZE).requestPortal(Portals.FLD_REQUEST);
        req.buf(FldQuery.REQ_OPC).set(Le.U32, 0, FldQuery.LOOKUP);
        LuSeqRange.of(seq, 0, 0, flags).write(req.buf(FldQuery.REQ_RANGE), 0);
        Reply r = imp.call(req);
        return LuSeqRange.read(r.buf(FldQuery.REP_DATA, LuSeqRange.SIZE, "fld_query_mdfld"), 0);
    }

    /**
     * Every entry of owner ({@code index}, {@code flags}) in the target's fld, by FLD_READ pages
     * ({@code fld_update_from_controller}): a page answered with EAGAIN is full and the next
     * request goes on from its last range.
     *
     * @throws LustreException the RPC's error; EPROTO for a page whose count does not fit it;
     *     ETIMEDOUT when a page does not come within three request timeouts
     */
    public List<LuSeqRange> read(int index, int flags) throws LustreException {
        List<LuSeqRange> out = new ArrayList<>();
        LuSeqRange from = LuSeqRange.of(0, 0, index, flags);
        while (true) {
            ClientRequest req = imp.request(Opcodes.FLD_READ, MsgFlags.LUSTRE_MDS_VERSION, LuSeqRange.SIZE)
                    .requestPortal(Portals.FLD_REQUEST);
            from.write(req.buf(FldQuery.READ_REQ_RANGE), 0);
            Reply r = await(req);
            if (r.status() != 0 && r.errno() != Errno.EAGAIN) {
                throw new LustreException(r.errno(), imp.name() + ": FLD_READ failed: " + r.status());
            }
            MemorySegment page = r.buf(FldQuery.REP_DATA, FldQuery.ARRAY_HEADER_SIZE, "lu_seq_range_array");
            long count = Integer.toUnsignedLong(page.get(Le.U32, 0));
            if (FldQuery.ARRAY_HEADER_SIZE + count * LuSeqRange.SIZE > page.byteSize()) {
                throw new LustreException(Errno.EPROTO, imp.name() + ": FLD_READ page of " + page.byteSize()
                        + " bytes claims " + count + " ranges");
            }
            for (int i = 0; i < count; i++) {
                out.add(LuSeqRange.read(page, FldQuery.ARRAY_HEADER_SIZE + (long) i * LuSeqRange.SIZE));
            }
            if (r.status() == 0) {
                return out;
            }
            if (count == 0) {
                throw new LustreException(Errno.EPROTO, imp.name() + ": FLD_READ answered EAGAIN with no range");
            }
            from = out.getLast();
        }
    }

    /** The reply to {@code req} whatever its status, waiting at most three request timeouts. */
    private Reply await(ClientRequest req) throws LustreException {
        long limitMs = imp.config().timeout().toMillis() * 3;
        try {
            return imp.send(req).get(limitMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LustreException le) {
                throw le;
            }
            throw new LustreException(Errno.EIO, imp.name() + ": FLD_READ failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new LustreException(Errno.ETIMEDOUT, imp.name() + ": FLD_READ had no answer in " + limitMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LustreException(Errno.EINTR, imp.name() + ": FLD_READ interrupted");
        }
    }
}
