package org.jlustre.wire;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Big-endian unaligned layouts: what a little-endian reader sees as "swabbed". Lustre writes in
 * the sender's byte order and swabs on receipt ({@code lustre_swab_*}); LNet headers are always
 * little-endian. Decoders pick {@link Le} or these by the magic they find.
 */
public final class Be {

    private Be() {
    }

    /** u16 big-endian. */
    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** u32 big-endian. */
    public static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** u64 big-endian. */
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
}
