package org.jlustre.mgs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.Le;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.MgsConfigBody;
import org.jlustre.wire.mgs.MgsNidtblEntry;

/**
 * MGS_CONFIG_READ of type {@code MGS_CFG_T_RECOVER} ({@code mgs_get_ir_logs},
 * lustre/mgs/mgs_nids.c): the entries of a filesystem's NID table newer than the version the
 * client has, packed one after another into the client's bulk (a zero {@code mne_length}
 * ends them), and {@code mgs_config_res} with the last version sent ({@code mcr_offset}) and
 * the table's current version ({@code mcr_size}).
 */
final class MgsNidTable {

    /** The largest bulk a client may offer (one LNet MTU). */
    static final int MAX_BULK = 1 << 20;

    private MgsNidTable() {
    }

    static void handle(Mgs mgs, ServerRequest req) throws LustreException {
        MgsConfigBody body;
        try {
            body = MgsConfigBody.decode(req.buf(1, MgsConfigBody.SIZE, "mgs_config_body"), req.request().swabbed());
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EPROTO, e.getMessage());
        }
        if (body.type() != MgsConfigBody.MGS_CFG_T_RECOVER) {
            throw new LustreException(Errno.EINVAL, "MGS_CONFIG_READ of type " + body.type() + " for " + body.name()
                    + ": only the NID table (type " + MgsConfigBody.MGS_CFG_T_RECOVER + ") is served");
        }
        if (!mgs.knows(body.name())) {
            throw new LustreException(Errno.ENOENT, "MGS_CONFIG_READ: no filesystem " + body.name());
        }
        long bytes = body.bits() < 31 ? Integer.toUnsignedLong(body.units()) << body.bits() : -1;
        if (bytes <= 0 || bytes > MAX_BULK) {
            throw new LustreException(Errno.EINVAL, "MGS_CONFIG_READ: bulk of " + body.units() + " units of 2^"
                    + body.bits() + " bytes (1.." + MAX_BULK + " bytes)");
        }
        List<Mgs.Registered> changed = mgs.targetsSince(body.name(), body.offset());
        MemorySegment buf = Arena.ofAuto().allocate(bytes);
        long at = 0;
        long last = body.offset();
        for (Mgs.Registered r : changed) {
            MgsNidtblEntry e = new MgsNidtblEntry(r.version(), r.mti().instance(), r.mti().stripeIndex(),
                    r.mti().flags() & LddFlags.SV_TYPE_MASK, r.mti().nids());
            if (at + e.length() > bytes) {
                break; // the client asks again from mcr_offset
            }
            e.encode(buf, at);
            at += e.length();
            last = r.version();
        }
        req.bulkPut(List.of(buf));
        req.packReply(MgsNidtblEntry.CONFIG_RES_SIZE);
        req.replyBuf(1).set(Le.U64, 0, last);
        req.replyBuf(1).set(Le.U64, 8, mgs.nidtblVersion(body.name()));
    }
}
