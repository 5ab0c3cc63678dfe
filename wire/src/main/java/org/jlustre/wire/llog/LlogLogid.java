package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_logid} (20 bytes, packed): the identity of an llog, as catalogs and the
 * CATALOGS file store it. {@code lgl_oi} is an {@code ost_id} whose {@code oi_id} holds the FID's
 * oid and {@code oi_seq} its sequence ({@code fid_to_logid}); a non-zero {@code lgl_ogen} marks a
 * pre-2.4 log whose id is an inode number, read as an IGIF ({@code logid_to_fid}).
 *
 * <pre>
 *  0  8  lgl_oi.oi_id   (the oid, or the inode number)
 *  8  8  lgl_oi.oi_seq  (the sequence)
 * 16  4  lgl_ogen
 * </pre>
 *
 * @param fid the llog's FID
 * @param ogen {@code lgl_ogen}, 0 for every log written since Lustre 2.4
 */
public record LlogLogid(Fid fid, int ogen) {

    /** Encoded size. */
    public static final int SIZE = 20;
    /** Offset of {@code oi_id}. */
    public static final int OFF_OI_ID = 0;
    /** Offset of {@code oi_seq}. */
    public static final int OFF_OI_SEQ = 8;
    /** Offset of {@code lgl_ogen}. */
    public static final int OFF_OGEN = 16;

    /** The logid of a FID ({@code fid_to_logid}). */
    public static LlogLogid of(Fid fid) {
        return new LlogLogid(fid, 0);
    }

    /** Writes the 20 bytes at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        if (ogen == 0) {
            dst.set(Le.U64, offset + OFF_OI_ID, fid.oidUnsigned());
            dst.set(Le.U64, offset + OFF_OI_SEQ, fid.seq());
        } else {
            dst.set(Le.U64, offset + OFF_OI_ID, fid.seq()); // IGIF: the inode number
            dst.set(Le.U64, offset + OFF_OI_SEQ, 0);
        }
        dst.set(Le.U32, offset + OFF_OGEN, ogen);
    }

    /** Reads 20 bytes at {@code offset} ({@code logid_to_fid}). */
    public static LlogLogid read(MemorySegment src, long offset) {
        long id = src.get(Le.U64, offset + OFF_OI_ID);
        long seq = src.get(Le.U64, offset + OFF_OI_SEQ);
        int ogen = src.get(Le.U32, offset + OFF_OGEN);
        Fid fid = ogen == 0 ? new Fid(seq, (int) id, 0) : Fid.igif((int) id, ogen);
        return new LlogLogid(fid, ogen);
    }
}
