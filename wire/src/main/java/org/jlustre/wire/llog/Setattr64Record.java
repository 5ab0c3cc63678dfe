package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_setattr64_rec} (64 bytes, {@link LlogRecType#MDS_SETATTR64_REC}): the OSP
 * sync record carrying an ownership change to an OST object. Records longer than 64 bytes of
 * the same type are the {@link Setattr64V2Record} form, as {@code llog_reader} tells them apart.
 *
 * <pre>
 *  0  16  lsr_hdr
 * 16  16  lsr_oi      (struct ost_id)
 * 32   4  lsr_uid
 * 36   4  lsr_uid_h
 * 40   4  lsr_gid
 * 44   4  lsr_gid_h
 * 48   8  lsr_valid
 * 56   8  lsr_tail
 * </pre>
 *
 * {@code lsr_oi} is an {@code ost_id} union; it is kept as its {@code oi_fid} view, the 16 bytes
 * read as a little-endian {@code lu_fid}, which is lossless and is what {@code llog_reader}
 * prints ({@code oi.oi_id} is the FID's sequence field, {@code oi.oi_seq} its oid and version).
 *
 * @param id {@code lrh_id}
 * @param oi {@code lsr_oi} in its {@code oi_fid} view
 * @param uid {@code lsr_uid}
 * @param uidHigh {@code lsr_uid_h}
 * @param gid {@code lsr_gid}
 * @param gidHigh {@code lsr_gid_h}
 * @param valid {@code lsr_valid}, OBD_MD_* bits
 */
public record Setattr64Record(int id, Fid oi, int uid, int uidHigh, int gid, int gidHigh, long valid)
        implements LlogRecord {

    /** {@code sizeof(struct llog_setattr64_rec)}. */
    public static final int SIZE = 64;
    /** Offset of {@code lsr_oi}. */
    public static final int OFF_OI = 16;
    /** Offset of {@code lsr_uid}. */
    public static final int OFF_UID = 32;
    /** Offset of {@code lsr_uid_h}. */
    public static final int OFF_UID_H = 36;
    /** Offset of {@code lsr_gid}. */
    public static final int OFF_GID = 40;
    /** Offset of {@code lsr_gid_h}. */
    public static final int OFF_GID_H = 44;
    /** Offset of {@code lsr_valid}. */
    public static final int OFF_VALID = 48;
    /** Offset of {@code lsr_tail}. */
    public static final int OFF_TAIL = 56;

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
        writeCommon(dst, offset - LlogRecordHeader.SIZE, oi, uid, uidHigh, gid, gidHigh, valid);
    }

    /** Writes the fields the two forms share, {@code base} being the record's start. */
    static void writeCommon(MemorySegment dst, long base, Fid oi, int uid, int uidHigh, int gid, int gidHigh,
            long valid) {
        oi.writeLE(dst, base + OFF_OI);
        dst.set(Le.U32, base + OFF_UID, uid);
        dst.set(Le.U32, base + OFF_UID_H, uidHigh);
        dst.set(Le.U32, base + OFF_GID, gid);
        dst.set(Le.U32, base + OFF_GID_H, gidHigh);
        dst.set(Le.U64, base + OFF_VALID, valid);
    }

    /** Decodes one whole 64-byte record. */
    public static Setattr64Record decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.fixed(rec, LlogRecType.MDS_SETATTR64_REC, "llog_setattr64_rec", SIZE);
        return new Setattr64Record(h.id(), Fid.readLE(rec, OFF_OI), RecordCodec.u32(rec, OFF_UID),
                RecordCodec.u32(rec, OFF_UID_H), RecordCodec.u32(rec, OFF_GID), RecordCodec.u32(rec, OFF_GID_H),
                RecordCodec.u64(rec, OFF_VALID));
    }
}
