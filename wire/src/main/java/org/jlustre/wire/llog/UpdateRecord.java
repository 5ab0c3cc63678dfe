package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_update_record} ({@link LlogRecType#UPDATE_REC}): a DNE update log entry,
 * an {@code update_records} header and its variable ops and params. The body is kept as raw
 * bytes; the header fields are read from it.
 *
 * <pre>
 *  0  16  lur_hdr
 * 16   8  ur_master_transno
 * 24   8  ur_batchid
 * 32   4  ur_flags
 * 36   4  ur_index
 * 40   4  ur_update_count
 * 44   4  ur_param_count
 * 48   .  ur_ops: update_op {lu_fid uop_fid; u16 uop_type; u16 uop_param_count;
 *         u16 uop_params_off[]} (20 + 2n bytes each), then the params:
 *         object_update_param {u16 oup_len; u16; u32; oup_buf} each rounded to 8
 * len-8 8 tail
 * </pre>
 *
 * @param id {@code lrh_id}
 * @param body the bytes between header and tail, a multiple of 8, at least 32
 */
public record UpdateRecord(int id, byte[] body) implements LlogRecord {

    /** Size of the {@code update_records} header. */
    public static final int HEADER_SIZE = 32;
    /** Offset of {@code ur_master_transno}. */
    public static final int OFF_MASTER_TRANSNO = 16;
    /** Offset of {@code ur_batchid}. */
    public static final int OFF_BATCHID = 24;
    /** Offset of {@code ur_flags}. */
    public static final int OFF_FLAGS = 32;
    /** Offset of {@code ur_index}. */
    public static final int OFF_INDEX = 36;
    /** Offset of {@code ur_update_count}. */
    public static final int OFF_UPDATE_COUNT = 40;
    /** Offset of {@code ur_param_count}. */
    public static final int OFF_PARAM_COUNT = 44;
    /** Offset of {@code ur_ops}. */
    public static final int OFF_OPS = 48;
    /** {@code offsetof(struct update_op, uop_params_off)}: an op without parameters. */
    public static final int UPDATE_OP_SIZE = 20;
    /** {@code sizeof(struct object_update_param)} without its buffer. */
    public static final int PARAM_HEADER_SIZE = 8;

    /** Copies the body and checks its size. */
    public UpdateRecord {
        if (body.length < HEADER_SIZE || body.length % 8 != 0) {
            throw new IllegalArgumentException("update record body of " + body.length
                    + " bytes is not a multiple of 8 holding the " + HEADER_SIZE + "-byte update_records header");
        }
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as a segment, for the header fields. */
    private MemorySegment field() {
        return MemorySegment.ofArray(body);
    }

    /** {@code ur_master_transno}. */
    public long masterTransno() {
        return field().get(Le.U64, OFF_MASTER_TRANSNO - LlogRecordHeader.SIZE);
    }

    /** {@code ur_batchid}. */
    public long batchId() {
        return field().get(Le.U64, OFF_BATCHID - LlogRecordHeader.SIZE);
    }

    /** {@code ur_flags}. */
    public int flags() {
        return field().get(Le.U32, OFF_FLAGS - LlogRecordHeader.SIZE);
    }

    /** {@code ur_index}. */
    public int index() {
        return field().get(Le.U32, OFF_INDEX - LlogRecordHeader.SIZE);
    }

    /** {@code ur_update_count}. */
    public int updateCount() {
        return field().get(Le.U32, OFF_UPDATE_COUNT - LlogRecordHeader.SIZE);
    }

    /** {@code ur_param_count}. */
    public int paramCount() {
        return field().get(Le.U32, OFF_PARAM_COUNT - LlogRecordHeader.SIZE);
    }

    @Override
    public int type() {
        return LlogRecType.UPDATE_REC;
    }

    @Override
    public int length() {
        return RecordCodec.OVERHEAD + body.length;
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        RecordCodec.put(dst, offset, body);
    }

    /** Decodes one whole record, at least 56 bytes. */
    public static UpdateRecord decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.header(rec, LlogRecType.UPDATE_REC, "llog_update_record",
                RecordCodec.OVERHEAD + HEADER_SIZE);
        return new UpdateRecord(h.id(), RecordCodec.bytes(rec, LlogRecordHeader.SIZE, h.len() - RecordCodec.OVERHEAD));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpdateRecord r && r.id == id && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return id * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "UpdateRecord[id=" + id + ", transno=" + masterTransno() + ", updates=" + updateCount() + ", params="
                + paramCount() + "]";
    }
}
