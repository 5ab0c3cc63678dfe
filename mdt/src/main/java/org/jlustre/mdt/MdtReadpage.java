package org.jlustre.mdt;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.LuDirent;
import org.jlustre.wire.MdtBody;

/**
 * MDS_READPAGE ({@code mdt_readpage}, lustre/mdt/mdt_handler.c, with {@code tgt_sendpage}):
 * the directory {@code mbo_fid1} from the hash cookie {@code mbo_size}, as many whole 4 KiB
 * {@code lu_dirpage}s as fit {@code mbo_nlink} bytes (at most the export's bulk size), entries
 * with the {@code LUDA_*} bits of {@code mbo_mode} plus LUDA_64BITHASH for a client that
 * negotiated 64-bit hashes. The pages go by bulk PUT to MDS_BULK (14); the reply is the body
 * alone ({@code RQF_MDS_READPAGE}), the client counts what the bulk moved.
 */
final class MdtReadpage {

    /** {@code LU_PAGE_SIZE}. */
    static final int LU_PAGE_SIZE = 4096;

    private MdtReadpage() {
    }

    /** MDS_READPAGE. */
    static void readpage(Mdt mdt, ServerRequest req) throws LustreException {
        MdtBody b = MdtWire.body(req);
        Cred cred = MdtWire.cred(mdt, req, b);
        long asked = Integer.toUnsignedLong(b.nlink());
        if (asked == 0) {
            throw new LustreException(Errno.EINVAL, mdt.name() + ": readpage of " + b.fid1() + " for 0 bytes");
        }
        var ocd = req.export().connectData();
        long brw = ocd != null && ocd.brwSize() > 0 ? Integer.toUnsignedLong(ocd.brwSize()) : MdtConnect.BRW_SIZE;
        long count = Math.min(asked, Math.min(brw, MdtConnect.BRW_SIZE));
        int bytes = (int) ((count + LU_PAGE_SIZE - 1) / LU_PAGE_SIZE * LU_PAGE_SIZE);
        int luda = b.mode() & (LuDirent.LUDA_FID | LuDirent.LUDA_TYPE);
        if (MdtHandlers.hash64(req)) {
            luda |= LuDirent.LUDA_64BITHASH;
        }
        byte[] pages = mdt.mdd().readdir(cred, b.fid1(), b.size(), bytes, luda);
        req.bulkPut(List.of(MemorySegment.ofArray(pages)));
        req.packReply(MdtBody.SIZE);
        new MdtBody().write(req.replyBuf(1), 0);
    }
}
