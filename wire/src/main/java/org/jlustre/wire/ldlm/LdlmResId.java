package org.jlustre.wire.ldlm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import org.jlustre.common.Fid;

/**
 * {@code struct ldlm_res_id} (32 bytes: {@code __u64 name[4]}): the name of a lock resource.
 * A file's flock resource is {@code fid_build_reg_res_name} with {@code name[3] = LDLM_FLOCK}
 * (mdc_locks.c {@code mdc_enqueue_base}).
 */
public record LdlmResId(long n0, long n1, long n2, long n3) {

    /** {@code sizeof(struct ldlm_res_id)}. */
    public static final int SIZE = 32;

    /** The flock resource of {@code fid}: {@code [seq, oid | ver << 32, 0, LDLM_FLOCK]}. */
    public static LdlmResId flock(Fid fid) {
        return new LdlmResId(fid.seq(), Integer.toUnsignedLong(fid.oid()) | (long) fid.ver() << 32, 0, Ldlm.LDLM_FLOCK);
    }

    /** The FID {@code fid_build_reg_res_name} made this name of. */
    public Fid fid() {
        return new Fid(n0, (int) n1, (int) (n1 >>> 32));
    }

    void write(MemorySegment dst, long offset, ValueLayout.OfLong u64) {
        dst.set(u64, offset, n0);
        dst.set(u64, offset + 8, n1);
        dst.set(u64, offset + 16, n2);
        dst.set(u64, offset + 24, n3);
    }

    static LdlmResId read(MemorySegment src, long offset, ValueLayout.OfLong u64) {
        return new LdlmResId(src.get(u64, offset), src.get(u64, offset + 8), src.get(u64, offset + 16),
                src.get(u64, offset + 24));
    }

    /** Lustre's {@code DLDLMRES}: {@code [0x200000400:0x1:0x0].0xc}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "[%#x:%#x:%#x].%#x", n0, n1, n2, n3);
    }
}
