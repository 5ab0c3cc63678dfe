package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct lov_desc} (88 bytes): buffer 1 of the {@link LcfgCommand#SETUP} command that
 * sets up a lov or lmv ("lov_setup" in {@code llog_reader}), the striping defaults.
 *
 * <pre>
 *  0   4  ld_tgt_count
 *  4   4  ld_active_tgt_count   (also ld_magic)
 *  8   4  ld_default_stripe_count
 * 12   4  ld_pattern
 * 16   8  ld_default_stripe_size
 * 24   8  ld_default_stripe_offset
 * 32   4  ld_padding_0
 * 36   4  ld_qos_maxage
 * 40   4  ld_padding_1
 * 44   4  ld_padding_2
 * 48  40  ld_uuid
 * </pre>
 *
 * @param tgtCount {@code ld_tgt_count}
 * @param activeTgtCount {@code ld_active_tgt_count}
 * @param defaultStripeCount {@code ld_default_stripe_count}
 * @param pattern {@code ld_pattern}
 * @param defaultStripeSize {@code ld_default_stripe_size}
 * @param defaultStripeOffset {@code ld_default_stripe_offset}, -1 for "any"
 * @param qosMaxAge {@code ld_qos_maxage}, seconds
 * @param uuid {@code ld_uuid}, at most 40 bytes
 */
public record LovDesc(int tgtCount, int activeTgtCount, int defaultStripeCount, int pattern, long defaultStripeSize,
        long defaultStripeOffset, int qosMaxAge, String uuid) {

    /** {@code sizeof(struct lov_desc)}. */
    public static final int SIZE = 88;
    /** Size of {@code ld_uuid} ({@code struct obd_uuid}). */
    public static final int UUID_SIZE = 40;
    /** Offset of {@code ld_tgt_count}. */
    public static final int OFF_TGT_COUNT = 0;
    /** Offset of {@code ld_active_tgt_count}. */
    public static final int OFF_ACTIVE_TGT_COUNT = 4;
    /** Offset of {@code ld_default_stripe_count}. */
    public static final int OFF_DEFAULT_STRIPE_COUNT = 8;
    /** Offset of {@code ld_pattern}. */
    public static final int OFF_PATTERN = 12;
    /** Offset of {@code ld_default_stripe_size}. */
    public static final int OFF_DEFAULT_STRIPE_SIZE = 16;
    /** Offset of {@code ld_default_stripe_offset}. */
    public static final int OFF_DEFAULT_STRIPE_OFFSET = 24;
    /** Offset of {@code ld_padding_0}. */
    public static final int OFF_PADDING_0 = 32;
    /** Offset of {@code ld_qos_maxage}. */
    public static final int OFF_QOS_MAXAGE = 36;
    /** Offset of {@code ld_padding_1}. */
    public static final int OFF_PADDING_1 = 40;
    /** Offset of {@code ld_padding_2}. */
    public static final int OFF_PADDING_2 = 44;
    /** Offset of {@code ld_uuid}. */
    public static final int OFF_UUID = 48;

    /** Validates the uuid's length. */
    public LovDesc {
        RecordCodec.stringBytes(uuid, UUID_SIZE, "ld_uuid");
    }

    /** Writes the 88 bytes at {@code offset}. */
    public void encode(MemorySegment dst, long offset) {
        dst.asSlice(offset, SIZE).fill((byte) 0);
        dst.set(Le.U32, offset + OFF_TGT_COUNT, tgtCount);
        dst.set(Le.U32, offset + OFF_ACTIVE_TGT_COUNT, activeTgtCount);
        dst.set(Le.U32, offset + OFF_DEFAULT_STRIPE_COUNT, defaultStripeCount);
        dst.set(Le.U32, offset + OFF_PATTERN, pattern);
        dst.set(Le.U64, offset + OFF_DEFAULT_STRIPE_SIZE, defaultStripeSize);
        dst.set(Le.U64, offset + OFF_DEFAULT_STRIPE_OFFSET, defaultStripeOffset);
        dst.set(Le.U32, offset + OFF_QOS_MAXAGE, qosMaxAge);
        RecordCodec.putString(dst, offset + OFF_UUID, UUID_SIZE, uuid, "ld_uuid");
    }

    /** The 88 encoded bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        encode(MemorySegment.ofArray(b), 0);
        return b;
    }

    /**
     * Decodes a descriptor from the start of {@code src}.
     *
     * @throws IllegalArgumentException when {@code src} is shorter than 88 bytes
     */
    public static LovDesc decode(MemorySegment src) {
        if (src.byteSize() < SIZE) {
            throw new IllegalArgumentException("lov_desc: " + src.byteSize() + " bytes, needs " + SIZE);
        }
        return new LovDesc(src.get(Le.U32, OFF_TGT_COUNT), src.get(Le.U32, OFF_ACTIVE_TGT_COUNT),
                src.get(Le.U32, OFF_DEFAULT_STRIPE_COUNT), src.get(Le.U32, OFF_PATTERN),
                src.get(Le.U64, OFF_DEFAULT_STRIPE_SIZE), src.get(Le.U64, OFF_DEFAULT_STRIPE_OFFSET),
                src.get(Le.U32, OFF_QOS_MAXAGE), RecordCodec.string(src, OFF_UUID, UUID_SIZE));
    }
}
