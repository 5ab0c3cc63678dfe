package org.jlustre.wire.out;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;

/**
 * {@code struct object_update} (40 bytes before its parameters; wiretest.c
 * {@code check_object_update}) and its {@code object_update_param}s: one update of one object.
 *
 * <pre>
 *  0  2 ou_type          enum update_type
 *  2  2 ou_params_count
 *  4  4 ou_result_size   bytes the reply may hold for it
 *  8  4 ou_flags         enum update_flag
 * 12  4 ou_padding1
 * 16  8 ou_batchid       the operation's transno on the master
 * 24 16 ou_fid
 * 40  . ou_params: {u16 oup_len; u16 oup_padding; u32 oup_padding2; oup_buf[oup_len]}, each
 *       rounded to 8 bytes (object_update_param_size)
 * </pre>
 *
 * @param type {@link UpdateType}
 * @param resultSize {@code ou_result_size}
 * @param flags {@code ou_flags}
 * @param batchId {@code ou_batchid}
 * @param fid the object
 * @param params the parameters' bytes, in order
 */
public record ObjectUpdate(int type, int resultSize, int flags, long batchId, Fid fid, List<byte[]> params) {

    /** {@code offsetof(struct object_update, ou_params)}. */
    public static final int HEADER_SIZE = 40;
    /** Offset of {@code ou_type}. */
    public static final int OFF_TYPE = 0;
    /** Offset of {@code ou_params_count}. */
    public static final int OFF_PARAMS_COUNT = 2;
    /** Offset of {@code ou_result_size}. */
    public static final int OFF_RESULT_SIZE = 4;
    /** Offset of {@code ou_flags}. */
    public static final int OFF_FLAGS = 8;
    /** Offset of {@code ou_batchid}. */
    public static final int OFF_BATCHID = 16;
    /** Offset of {@code ou_fid}. */
    public static final int OFF_FID = 24;
    /** {@code sizeof(struct object_update_param)}: the header before each parameter's bytes. */
    public static final int PARAM_HEADER_SIZE = 8;
    /** The largest parameter {@code oup_len} (u16) can say. */
    public static final int MAX_PARAM = 0xffff;

    /** Copies the parameters and checks their sizes. */
    public ObjectUpdate {
        Objects.requireNonNull(fid, "fid");
        List<byte[]> copy = new ArrayList<>(params.size());
        for (byte[] p : params) {
            if (p.length > MAX_PARAM) {
                throw new IllegalArgumentException("update parameter of " + p.length + " bytes: oup_len holds at most "
                        + MAX_PARAM);
            }
            copy.add(p.clone());
        }
        if (copy.size() > 0xffff) {
            throw new IllegalArgumentException(copy.size() + " parameters: ou_params_count holds at most 65535");
        }
        params = List.copyOf(copy);
    }

    /** An update with no result asked for and no flags, in batch {@code batchId}. */
    public static ObjectUpdate of(int type, long batchId, Fid fid, byte[]... params) {
        return new ObjectUpdate(type, 0, 0, batchId, fid, List.of(params));
    }

    /** Parameter {@code i}'s bytes (a copy). */
    public byte[] param(int i) {
        return params.get(i).clone();
    }

    /** {@code object_update_param_size} of a parameter of {@code len} bytes. */
    public static int paramSize(int len) {
        return Le.round8(PARAM_HEADER_SIZE + len);
    }

    /** {@code object_update_size}: the header and the rounded parameters. */
    public int size() {
        int n = HEADER_SIZE;
        for (byte[] p : params) {
            n += paramSize(p.length);
        }
        return n;
    }

    /** Writes the update at {@code off}; the padding is written as zeros. */
    public void write(MemorySegment s, long off) {
        s.asSlice(off, size()).fill((byte) 0);
        s.set(Le.U16, off + OFF_TYPE, (short) type);
        s.set(Le.U16, off + OFF_PARAMS_COUNT, (short) params.size());
        s.set(Le.U32, off + OFF_RESULT_SIZE, resultSize);
        s.set(Le.U32, off + OFF_FLAGS, flags);
        s.set(Le.U64, off + OFF_BATCHID, batchId);
        fid.writeLE(s, off + OFF_FID);
        long p = off + HEADER_SIZE;
        for (byte[] b : params) {
            s.set(Le.U16, p, (short) b.length);
            MemorySegment.copy(MemorySegment.ofArray(b), 0, s, p + PARAM_HEADER_SIZE, b.length);
            p += paramSize(b.length);
        }
    }

    /**
     * Reads the update at {@code off}, which must end by {@code limit}.
     *
     * @throws LustreException EPROTO naming what overruns {@code limit}
     */
    public static ObjectUpdate read(MemorySegment s, long off, long limit) throws LustreException {
        if (off + HEADER_SIZE > limit) {
            throw new LustreException(Errno.EPROTO, "object_update at " + off + " overruns the buffer (" + limit
                    + " bytes)");
        }
        int type = Short.toUnsignedInt(s.get(Le.U16, off + OFF_TYPE));
        int count = Short.toUnsignedInt(s.get(Le.U16, off + OFF_PARAMS_COUNT));
        List<byte[]> params = new ArrayList<>(count);
        long p = off + HEADER_SIZE;
        for (int i = 0; i < count; i++) {
            if (p + PARAM_HEADER_SIZE > limit) {
                throw new LustreException(Errno.EPROTO, "parameter " + i + " of a " + UpdateType.name(type)
                        + " update overruns the buffer");
            }
            int len = Short.toUnsignedInt(s.get(Le.U16, p));
            if (p + paramSize(len) > limit) {
                throw new LustreException(Errno.EPROTO, "parameter " + i + " (" + len + " bytes) of a "
                        + UpdateType.name(type) + " update overruns the buffer");
            }
            params.add(s.asSlice(p + PARAM_HEADER_SIZE, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            p += paramSize(len);
        }
        return new ObjectUpdate(type, s.get(Le.U32, off + OFF_RESULT_SIZE), s.get(Le.U32, off + OFF_FLAGS),
                s.get(Le.U64, off + OFF_BATCHID), Fid.readLE(s, off + OFF_FID), params);
    }
}
