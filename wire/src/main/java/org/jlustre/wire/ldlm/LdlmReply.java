package org.jlustre.wire.ldlm;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct ldlm_reply} (112 bytes; RMF_DLM_REP): the flags of the lock as enqueued, its
 * description as granted (or, for a flock TEST_LOCK, the conflicting lock), the server's cookie
 * for it, and the intent results.
 *
 * <pre>
 *   0 4 lock_flags     8 80 lock_desc     96 8 lock_policy_res1
 *   4 4 lock_padding  88  8 lock_handle  104 8 lock_policy_res2
 * </pre>
 *
 * @param flags {@code lock_flags}
 * @param desc {@code lock_desc}
 * @param handle {@code lock_handle}: the server's cookie
 * @param policyRes1 {@code lock_policy_res1} (intent disposition)
 * @param policyRes2 {@code lock_policy_res2} (intent status)
 */
public record LdlmReply(int flags, LdlmLockDesc desc, long handle, long policyRes1, long policyRes2) {

    /** {@code sizeof(struct ldlm_reply)}. */
    public static final int SIZE = 112;
    /** Offset of {@code lock_desc}. */
    public static final int OFF_DESC = 8;
    /** Offset of {@code lock_handle}. */
    public static final int OFF_HANDLE = 88;
    /** Offset of {@code lock_policy_res1}. */
    public static final int OFF_POLICY_RES1 = 96;
    /** Offset of {@code lock_policy_res2}. */
    public static final int OFF_POLICY_RES2 = 104;

    /** Writes it little-endian at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        dst.set(Le.U32, offset, flags);
        dst.set(Le.U32, offset + 4, 0);
        desc.write(dst, offset + OFF_DESC, Le.U64, Le.U32);
        dst.set(Le.U64, offset + OFF_HANDLE, handle);
        dst.set(Le.U64, offset + OFF_POLICY_RES1, policyRes1);
        dst.set(Le.U64, offset + OFF_POLICY_RES2, policyRes2);
    }

    /**
     * Reads a reply, byte-swapped when {@code swab} ({@code lustre_swab_ldlm_reply}).
     *
     * @throws IllegalArgumentException when fewer than 112 bytes are there
     */
    public static LdlmReply read(MemorySegment src, long offset, boolean swab) {
        if (offset < 0 || src.byteSize() - offset < SIZE) {
            throw new IllegalArgumentException("ldlm_reply at " + offset + " needs " + SIZE + " bytes, "
                    + Math.max(0, src.byteSize() - offset) + " there");
        }
        var u32 = swab ? Be.U32 : Le.U32;
        var u64 = swab ? Be.U64 : Le.U64;
        return new LdlmReply(src.get(u32, offset), LdlmLockDesc.read(src, offset + OFF_DESC, u64, u32),
                src.get(u64, offset + OFF_HANDLE), src.get(u64, offset + OFF_POLICY_RES1),
                src.get(u64, offset + OFF_POLICY_RES2));
    }
}
