package org.jlustre.wire.ldlm;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct ldlm_request} (104 bytes with its two handles; RMF_DLM_REQ): the flags
 * ({@code LDLM_FL_*}, low 32 bits), how many handles it names, the lock wanted and the handles.
 * In an enqueue, {@code handles[0]} is the client's own cookie for the lock and further handles
 * are locks to cancel early; in a cancel every handle is a server cookie. With more than two
 * handles the buffer grows by 8 bytes each ({@code ldlm_request_bufsize}).
 *
 * <pre>
 *   0 4 lock_flags    4 4 lock_count    8 80 lock_desc    88 8*n lock_handle[n], n &gt;= 2
 * </pre>
 *
 * @param flags {@code lock_flags}
 * @param desc {@code lock_desc}
 * @param handles the {@code lock_count} handles
 */
public record LdlmRequest(int flags, LdlmLockDesc desc, List<Long> handles) {

    /** {@code sizeof(struct ldlm_request)}. */
    public static final int SIZE = 104;
    /** Offset of {@code lock_count}. */
    public static final int OFF_COUNT = 4;
    /** Offset of {@code lock_desc}. */
    public static final int OFF_DESC = 8;
    /** Offset of {@code lock_handle}. */
    public static final int OFF_HANDLES = 88;
    /** Handles the 104 bytes hold ({@code LDLM_LOCKREQ_HANDLES}). */
    public static final int HANDLES_IN_SIZE = 2;

    /** Copies the handles. */
    public LdlmRequest {
        handles = List.copyOf(handles);
    }

    /** The buffer size for {@code count} handles ({@code ldlm_request_bufsize}). */
    public static int bufSize(int count) {
        return SIZE + 8 * Math.max(0, count - HANDLES_IN_SIZE);
    }

    /** This request's buffer size. */
    public int byteSize() {
        return bufSize(handles.size());
    }

    /** Writes it little-endian at {@code offset}; unused handle slots are zero. */
    public void write(MemorySegment dst, long offset) {
        dst.asSlice(offset, byteSize()).fill((byte) 0);
        dst.set(Le.U32, offset, flags);
        dst.set(Le.U32, offset + OFF_COUNT, handles.size());
        desc.write(dst, offset + OFF_DESC, Le.U64, Le.U32);
        for (int i = 0; i < handles.size(); i++) {
            dst.set(Le.U64, offset + OFF_HANDLES + 8L * i, handles.get(i));
        }
    }

    /**
     * Reads a request from a buffer of {@code src.byteSize() - offset} bytes, byte-swapped when
     * {@code swab} ({@code lustre_swab_ldlm_request}).
     *
     * @throws IllegalArgumentException when the buffer is short or names more handles than it holds
     */
    public static LdlmRequest read(MemorySegment src, long offset, boolean swab) {
        long have = src.byteSize() - offset;
        if (offset < 0 || have < SIZE) {
            throw new IllegalArgumentException("ldlm_request at " + offset + " needs " + SIZE + " bytes, "
                    + Math.max(0, have) + " there");
        }
        var u32 = swab ? Be.U32 : Le.U32;
        var u64 = swab ? Be.U64 : Le.U64;
        int count = src.get(u32, offset + OFF_COUNT);
        if (count < 0 || bufSize(count) > have) {
            throw new IllegalArgumentException("ldlm_request lock_count " + Integer.toUnsignedString(count)
                    + " does not fit its " + have + " bytes");
        }
        Long[] h = new Long[count];
        for (int i = 0; i < count; i++) {
            h[i] = src.get(u64, offset + OFF_HANDLES + 8L * i);
        }
        return new LdlmRequest(src.get(u32, offset), LdlmLockDesc.read(src, offset + OFF_DESC, u64, u32), List.of(h));
    }
}
