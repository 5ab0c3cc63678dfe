package org.jlustre.wire.mgs;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogLogid;

/**
 * {@code struct llogd_body} (48 bytes, packed): the request and reply body of the llog RPCs
 * (LLOG_ORIGIN_HANDLE_CREATE, NEXT_BLOCK, PREV_BLOCK, READ_HEADER; lustre_idl.h, used by
 * lustre/ptlrpc/llog_client.c and llog_server.c).
 *
 * <pre>
 *  0  20  lgd_logid        llog_logid (ost_id + ogen)
 * 20   4  lgd_ctxt_idx     the llog context (LLOG_CONFIG_ORIG_CTXT 0 for the MGS)
 * 24   4  lgd_llh_flags    the flags the client opens the log with
 * 28   4  lgd_index        the record index to read from (next/prev block)
 * 32   4  lgd_saved_index  the cursor's record index (next block)
 * 36   4  lgd_len          the chunk size wanted
 * 40   8  lgd_cur_offset   the cursor's byte offset (next block)
 * </pre>
 *
 * @param logid {@code lgd_logid}
 * @param ctxtIdx {@code lgd_ctxt_idx}
 * @param llhFlags {@code lgd_llh_flags}
 * @param index {@code lgd_index}
 * @param savedIndex {@code lgd_saved_index}
 * @param len {@code lgd_len}
 * @param curOffset {@code lgd_cur_offset}
 */
public record LlogdBody(LlogLogid logid, int ctxtIdx, int llhFlags, int index, int savedIndex, int len,
        long curOffset) {

    /** {@code sizeof(struct llogd_body)}. */
    public static final int SIZE = 48;
    /** Offset of {@code lgd_logid}. */
    public static final int OFF_LOGID = 0;
    /** Offset of {@code lgd_ctxt_idx}. */
    public static final int OFF_CTXT_IDX = 20;
    /** Offset of {@code lgd_llh_flags}. */
    public static final int OFF_LLH_FLAGS = 24;
    /** Offset of {@code lgd_index}. */
    public static final int OFF_INDEX = 28;
    /** Offset of {@code lgd_saved_index}. */
    public static final int OFF_SAVED_INDEX = 32;
    /** Offset of {@code lgd_len}. */
    public static final int OFF_LEN = 36;
    /** Offset of {@code lgd_cur_offset}. */
    public static final int OFF_CUR_OFFSET = 40;

    /** {@code LLOG_CONFIG_ORIG_CTXT}: the context config logs live in on the MGS. */
    public static final int LLOG_CONFIG_ORIG_CTXT = 0;
    /** {@code LLOG_CONFIG_REPL_CTXT}: the MGC's context for the same logs. */
    public static final int LLOG_CONFIG_REPL_CTXT = 1;

    /** Writes the 48 bytes at {@code offset}. */
    public void encode(MemorySegment dst, long offset) {
        dst.asSlice(offset, SIZE).fill((byte) 0);
        if (logid != null) {
            logid.write(dst, offset + OFF_LOGID);
        }
        dst.set(Le.U32, offset + OFF_CTXT_IDX, ctxtIdx);
        dst.set(Le.U32, offset + OFF_LLH_FLAGS, llhFlags);
        dst.set(Le.U32, offset + OFF_INDEX, index);
        dst.set(Le.U32, offset + OFF_SAVED_INDEX, savedIndex);
        dst.set(Le.U32, offset + OFF_LEN, len);
        dst.set(Le.U64, offset + OFF_CUR_OFFSET, curOffset);
    }

    /**
     * Decodes the body at the start of {@code src}.
     *
     * @throws IllegalArgumentException when {@code src} is shorter than 48 bytes
     */
    public static LlogdBody decode(MemorySegment src, boolean swabbed) {
        if (src.byteSize() < SIZE) {
            throw new IllegalArgumentException("llogd_body: " + src.byteSize() + " bytes, needs " + SIZE);
        }
        ValueLayout.OfInt u32 = swabbed ? Be.U32 : Le.U32;
        ValueLayout.OfLong u64 = swabbed ? Be.U64 : Le.U64;
        LlogLogid id = swabbed ? swabbedLogid(src) : LlogLogid.read(src, OFF_LOGID);
        return new LlogdBody(id, src.get(u32, OFF_CTXT_IDX), src.get(u32, OFF_LLH_FLAGS), src.get(u32, OFF_INDEX),
                src.get(u32, OFF_SAVED_INDEX), src.get(u32, OFF_LEN), src.get(u64, OFF_CUR_OFFSET));
    }

    private static LlogLogid swabbedLogid(MemorySegment src) {
        byte[] le = new byte[LlogLogid.SIZE];
        MemorySegment seg = MemorySegment.ofArray(le);
        seg.set(Le.U64, LlogLogid.OFF_OI_ID, src.get(Be.U64, LlogLogid.OFF_OI_ID));
        seg.set(Le.U64, LlogLogid.OFF_OI_SEQ, src.get(Be.U64, LlogLogid.OFF_OI_SEQ));
        seg.set(Le.U32, LlogLogid.OFF_OGEN, src.get(Be.U32, LlogLogid.OFF_OGEN));
        return LlogLogid.read(seg, 0);
    }
}
