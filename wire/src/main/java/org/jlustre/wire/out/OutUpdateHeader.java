package org.jlustre.wire.out;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;

/**
 * {@code struct out_update_header} (16 bytes before its inline data): the OUT_UPDATE request's
 * first buffer ({@code RMF_OUT_UPDATE_HEADER}). With {@code ouh_inline_length} > 0 one
 * {@link ObjectUpdateRequest} follows inline (what osp sends when it fits in
 * {@link #MAX_INLINE_SIZE}); with 0 the {@code ouh_count} buffers come by bulk, their sizes in
 * the {@code out_update_buffer} array ({@code RMF_OUT_UPDATE_BUF}, 8 bytes each:
 * {@code oub_size}, {@code oub_padding}).
 *
 * <pre>
 *  0  4 ouh_magic          OUT_UPDATE_HEADER_MAGIC (0xBDDF0001)
 *  4  4 ouh_count          update buffers
 *  8  4 ouh_inline_length
 * 12  4 ouh_reply_size     bytes of the reply's object_update_reply
 * 16  . ouh_inline_data
 * </pre>
 *
 * @param count {@code ouh_count}
 * @param inlineLength {@code ouh_inline_length}
 * @param replySize {@code ouh_reply_size}
 */
public record OutUpdateHeader(int count, int inlineLength, int replySize) {

    /** {@code OUT_UPDATE_HEADER_MAGIC}. */
    public static final int MAGIC = 0xBDDF0001;
    /** {@code sizeof(struct out_update_header)}. */
    public static final int SIZE = 16;
    /** Offset of {@code ouh_count}. */
    public static final int OFF_COUNT = 4;
    /** Offset of {@code ouh_inline_length}. */
    public static final int OFF_INLINE_LENGTH = 8;
    /** Offset of {@code ouh_reply_size}. */
    public static final int OFF_REPLY_SIZE = 12;
    /** {@code OUT_UPDATE_MAX_INLINE_SIZE}. */
    public static final int MAX_INLINE_SIZE = 4096;
    /** {@code sizeof(struct out_update_buffer)}. */
    public static final int BUFFER_SIZE = 8;
    /** {@code OUT_UPDATE_REPLY_SIZE}: the least reply room osp gives. */
    public static final int REPLY_SIZE = 4096;

    /** Writes the header at the start of {@code s}. */
    public void write(MemorySegment s) {
        s.set(Le.U32, 0, MAGIC);
        s.set(Le.U32, OFF_COUNT, count);
        s.set(Le.U32, OFF_INLINE_LENGTH, inlineLength);
        s.set(Le.U32, OFF_REPLY_SIZE, replySize);
    }

    /**
     * Reads the header at the start of {@code s}.
     *
     * @throws LustreException EPROTO for a short buffer or a bad magic, naming it
     */
    public static OutUpdateHeader read(MemorySegment s) throws LustreException {
        if (s.byteSize() < SIZE) {
            throw new LustreException(Errno.EPROTO, "out_update_header of " + s.byteSize() + " bytes, want " + SIZE);
        }
        int magic = s.get(Le.U32, 0);
        if (magic != MAGIC) {
            throw new LustreException(Errno.EPROTO, String.format("invalid update buffer magic %x expect %x", magic,
                    MAGIC));
        }
        return new OutUpdateHeader(s.get(Le.U32, OFF_COUNT), s.get(Le.U32, OFF_INLINE_LENGTH),
                s.get(Le.U32, OFF_REPLY_SIZE));
    }
}
