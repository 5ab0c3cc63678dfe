package org.jlustre.wire.ost;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct obd_ioobj} (24 bytes, lustre_idl.h): the object a BRW touches and how many
 * niobufs follow it. {@code ioo_max_brw} carries, in its high 16 bits, the client's bulk MD
 * count minus one ({@code ioobj_max_brw_set}); the server aligns the request's match bits down
 * by it to find the first MD ({@code ptlrpc_start_bulk_transfer}). 0 for short I/O.
 *
 * <pre>
 *   0 16 ioo_oid (ost_id)
 *  16  4 ioo_max_brw
 *  20  4 ioo_bufcnt
 * </pre>
 *
 * @param oid the object
 * @param maxBrw {@code ioo_max_brw} as on the wire
 * @param bufcnt niobufs for this object
 */
public record ObdIoobj(OstId oid, int maxBrw, int bufcnt) {

    /** {@code sizeof(struct obd_ioobj)}. */
    public static final int SIZE = 24;
    /** Offset of {@code ioo_oid}. */
    public static final int OFF_OID = 0;
    /** Offset of {@code ioo_max_brw}. */
    public static final int OFF_MAX_BRW = 16;
    /** Offset of {@code ioo_bufcnt}. */
    public static final int OFF_BUFCNT = 20;
    /** {@code IOOBJ_MAX_BRW_BITS}: where the MD count sits in {@code ioo_max_brw}. */
    public static final int MAX_BRW_BITS = 16;

    /** An ioobj for a bulk of {@code mdCount} MDs ({@code ioobj_max_brw_set}). */
    public static ObdIoobj withMdCount(OstId oid, int mdCount, int bufcnt) {
        if (mdCount < 1 || mdCount > 1 << MAX_BRW_BITS) {
            throw new IllegalArgumentException("bulk MD count " + mdCount + " is not in 1.." + (1 << MAX_BRW_BITS));
        }
        return new ObdIoobj(oid, (mdCount - 1) << MAX_BRW_BITS, bufcnt);
    }

    /** The MD count the client announced ({@code ioobj_max_brw_get}). */
    public int mdCount() {
        return (maxBrw >>> MAX_BRW_BITS) + 1;
    }

    /** Writes the 24 bytes little-endian at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        oid.write(dst, offset + OFF_OID);
        dst.set(Le.U32, offset + OFF_MAX_BRW, maxBrw);
        dst.set(Le.U32, offset + OFF_BUFCNT, bufcnt);
    }

    /** Reads 24 bytes at {@code offset}, big-endian when {@code swab} ({@code lustre_swab_obd_ioobj}). */
    public static ObdIoobj read(MemorySegment src, long offset, boolean swab) {
        var u32 = swab ? Be.U32 : Le.U32;
        return new ObdIoobj(OstId.read(src, offset + OFF_OID, swab), src.get(u32, offset + OFF_MAX_BRW),
                src.get(u32, offset + OFF_BUFCNT));
    }
}
