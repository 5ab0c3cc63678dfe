package org.jlustre.ost;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.ptlrpc.BulkLayout;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;
import org.jlustre.wire.ost.BulkChecksum;
import org.jlustre.wire.ost.NiobufRemote;
import org.jlustre.wire.ost.ObdBrw;
import org.jlustre.wire.ost.ObdFlags;
import org.jlustre.wire.ost.ObdIoobj;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * OST_READ and OST_WRITE ({@code tgt_brw_read}, {@code tgt_brw_write}, tgt_handler.c): request
 * buffers ost_body, obd_ioobj, niobuf_remote[ioo_bufcnt], capa, short_io; the reply is
 * ost_body and, for a write, one u32 result per niobuf. Only the OST_IO portal serves them
 * (-EPROTO elsewhere, as Lustre). The data moves between the client's pages and the OSD's with
 * the MD split of {@link BulkLayout}, which the client made from the same niobufs. A read's
 * {@code pb_status} is the bytes sent. With {@code OBD_MD_FLCKSUM} the OST computes the checksum
 * of the data, of the type the client's {@code o_flags} name, and replies it: the client checks
 * a write's against its own and resends on a mismatch, and checks a read's against what it got.
 */
final class BrwHandlers {

    /** Buffer 2: {@code RMF_OBD_IOOBJ}. */
    static final int IOOBJ = 2;
    /** Buffer 3: {@code RMF_NIOBUF_REMOTE}. */
    static final int NIOBUF = 3;
    /** Buffer 5: {@code RMF_SHORT_IO}, a short write's data. */
    static final int SHORT_IO = 5;

    private BrwHandlers() {
    }

    /** What a BRW request asks, checked; {@code shortIo}: the data is in the messages, not a bulk. */
    private record Brw(Obdo oa, Fid fid, long[] offsets, int[] lens, int[] flags, boolean shortIo) {

        long total() {
            long t = 0;
            for (int l : lens) {
                t += l;
            }
            return t;
        }
    }

    /**
     * Unpacks and checks a BRW: its portal, one ioobj naming a data object (the body's too, if it
     * names one), as many niobufs as it says, short I/O only when it was granted at connect.
     */
    private static Brw unpack(Ost ost, ServerRequest req, String what) throws LustreException {
        Ofd ofd = ost.ofd();
        int portal = req.service().config().requestPortal();
        if (portal != Portals.OST_IO) {
            throw new LustreException(Errno.EPROTO, ofd.name() + ": " + what + " on portal " + portal
                    + ", only OST_IO (" + Portals.OST_IO + ") serves bulk I/O");
        }
        boolean swab = req.request().swabbed();
        Obdo oa = OstWire.body(req);
        ObdIoobj ioo = ObdIoobj.read(req.buf(IOOBJ, ObdIoobj.SIZE, "obd_ioobj"), 0, swab);
        if (req.request().bufLen(IOOBJ) != ObdIoobj.SIZE) {
            throw new LustreException(Errno.EPROTO, ofd.name() + ": " + what + " with "
                    + req.request().bufLen(IOOBJ) / ObdIoobj.SIZE + " objects' ioobj buffer of "
                    + req.request().bufLen(IOOBJ) + " bytes; one object per RPC");
        }
        Fid fid = OstWire.objectFid(ioo.oid(), ofd.index(), ofd.name());
        if (oa.has(ObdMd.FLID) && !OstWire.objectFid(oa, ofd.index(), ofd.name()).equals(fid)) {
            throw new LustreException(Errno.EPROTO, ofd.name() + ": " + what + " body names " + oa.oi()
                    + ", its ioobj " + ioo.oid());
        }
        boolean shortIo = oa.has(ObdMd.FLFLAGS) && (oa.flags() & ObdFlags.SHORT_IO) != 0;
        var ocd = req.export().connectData();
        if (shortIo && (ocd == null || (ocd.connectFlags() & ConnectFlags.OBD_CONNECT_SHORTIO) == 0)) {
            throw new LustreException(Errno.EPROTO, ofd.name() + ": " + what + " of " + fid
                    + " as short I/O, which this OST did not grant at connect");
        }
        int n = ioo.bufcnt();
        int have = req.request().bufCount() > NIOBUF ? req.request().bufLen(NIOBUF) : 0;
        if (n <= 0 || (long) n * NiobufRemote.SIZE != have) {
            throw new LustreException(Errno.EPROTO, ofd.name() + ": " + what + " of " + fid + ": ioo_bufcnt "
                    + Integer.toUnsignedString(n) + " but " + have + " bytes of niobufs");
        }
        MemorySegment nb = req.buf(NIOBUF, have, "niobuf_remote");
        long[] offsets = new long[n];
        int[] lens = new int[n];
        int[] flags = new int[n];
        for (int i = 0; i < n; i++) {
            NiobufRemote r = NiobufRemote.read(nb, (long) i * NiobufRemote.SIZE, swab);
            offsets[i] = r.offset();
            lens[i] = r.len();
            flags[i] = r.flags();
        }
        ofd.io().checkNiobufs(fid, offsets, lens, false);
        Brw brw = new Brw(oa, fid, offsets, lens, flags, shortIo);
        if (shortIo && brw.total() > MAX_SHORT_IO) {
            throw new LustreException(Errno.EPROTO, ofd.name() + ": " + what + " of " + fid + " as short I/O of "
                    + brw.total() + " bytes, more than " + MAX_SHORT_IO);
        }
        return brw;
    }

    /**
     * Whether a BRW's body says short I/O ({@code OBD_FL_SHORT_IO}): its data travels in the
     * request or the reply, never in a bulk, so handling it waits for nothing on the network and
     * is done on the thread that received it. Reads only the two fields, of a body of the right
     * size; whatever else is wrong with the request, the handler finds.
     */
    static boolean shortIo(ServerRequest req) {
        LustreMsg m = req.request();
        if (m.bufCount() <= OstWire.BODY || m.bufLen(OstWire.BODY) < Obdo.SIZE) {
            return false;
        }
        MemorySegment b = m.buf(OstWire.BODY);
        boolean swab = m.swabbed();
        long valid = b.get(swab ? Be.U64 : Le.U64, Obdo.OFF_VALID);
        int flags = b.get(swab ? Be.U32 : Le.U32, Obdo.OFF_FLAGS);
        return (valid & ObdMd.FLFLAGS) != 0 && (flags & ObdFlags.SHORT_IO) != 0;
    }

    /** The checksum type a body asks for, or 0 for none. */
    private static int cksumType(Obdo oa) {
        if (!oa.has(ObdMd.FLCKSUM)) {
            return 0;
        }
        return ObdFlags.cksumTypeOfFlags(oa.has(ObdMd.FLFLAGS) ? oa.flags() : 0);
    }

    /** OST_WRITE ({@code tgt_brw_write}). */
    static void write(Ost ost, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        Brw brw = unpack(ost, req, "write");
        Ofd ofd = ost.ofd();
        OstExport exp = OstExport.of(req.export());
        int cksumType = cksumType(brw.oa());
        int[] cksum = new int[1];
        MemorySegment inline = brw.shortIo() ? shortIoData(ost, req, brw) : null;
        // laid out once the ofd accepted the niobufs (EFBIG, ENOENT and ENOSPC come first)
        BulkTransfer bulk = frags -> {
            long moved = inline != null ? copy(inline, frags, true)
                    : req.bulkGet(frags, BulkLayout.of(brw.offsets(), brw.lens()));
            if (cksumType != 0) {
                // a short write's bytes are checksummed in the request, where they were copied
                // from: the same bytes, without taking the OSD arena's shared session per page
                cksum[0] = BulkChecksum.compute(cksumType, inline != null ? List.of(inline) : frags);
            }
            return moved;
        };
        long granted = 0;
        for (int i = 0; i < brw.lens().length; i++) {
            if ((brw.flags()[i] & ObdBrw.FROM_GRANT) != 0) {
                granted += brw.lens()[i];
            }
        }
        // a resent write was already counted against the grant the first time (tgt_grant_prepare_write)
        boolean grantUsable = exp != null && !req.resent();
        Obdo oa = brw.oa();
        // a body without FLFID, FLOSTLAYOUT and LAYOUT_VERSION leaves trusted.fid alone: no update,
        // so the write does not read the xattr back (nor pay for its ENODATA on a fresh object)
        FilterFidUpdate ff = oa.has(ObdMd.FLFID) || oa.has(ObdMd.FLOSTLAYOUT) || oa.has(ObdMd.LAYOUT_VERSION)
                ? old -> OstWire.filterFid(oa, old) : null;
        OfdIo.WriteAttrs wa = new OfdIo.WriteAttrs(OstWire.attrsOf(oa), ff, grantUsable ? granted : 0,
                grantUsable ? exp.grant : null);
        long nob = ofd.io().write(brw.fid(), brw.offsets(), brw.lens(), bulk, wa, ost.record(req));
        Obdo rep = new Obdo().oi(oa.oi()).valid(ObdMd.FLID | ObdMd.FLGROUP);
        grantReply(ost, exp, oa, rep, req.resent());
        if (cksumType != 0) {
            if (cksum[0] != oa.cksum()) {
                // tgt_brw_write's "BAD WRITE CHECKSUM": the data is kept, the client sees our value and resends
                ofd.libcfs().debug().logf(DebugMask.S_OST, DebugMask.D_ERROR,
                        "%s: BAD WRITE CHECKSUM: from %s inode %s object %s extent [%d-%d]: client csum %x, "
                                + "server csum %x", ofd.name(), req.peer(), Fid.of(oa.parentSeq(), oa.parentOid(), 0),
                        brw.fid(), brw.offsets()[0], brw.offsets()[brw.offsets().length - 1]
                                + brw.lens()[brw.lens().length - 1] - 1, oa.cksum(), cksum[0]);
            }
            rep.cksum(cksum[0]).flags(ObdFlags.flagsOfCksumType(cksumType)).addValid(ObdMd.FLCKSUM | ObdMd.FLFLAGS);
        }
        int n = brw.lens().length;
        req.packReply(Obdo.SIZE, 4 * n);
        rep.write(req.replyBuf(1), 0);
        MemorySegment rcs = req.replyBuf(2);
        for (int i = 0; i < n; i++) {
            rcs.set(Le.U32, 4L * i, 0);
        }
        ost.countIo(req, "write", "write_bytes", nob, start);
    }

    /**
     * {@code OST_MAX_SHORT_IO_BYTES} for our OST_IO request size: the most data a short I/O
     * carries in its message.
     */
    static final int MAX_SHORT_IO = 64 * 1024 - 4096;

    /** A short write's data ({@code RMF_SHORT_IO}), which must be exactly the niobufs' bytes. */
    private static MemorySegment shortIoData(Ost ost, ServerRequest req, Brw brw) throws LustreException {
        int have = req.request().bufCount() > SHORT_IO ? req.request().bufLen(SHORT_IO) : 0;
        if (have != brw.total()) {
            throw new LustreException(Errno.EPROTO, ost.ofd().name() + ": short write of " + brw.fid() + " carries "
                    + have + " bytes for niobufs of " + brw.total());
        }
        return req.buf(SHORT_IO, have, "short_io");
    }

    /**
     * Copies between a short I/O buffer and the OSD's pages in order ({@code tgt_shortio2pages},
     * {@code tgt_pages2shortio}): into the pages when {@code toPages}.
     */
    private static long copy(MemorySegment buf, List<MemorySegment> frags, boolean toPages) {
        long off = 0;
        for (MemorySegment f : frags) {
            if (toPages) {
                MemorySegment.copy(buf, off, f, 0, f.byteSize());
            } else {
                MemorySegment.copy(f, 0, buf, off, f.byteSize());
            }
            off += f.byteSize();
        }
        return off;
    }

    /**
     * The grant part of a BRW reply ({@code tgt_grant_prepare_*}, {@code tgt_grant_alloc}): with
     * FLGRANT (and not a resend) the client's wish ({@code o_undirty}) beyond what it holds is
     * granted under the {@link Grants} policy and the delta replied in {@code o_grant}.
     */
    private static void grantReply(Ost ost, OstExport exp, Obdo oa, Obdo rep, boolean resent) throws LustreException {
        if (exp == null || resent || !oa.has(ObdMd.FLGRANT) || !oa.has(ObdMd.FLBLOCKS)) {
            return;
        }
        long want = Integer.toUnsignedLong(oa.undirty());
        long more = ost.ofd().grants().alloc(exp.grant, Math.max(0, want - exp.grant.granted()));
        rep.grant(more).addValid(ObdMd.FLGRANT);
    }

    /** OST_READ ({@code tgt_brw_read}): {@code pb_status} = bytes sent. */
    static void read(Ost ost, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        Brw brw = unpack(ost, req, "read");
        int cksumType = cksumType(brw.oa());
        int[] cksum = new int[1];
        MemorySegment[] inline = new MemorySegment[1];
        BulkTransfer bulk = frags -> {
            long nob = 0;
            for (MemorySegment f : frags) {
                nob += f.byteSize();
            }
            if (brw.shortIo()) {
                // tgt_pages2shortio: the data goes in the reply, shrunk to what was read, and is
                // checksummed there (the same bytes as the pages')
                inline[0] = MemorySegment.ofArray(new byte[(int) nob]);
                long copied = copy(inline[0], frags, false);
                if (cksumType != 0) {
                    cksum[0] = BulkChecksum.compute(cksumType, List.of(inline[0]));
                }
                return copied;
            }
            if (cksumType != 0) {
                cksum[0] = BulkChecksum.compute(cksumType, frags);
            }
            return req.bulkPut(frags, BulkLayout.of(brw.offsets(), brw.lens()).truncate(nob));
        };
        OstExport exp = OstExport.of(req.export());
        Obdo oa = brw.oa();
        Obdo rep = new Obdo().oi(oa.oi()).valid(ObdMd.FLID | ObdMd.FLGROUP);
        long nob = ost.ofd().io().read(brw.fid(), brw.offsets(), brw.lens(), bulk);
        grantReply(ost, exp, oa, rep, req.resent());
        if (cksumType != 0) {
            rep.cksum(cksum[0]).flags(ObdFlags.flagsOfCksumType(cksumType)).addValid(ObdMd.FLCKSUM | ObdMd.FLFLAGS);
        }
        req.packReply(Obdo.SIZE, inline[0] == null ? 0 : (int) inline[0].byteSize());
        rep.write(req.replyBuf(1), 0);
        if (inline[0] != null && inline[0].byteSize() > 0) {
            req.replyBuf(2).copyFrom(inline[0]);
        }
        ost.countIo(req, "read", "read_bytes", nob, start);
        req.status((int) Math.min(Integer.MAX_VALUE, nob));
    }
}
