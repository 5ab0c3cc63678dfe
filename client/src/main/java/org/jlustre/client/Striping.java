package org.jlustre.client;

import org.jlustre.wire.mdt.LovMdsMd;

/**
 * The striping a create asks for ({@code lfs setstripe -c -S -i -p}; sent to the MDT as a
 * {@code lov_user_md}). Zero or -1 fields leave the choice to the MDT, as in Lustre.
 *
 * @param stripeCount stripes (0 = the directory's or filesystem's default, -1 = every OST)
 * @param stripeSize bytes per stripe (0 = default; else a multiple of 64 KiB)
 * @param stripeOffset the OST index of the first stripe (-1 = the MDT chooses)
 * @param pool the OST pool ("" for none; at most 15 bytes)
 */
public record Striping(int stripeCount, int stripeSize, int stripeOffset, String pool) {

    /** Everything left to the MDT: the directory's default striping, else the filesystem's. */
    public static final Striping DEFAULT = new Striping(0, 0, -1, "");

    /** Checks the values as {@code lfs setstripe} (llapi_file_open_param) does. */
    public Striping {
        if (stripeCount < -1 || stripeCount > LovMdsMd.LOV_MAX_STRIPE_COUNT) {
            throw new IllegalArgumentException("stripe count " + stripeCount + " outside -1.."
                    + LovMdsMd.LOV_MAX_STRIPE_COUNT);
        }
        if (stripeSize < 0 || stripeSize % LovMdsMd.LOV_MIN_STRIPE_SIZE != 0) {
            throw new IllegalArgumentException("stripe size " + stripeSize + " is not a multiple of 64 KiB");
        }
        if (stripeOffset < -1 || stripeOffset >= LovMdsMd.STRIPE_OFFSET_ANY) {
            throw new IllegalArgumentException("stripe offset " + stripeOffset + " outside -1..65534");
        }
        pool = pool == null ? "" : pool;
        if (pool.length() > LovMdsMd.LOV_MAXPOOLNAME) {
            throw new IllegalArgumentException("pool name '" + pool + "' longer than 15 bytes");
        }
    }

    /** {@code count} stripes of {@code size} bytes, the rest left to the MDT. */
    public static Striping of(int count, int size) {
        return new Striping(count, size, -1, "");
    }

    /** The same starting on OST {@code index}. */
    public Striping withOffset(int index) {
        return new Striping(stripeCount, stripeSize, index, pool);
    }

    /** The same from pool {@code name}. */
    public Striping withPool(String name) {
        return new Striping(stripeCount, stripeSize, stripeOffset, name);
    }

    /** Whether every field is left to the MDT. */
    public boolean isDefault() {
        return stripeCount == 0 && stripeSize == 0 && stripeOffset == -1 && pool.isEmpty();
    }
}
