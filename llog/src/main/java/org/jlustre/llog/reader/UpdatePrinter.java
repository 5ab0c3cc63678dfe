package org.jlustre.llog.reader;

import org.jlustre.common.Fid;
import org.jlustre.wire.llog.UpdateRecord;

/**
 * llog_reader's {@code print_update_rec}: the {@code update_records} header, one line per
 * {@code update_op} (FID, operation name, parameter offsets) and one per
 * {@code object_update_param} through {@code buf2str}, then an empty line. Counts come from the
 * record and are trusted, as llog_reader trusts them.
 */
final class UpdatePrinter {

    /** {@code update_op_str}'s names, indexed by {@code enum update_type}. */
    private static final String[] OPS = {"start", "create", "destroy", "ref_add", "ref_del", "attr_set", "attr_get",
        "xattr_set", "xattr_get", "lookup", "insert", "delete", "write", "xattr_del", "punch", "read", "noop",
        "xattr_list"};
    /** {@code static char string[128]} of buf2str. */
    private static final int STRING_SIZE = 128;

    private final ReaderMemory mem;
    private final ReaderOutput out;

    /** A printer reading {@code mem}. */
    UpdatePrinter(ReaderMemory mem, ReaderOutput out) {
        this.mem = mem;
        this.out = out;
    }

    /** Prints the update record at {@code rec}. */
    void print(long rec) {
        int upCount = mem.u32(rec + UpdateRecord.OFF_UPDATE_COUNT);
        int pmCount = mem.u32(rec + UpdateRecord.OFF_PARAM_COUNT);
        out.out("updatelog record master_transno:" + CFormat.llu(mem.u64(rec + UpdateRecord.OFF_MASTER_TRANSNO))
                + " batchid:" + CFormat.llu(mem.u64(rec + UpdateRecord.OFF_BATCHID)) + " flags:0x"
                + CFormat.x(mem.u32(rec + UpdateRecord.OFF_FLAGS)) + " u_index:" + mem.u32(rec + UpdateRecord.OFF_INDEX)
                + " u_count:" + upCount + " p_count:" + pmCount + "\n");
        long op = rec + UpdateRecord.OFF_OPS;
        for (int i = 0; Integer.compareUnsigned(i, upCount) < 0; i++) {
            int type = mem.u16(op + Fid.SIZE);
            int params = mem.u16(op + Fid.SIZE + 2);
            StringBuilder line = new StringBuilder("\t").append(new Fid(mem.u64(op), mem.u32(op + 8), mem.u32(op + 12)))
                    .append(" type:").append(type < OPS.length ? OPS[type] : "unknown").append('/').append(type)
                    .append(" params:").append(params).append(' ');
            for (int j = 0; j < params; j++) {
                line.append("p_").append(j).append(':').append(mem.u16(op + UpdateRecord.UPDATE_OP_SIZE + 2L * j))
                        .append(' ');
            }
            out.out(line.append('\n').toString());
            op += UpdateRecord.UPDATE_OP_SIZE + 2L * params;
        }
        long pm = op;
        for (int i = 0; Integer.compareUnsigned(i, pmCount) < 0; i++) {
            int len = mem.u16(pm);
            out.out("\tp_" + i + " - " + len + "/" + buf2str(pm + UpdateRecord.PARAM_HEADER_SIZE, len) + "\n");
            pm += (UpdateRecord.PARAM_HEADER_SIZE + len + 7) & ~7L;
        }
        out.out("\n");
    }

    /**
     * {@code buf2str}: printable bytes as they are, runs of others as "\x" and upper-case hex,
     * a trailing NUL dropped, cut to fit its 128-byte static string.
     */
    private String buf2str(long buf, int size) {
        StringBuilder s = new StringBuilder();
        if (size > 0 && mem.u8(buf + size - 1) == 0) {
            size--;
        }
        boolean hex = false;
        for (int i = 0; i < size; i++) {
            int c = (byte) mem.u8(buf + i); // char is signed
            if (c >= 0x20 && c <= 0x7e) {
                s.append((char) c);
                hex = false;
            } else if (s.length() < STRING_SIZE - 6) {
                if (!hex) {
                    s.append("\\x");
                    hex = true;
                }
                s.append("0123456789ABCDEF".charAt(c >> 4 & 0xf)).append("0123456789ABCDEF".charAt(c & 0xf));
            } else {
                break;
            }
            if (s.length() == STRING_SIZE - 2) {
                break;
            }
        }
        return s.toString();
    }
}
