package org.jlustre.wire.ldlm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct ldlm_lock_desc} (80 bytes): the resource ({@code ldlm_resource_desc}: type,
 * padding, name), the requested and granted modes, and the 32-byte policy. Only the flock form of
 * the policy is decoded here; extent and inodebits locks are not served by jlustre yet.
 *
 * <pre>
 *   0 40 l_resource (0 4 lr_type, 4 4 lr_pad, 8 32 lr_name)
 *  40  4 l_req_mode    44 4 l_granted_mode    48 32 l_policy_data
 * </pre>
 *
 * @param type the lock type ({@link Ldlm#LDLM_FLOCK} ...)
 * @param resource the resource name
 * @param reqMode the mode asked
 * @param grantedMode the mode granted (0 while not granted)
 * @param flock the policy read as {@code ldlm_flock_wire}
 */
public record LdlmLockDesc(int type, LdlmResId resource, int reqMode, int grantedMode, LdlmFlockWire flock) {

    /** {@code sizeof(struct ldlm_lock_desc)}. */
    public static final int SIZE = 80;
    /** {@code sizeof(struct ldlm_resource_desc)}. */
    public static final int RESOURCE_DESC_SIZE = 40;
    /** Offset of {@code l_resource.lr_name}. */
    public static final int OFF_RES_NAME = 8;
    /** Offset of {@code l_req_mode}. */
    public static final int OFF_REQ_MODE = 40;
    /** Offset of {@code l_granted_mode}. */
    public static final int OFF_GRANTED_MODE = 44;
    /** Offset of {@code l_policy_data}. */
    public static final int OFF_POLICY = 48;

    /** The same lock with other modes and policy (what a GETLK or a grant answers). */
    public LdlmLockDesc with(int newReqMode, int newGrantedMode, LdlmFlockWire newFlock) {
        return new LdlmLockDesc(type, resource, newReqMode, newGrantedMode, newFlock);
    }

    void write(MemorySegment dst, long offset, ValueLayout.OfLong u64, ValueLayout.OfInt u32) {
        dst.set(u32, offset, type);
        dst.set(u32, offset + 4, 0);
        resource.write(dst, offset + OFF_RES_NAME, u64);
        dst.set(u32, offset + OFF_REQ_MODE, reqMode);
        dst.set(u32, offset + OFF_GRANTED_MODE, grantedMode);
        flock.write(dst, offset + OFF_POLICY, u64, u32);
    }

    static LdlmLockDesc read(MemorySegment src, long offset, ValueLayout.OfLong u64, ValueLayout.OfInt u32) {
        return new LdlmLockDesc(src.get(u32, offset), LdlmResId.read(src, offset + OFF_RES_NAME, u64),
                src.get(u32, offset + OFF_REQ_MODE), src.get(u32, offset + OFF_GRANTED_MODE),
                LdlmFlockWire.read(src, offset + OFF_POLICY, u64, u32));
    }
}
