package org.jlustre.wire.mgs;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.CString;

/**
 * {@code struct mgs_send_param} (1024 bytes): the body of MGS_SET_INFO, one parameter
 * {@code name=value} as a NUL-terminated string in {@code mgs_param[MGS_PARAM_MAXLEN]}.
 *
 * @param param the parameter
 */
public record MgsSendParam(String param) {

    /** {@code MGS_PARAM_MAXLEN}, the structure's size. */
    public static final int SIZE = 1024;

    /** Checks that the parameter fits with its NUL. */
    public MgsSendParam {
        CString.bytes(param, SIZE, "mgs_param");
    }

    /** Writes the 1024 bytes at {@code offset}. */
    public void encode(MemorySegment dst, long offset) {
        CString.put(dst, offset, SIZE, param, "mgs_param");
    }

    /**
     * Decodes the structure at the start of {@code src}.
     *
     * @throws IllegalArgumentException for a short buffer or a parameter without its NUL
     */
    public static MgsSendParam decode(MemorySegment src) {
        if (src.byteSize() < SIZE) {
            throw new IllegalArgumentException("mgs_send_param: " + src.byteSize() + " bytes, needs " + SIZE);
        }
        return new MgsSendParam(CString.get(src, 0, SIZE, "mgs_param"));
    }
}
