package org.jlustre.wire.target;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct lsd_reply_header} (32 bytes at offset 0 of {@code reply_data}; lustre_disk.h,
 * reference-targets 2.4), the 2.15 (v1) format: a magic and the two sizes a reader checks
 * before trusting the slots that follow.
 *
 * <pre>
 *    0   4  lrh_magic         LRH_MAGIC 0xbdabda01
 *    4   4  lrh_header_size   32
 *    8   4  lrh_reply_size    32
 *   12  20  lrh_pad
 * </pre>
 *
 * @param magic {@link #MAGIC} in a valid file
 * @param headerSize {@link #SIZE} in a valid file
 * @param replySize {@link ReplyData#SIZE} in a valid file
 */
public record ReplyDataHeader(int magic, int headerSize, int replySize) {

    /** {@code sizeof(struct lsd_reply_header)}. */
    public static final int SIZE = 32;
    /** {@code LRH_MAGIC} (2.15; 2.16's v2 format with 64-byte slots has 0xbdabda02). */
    public static final int MAGIC = 0xbdabda01;
    /** Offset of {@code lrh_magic}. */
    public static final int OFF_MAGIC = 0;
    /** Offset of {@code lrh_header_size}. */
    public static final int OFF_HEADER_SIZE = 4;
    /** Offset of {@code lrh_reply_size}. */
    public static final int OFF_REPLY_SIZE = 8;
    /** Offset of {@code lrh_pad}. */
    public static final int OFF_PAD = 12;

    /** The header Lustre 2.15 writes ({@code tgt_reply_header_write}). */
    public static ReplyDataHeader current() {
        return new ReplyDataHeader(MAGIC, SIZE, ReplyData.SIZE);
    }

    /** Whether magic and sizes are the ones a 2.15 target accepts ({@code tgt_reply_data_init}). */
    public boolean isValid() {
        return magic == MAGIC && headerSize == SIZE && replySize == ReplyData.SIZE;
    }

    /** Writes the 32 bytes at {@code offset} (the pad zeroed). */
    public void encode(MemorySegment dst, long offset) {
        dst.asSlice(offset, SIZE).fill((byte) 0);
        dst.set(Le.U32, offset + OFF_MAGIC, magic);
        dst.set(Le.U32, offset + OFF_HEADER_SIZE, headerSize);
        dst.set(Le.U32, offset + OFF_REPLY_SIZE, replySize);
    }

    /** The 32 encoded bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        encode(MemorySegment.ofArray(b), 0);
        return b;
    }

    /**
     * Reads the header at {@code offset}, valid or not (see {@link #isValid()}).
     *
     * @throws IndexOutOfBoundsException when fewer than 32 bytes follow {@code offset}
     */
    public static ReplyDataHeader decode(MemorySegment src, long offset) {
        if (src.byteSize() - offset < SIZE) {
            throw new IndexOutOfBoundsException("lsd_reply_header needs " + SIZE + " bytes, "
                    + Math.max(0, src.byteSize() - offset) + " there");
        }
        return new ReplyDataHeader(src.get(Le.U32, offset + OFF_MAGIC), src.get(Le.U32, offset + OFF_HEADER_SIZE),
                src.get(Le.U32, offset + OFF_REPLY_SIZE));
    }
}
