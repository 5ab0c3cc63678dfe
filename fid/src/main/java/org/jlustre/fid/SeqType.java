package org.jlustre.fid;

import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.fid.SeqQuery;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * What a sequence client gets sequences for ({@code enum lu_cli_type}, lustre_fid.h): metadata
 * (an MDC's new files, an MDT's own objects) or data (an OSP's precreated OST objects). It
 * decides the portal SEQ_QUERY goes to, the owner kind the request names, and how many oids
 * each sequence gives.
 */
public enum SeqType {
    /** {@code LUSTRE_SEQ_METADATA}: SEQ_METADATA_PORTAL 30, oids 1..0x20000, MDT ranges. */
    METADATA(Portals.SEQ_METADATA, SeqQuery.METADATA_SEQ_MAX_WIDTH, LuSeqRange.MDT),
    /** {@code LUSTRE_SEQ_DATA}: SEQ_DATA_PORTAL 31, oids 1..0xffffffff, OST ranges. */
    DATA(Portals.SEQ_DATA, SeqQuery.DATA_SEQ_MAX_WIDTH, LuSeqRange.OST);

    /** The portal ALLOC_META goes to. */
    private final int portal;
    /** The last oid of a sequence ({@code lcs_width}). */
    private final long width;
    /** The owner kind a request names ({@code fld_range_set_mdt/ost}). */
    private final int rangeFlags;

    SeqType(int portal, long width, int rangeFlags) {
        this.portal = portal;
        this.width = width;
        this.rangeFlags = rangeFlags;
    }

    /** The portal ALLOC_META goes to. */
    public int portal() {
        return portal;
    }

    /** The last oid handed out in a sequence ({@code LUSTRE_*_SEQ_MAX_WIDTH}). */
    public long width() {
        return width;
    }

    /** {@link LuSeqRange#MDT} or {@link LuSeqRange#OST}. */
    public int rangeFlags() {
        return rangeFlags;
    }
}
