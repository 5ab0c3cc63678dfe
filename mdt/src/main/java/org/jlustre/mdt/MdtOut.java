package org.jlustre.mdt;

import java.lang.foreign.MemorySegment;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.mdt.out.OutExecutor;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.out.ObjectUpdate;
import org.jlustre.wire.out.ObjectUpdateReply;
import org.jlustre.wire.out.ObjectUpdateRequest;
import org.jlustre.wire.out.OutUpdateHeader;

/**
 * OUT_UPDATE ({@code out_handle}, lustre/target/out_handler.c; {@code RQF_OUT_UPDATE}): request
 * buffer 1 is the {@code out_update_header} with one {@code object_update_request} inline,
 * buffer 2 the {@code out_update_buffer} array; the reply's buffer 1 is the
 * {@code object_update_reply} of {@code ouh_reply_size} bytes. The updates run on the MDT's OSD
 * ({@link OutExecutor}) in the request's transno context, as every modifying request. The reply
 * carries the results even when an update failed; the request's status is then that update's
 * errno.
 *
 * <p>Refused with EPROTO, before anything runs, as Lustre refuses them: a bad header magic, no
 * update buffer, a bad request magic, an update overrunning its buffer, a FID that is not sane,
 * a reply room smaller than the results need. Update buffers sent by bulk (what osp does beyond
 * {@code OUT_UPDATE_MAX_INLINE_SIZE}) are not served: EOPNOTSUPP.
 */
final class MdtOut {

    /** Request buffer 1: {@code RMF_OUT_UPDATE_HEADER}. */
    static final int HEADER = 1;
    /** An MDT's lod UUID, the name its OSPs connect with. */
    private static final Pattern LOD_UUID = Pattern.compile(".+-MDT([0-9a-f]{4})-mdtlov_UUID");

    private MdtOut() {
    }

    /**
     * The index of the MDT that sent {@code req}: its export's UUID is its lod's,
     * {@code <fsname>-MDT<index>-mdtlov_UUID}; -1 for another client.
     */
    static int writer(ServerRequest req) {
        Matcher m = LOD_UUID.matcher(req.export().clientUuid().toString());
        return m.matches() ? Integer.parseInt(m.group(1), 16) : -1;
    }

    static void handle(Mdt mdt, ServerRequest req) throws LustreException {
        MemorySegment hbuf = req.buf(HEADER, OutUpdateHeader.SIZE, "out_update_header");
        OutUpdateHeader h = OutUpdateHeader.read(hbuf);
        if (h.count() == 0) {
            throw new LustreException(Errno.EPROTO, mdt.name() + ": OUT_UPDATE from " + req.peer()
                    + " with ouh_count 0");
        }
        if (h.inlineLength() == 0) {
            throw new LustreException(Errno.EOPNOTSUPP, mdt.name() + ": OUT_UPDATE from " + req.peer() + " with "
                    + h.count() + " update buffers by bulk: only inline updates are served");
        }
        if (h.count() != 1 || Integer.toUnsignedLong(h.inlineLength()) > hbuf.byteSize() - OutUpdateHeader.SIZE) {
            throw new LustreException(Errno.EPROTO, mdt.name() + ": OUT_UPDATE from " + req.peer() + ": "
                    + h.count() + " buffers, inline length " + Integer.toUnsignedString(h.inlineLength()) + " in a "
                    + hbuf.byteSize() + "-byte header buffer");
        }
        ObjectUpdateRequest ourq = ObjectUpdateRequest.read(hbuf.asSlice(OutUpdateHeader.SIZE, h.inlineLength()));
        int need = ObjectUpdateReply.HEADER_SIZE;
        for (ObjectUpdate u : ourq.updates()) {
            if (!u.fid().isSane()) {
                throw new LustreException(Errno.EPROTO, mdt.name() + ": invalid FID " + u.fid() + " in an OUT_UPDATE "
                        + "from " + req.peer());
            }
            need += 2 + ObjectUpdateReply.RESULT_HEADER_SIZE + u.resultSize();
        }
        if (Integer.compareUnsigned(need, h.replySize()) > 0) {
            throw new LustreException(Errno.EPROTO, mdt.name() + ": too small reply buf " + Integer.toUnsignedString(
                    h.replySize()) + " for " + ourq.updates().size() + ", need " + need + " at least");
        }
        req.packReply(h.replySize());
        OutExecutor.Outcome[] out = new OutExecutor.Outcome[1];
        LustreException failed = null;
        try {
            MdtRecovery.run(mdt, req, () -> {
                out[0] = new OutExecutor(mdt.osd(), mdt.name(), mdt.updateLogs(), writer(req)).run(ourq.updates());
                if (out[0].error() != null) {
                    throw out[0].error();
                }
            });
        } catch (LustreException e) {
            failed = e;
        }
        if (out[0] != null) {
            new ObjectUpdateReply(out[0].results()).write(req.replyBuf(1));
        }
        if (failed != null) {
            mdt.libcfs().debug().logf(DebugMask.S_MDS, DebugMask.D_INFO, "%s: OUT_UPDATE x%d from %s: %s", mdt.name(),
                    req.xid(), req.peer(), failed.getMessage());
            throw failed;
        }
    }
}
