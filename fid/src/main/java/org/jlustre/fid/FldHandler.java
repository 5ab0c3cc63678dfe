package org.jlustre.fid;

import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.Le;
import org.jlustre.wire.fid.FldQuery;
import org.jlustre.wire.fid.LuSeqRange;

/**
 * FLD_QUERY and FLD_READ on a target (lustre/fld/fld_handler.c {@code fld_handle_lookup},
 * {@code fld_server_lookup}, {@code fld_handle_read}, fld_index.c {@code fld_server_read}).
 */
final class FldHandler {

    private FldHandler() {
    }

    /**
     * FLD_QUERY: the range holding the asked {@code lsr_start}, from this target's fld, or on a
     * target other than MDT0 from MDT0's.
     *
     * @throws LustreException EPROTO for a missing or short range; ENOENT when MDT0 does not
     *     know the sequence; EIO when it is of another kind than asked, or another target
     *     cannot ask MDT0; EINVAL when the target keeps no fld
     */
    static void query(ServerRequest req, FidSite site) throws LustreException {
        LuSeqRange in = LuSeqRange.read(req.buf(FldQuery.REQ_RANGE, LuSeqRange.SIZE, "fld_query_mdfld"), 0);
        req.packReply(LuSeqRange.SIZE);
        MemorySegment out = req.replyBuf(FldQuery.REP_DATA);
        in.write(out, 0);
        Fld fld = fld(site);
        Optional<LuSeqRange> found = fld.find(in.start());
        LuSeqRange answer;
        if (found.isPresent()) {
            answer = found.get();
            // fld_local_lookup
            if (answer.type() != in.type() && in.type() != LuSeqRange.ANY) {
                throw new LustreException(Errno.EIO, fld.name() + ": FLD cache range " + answer
                        + " does not match requested flag 0x" + Integer.toHexString(in.flags()));
            }
        } else if (site.controller() != null) {
            // on MDT0 every entry is in the cache
            throw new LustreException(Errno.ENOENT, fld.name() + ": Cannot find sequence 0x"
                    + Long.toHexString(in.start()));
        } else if (site.upstream() == null) {
            throw new LustreException(Errno.EIO, fld.name() + ": lookup 0x" + Long.toHexString(in.start())
                    + ", but not connected to MDT0 yet");
        } else {
            answer = site.upstream().lookup(in.start(), in.flags());
        }
        answer.write(out, 0);
    }

    /**
     * FLD_READ: the entries of the asker's owner (index and flags of the request range) that
     * start after its {@code lsr_start}, from its {@code lsr_end} on, as a
     * {@code lu_seq_range_array} in one page; EAGAIN with the page full when more follow (the
     * asker goes on from the last one).
     *
     * @throws LustreException EPROTO for a missing or short range; EINVAL when the target keeps
     *     no fld; EAGAIN as said
     */
    static void read(ServerRequest req, FidSite site) throws LustreException {
        LuSeqRange in = LuSeqRange.read(req.buf(FldQuery.READ_REQ_RANGE, LuSeqRange.SIZE, "fld_query_mdfld"), 0);
        req.packReply(FldQuery.READ_REPLY_SIZE);
        MemorySegment out = req.replyBuf(FldQuery.REP_DATA);
        int max = (FldQuery.READ_REPLY_SIZE - FldQuery.ARRAY_HEADER_SIZE) / LuSeqRange.SIZE;
        int count = 0;
        boolean more = false;
        for (LuSeqRange e : fld(site).entries()) {
            if (Long.compareUnsigned(e.start(), in.end()) < 0 || !e.sameLocation(in)
                    || Long.compareUnsigned(e.start(), in.start()) <= 0) {
                continue;
            }
            if (count == max) {
                more = true;
                break;
            }
            e.write(out, FldQuery.ARRAY_HEADER_SIZE + (long) count * LuSeqRange.SIZE);
            count++;
        }
        out.set(Le.U32, 0, count);
        out.set(Le.U32, 4, 0);
        if (more) {
            throw new LustreException(Errno.EAGAIN, "fld read: more than " + max + " ranges, go on from the last");
        }
    }

    private static Fld fld(FidSite site) throws LustreException {
        if (site.fld() == null) {
            throw new LustreException(Errno.EINVAL, "no fld on node " + site.nodeId());
        }
        return site.fld();
    }
}
