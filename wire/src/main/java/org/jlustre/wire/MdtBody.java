package org.jlustre.wire;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct mdt_body} (216 bytes, lustre_idl.h): the MDT's request and reply body. Until the
 * MDT exists only the part every client request carries is written: the sender's credentials
 * ({@code do_pack_body}, lustre/ptlrpc/ptlrpc_internal.h), which LLOG_ORIGIN_HANDLE_CREATE sends
 * as its fourth buffer ({@code RMF_MDT_BODY}).
 *
 * <pre>
 *   0 16  mbo_fid1
 *  16 16  mbo_fid2
 *  32  8  mbo_open_handle
 *  40  8  mbo_valid
 *  48  8  mbo_size
 *  56  8  mbo_mtime
 *  64  8  mbo_atime
 *  72  8  mbo_ctime
 *  80  8  mbo_blocks
 *  88  8  mbo_version
 *  96  8  mbo_t_state
 * 104  4  mbo_fsuid
 * 108  4  mbo_fsgid
 * 112  4  mbo_capability    cap[0] of the sender's capabilities
 * 116  4  mbo_mode
 * 120  4  mbo_uid
 * 124  4  mbo_gid
 * 128  4  mbo_flags
 * 132  4  mbo_rdev
 * 136  4  mbo_nlink
 * 140  4  mbo_layout_gen
 * 144  4  mbo_suppgid       -1: none
 * 148  4  mbo_eadatasize
 * 152  4  mbo_aclsize
 * 156  4  mbo_max_mdsize
 * 160  4  mbo_unused3
 * 164  4  mbo_uid_h
 * 168  4  mbo_gid_h
 * 172  4  mbo_projid
 * 176  8  mbo_dom_size
 * 184  8  mbo_dom_blocks
 * 192  8  mbo_btime
 * 200 16  mbo_padding_9, mbo_padding_10
 * </pre>
 */
public final class MdtBody {

    /** {@code sizeof(struct mdt_body)}. */
    public static final int SIZE = 216;
    /** Offset of {@code mbo_valid}. */
    public static final int OFF_VALID = 40;
    /** Offset of {@code mbo_fsuid}. */
    public static final int OFF_FSUID = 104;
    /** Offset of {@code mbo_fsgid}. */
    public static final int OFF_FSGID = 108;
    /** Offset of {@code mbo_capability}. */
    public static final int OFF_CAPABILITY = 112;
    /** Offset of {@code mbo_uid}. */
    public static final int OFF_UID = 120;
    /** Offset of {@code mbo_gid}. */
    public static final int OFF_GID = 124;
    /** Offset of {@code mbo_flags}. */
    public static final int OFF_FLAGS = 128;
    /** Offset of {@code mbo_suppgid}. */
    public static final int OFF_SUPPGID = 144;
    /** Offset of {@code mbo_eadatasize}. */
    public static final int OFF_EADATASIZE = 148;

    private MdtBody() {
    }

    /**
     * Writes the 216 bytes of a body that carries only its sender's credentials, little-endian
     * at {@code offset} ({@code do_pack_body}: no valid bits, no EA, no flags, no
     * supplementary group).
     *
     * @param uid the real uid
     * @param gid the real gid
     * @param fsuid the filesystem uid
     * @param fsgid the filesystem gid
     * @param capability the first word of the sender's capability set
     */
    public static void writeCredentials(MemorySegment dst, long offset, int uid, int gid, int fsuid, int fsgid,
            int capability) {
        MemorySegment b = dst.asSlice(offset, SIZE);
        b.fill((byte) 0);
        b.set(Le.U32, OFF_FSUID, fsuid);
        b.set(Le.U32, OFF_FSGID, fsgid);
        b.set(Le.U32, OFF_CAPABILITY, capability);
        b.set(Le.U32, OFF_UID, uid);
        b.set(Le.U32, OFF_GID, gid);
        b.set(Le.U32, OFF_SUPPGID, -1);
    }
}
