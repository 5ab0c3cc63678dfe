package org.jlustre.wire.out;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;

/**
 * {@code struct object_update_request} (8 bytes before its updates): the updates of one
 * OUT_UPDATE buffer, one after the other.
 *
 * <pre>
 *  0  4 ourq_magic    UPDATE_REQUEST_MAGIC (V2, 0xBDDE0002)
 *  4  2 ourq_count
 *  6  2 ourq_padding
 *  8  . ourq_updates
 * </pre>
 *
 * @param updates the updates, in order
 */
public record ObjectUpdateRequest(List<ObjectUpdate> updates) {

    /** {@code UPDATE_REQUEST_MAGIC_V1}. */
    public static final int MAGIC_V1 = 0xBDDE0001;
    /** {@code UPDATE_REQUEST_MAGIC} ({@code _V2}). */
    public static final int MAGIC = 0xBDDE0002;
    /** {@code offsetof(struct object_update_request, ourq_updates)}. */
    public static final int HEADER_SIZE = 8;
    /** Offset of {@code ourq_count}. */
    public static final int OFF_COUNT = 4;

    /** Copies the list. */
    public ObjectUpdateRequest {
        updates = List.copyOf(updates);
        if (updates.size() > 0xffff) {
            throw new IllegalArgumentException(updates.size() + " updates: ourq_count holds at most 65535");
        }
    }

    /** {@code object_update_request_size}. */
    public int size() {
        int n = HEADER_SIZE;
        for (ObjectUpdate u : updates) {
            n += u.size();
        }
        return n;
    }

    /** The encoded bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[size()];
        MemorySegment s = MemorySegment.ofArray(b);
        s.set(Le.U32, 0, MAGIC);
        s.set(Le.U16, OFF_COUNT, (short) updates.size());
        long off = HEADER_SIZE;
        for (ObjectUpdate u : updates) {
            u.write(s, off);
            off += u.size();
        }
        return b;
    }

    /**
     * Reads the request in {@code s}.
     *
     * @throws LustreException EPROTO for a bad magic (naming it) or an update overrunning
     *     {@code s}
     */
    public static ObjectUpdateRequest read(MemorySegment s) throws LustreException {
        if (s.byteSize() < HEADER_SIZE) {
            throw new LustreException(Errno.EPROTO, "object_update_request of " + s.byteSize() + " bytes");
        }
        int magic = s.get(Le.U32, 0);
        if (magic != MAGIC) {
            throw new LustreException(Errno.EPROTO, String.format("invalid update buffer magic %x expect %x", magic,
                    MAGIC));
        }
        int count = Short.toUnsignedInt(s.get(Le.U16, OFF_COUNT));
        List<ObjectUpdate> updates = new ArrayList<>(count);
        long off = HEADER_SIZE;
        for (int i = 0; i < count; i++) {
            ObjectUpdate u = ObjectUpdate.read(s, off, s.byteSize());
            updates.add(u);
            off += u.size();
        }
        return new ObjectUpdateRequest(updates);
    }
}
