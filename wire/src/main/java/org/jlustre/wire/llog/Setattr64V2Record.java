package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_setattr64_rec_v2} (88 bytes, {@link LlogRecType#MDS_SETATTR64_REC}): the
 * setattr record extended for project quota and FLR layout versions. The first 56 bytes are
 * {@link Setattr64Record}'s.
 *
 * <pre>
 *  0  56  as llog_setattr64_rec up to lsr_valid
 * 56   4  lsr_projid
 * 60   4  lsr_layout_version
 * 64   8  lsr_padding2
 * 72   8  lsr_padding3
 * 80   8  lsr_tail
 * </pre>
 *
 * @param id {@code lrh_id}
 * @param oi {@code lsr_oi} in its {@code oi_fid} view (see {@link Setattr64Record})
 * @param uid {@code lsr_uid}
 * @param uidHigh {@code lsr_uid_h}
 * @param gid {@code lsr_gid}
 * @param gidHigh {@code lsr_gid_h}
 * @param valid {@code lsr_valid}
 * @param projid {@code lsr_projid}
 * @param layoutVersion {@code lsr_layout_version}
 * @param padding2 {@code lsr_padding2}
 * @param padding3 {@code lsr_padding3}
 */
public record Setattr64V2Record(int id, Fid oi, int uid, int uidHigh, int gid, int gidHigh, long valid, int projid,
        int layoutVersion, long padding2, long padding3) implements LlogRecord {

    /** {@code sizeof(struct llog_setattr64_rec_v2)}. */
    public static final int SIZE = 88;
    /** Offset of {@code lsr_projid}. */
    public static final int OFF_PROJID = 56;
    /** Offset of {@code lsr_layout_version}. */
    public static final int OFF_LAYOUT_VERSION = 60;
    /** Offset of {@code lsr_padding2}. */
    public static final int OFF_PADDING2 = 64;
    /** Offset of {@code lsr_padding3}. */
    public static final int OFF_PADDING3 = 72;
    /** Offset of {@code lsr_tail}. */
    public static final int OFF_TAIL = 80;

    /** A record with zero paddings. */
    public Setattr64V2Record(int id, Fid oi, int uid, int uidHigh, int gid, int gidHigh, long valid, int projid,
            int layoutVersion) {
        this(id, oi, uid, uidHigh, gid, gidHigh, valid, projid, layoutVersion, 0, 0);
    }

    @Override
    public int type() {
        return LlogRecType.MDS_SETATTR64_REC;
    }

    @Override
    public int length() {
        return SIZE;
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        long base = offset - LlogRecordHeader.SIZE;
        dst.asSlice(offset, SIZE - RecordCodec.OVERHEAD).fill((byte) 0);
        Setattr64Record.writeCommon(dst, base, oi, uid, uidHigh, gid, gidHigh, valid);
        dst.set(Le.U32, base + OFF_PROJID, projid);
        dst.set(Le.U32, base + OFF_LAYOUT_VERSION, layoutVersion);
        dst.set(Le.U64, base + OFF_PADDING2, padding2);
        dst.set(Le.U64, base + OFF_PADDING3, padding3);
    }

    /** Decodes one whole 88-byte record. */
    public static Setattr64V2Record decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.fixed(rec, LlogRecType.MDS_SETATTR64_REC, "llog_setattr64_rec_v2", SIZE);
        return new Setattr64V2Record(h.id(), Fid.readLE(rec, Setattr64Record.OFF_OI),
                RecordCodec.u32(rec, Setattr64Record.OFF_UID), RecordCodec.u32(rec, Setattr64Record.OFF_UID_H),
                RecordCodec.u32(rec, Setattr64Record.OFF_GID), RecordCodec.u32(rec, Setattr64Record.OFF_GID_H),
                RecordCodec.u64(rec, Setattr64Record.OFF_VALID), RecordCodec.u32(rec, OFF_PROJID),
                RecordCodec.u32(rec, OFF_LAYOUT_VERSION), RecordCodec.u64(rec, OFF_PADDING2),
                RecordCodec.u64(rec, OFF_PADDING3));
    }
}
