package org.jlustre.client;

import java.util.List;
import org.jlustre.common.Fid;

/**
 * A file's layout as the MDT keeps it in its LOV EA ({@code lfs getstripe}): a plain RAID0
 * striping over OST objects, or, for a directory, the default striping its new files get
 * (no objects).
 *
 * @param pattern {@code lmm_pattern} (RAID0 = 1)
 * @param stripeSize bytes per stripe
 * @param stripeCount stripes (for a directory's default, 0 = the filesystem's, -1 = every OST)
 * @param stripeOffset a directory default's first OST (-1 = any); a file's first stripe's OST
 * @param layoutGen a file's {@code lmm_layout_gen} (0 for a directory default)
 * @param pool the pool ("" for none)
 * @param objects the stripes in order (empty for a directory default)
 */
public record Layout(int pattern, int stripeSize, int stripeCount, int stripeOffset, int layoutGen, String pool,
        List<StripeObject> objects) {

    /** Copies the list. */
    public Layout {
        objects = List.copyOf(objects);
    }

    /**
     * One stripe's object.
     *
     * @param ostIndex the OST holding it ({@code l_ost_idx})
     * @param object its FID on that OST
     */
    public record StripeObject(int ostIndex, Fid object) {
    }
}
