package org.jlustre.wire.out;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;

/**
 * {@code struct object_update_reply} and its {@code object_update_result}s: the OUT_UPDATE
 * reply's buffer ({@code RMF_OUT_UPDATE_REPLY}), one result per update. A null result is an
 * update that did not run (the request stopped at an earlier failure): its length and every
 * later one are 0, as {@code out_handle} leaves them, and {@code object_update_result_get}
 * finds no result from there on.
 *
 * <pre>
 * object_update_reply:
 *  0  4 ourp_magic     UPDATE_REPLY_MAGIC (V2, 0x00BD0002)
 *  4  2 ourp_count
 *  6  2 ourp_padding
 *  8  . ourp_lens[count] (u16): each result's size, rounded to 8
 * then, from cfs_size_round(8 + 2 * count), the results one after another (each rounded):
 * object_update_result:
 *  0  4 our_rc        the update's status (negative errno)
 *  4  2 our_datalen
 *  6  2 our_padding
 *  8  . our_data
 * </pre>
 *
 * @param results the results, in update order
 */
public record ObjectUpdateReply(List<Result> results) {

    /** {@code UPDATE_REPLY_MAGIC_V1}. */
    public static final int MAGIC_V1 = 0x00BD0001;
    /** {@code UPDATE_REPLY_MAGIC} ({@code _V2}). */
    public static final int MAGIC = 0x00BD0002;
    /** {@code offsetof(struct object_update_reply, ourp_lens)}. */
    public static final int HEADER_SIZE = 8;
    /** Offset of {@code ourp_count}. */
    public static final int OFF_COUNT = 4;
    /** {@code sizeof(struct object_update_result)}: the header before a result's data. */
    public static final int RESULT_HEADER_SIZE = 8;

    /**
     * One {@code object_update_result}.
     *
     * @param rc {@code our_rc}
     * @param data {@code our_data} (empty for none)
     */
    public record Result(int rc, byte[] data) {
        /** Copies the data. */
        public Result {
            if (data.length > 0xffff) {
                throw new IllegalArgumentException("result of " + data.length + " bytes: our_datalen holds at most 65535");
            }
            data = data.clone();
        }

        /** The data (a copy). */
        @Override
        public byte[] data() {
            return data.clone();
        }

        /** A status alone. */
        public static Result of(int rc) {
            return new Result(rc, new byte[0]);
        }

        /** The size {@code ourp_lens} gives it: {@code cfs_size_round(datalen + 8)}. */
        int size() {
            return Le.round8(data.length + RESULT_HEADER_SIZE);
        }
    }

    /** Copies the list (nulls allowed, as said above). */
    public ObjectUpdateReply {
        results = java.util.Collections.unmodifiableList(new ArrayList<>(results));
    }

    /** Where the results start: {@code cfs_size_round(offsetof(ourp_lens[count]))}. */
    static int resultsOffset(int count) {
        return Le.round8(HEADER_SIZE + 2 * count);
    }

    /** The encoded size. */
    public int size() {
        int n = resultsOffset(results.size());
        for (Result r : results) {
            if (r == null) {
                break;
            }
            n += r.size();
        }
        return n;
    }

    /**
     * Writes the reply at the start of {@code s} (the rest of which is left as it is).
     *
     * @throws LustreException EOVERFLOW when it does not fit in {@code s}, which is
     *     {@code ouh_reply_size} bytes
     */
    public void write(MemorySegment s) throws LustreException {
        if (size() > s.byteSize()) {
            throw new LustreException(Errno.EOVERFLOW, "update reply of " + size() + " bytes for " + results.size()
                    + " results does not fit the " + s.byteSize() + " bytes asked");
        }
        s.asSlice(0, size()).fill((byte) 0);
        s.set(Le.U32, 0, MAGIC);
        s.set(Le.U16, OFF_COUNT, (short) results.size());
        long off = resultsOffset(results.size());
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            if (r == null) {
                break;
            }
            s.set(Le.U16, HEADER_SIZE + 2L * i, (short) r.size());
            s.set(Le.U32, off, r.rc());
            s.set(Le.U16, off + 4, (short) r.data.length);
            MemorySegment.copy(MemorySegment.ofArray(r.data), 0, s, off + RESULT_HEADER_SIZE, r.data.length);
            off += r.size();
        }
    }

    /**
     * Reads a reply ({@code object_update_result_get}, {@code object_update_result_data_get}).
     *
     * @throws LustreException EPROTO for a bad magic or a result that overruns {@code s}
     */
    public static ObjectUpdateReply read(MemorySegment s) throws LustreException {
        if (s.byteSize() < HEADER_SIZE) {
            throw new LustreException(Errno.EPROTO, "object_update_reply of " + s.byteSize() + " bytes");
        }
        int magic = s.get(Le.U32, 0);
        if (magic != MAGIC) {
            throw new LustreException(Errno.EPROTO, String.format("invalid update reply magic %x expect %x", magic,
                    MAGIC));
        }
        int count = Short.toUnsignedInt(s.get(Le.U16, OFF_COUNT));
        long off = resultsOffset(count);
        List<Result> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int len = Short.toUnsignedInt(s.get(Le.U16, HEADER_SIZE + 2L * i));
            if (len == 0) {
                while (results.size() < count) {
                    results.add(null);
                }
                break;
            }
            if (len < RESULT_HEADER_SIZE || off + len > s.byteSize()) {
                throw new LustreException(Errno.EPROTO, "update result " + i + " of " + len + " bytes at " + off
                        + " does not fit the " + s.byteSize() + "-byte reply");
            }
            int datalen = Short.toUnsignedInt(s.get(Le.U16, off + 4));
            if (datalen > len - RESULT_HEADER_SIZE) {
                throw new LustreException(Errno.EPROTO, "update result " + i + " says " + datalen + " bytes in "
                        + len);
            }
            results.add(new Result(s.get(Le.U32, off),
                    s.asSlice(off + RESULT_HEADER_SIZE, datalen).toArray(ValueLayout.JAVA_BYTE)));
            off += Le.round8(len);
        }
        return new ObjectUpdateReply(results);
    }
}
