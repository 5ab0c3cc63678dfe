package org.jlustre.mdt.lod;

import java.time.Duration;
import java.util.Objects;
import org.jlustre.wire.llog.LovDesc;
import org.jlustre.wire.mdt.LovMdsMd;

/**
 * The striping defaults and allocation settings of a {@link Lod}, as the config log's
 * {@code lov_setup} ({@code lov_desc}) and the {@code lod.*} parameters give them.
 *
 * @param name the device name ({@code lustre-MDT0000-mdtlov})
 * @param stripeCount default stripes per file ({@code ld_default_stripe_count}, -1 every OST)
 * @param stripeSize default stripe size in bytes ({@code ld_default_stripe_size})
 * @param stripeOffset default first OST ({@code ld_default_stripe_offset}, -1 any)
 * @param createTimeout how long a create waits in all for objects
 * @param qosThresholdRrPercent {@code qos_threshold_rr}: free space differing by more than this
 *        share between OSTs switches from round-robin to weighted allocation
 * @param qosPrioFreePercent {@code qos_prio_free}: how much free space weighs against spreading
 */
public record LodConfig(String name, int stripeCount, long stripeSize, int stripeOffset, Duration createTimeout,
        int qosThresholdRrPercent, int qosPrioFreePercent) {

    /** {@code LOV_DESC_STRIPE_SIZE_DEFAULT}: 1 MiB. */
    public static final long DEFAULT_STRIPE_SIZE = 1L << 20;
    /** {@code LOV_QOS_DEF_THRESHOLD_RR_PCT}. */
    public static final int DEFAULT_THRESHOLD_RR = 17;
    /** {@code LOV_QOS_DEF_PRIO_FREE}. */
    public static final int DEFAULT_PRIO_FREE = 90;

    /** Validates and fixes the stripe size as {@code lod_fix_desc_stripe_size} does. */
    public LodConfig {
        Objects.requireNonNull(name, "name");
        if (stripeCount < -1) {
            throw new IllegalArgumentException("default stripe count " + stripeCount + " below -1");
        }
        stripeSize = fixStripeSize(stripeSize);
        if (stripeOffset < -1 || stripeOffset > 0xfffe) {
            throw new IllegalArgumentException("default stripe offset " + stripeOffset + " not in -1..65534");
        }
        if (createTimeout.isNegative() || createTimeout.isZero()) {
            throw new IllegalArgumentException("create timeout " + createTimeout + " must be positive");
        }
        if (qosThresholdRrPercent < 0 || qosThresholdRrPercent > 100 || qosPrioFreePercent < 0
                || qosPrioFreePercent > 100) {
            throw new IllegalArgumentException("qos_threshold_rr " + qosThresholdRrPercent + " or qos_prio_free "
                    + qosPrioFreePercent + " not in 0..100");
        }
    }

    /**
     * {@code lod_fix_desc_stripe_size}: below 64 KiB becomes the 1 MiB default, otherwise down
     * to a multiple of 64 KiB.
     */
    static long fixStripeSize(long size) {
        if (size < LovMdsMd.LOV_MIN_STRIPE_SIZE) {
            return DEFAULT_STRIPE_SIZE;
        }
        if (size > LodLayout.MAX_STRIPE_SIZE) {
            return LodLayout.MAX_STRIPE_SIZE;
        }
        return size - size % LovMdsMd.LOV_MIN_STRIPE_SIZE;
    }

    /** Lustre's defaults for MDT {@code mdtIndex} of {@code fsname}: 1 stripe of 1 MiB, any OST, 100 s to wait. */
    public static LodConfig defaults(String fsname, int mdtIndex) {
        return new LodConfig(String.format("%s-MDT%04x-mdtlov", fsname, mdtIndex), 1, DEFAULT_STRIPE_SIZE, -1,
                Duration.ofSeconds(100), DEFAULT_THRESHOLD_RR, DEFAULT_PRIO_FREE);
    }

    /** The defaults a config log's {@code lov_setup} carries ({@code lod_setup}'s {@code lov_desc}). */
    public LodConfig withLovDesc(LovDesc d) {
        int count = d.defaultStripeCount() == 0 ? 1 : d.defaultStripeCount();
        return new LodConfig(name, count, d.defaultStripeSize(), (int) Math.max(-1, Math.min(0xfffe,
                d.defaultStripeOffset())), createTimeout, qosThresholdRrPercent, qosPrioFreePercent);
    }

    /** The same with other default stripes. */
    public LodConfig withStriping(int count, long size, int offset) {
        return new LodConfig(name, count, size, offset, createTimeout, qosThresholdRrPercent, qosPrioFreePercent);
    }

    /** The same with another create timeout. */
    public LodConfig withCreateTimeout(Duration d) {
        return new LodConfig(name, stripeCount, stripeSize, stripeOffset, d, qosThresholdRrPercent, qosPrioFreePercent);
    }

    /** The same with another {@code qos_threshold_rr}. */
    public LodConfig withThresholdRr(int percent) {
        return new LodConfig(name, stripeCount, stripeSize, stripeOffset, createTimeout, percent, qosPrioFreePercent);
    }
}
