package org.jlustre.ost;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdObject;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.Le;
import org.jlustre.wire.ost.ObdFlags;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ost.OstId;
import org.jlustre.wire.ptlrpc.ConnectFlags;

/**
 * The OST request handlers other than bulk I/O ({@code ofd_tgt_handlers}, lustre/ofd/ofd_dev.c),
 * with the request and reply buffers of Lustre's formats (layout.c {@code RQF_OST_*}):
 * CREATE, GETATTR, SETATTR, PUNCH, DESTROY, STATFS, SYNC, GET_INFO and SET_INFO. Each takes the
 * request's {@link Ost} and answers with a clear errno for what it refuses.
 */
final class OstHandlers {

    /** {@code KEY_LAST_ID}. */
    static final String KEY_LAST_ID = "last_id";
    /** {@code KEY_LAST_FID}. */
    static final String KEY_LAST_FID = "last_fid";
    /** {@code KEY_GRANT_SHRINK}. */
    static final String KEY_GRANT_SHRINK = "grant_shrink";

    private OstHandlers() {
    }

    /** A reply {@code ost_body} naming the request's object: FLID | FLGROUP and its {@code o_oi}. */
    private static Obdo replyBody(Obdo request) {
        return new Obdo().oi(request.oi()).valid(ObdMd.FLID | ObdMd.FLGROUP);
    }

    private static void packBody(ServerRequest req, Obdo rep) {
        req.packReply(Obdo.SIZE);
        rep.write(req.replyBuf(1), 0);
    }

    /** OST_CREATE ({@code ofd_create_hdl}): precreate up to o_oi, or orphan cleanup with DELORPHAN. */
    static void create(Ost ost, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        Obdo oa = OstWire.body(req);
        Ofd ofd = ost.ofd();
        if (!oa.has(ObdMd.FLGROUP)) {
            throw new LustreException(Errno.EPROTO, ofd.name() + ": OST_CREATE without OBD_MD_FLGROUP (o_valid 0x"
                    + Long.toHexString(oa.valid()) + ")");
        }
        OstId oi = oa.oi();
        long seq = oi.seq();
        if (!Ofd.isDataSeq(seq)) {
            throw new LustreException(Errno.EINVAL, ofd.name() + ": can't find FID sequence 0x" + Long.toHexString(seq));
        }
        boolean delorphan = oa.has(ObdMd.FLFLAGS) && (oa.flags() & ObdFlags.DELORPHAN) != 0;
        if (oa.has(ObdMd.FLFLAGS) && (oa.flags() & ObdFlags.RECREATE_OBJS) != 0) {
            throw new LustreException(Errno.EINVAL, ofd.name() + ": recreate of " + oi + " outside recovery");
        }
        long last;
        if (delorphan) {
            if (req.body().connCnt() < req.export().connCnt()) {
                throw new LustreException(Errno.ESTALE, ofd.name() + ": dropping old orphan cleanup request");
            }
            boolean skip = req.export().connectData() != null
                    && (req.export().connectData().connectFlags() & ConnectFlags.OBD_CONNECT_SKIP_ORPHAN) != 0;
            last = ofd.orphansDestroy(seq, oi.id(), skip, ost.record(req));
        } else {
            last = ofd.precreate(seq, oi.id(), ost.record(req));
        }
        Obdo rep = new Obdo().oi(withId(oi, last)).valid(ObdMd.FLID | ObdMd.FLGROUP);
        packBody(req, rep);
        ost.count(req, "create", start);
    }

    /** The same kind of {@code ost_id} as {@code oi} with another object id: legacy for group 0. */
    static OstId withId(OstId oi, long id) {
        return oi.seq() == Fid.SEQ_OST_MDT0 ? OstId.legacy(id, 0) : OstId.of(Fid.of(oi.seq(), id));
    }

    /** OST_GETATTR ({@code ofd_getattr_hdl}). */
    static void getattr(Ost ost, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        Obdo oa = OstWire.body(req);
        Fid fid = OstWire.objectFid(oa, ost.ofd().index(), ost.ofd().name());
        LuAttr la = ost.ofd().getattr(fid);
        packBody(req, OstWire.fill(replyBody(oa), la, OstWire.REPLY_ATTRS));
        ost.count(req, "getattr", start);
    }

    /**
     * OST_SETATTR ({@code ofd_setattr_hdl}): a size other than OBD_OBJECT_EOF is refused with
     * EPERM (truncate is a punch); owner, times and mode bits are set, trusted.fid updated.
     */
    static void setattr(Ost ost, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        Obdo oa = OstWire.body(req);
        Ofd ofd = ost.ofd();
        Fid fid = OstWire.objectFid(oa, ofd.index(), ofd.name());
        if (oa.has(ObdMd.FLSIZE) && oa.size() != Obdo.OBJECT_EOF) {
            throw new LustreException(Errno.EPERM, ofd.name() + ": setattr from " + req.peer()
                    + " is trying to truncate object " + fid + " to " + oa.size());
        }
        LuAttr la = OstWire.attrsOf(oa);
        la.valid(la.valid() & ~LuAttr.LA_SIZE);
        LuAttr after = ofd.setattr(fid, la, old -> OstWire.filterFid(oa, old), ost.record(req));
        packBody(req, OstWire.fill(replyBody(oa), after, OstWire.REPLY_ATTRS));
        ost.count(req, "setattr", start);
    }

    /**
     * OST_PUNCH ({@code ofd_punch_hdl}): FLSIZE and FLBLOCKS are both required, the range
     * [o_size, o_blocks) must end at OBD_OBJECT_EOF (holes are not punched here, as in 2.15).
     */
    static void punch(Ost ost, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        Obdo oa = OstWire.body(req);
        Ofd ofd = ost.ofd();
        Fid fid = OstWire.objectFid(oa, ofd.index(), ofd.name());
        if (!oa.has(ObdMd.FLSIZE) || !oa.has(ObdMd.FLBLOCKS)) {
            throw new LustreException(Errno.EPROTO, ofd.name() + ": punch of " + fid
                    + " without OBD_MD_FLSIZE and OBD_MD_FLBLOCKS (o_valid 0x" + Long.toHexString(oa.valid()) + ")");
        }
        if (oa.blocks() != Osd.OBJECT_EOF) {
            throw new LustreException(Errno.EPROTO, ofd.name() + ": punch of " + fid + " [" + oa.size() + ", "
                    + Long.toUnsignedString(oa.blocks()) + ") does not end at OBD_OBJECT_EOF");
        }
        LuAttr after = ofd.punch(fid, oa.size(), OstWire.attrsOf(oa), ost.record(req));
        packBody(req, OstWire.fill(replyBody(oa), after, OstWire.REPLY_ATTRS));
        ost.count(req, "punch", start);
    }

    /**
     * OST_DESTROY ({@code ofd_destroy_hdl}): o_oi and, with FLOBJCOUNT, the o_misc objects
     * after it; ENOENT when one of them did not exist (the others are still destroyed).
     */
    static void destroy(Ost ost, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        Obdo oa = OstWire.body(req);
        Ofd ofd = ost.ofd();
        Fid first = OstWire.objectFid(oa, ofd.index(), ofd.name());
        long count = oa.has(ObdMd.FLOBJCOUNT) ? Integer.toUnsignedLong(oa.misc()) : 1;
        if (count == 0 || count > Ofd.OST_MAX_PRECREATE) {
            throw new LustreException(Errno.EINVAL, ofd.name() + ": destroy of " + count + " objects from " + first
                    + " (1.." + Ofd.OST_MAX_PRECREATE + ")");
        }
        packBody(req, replyBody(oa));
        LustreException failure = null;
        long id = oa.oi().id();
        for (long i = 0; i < count; i++) {
            try {
                ofd.destroy(OstWire.objectFid(withId(oa.has(ObdMd.FLGROUP) ? oa.oi()
                        : OstId.legacy(oa.oi().word0(), 0), id + i), ofd.index(), ofd.name()), ost.record(req));
            } catch (LustreException e) {
                if (failure == null || failure.errno() == Errno.ENOENT) {
                    failure = e;
                }
            }
        }
        ost.count(req, "destroy", start);
        if (failure != null) {
            throw failure;
        }
    }

    /** OST_STATFS ({@code ofd_statfs_hdl}): no request buffer; the reply is an obd_statfs. */
    static void statfs(Ost ost, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        ObdStatfs sf = ost.ofd().statfs();
        req.packReply(ObdStatfs.SIZE);
        sf.write(req.replyBuf(1), 0);
        ost.count(req, "statfs", start);
    }

    /**
     * OST_SYNC ({@code ofd_sync_hdl}): with an object, that object's range [o_size, o_blocks)
     * and its attributes in the reply; without FLID, the whole device.
     */
    static void sync(Ost ost, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        Obdo oa = OstWire.body(req);
        Ofd ofd = ost.ofd();
        if (!oa.has(ObdMd.FLID)) {
            ofd.osd().sync();
            packBody(req, new Obdo());
        } else {
            Fid fid = OstWire.objectFid(oa, ofd.index(), ofd.name());
            long from = oa.has(ObdMd.FLSIZE) ? oa.size() : 0;
            long to = oa.has(ObdMd.FLBLOCKS) ? oa.blocks() : Osd.OBJECT_EOF;
            try (OsdObject o = ofd.findExisting(fid)) {
                o.sync(from, to);
                packBody(req, OstWire.fill(replyBody(oa), o.attrGet(), OstWire.REPLY_ATTRS));
            }
        }
        ost.count(req, "sync", start);
    }

    /** The NUL-terminated key of buffer 1 ({@code RMF_GETINFO_KEY} / {@code RMF_SETINFO_KEY}). */
    private static String key(ServerRequest req) throws LustreException {
        MemorySegment b = req.buf(1, 1, "info key");
        byte[] bytes = b.toArray(ValueLayout.JAVA_BYTE);
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * OST_GET_INFO ({@code ofd_get_info_hdl}): "last_id" replies the u64 last id of the
     * export's group; "last_fid" the FID of the last object created in the sequence of the FID
     * it is given; any other key EOPNOTSUPP.
     */
    static void getInfo(Ost ost, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        String key = key(req);
        Ofd ofd = ost.ofd();
        switch (key) {
            case KEY_LAST_ID -> {
                OstExport e = OstExport.of(req.export());
                long last = ofd.lastId(e == null ? 0 : Integer.toUnsignedLong(e.group));
                req.packReply(8);
                req.replyBuf(1).set(Le.U64, 0, last);
            }
            case KEY_LAST_FID -> {
                Fid asked = Fid.readLE(req.buf(2, Fid.SIZE, "last_fid FID"), 0);
                OstId oi = OstId.of(asked);
                long last = ofd.lastId(oi.seq());
                Fid fid = ofd.objectFid(oi.seq() == Fid.SEQ_OST_MDT0 ? 0 : oi.seq(), last);
                req.packReply(Fid.SIZE);
                fid.writeLE(req.replyBuf(1), 0);
            }
            default -> throw new LustreException(Errno.EOPNOTSUPP, ofd.name() + ": not supported key '"
                    + printable(key) + "'");
        }
        ost.count(req, "get_info", start);
    }

    /**
     * OST_SET_INFO ({@code ofd_set_info_hdl}): "grant_shrink" with an ost_body gives back
     * o_grant bytes and replies the export's grant; any other key EOPNOTSUPP.
     */
    static void setInfo(Ost ost, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        String key = key(req);
        if (!KEY_GRANT_SHRINK.equals(key)) {
            throw new LustreException(Errno.EOPNOTSUPP, ost.ofd().name() + ": unsupported key '" + printable(key)
                    + "'");
        }
        Obdo oa = Obdo.read(req.buf(2, Obdo.SIZE, "grant_shrink ost_body"), 0, req.request().swabbed());
        OstExport e = OstExport.of(req.export());
        Obdo rep = new Obdo();
        if (e != null && oa.has(ObdMd.FLGRANT)) {
            ost.ofd().grants().shrink(e.grant, oa.grant());
            rep.grant(e.grant.granted()).addValid(ObdMd.FLGRANT);
        }
        packBody(req, rep);
        ost.count(req, "set_info", start);
    }

    /** A key as it may appear in a message: printable ASCII, others escaped. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }
}
