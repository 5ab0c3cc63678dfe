package org.jlustre.mdt;

import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.mdt.mdd.MdAttr;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.target.ReqContext;
import org.jlustre.target.TargetTxns;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.mdt.MdtRec;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.target.ReplyData;

/**
 * Transnos and resends for the MDT's updates ({@code tgt_handle_request0}'s part around the
 * handler, lustre/target/tgt_handler.c, and {@code mdt_reconstruct}, mdt_recovery.c): an update
 * runs in its request's {@link ReqContext} so the target layer's transaction hooks give it a
 * transno and save its reply ({@code last_rcvd} / {@code reply_data}) in the same transaction;
 * the client's {@code pb_last_xid} releases the replies it has seen. A resent request
 * ({@code MSG_RESENT}) whose reply was saved is answered from it, never run again: the saved
 * transno and result, and the body rebuilt from what the update made, as
 * {@code mdt_reconstruct_create}, {@code _setattr}, {@code _open} and {@code _generic} do.
 */
final class MdtRecovery {

    /** An update to run. */
    @FunctionalInterface
    interface Update {
        void run() throws LustreException;
    }

    private MdtRecovery() {
    }

    /** The request's context for the transaction hooks, or null for a request without a slot. */
    private static ReqContext context(ServerRequest req) {
        MdtExport e = MdtExport.of(req.export());
        if (e == null) {
            return null;
        }
        ObdConnectData ocd = req.export().connectData();
        return new ReqContext(e.slot, req.xid(), req.opcode(), req.body().tag() & 0xffff, req.body().flags(),
                ocd == null ? 0 : ocd.connectFlags());
    }

    /** Runs {@code op} for {@code req}, its transno going to the reply's {@code pb_transno}. */
    static void run(Mdt mdt, ServerRequest req, Update op) throws LustreException {
        ReqContext ctx = context(req);
        if (ctx == null) {
            op.run();
            return;
        }
        mdt.txns().replies().received(ctx.slot(), req.body().lastXid());
        try {
            TargetTxns.run(ctx, () -> {
                op.run();
                return null;
            });
        } finally {
            if (ctx.transno() != 0) {
                req.transno(ctx.transno());
            }
        }
    }

    /**
     * Answers a resent {@code req} from its saved reply ({@code req_can_reconstruct}); false when
     * it is not a resend or no reply was saved for its xid (it runs as new).
     *
     * @param rec the REINT record, or null for MDS_CLOSE
     */
    static boolean reconstruct(Mdt mdt, ServerRequest req, MdtRec rec) throws LustreException {
        if (!req.resent()) {
            return false;
        }
        MdtExport e = MdtExport.of(req.export());
        if (e == null) {
            return false;
        }
        boolean close = rec == null;
        Optional<ReplyData> saved = mdt.txns().replies().lookup(e.slot, req.xid(), close);
        if (saved.isEmpty()) {
            return false;
        }
        ReplyData r = saved.get();
        mdt.libcfs().debug().logf(DebugMask.S_MDS, DebugMask.D_HA, "%s: resent x%d from %s: reconstructed (transno %d,"
                + " result %d)", mdt.name(), req.xid(), req.peer(), r.transno(), r.result());
        req.transno(r.transno());
        if (r.result() != 0) {
            throw new LustreException(Errno.of(r.result()), mdt.name() + ": resent x" + req.xid()
                    + ": the original failed");
        }
        if (close) {
            MdtReint.reply(req, new MdtBody(), MdtBody.SIZE, 0, 0, 0, 0);
            return true;
        }
        switch (rec.opcode()) {
            case MdtRec.REINT_CREATE -> MdtReint.reply(req, attrs(mdt, rec.fid2()), MdtBody.SIZE, 0);
            case MdtRec.REINT_SETATTR -> MdtReint.reply(req, attrs(mdt, rec.fid1()), MdtBody.SIZE, 0, 0, 0, 0);
            case MdtRec.REINT_OPEN -> MdtOpen.reconstruct(mdt, req, e);
            case MdtRec.REINT_UNLINK, MdtRec.REINT_RENAME -> MdtReint.reply(req, new MdtBody(), MdtBody.SIZE, 0, 0, 0,
                    0);
            default -> MdtReint.reply(req, new MdtBody(), MdtBody.SIZE);
        }
        return true;
    }

    /** The body with the attributes of {@code fid} now ({@code mdt_reconstruct_create}). */
    private static MdtBody attrs(Mdt mdt, org.jlustre.common.Fid fid) throws LustreException {
        try {
            MdAttr a = mdt.mdd().getattr(fid, true);
            return MdtWire.pack(new MdtBody(), a);
        } catch (LustreException x) {
            if (x.errno() != Errno.ENOENT) {
                throw x;
            }
            // gone since (unlinked by a later request): the reply says only which object it was
            return new MdtBody().fid1(fid).valid(ObdMd.FLID);
        }
    }
}
