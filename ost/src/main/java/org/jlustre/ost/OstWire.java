package org.jlustre.ost;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.LuAttr;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.ost.FilterFid;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ost.OstId;
import org.jlustre.wire.ost.OstLayout;

/**
 * From the OST wire to the ofd and back: the request's {@code ost_body}, the object it names
 * ({@code tgt_validate_obdo}), {@code la_from_obdo} and {@code obdo_from_la}, and the
 * {@code trusted.fid} a request carries ({@code ofd_object_ff_update}). Every field of an
 * {@code obdo} is used only when its {@code OBD_MD_*} bit says it is valid.
 */
final class OstWire {

    /** Buffer 1 of most OST requests: {@code RMF_OST_BODY}. */
    static final int BODY = 1;

    /**
     * {@code OFD_VALID_FLAGS | LA_UID | LA_GID | LA_PROJID}: what getattr, setattr and punch
     * replies carry.
     */
    static final long REPLY_ATTRS = LuAttr.LA_TYPE | LuAttr.LA_MODE | LuAttr.LA_SIZE | LuAttr.LA_BLOCKS
            | LuAttr.LA_BLKSIZE | LuAttr.LA_ATIME | LuAttr.LA_MTIME | LuAttr.LA_CTIME | LuAttr.LA_UID | LuAttr.LA_GID
            | LuAttr.LA_PROJID;

    private OstWire() {
    }

    /** The request's {@code ost_body}. */
    static Obdo body(ServerRequest req) throws LustreException {
        MemorySegment b = req.buf(BODY, Obdo.SIZE, "ost_body");
        return Obdo.read(b, 0, req.request().swabbed());
    }

    /**
     * The object an {@code ost_id} names on OST {@code index} ({@code tgt_validate_obdo},
     * {@code ostid_to_fid}): a legacy id of group 0, an IDIF or a normal FID, never id 0 (that is
     * a sequence's LAST_ID) nor an object of any other sequence.
     *
     * @throws LustreException EPROTO naming the bad id
     */
    static Fid objectFid(OstId oi, int index, String ofdName) throws LustreException {
        Fid fid;
        try {
            fid = oi.toFid(index);
        } catch (LustreException e) {
            throw new LustreException(Errno.EPROTO, ofdName + ": bad object " + oi + ": " + e.getMessage());
        }
        if (!Ofd.isDataSeq(oi.seq()) || oi.id() == 0) {
            throw new LustreException(Errno.EPROTO, ofdName + ": client sent bad object " + oi
                    + " (not a data object of this OST)");
        }
        return fid;
    }

    /** The object a body names; its OBD_MD_FLID must be set. */
    static Fid objectFid(Obdo oa, int index, String ofdName) throws LustreException {
        if (!oa.has(ObdMd.FLID)) {
            throw new LustreException(Errno.EPROTO, ofdName + ": request names no object (OBD_MD_FLID not set in "
                    + "o_valid 0x" + Long.toHexString(oa.valid()) + ")");
        }
        OstId oi = oa.has(ObdMd.FLGROUP) ? oa.oi() : OstId.legacy(oa.oi().word0(), 0);
        return objectFid(oi, index, ofdName);
    }

    /** {@code la_from_obdo}: the attributes whose bits are valid. */
    static LuAttr attrsOf(Obdo oa) {
        LuAttr la = new LuAttr();
        long v = 0;
        if (oa.has(ObdMd.FLATIME)) {
            la.atime(oa.atime());
            v |= LuAttr.LA_ATIME;
        }
        if (oa.has(ObdMd.FLMTIME)) {
            la.mtime(oa.mtime());
            v |= LuAttr.LA_MTIME;
        }
        if (oa.has(ObdMd.FLCTIME)) {
            la.ctime(oa.ctime());
            v |= LuAttr.LA_CTIME;
        }
        if (oa.has(ObdMd.FLSIZE)) {
            la.size(oa.size());
            v |= LuAttr.LA_SIZE;
        }
        if (oa.has(ObdMd.FLMODE)) {
            la.mode(oa.mode() & ~FileMode.S_IFMT);
            v |= LuAttr.LA_MODE;
        }
        if (oa.has(ObdMd.FLUID)) {
            la.uid(oa.uid());
            v |= LuAttr.LA_UID;
        }
        if (oa.has(ObdMd.FLGID)) {
            la.gid(oa.gid());
            v |= LuAttr.LA_GID;
        }
        if (oa.has(ObdMd.FLPROJID)) {
            la.projid(oa.projid());
            v |= LuAttr.LA_PROJID;
        }
        return la.valid(v);
    }

    /** {@code obdo_from_la} for the bits of {@code mask}, adding to what {@code oa} holds. */
    static Obdo fill(Obdo oa, LuAttr la, long mask) {
        long m = la.valid() & mask;
        if ((m & LuAttr.LA_ATIME) != 0) {
            oa.atime(la.atime()).addValid(ObdMd.FLATIME);
        }
        if ((m & LuAttr.LA_MTIME) != 0) {
            oa.mtime(la.mtime()).addValid(ObdMd.FLMTIME);
        }
        if ((m & LuAttr.LA_CTIME) != 0) {
            oa.ctime(la.ctime()).addValid(ObdMd.FLCTIME);
        }
        if ((m & LuAttr.LA_SIZE) != 0) {
            oa.size(la.size()).addValid(ObdMd.FLSIZE);
        }
        if ((m & LuAttr.LA_BLOCKS) != 0) {
            oa.blocks(la.blocks()).addValid(ObdMd.FLBLOCKS);
        }
        if ((m & LuAttr.LA_BLKSIZE) != 0) {
            oa.blksize(la.blksize()).addValid(ObdMd.FLBLKSZ);
        }
        if ((m & LuAttr.LA_TYPE) != 0) {
            oa.mode((oa.mode() & ~FileMode.S_IFMT) | (la.mode() & FileMode.S_IFMT)).addValid(ObdMd.FLTYPE);
        }
        if ((m & LuAttr.LA_MODE) != 0) {
            oa.mode((oa.mode() & FileMode.S_IFMT) | (la.mode() & ~FileMode.S_IFMT)).addValid(ObdMd.FLMODE);
        }
        if ((m & LuAttr.LA_UID) != 0) {
            oa.uid(la.uid()).addValid(ObdMd.FLUID);
        }
        if ((m & LuAttr.LA_GID) != 0) {
            oa.gid(la.gid()).addValid(ObdMd.FLGID);
        }
        if ((m & LuAttr.LA_PROJID) != 0) {
            oa.projid(la.projid()).addValid(ObdMd.FLPROJID);
        }
        return oa;
    }

    /**
     * The {@code trusted.fid} a request asks for ({@code ofd_object_ff_update}), merged into what
     * the object holds ({@code old}, null for none), or null when the request carries none of
     * FLFID, FLOSTLAYOUT and LAYOUT_VERSION: the parent FID with the stripe index in its version
     * from FLFID, the layout from FLOSTLAYOUT, the layout version from LAYOUT_VERSION.
     */
    static MemorySegment filterFid(Obdo oa, byte[] old) throws LustreException {
        if (!oa.has(ObdMd.FLFID) && !oa.has(ObdMd.FLOSTLAYOUT) && !oa.has(ObdMd.LAYOUT_VERSION)) {
            return null;
        }
        FilterFid ff = old != null ? FilterFid.read(old) : new FilterFid(Fid.ZERO, OstLayout.NONE, 0, 0);
        Fid parent = ff.parent();
        if (oa.has(ObdMd.FLFID)) {
            parent = new Fid(oa.parentSeq(), oa.parentOid(), oa.stripeIdx());
        }
        OstLayout layout = oa.has(ObdMd.FLOSTLAYOUT) ? oa.layout() : ff.layout();
        int version = oa.has(ObdMd.LAYOUT_VERSION) ? oa.layoutVersion() : ff.layoutVersion();
        return MemorySegment.ofArray(new FilterFid(parent, layout, version, ff.range()).toBytes());
    }
}
