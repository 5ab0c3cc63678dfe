package org.jlustre.wire.target;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct lsd_reply_data} (32 bytes; lustre_disk.h, reference-targets 2.4), the 2.15
 * (v1) slot of {@code reply_data}: one saved reply of a modifying RPC, slot {@code i} at
 * {@code 32 + 32 * i}, tied to its client by {@code lrd_client_gen} = the client's
 * {@code lcd_generation}.
 *
 * <pre>
 *    0  8  lrd_transno
 *    8  8  lrd_xid
 *   16  8  lrd_data        per-operation data
 *   24  4  lrd_result
 *   28  4  lrd_client_gen
 * </pre>
 *
 * @param transno the transaction number
 * @param xid the request's xid
 * @param data per-operation data (open disposition ...)
 * @param result the request's result
 * @param clientGeneration the owning client's generation
 */
public record ReplyData(long transno, long xid, long data, int result, int clientGeneration) {

    /** {@code sizeof(struct lsd_reply_data)} in 2.15. */
    public static final int SIZE = 32;
    /** Offset of {@code lrd_transno}. */
    public static final int OFF_TRANSNO = 0;
    /** Offset of {@code lrd_xid}. */
    public static final int OFF_XID = 8;
    /** Offset of {@code lrd_data}. */
    public static final int OFF_DATA = 16;
    /** Offset of {@code lrd_result}. */
    public static final int OFF_RESULT = 24;
    /** Offset of {@code lrd_client_gen}. */
    public static final int OFF_CLIENT_GEN = 28;

    /** The file offset of slot {@code index} ({@code tgt_reply_data_write}). */
    public static long offsetOf(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("reply_data slot " + index + " is negative");
        }
        return ReplyDataHeader.SIZE + (long) SIZE * index;
    }

    /** Writes the 32 bytes at {@code offset}. */
    public void encode(MemorySegment dst, long offset) {
        dst.set(Le.U64, offset + OFF_TRANSNO, transno);
        dst.set(Le.U64, offset + OFF_XID, xid);
        dst.set(Le.U64, offset + OFF_DATA, data);
        dst.set(Le.U32, offset + OFF_RESULT, result);
        dst.set(Le.U32, offset + OFF_CLIENT_GEN, clientGeneration);
    }

    /** The 32 encoded bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        encode(MemorySegment.ofArray(b), 0);
        return b;
    }

    /**
     * Reads the slot at {@code offset}.
     *
     * @throws IndexOutOfBoundsException when fewer than 32 bytes follow {@code offset}
     */
    public static ReplyData decode(MemorySegment src, long offset) {
        if (src.byteSize() - offset < SIZE) {
            throw new IndexOutOfBoundsException("lsd_reply_data needs " + SIZE + " bytes, "
                    + Math.max(0, src.byteSize() - offset) + " there");
        }
        return new ReplyData(src.get(Le.U64, offset + OFF_TRANSNO), src.get(Le.U64, offset + OFF_XID),
                src.get(Le.U64, offset + OFF_DATA), src.get(Le.U32, offset + OFF_RESULT),
                src.get(Le.U32, offset + OFF_CLIENT_GEN));
    }
}
