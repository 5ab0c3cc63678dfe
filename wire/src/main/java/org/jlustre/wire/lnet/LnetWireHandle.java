package org.jlustre.wire.lnet;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct lnet_handle_wire} (16 bytes): names a memory descriptor on the node that sent
 * it, so the peer can address an ACK or a REPLY to it. {@link #NONE} (both cookies
 * {@code LNET_WIRE_HANDLE_COOKIE_NONE}) in a PUT asks for no ACK.
 *
 * <pre>
 *  0  8  wh_interface_cookie
 *  8  8  wh_object_cookie
 * </pre>
 *
 * @param interfaceCookie {@code wh_interface_cookie}: the sending LNet instance
 * @param objectCookie {@code wh_object_cookie}: the MD within it
 */
public record LnetWireHandle(long interfaceCookie, long objectCookie) {

    /** Encoded size. */
    public static final int SIZE = 16;
    /** Offset of {@code wh_interface_cookie}. */
    public static final int OFF_INTERFACE_COOKIE = 0;
    /** Offset of {@code wh_object_cookie}. */
    public static final int OFF_OBJECT_COOKIE = 8;
    /** {@code LNET_WIRE_HANDLE_COOKIE_NONE}. */
    public static final long COOKIE_NONE = -1L;
    /** The handle that names no MD: a PUT carrying it wants no ACK. */
    public static final LnetWireHandle NONE = new LnetWireHandle(COOKIE_NONE, COOKIE_NONE);

    /** Whether this is {@link #NONE} ({@code LNetHandleIsInvalid} on the wire form). */
    public boolean isNone() {
        return objectCookie == COOKIE_NONE;
    }

    /** Writes the 16 bytes at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        dst.set(Le.U64, offset + OFF_INTERFACE_COOKIE, interfaceCookie);
        dst.set(Le.U64, offset + OFF_OBJECT_COOKIE, objectCookie);
    }

    /** Reads 16 bytes at {@code offset}. */
    public static LnetWireHandle read(MemorySegment src, long offset) {
        return new LnetWireHandle(src.get(Le.U64, offset + OFF_INTERFACE_COOKIE),
                src.get(Le.U64, offset + OFF_OBJECT_COOKIE));
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(interfaceCookie) + ":0x" + Long.toHexString(objectCookie);
    }
}
