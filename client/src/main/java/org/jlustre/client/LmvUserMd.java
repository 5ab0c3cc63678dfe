package org.jlustre.client;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct lmv_user_md_v1} (lustre_user.h, 48 bytes), as {@code lfs mkdir -i} sends it in
 * a REINT_CREATE's EADATA: the MDT a directory goes to.
 *
 * <pre>
 *  0 4 lum_magic          LMV_USER_MAGIC 0x0CD30CD0
 *  4 4 lum_stripe_count   0: not striped
 *  8 4 lum_stripe_offset  the MDT index
 * 12 4 lum_hash_type      0: the MDT's default
 * 16 4 lum_type          LMV_TYPE_DEFAULT 0
 * 20 1 lum_max_inherit, 21 1 lum_max_inherit_rr, 22 2 + 24 4 + 28 4 padding
 * 32 16 lum_pool_name
 * </pre>
 */
final class LmvUserMd {

    /** {@code LMV_USER_MAGIC}. */
    static final int LMV_USER_MAGIC = 0x0CD30CD0;
    /** {@code sizeof(struct lmv_user_md_v1)}. */
    static final int SIZE = 48;

    private LmvUserMd() {
    }

    /** A plain (not striped) directory on MDT {@code index}. */
    static byte[] plainOn(int index) {
        byte[] b = new byte[SIZE];
        MemorySegment s = MemorySegment.ofArray(b);
        s.set(Le.U32, 0, LMV_USER_MAGIC);
        s.set(Le.U32, 8, index);
        return b;
    }
}
