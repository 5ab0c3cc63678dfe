package org.jlustre.fid;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.Le;
import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.fid.SeqQuery;

/**
 * SEQ_QUERY on a target ({@code seq_handler} and {@code seq_server_handle},
 * lustre/fid/fid_handler.c): ALLOC_META from the target's sequence server, ALLOC_SUPER from the
 * controller (MDT0). The reply range names the owner the request named. Like Lustre, any
 * connected peer may ask for either; a target without the manager asked for answers EINVAL, as
 * does an unknown operation.
 */
final class SeqHandler {

    private SeqHandler() {
    }

    /**
     * Answers {@code req} from {@code site}.
     *
     * @throws LustreException EPROTO for a missing or short operation or range buffer; EINVAL
     *     for an unknown operation or a manager this target does not run; what the allocation
     *     failed with (ENOSPC, EROFS, ENODEV, EINPROGRESS)
     */
    static void handle(ServerRequest req, FidSite site) throws LustreException {
        int opc = req.buf(SeqQuery.REQ_OPC, SeqQuery.OPC_SIZE, "seq_query_opc").get(Le.U32, 0);
        LuSeqRange in = LuSeqRange.read(req.buf(SeqQuery.REQ_RANGE, LuSeqRange.SIZE, "seq_query_range"), 0);
        // the reply is packed before the work, as the target layer does for HAS_REPLY handlers,
        // with the asker's index and kind (seq_handler: "seq client passed mdt id")
        req.packReply(LuSeqRange.SIZE);
        LuSeqRange.of(0, 0, in.index(), in.flags()).write(req.replyBuf(SeqQuery.REP_RANGE), 0);
        LuSeqRange out = switch (opc) {
            case SeqQuery.ALLOC_META -> {
                if (site.server() == null) {
                    throw new LustreException(Errno.EINVAL, "Sequence server is not initialized on node "
                            + site.nodeId());
                }
                yield site.server().allocMeta(in.index(), in.flags());
            }
            case SeqQuery.ALLOC_SUPER -> {
                if (site.controller() == null) {
                    throw new LustreException(Errno.EINVAL, "Sequence controller is not initialized on node "
                            + site.nodeId());
                }
                yield site.controller().allocSuper(in.index(), in.flags());
            }
            default -> throw new LustreException(Errno.EINVAL, "unknown SEQ_QUERY operation "
                    + Integer.toUnsignedString(opc));
        };
        out.write(req.replyBuf(SeqQuery.REP_RANGE), 0);
    }
}
