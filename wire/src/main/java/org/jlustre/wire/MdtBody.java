package org.jlustre.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.common.Fid;

/**
 * {@code struct mdt_body} (216 bytes, lustre_idl.h; wiretest.c {@code check_mdt_body}): the
 * MDT's request and reply body. Clients fill the credentials and what they ask for
 * ({@code __mdc_pack_body}, lustre/mdc/mdc_lib.c); the MDT answers with the object's attributes
 * ({@code mdt_pack_attr2body}, lustre/mdt/mdt_handler.c). {@code mbo_valid} (OBD_MD_*) says
 * which fields mean anything; READPAGE reuses {@code mbo_size} for the start hash,
 * {@code mbo_nlink} for the byte count and {@code mbo_mode} for the LUDA_* flags.
 *
 * <pre>
 *   0 16  mbo_fid1                  136  4  mbo_nlink
 *  16 16  mbo_fid2                  140  4  mbo_layout_gen
 *  32  8  mbo_open_handle           144  4  mbo_suppgid       -1: none
 *  40  8  mbo_valid                 148  4  mbo_eadatasize
 *  48  8  mbo_size                  152  4  mbo_aclsize
 *  56  8  mbo_mtime                 156  4  mbo_max_mdsize
 *  64  8  mbo_atime                 160  4  mbo_unused3
 *  72  8  mbo_ctime                 164  4  mbo_uid_h
 *  80  8  mbo_blocks                168  4  mbo_gid_h
 *  88  8  mbo_version               172  4  mbo_projid
 *  96  8  mbo_t_state               176  8  mbo_dom_size
 * 104  4  mbo_fsuid                 184  8  mbo_dom_blocks
 * 108  4  mbo_fsgid                 192  8  mbo_btime
 * 112  4  mbo_capability            200 16  mbo_padding_9, mbo_padding_10
 * 116  4  mbo_mode
 * 120  4  mbo_uid
 * 124  4  mbo_gid
 * 128  4  mbo_flags
 * 132  4  mbo_rdev
 * </pre>
 *
 * <p>A mutable view over its own 216 little-endian bytes: setters return {@code this} and never
 * touch {@code mbo_valid}, so a test can build a body whose bits lie. Not thread-safe.
 */
public final class MdtBody {

    /** {@code sizeof(struct mdt_body)}. */
    public static final int SIZE = 216;
    /** Offset of {@code mbo_fid1}. */
    public static final int OFF_FID1 = 0;
    /** Offset of {@code mbo_fid2}. */
    public static final int OFF_FID2 = 16;
    /** Offset of {@code mbo_open_handle}. */
    public static final int OFF_OPEN_HANDLE = 32;
    /** Offset of {@code mbo_valid}. */
    public static final int OFF_VALID = 40;
    /** Offset of {@code mbo_size}. */
    public static final int OFF_SIZE = 48;
    /** Offset of {@code mbo_mtime}. */
    public static final int OFF_MTIME = 56;
    /** Offset of {@code mbo_atime}. */
    public static final int OFF_ATIME = 64;
    /** Offset of {@code mbo_ctime}. */
    public static final int OFF_CTIME = 72;
    /** Offset of {@code mbo_blocks}. */
    public static final int OFF_BLOCKS = 80;
    /** Offset of {@code mbo_version}. */
    public static final int OFF_VERSION = 88;
    /** Offset of {@code mbo_t_state}. */
    public static final int OFF_T_STATE = 96;
    /** Offset of {@code mbo_fsuid}. */
    public static final int OFF_FSUID = 104;
    /** Offset of {@code mbo_fsgid}. */
    public static final int OFF_FSGID = 108;
    /** Offset of {@code mbo_capability}. */
    public static final int OFF_CAPABILITY = 112;
    /** Offset of {@code mbo_mode}. */
    public static final int OFF_MODE = 116;
    /** Offset of {@code mbo_uid}. */
    public static final int OFF_UID = 120;
    /** Offset of {@code mbo_gid}. */
    public static final int OFF_GID = 124;
    /** Offset of {@code mbo_flags}. */
    public static final int OFF_FLAGS = 128;
    /** Offset of {@code mbo_rdev}. */
    public static final int OFF_RDEV = 132;
    /** Offset of {@code mbo_nlink}. */
    public static final int OFF_NLINK = 136;
    /** Offset of {@code mbo_layout_gen}. */
    public static final int OFF_LAYOUT_GEN = 140;
    /** Offset of {@code mbo_suppgid}. */
    public static final int OFF_SUPPGID = 144;
    /** Offset of {@code mbo_eadatasize}. */
    public static final int OFF_EADATASIZE = 148;
    /** Offset of {@code mbo_aclsize}. */
    public static final int OFF_ACLSIZE = 152;
    /** Offset of {@code mbo_max_mdsize}. */
    public static final int OFF_MAX_MDSIZE = 156;
    /** Offset of {@code mbo_unused3}. */
    public static final int OFF_UNUSED3 = 160;
    /** Offset of {@code mbo_uid_h}. */
    public static final int OFF_UID_H = 164;
    /** Offset of {@code mbo_gid_h}. */
    public static final int OFF_GID_H = 168;
    /** Offset of {@code mbo_projid}. */
    public static final int OFF_PROJID = 172;
    /** Offset of {@code mbo_dom_size}. */
    public static final int OFF_DOM_SIZE = 176;
    /** Offset of {@code mbo_dom_blocks}. */
    public static final int OFF_DOM_BLOCKS = 184;
    /** Offset of {@code mbo_btime}. */
    public static final int OFF_BTIME = 192;
    /** Offset of {@code mbo_padding_9}. */
    public static final int OFF_PADDING_9 = 200;
    /** Offset of {@code mbo_padding_10}. */
    public static final int OFF_PADDING_10 = 208;

    /** {@code mbo_t_state} bit: the file is being restored by HSM. */
    public static final long MS_RESTORE = 1;

    /** The body's bytes, little-endian; only this instance's owner touches them. */
    private final MemorySegment s;

    private MdtBody(MemorySegment s) {
        this.s = s;
    }

    /** An all-zero body (nothing valid). */
    public MdtBody() {
        this(MemorySegment.ofArray(new byte[SIZE]));
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
        new MdtBody().uid(uid).gid(gid).fsuid(fsuid).fsgid(fsgid).capability(capability).suppgid(-1)
                .write(dst, offset);
    }

    /**
     * Reads 216 bytes at {@code offset}; {@code swab} when the sender was big-endian
     * ({@code lustre_swab_mdt_body}: every field by its own size, the open handle's cookie left
     * alone as {@code lustre_swab_lustre_handle} does not exist for it).
     *
     * @throws IndexOutOfBoundsException if fewer than 216 bytes follow {@code offset}
     */
    public static MdtBody read(MemorySegment src, long offset, boolean swab) {
        MemorySegment in = src.asSlice(offset, SIZE);
        MdtBody b = new MdtBody();
        MemorySegment.copy(in, 0, b.s, 0, SIZE);
        if (swab) {
            b.fid1(Fid.readBE(in, OFF_FID1)).fid2(Fid.readBE(in, OFF_FID2));
            for (int off = OFF_VALID; off < OFF_FSUID; off += 8) {
                b.s.set(Le.U64, off, in.get(Be.U64, off));
            }
            for (int off = OFF_FSUID; off < OFF_DOM_SIZE; off += 4) {
                b.s.set(Le.U32, off, in.get(Be.U32, off));
            }
            for (int off = OFF_DOM_SIZE; off < SIZE; off += 8) {
                b.s.set(Le.U64, off, in.get(Be.U64, off));
            }
        }
        return b;
    }

    /** Writes the 216 bytes little-endian at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        MemorySegment.copy(s, 0, dst, offset, SIZE);
    }

    /** The 216 little-endian bytes. */
    public byte[] toBytes() {
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    /** A field-by-field copy. */
    public MdtBody copy() {
        return read(s, 0, false);
    }

    private long u64(int off) {
        return s.get(Le.U64, off);
    }

    private MdtBody u64(int off, long v) {
        s.set(Le.U64, off, v);
        return this;
    }

    private int u32(int off) {
        return s.get(Le.U32, off);
    }

    private MdtBody u32(int off, int v) {
        s.set(Le.U32, off, v);
        return this;
    }

    /** {@code mbo_fid1}: the object, or the parent of a by-name lookup. */
    public Fid fid1() {
        return Fid.readLE(s, OFF_FID1);
    }

    /** Sets {@code mbo_fid1}. */
    public MdtBody fid1(Fid fid) {
        fid.writeLE(s, OFF_FID1);
        return this;
    }

    /** {@code mbo_fid2}: the child of a by-name lookup. */
    public Fid fid2() {
        return Fid.readLE(s, OFF_FID2);
    }

    /** Sets {@code mbo_fid2}. */
    public MdtBody fid2(Fid fid) {
        fid.writeLE(s, OFF_FID2);
        return this;
    }

    /** {@code mbo_open_handle}: the cookie of an open handle (OBD_MD_FLHANDLE). */
    public long openHandle() {
        return u64(OFF_OPEN_HANDLE);
    }

    /** Sets {@code mbo_open_handle}. */
    public MdtBody openHandle(long v) {
        return u64(OFF_OPEN_HANDLE, v);
    }

    /** {@code mbo_valid}: the OBD_MD_* bits. */
    public long valid() {
        return u64(OFF_VALID);
    }

    /** Sets {@code mbo_valid}. */
    public MdtBody valid(long v) {
        return u64(OFF_VALID, v);
    }

    /** Whether every one of {@code bits} is in {@code mbo_valid}. */
    public boolean has(long bits) {
        return (valid() & bits) == bits;
    }

    /** {@code mbo_size}; READPAGE: the start hash. */
    public long size() {
        return u64(OFF_SIZE);
    }

    /** Sets {@code mbo_size}. */
    public MdtBody size(long v) {
        return u64(OFF_SIZE, v);
    }

    /** {@code mbo_mtime}, seconds. */
    public long mtime() {
        return u64(OFF_MTIME);
    }

    /** Sets {@code mbo_mtime}. */
    public MdtBody mtime(long v) {
        return u64(OFF_MTIME, v);
    }

    /** {@code mbo_atime}, seconds. */
    public long atime() {
        return u64(OFF_ATIME);
    }

    /** Sets {@code mbo_atime}. */
    public MdtBody atime(long v) {
        return u64(OFF_ATIME, v);
    }

    /** {@code mbo_ctime}, seconds. */
    public long ctime() {
        return u64(OFF_CTIME);
    }

    /** Sets {@code mbo_ctime}. */
    public MdtBody ctime(long v) {
        return u64(OFF_CTIME, v);
    }

    /** {@code mbo_blocks}, 512-byte units. */
    public long blocks() {
        return u64(OFF_BLOCKS);
    }

    /** Sets {@code mbo_blocks}. */
    public MdtBody blocks(long v) {
        return u64(OFF_BLOCKS, v);
    }

    /** {@code mbo_version}: the object's data version. */
    public long version() {
        return u64(OFF_VERSION);
    }

    /** Sets {@code mbo_version}. */
    public MdtBody version(long v) {
        return u64(OFF_VERSION, v);
    }

    /** {@code mbo_t_state}: {@link #MS_RESTORE} or 0. */
    public long tState() {
        return u64(OFF_T_STATE);
    }

    /** Sets {@code mbo_t_state}. */
    public MdtBody tState(long v) {
        return u64(OFF_T_STATE, v);
    }

    /** {@code mbo_fsuid}: the sender's filesystem uid. */
    public int fsuid() {
        return u32(OFF_FSUID);
    }

    /** Sets {@code mbo_fsuid}. */
    public MdtBody fsuid(int v) {
        return u32(OFF_FSUID, v);
    }

    /** {@code mbo_fsgid}: the sender's filesystem gid. */
    public int fsgid() {
        return u32(OFF_FSGID);
    }

    /** Sets {@code mbo_fsgid}. */
    public MdtBody fsgid(int v) {
        return u32(OFF_FSGID, v);
    }

    /** {@code mbo_capability}: the low word of the sender's effective capabilities. */
    public int capability() {
        return u32(OFF_CAPABILITY);
    }

    /** Sets {@code mbo_capability}. */
    public MdtBody capability(int v) {
        return u32(OFF_CAPABILITY, v);
    }

    /** {@code mbo_mode}: type and permission bits; READPAGE: the LUDA_* flags. */
    public int mode() {
        return u32(OFF_MODE);
    }

    /** Sets {@code mbo_mode}. */
    public MdtBody mode(int v) {
        return u32(OFF_MODE, v);
    }

    /** {@code mbo_uid}: the owner (reply) or the sender's uid (request). */
    public int uid() {
        return u32(OFF_UID);
    }

    /** Sets {@code mbo_uid}. */
    public MdtBody uid(int v) {
        return u32(OFF_UID, v);
    }

    /** {@code mbo_gid}: the group (reply) or the sender's gid (request). */
    public int gid() {
        return u32(OFF_GID);
    }

    /** Sets {@code mbo_gid}. */
    public MdtBody gid(int v) {
        return u32(OFF_GID, v);
    }

    /** {@code mbo_flags}: LUSTRE_*_FL inode flags (or open flags in old requests). */
    public int flags() {
        return u32(OFF_FLAGS);
    }

    /** Sets {@code mbo_flags}. */
    public MdtBody flags(int v) {
        return u32(OFF_FLAGS, v);
    }

    /** {@code mbo_rdev}: the device number of a device node. */
    public int rdev() {
        return u32(OFF_RDEV);
    }

    /** Sets {@code mbo_rdev}. */
    public MdtBody rdev(int v) {
        return u32(OFF_RDEV, v);
    }

    /** {@code mbo_nlink}; READPAGE: the byte count asked for. */
    public int nlink() {
        return u32(OFF_NLINK);
    }

    /** Sets {@code mbo_nlink}. */
    public MdtBody nlink(int v) {
        return u32(OFF_NLINK, v);
    }

    /** {@code mbo_layout_gen}. */
    public int layoutGen() {
        return u32(OFF_LAYOUT_GEN);
    }

    /** Sets {@code mbo_layout_gen}. */
    public MdtBody layoutGen(int v) {
        return u32(OFF_LAYOUT_GEN, v);
    }

    /** {@code mbo_suppgid}: a supplementary group of the sender, -1 for none. */
    public int suppgid() {
        return u32(OFF_SUPPGID);
    }

    /** Sets {@code mbo_suppgid}. */
    public MdtBody suppgid(int v) {
        return u32(OFF_SUPPGID, v);
    }

    /** {@code mbo_eadatasize}: request: the EA buffer the client can take; reply: the EA's size. */
    public int eadatasize() {
        return u32(OFF_EADATASIZE);
    }

    /** Sets {@code mbo_eadatasize}. */
    public MdtBody eadatasize(int v) {
        return u32(OFF_EADATASIZE, v);
    }

    /** {@code mbo_aclsize}. */
    public int aclsize() {
        return u32(OFF_ACLSIZE);
    }

    /** Sets {@code mbo_aclsize}. */
    public MdtBody aclsize(int v) {
        return u32(OFF_ACLSIZE, v);
    }

    /** {@code mbo_max_mdsize}: the largest layout the MDT may return (OBD_MD_FLMODEASIZE). */
    public int maxMdsize() {
        return u32(OFF_MAX_MDSIZE);
    }

    /** Sets {@code mbo_max_mdsize}. */
    public MdtBody maxMdsize(int v) {
        return u32(OFF_MAX_MDSIZE, v);
    }

    /** {@code mbo_uid_h}: high 32 bits of the uid (unused in 2.15). */
    public int uidH() {
        return u32(OFF_UID_H);
    }

    /** Sets {@code mbo_uid_h}. */
    public MdtBody uidH(int v) {
        return u32(OFF_UID_H, v);
    }

    /** {@code mbo_gid_h}: high 32 bits of the gid (unused in 2.15). */
    public int gidH() {
        return u32(OFF_GID_H);
    }

    /** Sets {@code mbo_gid_h}. */
    public MdtBody gidH(int v) {
        return u32(OFF_GID_H, v);
    }

    /** {@code mbo_projid}. */
    public int projid() {
        return u32(OFF_PROJID);
    }

    /** Sets {@code mbo_projid}. */
    public MdtBody projid(int v) {
        return u32(OFF_PROJID, v);
    }

    /** {@code mbo_dom_size}: size of the Data-on-MDT component. */
    public long domSize() {
        return u64(OFF_DOM_SIZE);
    }

    /** Sets {@code mbo_dom_size}. */
    public MdtBody domSize(long v) {
        return u64(OFF_DOM_SIZE, v);
    }

    /** {@code mbo_dom_blocks}. */
    public long domBlocks() {
        return u64(OFF_DOM_BLOCKS);
    }

    /** Sets {@code mbo_dom_blocks}. */
    public MdtBody domBlocks(long v) {
        return u64(OFF_DOM_BLOCKS, v);
    }

    /** {@code mbo_btime}: birth time, seconds (OBD_MD_FLBTIME). */
    public long btime() {
        return u64(OFF_BTIME);
    }

    /** Sets {@code mbo_btime}. */
    public MdtBody btime(long v) {
        return u64(OFF_BTIME, v);
    }

    /** The FIDs, valid bits and the attributes, for debug lines. */
    @Override
    public String toString() {
        return "mdt_body{fid1=" + fid1() + " fid2=" + fid2() + " valid=0x" + Long.toHexString(valid()) + " mode=0"
                + Integer.toOctalString(mode()) + " uid=" + uid() + " gid=" + gid() + " size=" + size() + " nlink="
                + nlink() + " handle=0x" + Long.toHexString(openHandle()) + "}";
    }
}
