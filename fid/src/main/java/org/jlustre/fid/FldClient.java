package org.jlustre.fid;

import java.util.Objects;
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
 * with FLD_QUERY): an MDC or LMV finding a FID's MDT, or another MDT asking MDT0. Thread-safe.
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
}
