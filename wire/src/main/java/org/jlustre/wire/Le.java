package org.jlustre.wire;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Little-endian unaligned layouts: Lustre's disk and wire byte order. */
public final class Le {

    private Le() {
    }

    /** u16 little-endian. */
    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** u32 little-endian. */
    public static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** u64 little-endian. */
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Rounds up to a multiple of 8 ({@code cfs_size_round}). */
    public static int round8(int n) {
        return (n + 7) & ~7;
    }

    /** Rounds up to a multiple of 8, for unsigned 32-bit lengths read off the wire. */
    public static long round8Long(long n) {
        return (n + 7) & ~7L;
    }
}
