package org.jlustre.wire.ldlm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct ldlm_flock_wire} (32 bytes), the flock form of {@code ldlm_wire_policy_data}:
 * an inclusive byte range, the lock owner (the open file for flock(2), the POSIX lock owner for
 * fcntl) and the process id reported to F_GETLK.
 *
 * <pre>
 *   0 8 lfw_start    16 8 lfw_owner    28 4 lfw_pid
 *   8 8 lfw_end      24 4 lfw_padding
 * </pre>
 *
 * @param start first byte (unsigned)
 * @param end last byte, inclusive; {@link #EOF} to the end of the file (unsigned)
 * @param owner the lock owner
 * @param pid the owning process
 */
public record LdlmFlockWire(long start, long end, long owner, int pid) {

    /** {@code sizeof(struct ldlm_flock_wire)} and of the policy union. */
    public static final int SIZE = 32;
    /** Offset of {@code lfw_start}. */
    public static final int OFF_START = 0;
    /** Offset of {@code lfw_end}. */
    public static final int OFF_END = 8;
    /** Offset of {@code lfw_owner}. */
    public static final int OFF_OWNER = 16;
    /** Offset of {@code lfw_padding}. */
    public static final int OFF_PADDING = 24;
    /** Offset of {@code lfw_pid}. */
    public static final int OFF_PID = 28;
    /** {@code OBD_OBJECT_EOF}: the range reaches the end of any file. */
    public static final long EOF = -1L;

    /** Whether the ranges of this and {@code o} share a byte ({@code ldlm_flocks_overlap}). */
    public boolean overlaps(LdlmFlockWire o) {
        return Long.compareUnsigned(o.start, end) <= 0 && Long.compareUnsigned(o.end, start) >= 0;
    }

    /** The same owner and pid over {@code [newStart, newEnd]}. */
    public LdlmFlockWire withRange(long newStart, long newEnd) {
        return new LdlmFlockWire(newStart, newEnd, owner, pid);
    }

    void write(MemorySegment dst, long offset, ValueLayout.OfLong u64, ValueLayout.OfInt u32) {
        dst.set(u64, offset + OFF_START, start);
        dst.set(u64, offset + OFF_END, end);
        dst.set(u64, offset + OFF_OWNER, owner);
        dst.set(u32, offset + OFF_PADDING, 0);
        dst.set(u32, offset + OFF_PID, pid);
    }

    static LdlmFlockWire read(MemorySegment src, long offset, ValueLayout.OfLong u64, ValueLayout.OfInt u32) {
        return new LdlmFlockWire(src.get(u64, offset + OFF_START), src.get(u64, offset + OFF_END),
                src.get(u64, offset + OFF_OWNER), src.get(u32, offset + OFF_PID));
    }

    @Override
    public String toString() {
        return "[" + Long.toUnsignedString(start) + "->" + (end == EOF ? "EOF" : Long.toUnsignedString(end))
                + "] owner 0x" + Long.toHexString(owner) + " pid " + pid;
    }
}
