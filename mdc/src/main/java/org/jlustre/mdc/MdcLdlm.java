package org.jlustre.mdc;

import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.wire.ldlm.Ldlm;
import org.jlustre.wire.ldlm.LdlmFlockWire;
import org.jlustre.wire.ldlm.LdlmLockDesc;
import org.jlustre.wire.ldlm.LdlmReply;
import org.jlustre.wire.ldlm.LdlmResId;
import org.jlustre.wire.ldlm.LdlmRequest;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * The MDC's LDLM requests for flock locks, as a 2.15 client builds them
 * ({@code mdc_enqueue_base} with no intent → {@code ldlm_enqueue_pack},
 * {@code ldlm_cli_enqueue}; {@code ldlm_cli_cancel_req}), version {@code LUSTRE_DLM_VERSION}.
 */
final class MdcLdlm {

    private MdcLdlm() {
    }

    /**
     * LDLM_ENQUEUE of a flock lock ({@code RQF_LDLM_ENQUEUE}): [dlm_req] naming the file's flock
     * resource ({@code fid_build_reg_res_name}, {@code name[3] = LDLM_FLOCK}), the mode, the
     * range/owner/pid, and the client's cookie for the lock in {@code lock_handle[0]}; the reply
     * is [dlm_rep, dlm_lvb of 0 bytes].
     */
    static ClientRequest flockEnqueue(Import imp, Fid fid, int mode, LdlmFlockWire flock, int flags, long cookie) {
        ClientRequest req = imp.request(Opcodes.LDLM_ENQUEUE, MsgFlags.LUSTRE_DLM_VERSION, LdlmRequest.SIZE);
        req.requestPortal(Portals.MDS_REQUEST);
        LdlmLockDesc desc = new LdlmLockDesc(Ldlm.LDLM_FLOCK, LdlmResId.flock(fid), mode, 0, flock);
        new LdlmRequest(flags, desc, List.of(cookie)).write(req.buf(1), 0);
        req.replyCapacity(LustreMsg.size(PtlrpcBody.SIZE_V3, LdlmReply.SIZE, 0));
        return req;
    }

    /**
     * LDLM_CANCEL ({@code RQF_LDLM_CANCEL}): [dlm_req] whose handles are the server's cookies.
     * Sent on the MDT's request portal: Lustre's goes to {@code ldlm_canceld} (17), whose replies
     * come on a portal this import does not listen on.
     */
    static ClientRequest cancel(Import imp, List<Long> serverCookies) {
        ClientRequest req = imp.request(Opcodes.LDLM_CANCEL, MsgFlags.LUSTRE_DLM_VERSION,
                LdlmRequest.bufSize(serverCookies.size()));
        req.requestPortal(Portals.MDS_REQUEST);
        LdlmLockDesc none = new LdlmLockDesc(0, new LdlmResId(0, 0, 0, 0), 0, 0, new LdlmFlockWire(0, 0, 0, 0));
        new LdlmRequest(0, none, serverCookies).write(req.buf(1), 0);
        req.replyCapacity(LustreMsg.size(PtlrpcBody.SIZE_V3));
        return req;
    }
}
