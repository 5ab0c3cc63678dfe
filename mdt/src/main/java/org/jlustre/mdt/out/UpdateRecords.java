package org.jlustre.mdt.out;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogRecordHeader;
import org.jlustre.wire.llog.UpdateRecord;
import org.jlustre.wire.out.ObjectUpdate;

/**
 * Packs the updates of one distributed operation into the {@code llog_update_record} every MDT
 * it touches keeps in its update log (lustre/target/update_records.c,
 * {@code update_records_update_pack}, {@code update_records_param_pack}; update_trans.c,
 * {@code prepare_writing_updates}). The ops ({@code update_op}: FID, type, parameter count and
 * one u16 per parameter, its index in the parameter list, 20 + 2n bytes each, unpadded) come
 * first, then the parameters ({@code object_update_param}, each rounded to 8); a parameter equal
 * to one already packed (same length and bytes) is not packed again, its index is reused. The
 * body is rounded to 8 ({@code __update_records_size}); {@code ur_flags} is 0 (no
 * {@code UPDATE_RECORD_CONTINUE}: one record holds the whole operation) and {@code ur_index} 0.
 */
public final class UpdateRecords {

    /** {@code UPDATE_RECORD_CONTINUE}: the record continues in the next one (never set here). */
    public static final int UPDATE_RECORD_CONTINUE = 1;

    private UpdateRecords() {
    }

    /**
     * The record of {@code updates} (their types, FIDs and parameters; batch ids and result sizes
     * are not kept), with {@code ur_master_transno} {@code masterTransno} (0 in the master's own
     * log, written before its transno is known, as top_trans_stop does) and {@code ur_batchid}
     * {@code batchId}.
     *
     * @throws LustreException E2BIG when the record would not fit a chunk of {@code chunkSize}
     *     bytes with room for the smallest padding record ({@code sub_updates_write} splits such a
     *     record, which this MDT does not)
     */
    public static UpdateRecord pack(long masterTransno, long batchId, List<ObjectUpdate> updates, int chunkSize)
            throws LustreException {
        List<byte[]> params = new ArrayList<>();
        int opsSize = 0;
        for (ObjectUpdate u : updates) {
            opsSize += UpdateRecord.UPDATE_OP_SIZE + 2 * u.params().size();
            for (byte[] p : u.params()) {
                if (indexOf(params, p) < 0) {
                    params.add(p);
                }
            }
        }
        int paramsSize = 0;
        for (byte[] p : params) {
            paramsSize += ObjectUpdate.paramSize(p.length);
        }
        int bodySize = Le.round8(UpdateRecord.HEADER_SIZE + opsSize + paramsSize);
        if (LlogRecordHeader.SIZE + bodySize + LlogRecordHeader.TAIL_SIZE + LlogRecordHeader.SIZE
                + LlogRecordHeader.TAIL_SIZE > chunkSize) {
            throw new LustreException(Errno.E2BIG, "update record of " + updates.size() + " updates (" + bodySize
                    + " bytes) does not fit an update log chunk of " + chunkSize + " bytes");
        }
        byte[] body = new byte[bodySize];
        MemorySegment s = MemorySegment.ofArray(body);
        long base = -LlogRecordHeader.SIZE; // the offsets count from the record's start
        s.set(Le.U64, base + UpdateRecord.OFF_MASTER_TRANSNO, masterTransno);
        s.set(Le.U64, base + UpdateRecord.OFF_BATCHID, batchId);
        s.set(Le.U32, base + UpdateRecord.OFF_UPDATE_COUNT, updates.size());
        s.set(Le.U32, base + UpdateRecord.OFF_PARAM_COUNT, params.size());
        long op = base + UpdateRecord.OFF_OPS;
        for (ObjectUpdate u : updates) {
            u.fid().writeLE(s, op);
            s.set(Le.U16, op + 16, (short) u.type());
            s.set(Le.U16, op + 18, (short) u.params().size());
            for (int i = 0; i < u.params().size(); i++) {
                s.set(Le.U16, op + UpdateRecord.UPDATE_OP_SIZE + 2L * i, (short) indexOf(params, u.params().get(i)));
            }
            op += UpdateRecord.UPDATE_OP_SIZE + 2L * u.params().size();
        }
        for (byte[] p : params) {
            s.set(Le.U16, op, (short) p.length);
            MemorySegment.copy(MemorySegment.ofArray(p), 0, s, op + ObjectUpdate.PARAM_HEADER_SIZE, p.length);
            op += ObjectUpdate.paramSize(p.length);
        }
        return new UpdateRecord(0, body);
    }

    private static int indexOf(List<byte[]> params, byte[] p) {
        for (int i = 0; i < params.size(); i++) {
            if (Arrays.equals(params.get(i), p)) {
                return i;
            }
        }
        return -1;
    }
}
