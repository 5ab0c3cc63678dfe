package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_size_change_rec} (64 bytes, {@link LlogRecType#OST_SZ_REC}).
 *
 * <pre>
 *  0  16  lsc_hdr
 * 16  16  lsc_fid       (struct ll_fid: id, generation, f_type; same bytes as an lu_fid)
 * 32   4  lsc_ioepoch
 * 36   4  lsc_padding1
 * 40   8  lsc_padding2
 * 48   8  lsc_padding3
 * 56   8  lsc_tail
 * </pre>
 *
 * @param id {@code lrh_id}
 * @param fid {@code lsc_fid}, read as an {@code lu_fid}
 * @param ioepoch {@code lsc_ioepoch}
 * @param padding1 {@code lsc_padding1}
 * @param padding2 {@code lsc_padding2}
 * @param padding3 {@code lsc_padding3}
 */
public record SizeChangeRecord(int id, Fid fid, int ioepoch, int padding1, long padding2, long padding3)
        implements LlogRecord {

    /** {@code sizeof(struct llog_size_change_rec)}. */
    public static final int SIZE = 64;
    /** Offset of {@code lsc_fid}. */
    public static final int OFF_FID = 16;
    /** Offset of {@code lsc_ioepoch}. */
    public static final int OFF_IOEPOCH = 32;
    /** Offset of {@code lsc_padding1}. */
    public static final int OFF_PADDING1 = 36;
    /** Offset of {@code lsc_padding2}. */
    public static final int OFF_PADDING2 = 40;
    /** Offset of {@code lsc_padding3}. */
    public static final int OFF_PADDING3 = 48;
    /** Offset of {@code lsc_tail}. */
    public static final int OFF_TAIL = 56;

    /** A record with zero paddings. */
    public SizeChangeRecord(int id, Fid fid, int ioepoch) {
        this(id, fid, ioepoch, 0, 0, 0);
    }

    @Override
    public int type() {
        return LlogRecType.OST_SZ_REC;
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
        dst.set(Le.U32, base + OFF_IOEPOCH, ioepoch);
        RecordCodec.putPaddings(dst, base + OFF_PADDING1, padding1, padding2, padding3);
    }

    /** Decodes one whole 64-byte record. */
    public static SizeChangeRecord decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.fixed(rec, LlogRecType.OST_SZ_REC, "llog_size_change_rec", SIZE);
        return new SizeChangeRecord(h.id(), Fid.readLE(rec, OFF_FID), RecordCodec.u32(rec, OFF_IOEPOCH),
                RecordCodec.u32(rec, OFF_PADDING1), RecordCodec.u64(rec, OFF_PADDING2), RecordCodec.u64(rec, OFF_PADDING3));
    }
}
