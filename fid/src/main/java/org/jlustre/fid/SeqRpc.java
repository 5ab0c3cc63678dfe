package org.jlustre.fid;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.wire.Le;
import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.fid.SeqQuery;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * One SEQ_QUERY over an import ({@code seq_client_rpc}, lustre/fid/fid_request.c): the
 * operation, a range that is zero but for the asker's index and kind, sent with
 * {@code LUSTRE_MDS_VERSION} to the controller portal (ALLOC_SUPER) or the type's portal
 * (ALLOC_META); the granted range is checked before it is used.
 */
final class SeqRpc {

    private SeqRpc() {
    }

    /**
     * Sends {@code opc} for owner ({@code index}, {@code type}'s kind) and returns the grant.
     *
     * @throws LustreException the server's error; EINVAL for a grant that is insane or empty,
     *     or shorter than a range (EPROTO)
     */
    static LuSeqRange query(Import imp, String name, SeqType type, int opc, int index) throws LustreException {
        ClientRequest req = imp.request(Opcodes.SEQ_QUERY, MsgFlags.LUSTRE_MDS_VERSION, SeqQuery.OPC_SIZE,
                LuSeqRange.SIZE);
        req.buf(SeqQuery.REQ_OPC).set(Le.U32, 0, opc);
        LuSeqRange.of(0, 0, index, type.rangeFlags()).write(req.buf(SeqQuery.REQ_RANGE), 0);
        if (opc == SeqQuery.ALLOC_SUPER) {
            req.requestPortal(Portals.SEQ_CONTROLLER);
            if (type == SeqType.DATA) {
                // an OST asking while MDT0 may be holding its export must not resend (fid_request.c)
                req.noResend().noDelay();
            }
        } else {
            req.requestPortal(type.portal());
        }
        Reply r = imp.call(req);
        MemorySegment out = r.buf(SeqQuery.REP_RANGE, LuSeqRange.SIZE, "seq_query_range");
        LuSeqRange range = LuSeqRange.read(out, 0);
        if (!range.isSane()) {
            throw new LustreException(Errno.EINVAL, name + ": Invalid range received from server: " + range);
        }
        if (range.isExhausted()) {
            throw new LustreException(Errno.EINVAL, name + ": Range received from server is exhausted: " + range);
        }
        return range;
    }
}
