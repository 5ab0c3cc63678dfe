package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_unlink_rec} (40 bytes, {@link LlogRecType#MDS_UNLINK_REC}): the pre-2.5
 * OSP sync record asking an OST to destroy an object.
 *
 * <pre>
 *  0  16  lur_hdr
 * 16   8  lur_oid
 * 24   4  lur_oseq
 * 28   4  lur_count
 * 32   8  lur_tail
 * </pre>
 *
 * @param id {@code lrh_id}
 * @param oid {@code lur_oid}, the object id
 * @param oseq {@code lur_oseq}, the object sequence
 * @param count {@code lur_count}
 */
public record UnlinkRecord(int id, long oid, int oseq, int count) implements LlogRecord {

    /** {@code sizeof(struct llog_unlink_rec)}. */
    public static final int SIZE = 40;
    /** Offset of {@code lur_oid}. */
    public static final int OFF_OID = 16;
    /** Offset of {@code lur_oseq}. */
    public static final int OFF_OSEQ = 24;
    /** Offset of {@code lur_count}. */
    public static final int OFF_COUNT = 28;
    /** Offset of {@code lur_tail}. */
    public static final int OFF_TAIL = 32;

    @Override
    public int type() {
        return LlogRecType.MDS_UNLINK_REC;
    }

    @Override
    public int length() {
        return SIZE;
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        long base = offset - LlogRecordHeader.SIZE;
        dst.set(Le.U64, base + OFF_OID, oid);
        dst.set(Le.U32, base + OFF_OSEQ, oseq);
        dst.set(Le.U32, base + OFF_COUNT, count);
    }

    /** Decodes one whole 40-byte record. */
    public static UnlinkRecord decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.fixed(rec, LlogRecType.MDS_UNLINK_REC, "llog_unlink_rec", SIZE);
        return new UnlinkRecord(h.id(), RecordCodec.u64(rec, OFF_OID), RecordCodec.u32(rec, OFF_OSEQ),
                RecordCodec.u32(rec, OFF_COUNT));
    }
}
