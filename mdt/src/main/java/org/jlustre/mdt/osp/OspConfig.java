package org.jlustre.mdt.osp;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Osp} precreates, waits and retries.
 *
 * @param name the device name ({@code lustre-OST0000-osc-MDT0000}), for logs and parameters
 * @param ostIndex the OST's index: the slot of its {@code lov_objid}, {@code lov_objseq} and
 *        CATALOGS entries, and the index of its IDIF FIDs
 * @param createTimeout how long a create waits for an object ({@code obd_timeout} in
 *        {@code osp_precreate_reserve}); past it the create fails with ETIMEDOUT
 * @param maxCreateCount {@code max_create_count}: the largest precreate batch (0 stops the
 *        OSP from handing out objects, as in Lustre)
 * @param statfsMaxAge how long a statfs answer is trusted ({@code opd_statfs_maxage})
 * @param retryMin the first backoff after a failed precreate, connect or destroy
 * @param retryMax the longest backoff
 */
public record OspConfig(String name, int ostIndex, Duration createTimeout, int maxCreateCount,
        Duration statfsMaxAge, Duration retryMin, Duration retryMax) {

    /** {@code OST_MIN_PRECREATE}: the first batch and the smallest. */
    public static final int OST_MIN_PRECREATE = 32;
    /** {@code OST_MAX_PRECREATE}: the default {@code max_create_count}. */
    public static final int OST_MAX_PRECREATE = 20000;

    /** Validates. */
    public OspConfig {
        Objects.requireNonNull(name, "name");
        if (ostIndex < 0 || ostIndex > 0xffff) {
            throw new IllegalArgumentException("OST index " + ostIndex + " not in 0..65535");
        }
        if (createTimeout.isNegative() || createTimeout.isZero()) {
            throw new IllegalArgumentException("create timeout " + createTimeout + " must be positive");
        }
        if (maxCreateCount < 0 || maxCreateCount > OST_MAX_PRECREATE) {
            throw new IllegalArgumentException("max_create_count " + maxCreateCount + " not in 0.." + OST_MAX_PRECREATE);
        }
        if (statfsMaxAge.isNegative() || retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("bad statfs max age " + statfsMaxAge + " or retry backoff " + retryMin
                    + ".." + retryMax);
        }
    }

    /**
     * Lustre's defaults for the OSP of OST {@code ostIndex} of {@code fsname} on MDT
     * {@code mdtIndex}: 100 s to wait for an object ({@code obd_timeout}), batches up to 20000,
     * statfs trusted 5 s, retries from 100 ms backing off to 10 s.
     */
    public static OspConfig defaults(String fsname, int ostIndex, int mdtIndex) {
        return named(String.format("%s-OST%04x-osc-MDT%04x", fsname, ostIndex, mdtIndex), ostIndex);
    }

    /** Lustre's defaults for the OSP named {@code name} (from the config log) of OST {@code ostIndex}. */
    public static OspConfig named(String name, int ostIndex) {
        return new OspConfig(name, ostIndex, Duration.ofSeconds(100), OST_MAX_PRECREATE, Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    /** The same with another create timeout. */
    public OspConfig withCreateTimeout(Duration d) {
        return new OspConfig(name, ostIndex, d, maxCreateCount, statfsMaxAge, retryMin, retryMax);
    }

    /** The same with another {@code max_create_count}. */
    public OspConfig withMaxCreateCount(int n) {
        return new OspConfig(name, ostIndex, createTimeout, n, statfsMaxAge, retryMin, retryMax);
    }

    /** The same with another statfs max age. */
    public OspConfig withStatfsMaxAge(Duration d) {
        return new OspConfig(name, ostIndex, createTimeout, maxCreateCount, d, retryMin, retryMax);
    }

    /** The same with another retry backoff. */
    public OspConfig withRetry(Duration min, Duration max) {
        return new OspConfig(name, ostIndex, createTimeout, maxCreateCount, statfsMaxAge, min, max);
    }
}
