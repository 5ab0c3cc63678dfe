package org.jlustre.mdt;

import java.util.function.Function;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.ldlm.FlockNamespace;
import org.jlustre.ptlrpc.RequestHandler;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.ptlrpc.Service;
import org.jlustre.wire.ldlm.Ldlm;
import org.jlustre.wire.ldlm.LdlmLockDesc;
import org.jlustre.wire.ldlm.LdlmReply;
import org.jlustre.wire.ldlm.LdlmRequest;
import org.jlustre.wire.ptlrpc.Opcodes;

/**
 * The MDT's LDLM handlers for flock locks ({@code tgt_enqueue} → {@code ldlm_handle_enqueue0},
 * {@code ldlm_handle_cancel}; mdt_handler.c serves a flock enqueue with no intent, on the file's
 * flock resource, type LDLM_FLOCK), over the MDT's {@link FlockNamespace}. Request
 * {@code RQF_LDLM_ENQUEUE}: ptlrpc_body, dlm_req; reply: ptlrpc_body, dlm_rep, dlm_lvb (empty).
 * LDLM_CANCEL ({@code RQF_LDLM_CANCEL}: ptlrpc_body, dlm_req naming server cookies) is taken here
 * too: Lustre serves it on the node's {@code ldlm_canceld} (portal 17, replies on 18), which
 * jlustre's client imports cannot reach yet (one reply portal per import).
 */
final class MdtLdlm {

    private MdtLdlm() {
    }

    /** Registers LDLM_ENQUEUE and LDLM_CANCEL on {@code s}, run on the MDT of the request's export. */
    static void register(Service s, Function<MdtServices.MdtHandler, RequestHandler> routed) {
        s.register(Opcodes.LDLM_ENQUEUE, routed.apply(MdtLdlm::enqueue));
        s.register(Opcodes.LDLM_CANCEL, routed.apply(MdtLdlm::cancel));
    }

    /** LDLM_ENQUEUE of a flock lock: granted, reported (TEST_LOCK), queued, or refused with its errno. */
    static void enqueue(Mdt mdt, ServerRequest req) throws LustreException {
        LdlmRequest dlm = request(mdt, req);
        LdlmLockDesc desc = dlm.desc();
        if (desc.type() != Ldlm.LDLM_FLOCK) {
            throw new LustreException(Errno.EOPNOTSUPP, mdt.name() + ": LDLM_ENQUEUE of lock type " + desc.type()
                    + " on " + desc.resource() + ": only LDLM_FLOCK (12) locks are served");
        }
        if (desc.resource().n3() != Ldlm.LDLM_FLOCK) {
            throw new LustreException(Errno.EPROTO, mdt.name() + ": flock resource " + desc.resource()
                    + " does not end in LDLM_FLOCK (12)");
        }
        if (dlm.handles().isEmpty()) {
            throw new LustreException(Errno.EPROTO, mdt.name() + ": LDLM_ENQUEUE on " + desc.resource()
                    + " names no lock handle");
        }
        FlockNamespace.Result r = mdt.flocks().enqueue(req.export(), dlm.handles().getFirst(), desc.resource(),
                desc.reqMode(), desc.flock(), dlm.flags());
        req.packReply(LdlmReply.SIZE, 0);
        new LdlmReply(r.flags(), desc.with(r.mode(), r.granted() ? r.mode() : 0, r.flock()), r.cookie(), 0, 0)
                .write(req.replyBuf(1), 0);
    }

    /** LDLM_CANCEL: the named waiting flock requests leave their queues; ESTALE when none was known. */
    static void cancel(Mdt mdt, ServerRequest req) throws LustreException {
        LdlmRequest dlm = request(mdt, req);
        if (mdt.flocks().cancel(req.export(), dlm.handles()) == 0) {
            throw new LustreException(Errno.ESTALE, mdt.name() + ": LDLM_CANCEL of " + dlm.handles().size()
                    + " handle(s) names no lock of " + req.export());
        }
        req.packReply();
    }

    private static LdlmRequest request(Mdt mdt, ServerRequest req) throws LustreException {
        try {
            return LdlmRequest.read(req.buf(1, LdlmRequest.SIZE, "ldlm_request"), 0, req.request().swabbed());
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EPROTO, mdt.name() + ": " + e.getMessage(), e);
        }
    }
}
