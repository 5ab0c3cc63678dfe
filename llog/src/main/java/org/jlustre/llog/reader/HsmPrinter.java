package org.jlustre.llog.reader;

import org.jlustre.common.Fid;
import org.jlustre.wire.llog.AgentRequestRecord;
import org.jlustre.wire.llog.HsmActionItem;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * llog_reader's {@code print_hsm_action}: one line for an HSM coordinator request, with
 * {@code hai_dump_data_field}'s hex of at most the first five data bytes (a 12-byte buffer).
 */
final class HsmPrinter {

    /** {@code char buf[12]} of print_hsm_action. */
    private static final int DUMP_BUFFER = 12;

    private final ReaderMemory mem;
    private final ReaderOutput out;

    /** A printer reading {@code mem}. */
    HsmPrinter(ReaderMemory mem, ReaderOutput out) {
        this.mem = mem;
        this.out = out;
    }

    /** The {@code lu_fid} at {@code addr}, as {@code PFID} reads it. */
    private Fid fid(long addr) {
        return new Fid(mem.u64(addr), mem.u32(addr + 8), mem.u32(addr + 12));
    }

    /** Prints the request at {@code rec}. */
    void print(long rec) {
        long hai = rec + AgentRequestRecord.OFF_HAI;
        long haiLen = mem.u32u(hai + HsmActionItem.OFF_LEN);
        // hai_data_len: hai_len - sizeof(*hai) in size_t, so a short item wraps around 2^64
        long dataLen = haiLen - HsmActionItem.SIZE;
        String line = "lrh=[type=" + Integer.toHexString(mem.u32(rec + LlogRecordHeader.OFF_TYPE)).toUpperCase()
                + " len=" + mem.u32(rec + LlogRecordHeader.OFF_LEN) + " idx=" + mem.u32(rec + LlogRecordHeader.OFF_INDEX)
                + "] fid=" + fid(hai + HsmActionItem.OFF_FID)
                + " compound/cookie=" + CFormat.altX(mem.u64(rec + AgentRequestRecord.OFF_COMPOUND_ID)) + "/"
                + CFormat.altX(mem.u64(hai + HsmActionItem.OFF_COOKIE))
                + " status=" + AgentRequestRecord.statusName(mem.u32(rec + AgentRequestRecord.OFF_STATUS))
                + " action=" + HsmActionItem.actionName(mem.u32(hai + HsmActionItem.OFF_ACTION))
                + " archive#=" + mem.u32(rec + AgentRequestRecord.OFF_ARCHIVE_ID)
                + " flags=" + CFormat.altX(mem.u64(rec + AgentRequestRecord.OFF_FLAGS))
                + " create=" + CFormat.llu(mem.u64(rec + AgentRequestRecord.OFF_REQ_CREATE))
                + " change=" + CFormat.llu(mem.u64(rec + AgentRequestRecord.OFF_REQ_CHANGE))
                + " extent=" + CFormat.altX(mem.u64(hai + HsmActionItem.OFF_EXTENT)) + "-"
                + CFormat.altX(mem.u64(hai + HsmActionItem.OFF_EXTENT + 8))
                + " gid=" + CFormat.altX(mem.u64(hai + HsmActionItem.OFF_GID))
                + " datalen=" + CFormat.llu(dataLen)
                + " data=[" + dumpData(hai, (int) dataLen) + "]\n";
        out.out(line);
    }

    /** {@code hai_dump_data_field}: two hex digits per byte while two more fit with the NUL. */
    private String dumpData(long hai, int dataLen) {
        StringBuilder sb = new StringBuilder();
        int room = DUMP_BUFFER;
        for (int i = 0; i < dataLen && room > 2; i++) {
            String hex = Integer.toHexString(mem.u8(hai + HsmActionItem.OFF_DATA + i)).toUpperCase();
            sb.append(hex.length() == 1 ? "0" + hex : hex);
            room -= 2;
        }
        return sb.toString();
    }
}
