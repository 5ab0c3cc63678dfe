package org.jlustre.wire.ptlrpc;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct lustre_handle} (8 bytes): a cookie naming an object on the peer, such as the
 * export a connection created ({@code pb_handle} and the CONNECT request's RMF_CONN buffer).
 *
 * @param cookie {@code cookie}; 0 names nothing
 */
public record LustreHandle(long cookie) {

    /** Encoded size. */
    public static final int SIZE = 8;
    /** The empty handle. */
    public static final LustreHandle NONE = new LustreHandle(0);
    /** {@code DEAD_HANDLE_MAGIC}: written over handles of destroyed objects. */
    public static final long DEAD_HANDLE_MAGIC = 0xdeadbeefcafebabeL;

    /** Whether the handle names something ({@code lustre_handle_is_used}). */
    public boolean isUsed() {
        return cookie != 0;
    }

    /** Writes the cookie at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        dst.set(Le.U64, offset, cookie);
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(cookie);
    }
}
