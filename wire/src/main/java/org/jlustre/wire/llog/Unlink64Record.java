package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_unlink64_rec} (64 bytes, {@link LlogRecType#MDS_UNLINK64_REC}): the OSP
 * sync record asking an OST to destroy an object, written by the MDT for every unlinked
 * stripe.
 *
 * <pre>
 *  0  16  lur_hdr
 * 16  16  lur_fid
 * 32   4  lur_count      (lost precreated objects to destroy)
 * 36   4  lur_padding1
 * 40   8  lur_padding2
 * 48   8  lur_padding3
 * 56   8  lur_tail
 * </pre>
 *
 * @param id {@code lrh_id}
 * @param fid {@code lur_fid}, the object
 * @param count {@code lur_count}
 * @param padding1 {@code lur_padding1}
 * @param padding2 {@code lur_padding2}
 * @param padding3 {@code lur_padding3}: OSP fills its records in one union buffer, so Lustre's
 *     unlink records carry what an earlier setattr record left in these three
 */
public record Unlink64Record(int id, Fid fid, int count, int padding1, long padding2, long padding3)
        implements LlogRecord {

    /** {@code sizeof(struct llog_unlink64_rec)}. */
    public static final int SIZE = 64;
    /** Offset of {@code lur_fid}. */
    public static final int OFF_FID = 16;
    /** Offset of {@code lur_count}. */
    public static final int OFF_COUNT = 32;
    /** Offset of {@code lur_padding1}. */
    public static final int OFF_PADDING1 = 36;
    /** Offset of {@code lur_padding2}. */
    public static final int OFF_PADDING2 = 40;
    /** Offset of {@code lur_padding3}. */
    public static final int OFF_PADDING3 = 48;
    /** Offset of {@code lur_tail}. */
    public static final int OFF_TAIL = 56;

    /** A record with zero paddings. */
    public Unlink64Record(int id, Fid fid, int count) {
        this(id, fid, count, 0, 0, 0);
    }

    @Override
    public int type() {
        return LlogRecType.MDS_UNLINK64_REC;
    }

    @Override
    public int length() {
        return SIZE;
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        long base = offset - LlogRecordHeader.SIZE;
        dst.asSlice(offset, SIZE - RecordCodec.OVERHEAD).fill((byte) 0);
        fid.writeLE(dst, base + OFF_FID);
        dst.set(Le.U32, base + OFF_COUNT, count);
        RecordCodec.putPaddings(dst, base + OFF_PADDING1, padding1, padding2, padding3);
    }

    /** Decodes one whole 64-byte record. */
    public static Unlink64Record decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.fixed(rec, LlogRecType.MDS_UNLINK64_REC, "llog_unlink64_rec", SIZE);
        return new Unlink64Record(h.id(), Fid.readLE(rec, OFF_FID), RecordCodec.u32(rec, OFF_COUNT),
                RecordCodec.u32(rec, OFF_PADDING1), RecordCodec.u64(rec, OFF_PADDING2), RecordCodec.u64(rec, OFF_PADDING3));
    }
}
