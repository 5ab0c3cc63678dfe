package org.jlustre.osc;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.ptlrpc.BulkLayout;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.wire.Le;
import org.jlustre.wire.ost.BulkChecksum;
import org.jlustre.wire.ost.NiobufRemote;
import org.jlustre.wire.ost.ObdBrw;
import org.jlustre.wire.ost.ObdFlags;
import org.jlustre.wire.ost.ObdIoobj;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ost.OstId;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * The OSC's bulk reads and writes (osc_request.c {@code osc_brw_prep_request},
 * {@code osc_brw_fini_request}): a range is planned into RPCs ({@link BrwPlan}), each sent on
 * OST_IO with {@code [ost_body, obd_ioobj, niobuf_remote[n], capa (0), short_io (0)]} and a bulk
 * over the caller's own memory (the OST GETs a write's bytes from it and PUTs a read's into it),
 * at most {@code max_rpcs_in_flight} at once ({@link RpcWindow}).
 *
 * <p>Each RPC's reply is checked as Lustre's client checks it: a write's per-niobuf return codes
 * and the bytes moved, a read's length ({@code pb_status}: the bytes read, never more than asked
 * and equal to what the bulk moved; the rest of the range is zero-filled, as
 * {@code handle_short_read}), and the data checksum both ways. An operation completes only when
 * all its RPCs have, so no bulk touches the caller's memory afterwards; it fails with the first
 * RPC's error.
 */
final class OscIo {

    /**
     * {@code OBD_DEF_SHORT_IO_BYTES} ({@code cl_max_short_io_bytes}): a BRW of at most this many
     * bytes in one niobuf carries its data in the messages when the OST granted SHORTIO.
     */
    static final int MAX_SHORT_IO = 16 * 1024;

    /** The OSC whose import, grant and session it uses. */
    private final Osc osc;
    /** At most {@code max_rpcs_in_flight} BRWs on the wire; its monitor guards it. */
    private final RpcWindow window;
    /** Whether a read reply without the checksum asked for was logged already (once, as Lustre's counter). */
    private final AtomicBoolean missingReadCksumSaid = new AtomicBoolean();

    OscIo(Osc osc, int maxRpcsInFlight) {
        this.osc = osc;
        this.window = new RpcWindow(maxRpcsInFlight);
    }

    /** The BRW window. */
    RpcWindow window() {
        return window;
    }

    /**
     * Writes the extents of object {@code fid}: the future of the bytes written. {@code attrs}
     * carries what the caller wants the OST to store with the data (owner, times, parent FID and
     * layout for {@code trusted.fid}) with its valid bits; may be null.
     */
    CompletableFuture<Long> write(Fid fid, List<IoExtent> extents, Obdo attrs) {
        return brw(Opcodes.OST_WRITE, fid, extents, attrs);
    }

    /** Reads the extents of object {@code fid}: the future of the bytes the OST had (the rest reads as zeros). */
    CompletableFuture<Long> read(Fid fid, List<IoExtent> extents) {
        return brw(Opcodes.OST_READ, fid, extents, null);
    }

    private CompletableFuture<Long> brw(int opc, Fid fid, List<IoExtent> extents, Obdo attrs) {
        Osc.Session s;
        BrwPlan plan;
        int cksumType;
        try {
            s = osc.session();
            cksumType = osc.checksums() ? s.cksumType() : 0;
            plan = BrwPlan.of(extents, s.brwSize());
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new LustreException(Errno.EINVAL, osc.name() + ": "
                    + Opcodes.nameOrNumber(opc) + " of " + fid + ": " + e.getMessage()));
        }
        if (plan.rpcs().isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        OstId oid = OstId.of(fid);
        List<CompletableFuture<Long>> parts = new ArrayList<>(plan.rpcs().size());
        for (BrwPlan.Rpc rpc : plan.rpcs()) {
            parts.add(window.submit(() -> opc == Opcodes.OST_WRITE ? sendWrite(s, cksumType, fid, oid, attrs, rpc)
                    : sendRead(s, cksumType, fid, oid, rpc)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((v, e) -> {
            long total = 0;
            for (CompletableFuture<Long> p : parts) {
                if (p.isCompletedExceptionally()) {
                    throw new CompletionException(Osc.cause(p.exceptionNow()));
                }
                total += p.resultNow();
            }
            return total;
        });
    }

    // ------------------------------------------------------------------ write

    private CompletableFuture<Long> sendWrite(Osc.Session s, int cksumType, Fid fid, OstId oid, Obdo attrs,
            BrwPlan.Rpc rpc) {
        OscGrant grant = osc.grant();
        boolean inline = shortIo(s, rpc);
        long taken = grant.take(grant.needed(rpc));
        int flags = ObdBrw.WRITE | (taken > 0 ? ObdBrw.FROM_GRANT : ObdBrw.SYNC);
        ClientRequest req;
        int cksum;
        try {
            Obdo oa = body(fid, oid, attrs);
            grant.announce(oa);
            if (inline) {
                oa.flags((oa.has(ObdMd.FLFLAGS) ? oa.flags() : 0) | ObdFlags.SHORT_IO).addValid(ObdMd.FLFLAGS);
            }
            cksum = 0;
            if (cksumType != 0) {
                cksum = BulkChecksum.compute(cksumType, rpc.fragments(), rpc.bytes());
                setCksum(oa, cksumType).cksum(cksum);
            }
            req = prepare(Opcodes.OST_WRITE, s, oid, oa, rpc, flags);
            req.replyCapacity(LustreMsg.size(PtlrpcBody.SIZE_V3, Obdo.SIZE, 4 * rpc.niocount()));
        } catch (LustreException | RuntimeException e) {
            grant.release(taken, false);
            return CompletableFuture.failedFuture(e instanceof LustreException ? e
                    : new LustreException(Errno.EINVAL, osc.name() + ": write of " + fid + ": " + e.getMessage(), e));
        }
        boolean checked = cksumType != 0;
        int sent = cksum;
        return osc.imp().send(req).handle((reply, e) -> {
            boolean failed = true;
            try {
                if (e != null) {
                    throw Osc.cause(e);
                }
                long n = finishWrite(fid, rpc, inline, req, reply, checked, sent, cksumType);
                failed = false;
                return n;
            } catch (LustreException le) {
                throw new CompletionException(le);
            } finally {
                grant.release(taken, failed);
            }
        });
    }

    private long finishWrite(Fid fid, BrwPlan.Rpc rpc, boolean inline, ClientRequest req, Reply reply,
            boolean checked, int sent, int type) throws LustreException {
        // the name of the RPC for error messages, made only when one is
        Supplier<String> what = () -> what("write", fid, rpc, reply);
        int status = reply.status();
        if (status < 0) {
            updateGrantIfEdquot(reply, status);
            throw new LustreException(reply.errno(), what.get() + " failed: " + status);
        }
        if (status > 0) {
            throw new LustreException(Errno.EPROTO, what.get() + ": unexpected positive size " + status + " in the reply");
        }
        Obdo body = replyBody(reply, what);
        osc.grant().update(body);
        if (checked) {
            int server = body.has(ObdMd.FLCKSUM) ? body.cksum() : 0;
            if (server != sent) {
                throw new LustreException(Errno.EIO, what.get() + ": BAD WRITE CHECKSUM: client "
                        + Integer.toHexString(sent) + ", server " + Integer.toHexString(server) + ", cksum_type "
                        + ObdFlags.cksumName(type));
            }
        }
        MemorySegment rcs = reply.buf(2, 4 * rpc.niocount(), "write rcs");
        for (int i = 0; i < rpc.niocount(); i++) {
            int rc = reply.message().swabbed() ? Integer.reverseBytes(rcs.get(Le.U32, 4L * i))
                    : rcs.get(Le.U32, 4L * i);
            if (rc < 0) {
                Errno err = Errno.ofOrNull(rc);
                throw new LustreException(err != null ? err : Errno.EIO, what.get() + ": niobuf " + i + " ["
                        + rpc.offsets()[i] + ", +" + Integer.toUnsignedString(rpc.lengths()[i]) + ") failed: " + rc);
            }
            if (rc != 0) {
                throw new LustreException(Errno.EPROTO, what.get() + ": niobuf " + i + " has invalid rc " + rc);
            }
        }
        long moved = inline ? rpc.bytes() : req.bulkTransferred();
        if (moved != rpc.bytes()) {
            throw new LustreException(Errno.EPROTO, what.get() + ": the OST took " + moved + " bytes of " + rpc.bytes());
        }
        return rpc.bytes();
    }

    // ------------------------------------------------------------------ read

    private CompletableFuture<Long> sendRead(Osc.Session s, int cksumType, Fid fid, OstId oid, BrwPlan.Rpc rpc) {
        boolean inline = shortIo(s, rpc);
        ClientRequest req;
        try {
            Obdo oa = body(fid, oid, null);
            osc.grant().announce(oa);
            if (inline) {
                oa.flags((oa.has(ObdMd.FLFLAGS) ? oa.flags() : 0) | ObdFlags.SHORT_IO).addValid(ObdMd.FLFLAGS);
            }
            if (cksumType != 0) {
                setCksum(oa, cksumType);
            }
            req = prepare(Opcodes.OST_READ, s, oid, oa, rpc, ObdBrw.READ);
            // a short read's data comes back in reply buffer 2, at most the bytes asked
            req.replyCapacity(LustreMsg.size(PtlrpcBody.SIZE_V3, Obdo.SIZE, inline ? (int) rpc.bytes() : 0));
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
        return osc.imp().send(req).handle((reply, e) -> {
            try {
                if (e != null) {
                    throw Osc.cause(e);
                }
                return finishRead(cksumType, fid, rpc, inline, req, reply);
            } catch (LustreException le) {
                throw new CompletionException(le);
            }
        });
    }

    private long finishRead(int cksumType, Fid fid, BrwPlan.Rpc rpc, boolean inline, ClientRequest req,
            Reply reply) throws LustreException {
        Supplier<String> what = () -> what("read", fid, rpc, reply);
        int status = reply.status();
        if (status < 0) {
            updateGrantIfEdquot(reply, status);
            throw new LustreException(reply.errno(), what.get() + " failed: " + status);
        }
        Obdo body = replyBody(reply, what);
        osc.grant().update(body);
        long nob = status;
        if (nob > rpc.bytes()) {
            throw new LustreException(Errno.EPROTO, what.get() + ": the OST says it read " + nob + " bytes of the "
                    + rpc.bytes() + " asked for");
        }
        if (inline) {
            // tgt_pages2shortio: reply buffer 2 holds exactly the bytes read
            int have = reply.message().bufCount() > 2 ? reply.message().bufLen(2) : -1;
            if (have != nob) {
                throw new LustreException(Errno.EPROTO, what.get() + ": the OST says it read " + nob
                        + " bytes but its short_io buffer holds " + have);
            }
            MemorySegment data = reply.message().buf(2);
            long at = 0;
            for (MemorySegment f : rpc.fragments()) {
                long n = Math.min(f.byteSize(), nob - at);
                if (n <= 0) {
                    break;
                }
                MemorySegment.copy(data, at, f, 0, n);
                at += n;
            }
        } else {
            long moved = req.bulkTransferred();
            if (nob != moved) {
                throw new LustreException(Errno.EPROTO, what.get() + ": the OST says it read " + nob
                        + " bytes but the bulk moved " + moved);
            }
        }
        zeroFrom(rpc.fragments(), nob);
        if (body.has(ObdMd.FLCKSUM)) {
            int type = ObdFlags.cksumTypeOfFlags(body.has(ObdMd.FLFLAGS) ? body.flags() : 0);
            int mine;
            try {
                mine = BulkChecksum.compute(type, rpc.fragments(), nob);
            } catch (LustreException e) {
                // a type we never offered: the OST broke the protocol, not our arguments
                throw new LustreException(Errno.EPROTO, what.get() + ": the OST checksummed with " + e.getMessage());
            }
            if (mine != body.cksum()) {
                throw new LustreException(Errno.EIO, what.get() + ": BAD READ CHECKSUM: client " + Integer.toHexString(mine)
                        + ", server " + Integer.toHexString(body.cksum()) + ", cksum_type " + ObdFlags.cksumName(type));
            }
        } else if (cksumType != 0 && missingReadCksumSaid.compareAndSet(false, true)) {
            osc.log(DebugMask.D_ERROR, "%s: checksum requested but not sent", what.get());
        }
        return nob;
    }

    /** Zero-fills what a short read did not reach ({@code handle_short_read}). */
    private static void zeroFrom(List<MemorySegment> fragments, long nob) {
        long skip = nob;
        for (MemorySegment f : fragments) {
            if (skip >= f.byteSize()) {
                skip -= f.byteSize();
                continue;
            }
            f.asSlice(skip).fill((byte) 0);
            skip = 0;
        }
    }

    // ------------------------------------------------------------------ common

    /** The obdo of a BRW: the object with FLID|FLGROUP, and the caller's attributes. */
    private static Obdo body(Fid fid, OstId oid, Obdo attrs) {
        Obdo oa = attrs != null ? attrs.copy() : new Obdo();
        oa.valid(oa.valid() & ~(ObdMd.FLBLOCKS | ObdMd.FLGRANT | ObdMd.FLCKSUM));
        return oa.oi(oid).addValid(ObdMd.FLID | ObdMd.FLGROUP);
    }

    /** Sets the checksum type code in {@code o_flags} ({@code obd_cksum_type_pack}) with FLCKSUM|FLFLAGS. */
    private static Obdo setCksum(Obdo oa, int type) {
        int flags = oa.has(ObdMd.FLFLAGS) ? oa.flags() & ~ObdFlags.CKSUM_ALL : 0;
        return oa.flags(flags | ObdFlags.flagsOfCksumType(type)).addValid(ObdMd.FLCKSUM | ObdMd.FLFLAGS);
    }

    /**
     * The request of one BRW RPC: the buffers, ioobj and niobufs, and the bulk over the caller's
     * memory laid out as the OST will lay out the niobufs ({@code __ptlrpc_prep_bulk_page}).
     */
    private ClientRequest prepare(int opc, Osc.Session s, OstId oid, Obdo oa, BrwPlan.Rpc rpc, int flags)
            throws LustreException {
        int n = rpc.niocount();
        Import imp = osc.imp();
        boolean inline = oa.has(ObdMd.FLFLAGS) && (oa.flags() & ObdFlags.SHORT_IO) != 0;
        int shortWrite = inline && opc == Opcodes.OST_WRITE ? (int) rpc.bytes() : 0;
        // a short write of one contiguous fragment is sent from the caller's memory, as a bulk
        // would be, instead of copied into the message (the caller keeps it until the write completes)
        MemorySegment tail = shortWrite > 0 && rpc.fragments().size() == 1
                && rpc.fragments().getFirst().byteSize() == shortWrite ? rpc.fragments().getFirst() : null;
        ClientRequest req = tail != null
                ? imp.request(opc, MsgFlags.LUSTRE_OST_VERSION, tail, Obdo.SIZE, ObdIoobj.SIZE, n * NiobufRemote.SIZE, 0)
                : imp.request(opc, MsgFlags.LUSTRE_OST_VERSION, Obdo.SIZE, ObdIoobj.SIZE, n * NiobufRemote.SIZE, 0,
                        shortWrite);
        req.requestPortal(Portals.OST_IO);
        oa.write(req.buf(1), 0);
        if (inline) {
            // osc_brw_prep_request: ioo_max_brw 0, the data in RMF_SHORT_IO, no bulk
            new ObdIoobj(oid, 0, n).write(req.buf(2), 0);
            new NiobufRemote(rpc.offsets()[0], rpc.lengths()[0], flags).write(req.buf(3), 0);
            long at = 0;
            for (MemorySegment f : shortWrite > 0 && tail == null ? rpc.fragments() : List.<MemorySegment>of()) {
                MemorySegment.copy(f, 0, req.buf(5), at, f.byteSize());
                at += f.byteSize();
            }
            return req;
        }
        BulkLayout layout = BulkLayout.of(rpc.offsets(), rpc.lengths());
        // ioobj_max_brw_set(ioobj, desc->bd_md_max_brw): the MDs one BRW of ocd_brw_size may use
        int maxBrw = Math.max(1, s.brwSize() >>> 20);
        if (layout.mdCount() > maxBrw) {
            maxBrw = Integer.highestOneBit(layout.mdCount() - 1) << 1;
        }
        ObdIoobj.withMdCount(oid, maxBrw, n).write(req.buf(2), 0);
        MemorySegment nb = req.buf(3);
        for (int i = 0; i < n; i++) {
            new NiobufRemote(rpc.offsets()[i], rpc.lengths()[i], flags).write(nb, (long) i * NiobufRemote.SIZE);
        }
        req.bulk(opc == Opcodes.OST_WRITE ? ClientRequest.BulkType.GET_SOURCE : ClientRequest.BulkType.PUT_SINK,
                rpc.fragments(), layout);
        return req;
    }

    /**
     * Whether an RPC carries its data in the messages ({@code osc_brw_prep_request}): one niobuf
     * of at most {@link #MAX_SHORT_IO} bytes, to an OST that granted OBD_CONNECT_SHORTIO.
     */
    private static boolean shortIo(Osc.Session s, BrwPlan.Rpc rpc) {
        return s.shortIo() && rpc.niocount() == 1 && rpc.bytes() <= MAX_SHORT_IO;
    }

    /** The reply's ost_body. */
    private static Obdo replyBody(Reply reply, Supplier<String> what) throws LustreException {
        LustreMsg m = reply.message();
        MemorySegment b = m.bufCount() > 1 && m.bufLen(1) >= Obdo.SIZE ? m.buf(1)
                : reply.buf(1, Obdo.SIZE, "ost_body of " + what.get());
        return Obdo.read(b, 0, m.swabbed());
    }

    /** Lustre takes the grant of a reply that failed with EDQUOT too ({@code osc_brw_fini_request}). */
    private void updateGrantIfEdquot(Reply reply, int status) {
        if (status == -Errno.EDQUOT.value() && reply.message().bufCount() > 1
                && reply.message().bufLen(1) >= Obdo.SIZE) {
            osc.grant().update(Obdo.read(reply.message().buf(1), 0, reply.message().swabbed()));
        }
    }

    private String what(String op, Fid fid, BrwPlan.Rpc rpc, Reply reply) {
        return osc.name() + ": " + op + " of " + fid + " [" + rpc.start() + ", " + rpc.end() + ") x" + reply.xid();
    }
}
