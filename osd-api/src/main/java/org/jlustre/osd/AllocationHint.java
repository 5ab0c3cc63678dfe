package org.jlustre.osd;

import org.jlustre.common.Fid;

/**
 * Where a new object belongs ({@code struct dt_allocation_hint}, filled by
 * {@code do_ah_init}): its parent directory, which an OSD may use for locality and, for a
 * directory, as the initial ".." until one is inserted.
 *
 * @param parent the parent directory's FID, or null when there is none
 * @param mode the mode the object is created with
 */
public record AllocationHint(Fid parent, int mode) {

    /** No hint. */
    public static final AllocationHint NONE = new AllocationHint(null, 0);

    /** A hint naming the parent. */
    public static AllocationHint parent(Fid parent) {
        return new AllocationHint(parent, 0);
    }
}
