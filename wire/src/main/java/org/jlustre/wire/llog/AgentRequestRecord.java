package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_agent_req_rec} ({@link LlogRecType#HSM_AGENT_REC}; 136 bytes with an
 * {@link HsmActionItem} without data): one request of the HSM coordinator's action log, sized
 * {@code llog_data_len(sizeof(*larr) + data length)} by {@code mdt_agent_record_add}.
 *
 * <pre>
 *   0  16  arr_hdr
 *  16   4  arr_status        (ARS_*)
 *  20   4  arr_archive_id
 *  24   8  arr_flags
 *  32   8  arr_compound_id
 *  40   8  arr_req_create
 *  48   8  arr_req_change
 *  56  72  arr_hai           (and its data)
 * len-8 8  arr_tail
 * </pre>
 *
 * @param id {@code lrh_id}
 * @param status {@code arr_status}
 * @param archiveId {@code arr_archive_id}
 * @param flags {@code arr_flags}
 * @param compoundId {@code arr_compound_id}
 * @param requestCreate {@code arr_req_create}, seconds
 * @param requestChange {@code arr_req_change}, seconds
 * @param item {@code arr_hai}
 */
public record AgentRequestRecord(int id, int status, int archiveId, long flags, long compoundId, long requestCreate,
        long requestChange, HsmActionItem item) implements LlogRecord {

    /** {@code sizeof(struct llog_agent_req_rec)}: the record with no action data. */
    public static final int SIZE = 136;
    /** Offset of {@code arr_status}. */
    public static final int OFF_STATUS = 16;
    /** Offset of {@code arr_archive_id}. */
    public static final int OFF_ARCHIVE_ID = 20;
    /** Offset of {@code arr_flags}. */
    public static final int OFF_FLAGS = 24;
    /** Offset of {@code arr_compound_id}. */
    public static final int OFF_COMPOUND_ID = 32;
    /** Offset of {@code arr_req_create}. */
    public static final int OFF_REQ_CREATE = 40;
    /** Offset of {@code arr_req_change}. */
    public static final int OFF_REQ_CHANGE = 48;
    /** Offset of {@code arr_hai}. */
    public static final int OFF_HAI = 56;
    /** Offset of {@code arr_tail} when the item has no data. */
    public static final int OFF_TAIL = 128;

    /** {@code ARS_WAITING}. */
    public static final int ARS_WAITING = 0;
    /** {@code ARS_STARTED}. */
    public static final int ARS_STARTED = 1;
    /** {@code ARS_FAILED}. */
    public static final int ARS_FAILED = 2;
    /** {@code ARS_CANCELED}. */
    public static final int ARS_CANCELED = 3;
    /** {@code ARS_SUCCEED}. */
    public static final int ARS_SUCCEED = 4;

    /** {@code agent_req_status2name}. */
    public static String statusName(int status) {
        return switch (status) {
            case ARS_WAITING -> "WAITING";
            case ARS_STARTED -> "STARTED";
            case ARS_FAILED -> "FAILED";
            case ARS_CANCELED -> "CANCELED";
            case ARS_SUCCEED -> "SUCCEED";
            default -> "UNKNOWN";
        };
    }

    @Override
    public int type() {
        return LlogRecType.HSM_AGENT_REC;
    }

    @Override
    public int length() {
        return RecordCodec.recordLength(OFF_HAI - LlogRecordHeader.SIZE + (long) item.length());
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        long base = offset - LlogRecordHeader.SIZE;
        dst.asSlice(offset, length() - RecordCodec.OVERHEAD).fill((byte) 0);
        dst.set(Le.U32, base + OFF_STATUS, status);
        dst.set(Le.U32, base + OFF_ARCHIVE_ID, archiveId);
        dst.set(Le.U64, base + OFF_FLAGS, flags);
        dst.set(Le.U64, base + OFF_COMPOUND_ID, compoundId);
        dst.set(Le.U64, base + OFF_REQ_CREATE, requestCreate);
        dst.set(Le.U64, base + OFF_REQ_CHANGE, requestChange);
        item.encode(dst, base + OFF_HAI);
    }

    /**
     * Decodes one whole record.
     *
     * @throws IllegalArgumentException when it is under 136 bytes or its {@code hai_len} does
     *     not fit before the tail
     */
    public static AgentRequestRecord decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.header(rec, LlogRecType.HSM_AGENT_REC, "llog_agent_req_rec", SIZE);
        HsmActionItem item = HsmActionItem.decode(rec, OFF_HAI, h.len() - OFF_HAI - LlogRecordHeader.TAIL_SIZE);
        return new AgentRequestRecord(h.id(), RecordCodec.u32(rec, OFF_STATUS), RecordCodec.u32(rec, OFF_ARCHIVE_ID),
                RecordCodec.u64(rec, OFF_FLAGS), RecordCodec.u64(rec, OFF_COMPOUND_ID),
                RecordCodec.u64(rec, OFF_REQ_CREATE), RecordCodec.u64(rec, OFF_REQ_CHANGE), item);
    }
}
