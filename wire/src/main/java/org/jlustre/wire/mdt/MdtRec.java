package org.jlustre.wire.mdt;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.common.Fid;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * The 136-byte REINT records of lustre_idl.h ({@code mdt_rec_setattr}, {@code mdt_rec_create}
 * (also used by open), {@code mdt_rec_link}, {@code mdt_rec_unlink}, {@code mdt_rec_rename},
 * {@code mdt_rec_setxattr}) and the generic {@code mdt_rec_reint} the MDT decodes them through
 * ({@code mdt_*_unpack}, lustre/mdt/mdt_lib.c). Every record starts with the same 40 bytes of
 * opcode and credentials, then two FIDs:
 *
 * <pre>
 *   0 4 opcode (REINT_*)      16 4 fsgid          32 4 suppgid2 (setattr: padding)
 *   4 4 cap                   20 4 fsgid_h        36 4 suppgid2_h
 *   8 4 fsuid                 24 4 suppgid1       40 16 fid1
 *  12 4 fsuid_h               28 4 suppgid1_h     56 16 fid2
 *
 *  off  create/open (cr_)    setattr (sa_)       link/unlink/rename  setxattr (sx_)   reint (rr_)
 *   56  fid2 child           valid u64, uid, gid fid2                padding          fid2
 *   72  open_handle_old      size                time                valid            mtime
 *   80  time                 blocks              -                   time             atime
 *   88  rdev                 mtime               -                   -                ctime
 *   96  ioepoch              atime               -                   -                size
 *  104  -                    ctime               -                   -                blocks
 *  112  mode                 attr_flags          bias                size             bias
 *  116  bias                 mode                mode (not link)     flags            mode
 *  120  flags_l              bias                -                   -                flags
 *  124  flags_h              projid              -                   -                flags_h
 *  128  umask                -                   -                   -                umask
 *  132  -                    -                   -                   -                mirror_id u16
 * </pre>
 *
 * <p>Accessors are named after the struct whose field they read ({@code cr}, {@code sa},
 * {@code sx}; {@code entry*} for the time, bias and mode that link, unlink and rename share). A
 * mutable view over its own 136 little-endian bytes, as the client packs one field at a time
 * ({@code mdc_*_pack}, lustre/mdc/mdc_lib.c). Not thread-safe.
 */
public final class MdtRec {

    /** {@code sizeof(struct mdt_rec_reint)}, and of every REINT record. */
    public static final int SIZE = 136;

    /** {@code REINT_SETATTR}. */
    public static final int REINT_SETATTR = 1;
    /** {@code REINT_CREATE}: mkdir, mknod, symlink and create without open. */
    public static final int REINT_CREATE = 2;
    /** {@code REINT_LINK}. */
    public static final int REINT_LINK = 3;
    /** {@code REINT_UNLINK}: unlink and rmdir. */
    public static final int REINT_UNLINK = 4;
    /** {@code REINT_RENAME}. */
    public static final int REINT_RENAME = 5;
    /** {@code REINT_OPEN}. */
    public static final int REINT_OPEN = 6;
    /** {@code REINT_SETXATTR}: set and remove. */
    public static final int REINT_SETXATTR = 7;
    /** {@code REINT_RMENTRY}: remove a name only (lfs rm_entry). */
    public static final int REINT_RMENTRY = 8;
    /** {@code REINT_MIGRATE}. */
    public static final int REINT_MIGRATE = 9;
    /** {@code REINT_RESYNC}. */
    public static final int REINT_RESYNC = 10;
    /** {@code REINT_MAX}: opcodes are below this. */
    public static final int REINT_MAX = 11;

    /** Offset of the opcode. */
    public static final int OFF_OPCODE = 0;
    /** Offset of the capability word. */
    public static final int OFF_CAP = 4;
    /** Offset of fsuid. */
    public static final int OFF_FSUID = 8;
    /** Offset of fsuid_h. */
    public static final int OFF_FSUID_H = 12;
    /** Offset of fsgid. */
    public static final int OFF_FSGID = 16;
    /** Offset of fsgid_h. */
    public static final int OFF_FSGID_H = 20;
    /** Offset of suppgid1 ({@code sa_suppgid} in setattr). */
    public static final int OFF_SUPPGID1 = 24;
    /** Offset of suppgid1_h. */
    public static final int OFF_SUPPGID1_H = 28;
    /** Offset of suppgid2 ({@code sa_padding_1} in setattr). */
    public static final int OFF_SUPPGID2 = 32;
    /** Offset of suppgid2_h. */
    public static final int OFF_SUPPGID2_H = 36;
    /** Offset of fid1 (cr/lk/ul/rn fid1, sa_fid, sx_fid, rr_fid1). */
    public static final int OFF_FID1 = 40;
    /** Offset of fid2 (cr/lk/ul/rn fid2, rr_fid2). */
    public static final int OFF_FID2 = 56;

    /** Offset of {@code rr_mtime}. */
    public static final int OFF_RR_MTIME = 72;
    /** Offset of {@code rr_atime}. */
    public static final int OFF_RR_ATIME = 80;
    /** Offset of {@code rr_ctime}. */
    public static final int OFF_RR_CTIME = 88;
    /** Offset of {@code rr_size}. */
    public static final int OFF_RR_SIZE = 96;
    /** Offset of {@code rr_blocks}. */
    public static final int OFF_RR_BLOCKS = 104;
    /** Offset of {@code rr_bias}. */
    public static final int OFF_RR_BIAS = 112;
    /** Offset of {@code rr_mode}. */
    public static final int OFF_RR_MODE = 116;
    /** Offset of {@code rr_flags}. */
    public static final int OFF_RR_FLAGS = 120;
    /** Offset of {@code rr_flags_h}. */
    public static final int OFF_RR_FLAGS_H = 124;
    /** Offset of {@code rr_umask}. */
    public static final int OFF_RR_UMASK = 128;
    /** Offset of {@code rr_mirror_id} (u16). */
    public static final int OFF_RR_MIRROR_ID = 132;
    /** Offset of {@code rr_padding_4} (u16). */
    public static final int OFF_RR_PADDING_4 = 134;

    /** Offset of {@code cr_open_handle_old}. */
    public static final int OFF_CR_OPEN_HANDLE_OLD = 72;
    /** Offset of {@code cr_time}. */
    public static final int OFF_CR_TIME = 80;
    /** Offset of {@code cr_rdev}. */
    public static final int OFF_CR_RDEV = 88;
    /** Offset of {@code cr_ioepoch}. */
    public static final int OFF_CR_IOEPOCH = 96;
    /** Offset of {@code cr_mode}. */
    public static final int OFF_CR_MODE = 112;
    /** Offset of {@code cr_bias}. */
    public static final int OFF_CR_BIAS = 116;
    /** Offset of {@code cr_flags_l}. */
    public static final int OFF_CR_FLAGS_L = 120;
    /** Offset of {@code cr_flags_h}. */
    public static final int OFF_CR_FLAGS_H = 124;
    /** Offset of {@code cr_umask}. */
    public static final int OFF_CR_UMASK = 128;

    /** Offset of {@code sa_valid}. */
    public static final int OFF_SA_VALID = 56;
    /** Offset of {@code sa_uid}. */
    public static final int OFF_SA_UID = 64;
    /** Offset of {@code sa_gid}. */
    public static final int OFF_SA_GID = 68;
    /** Offset of {@code sa_size}. */
    public static final int OFF_SA_SIZE = 72;
    /** Offset of {@code sa_blocks}. */
    public static final int OFF_SA_BLOCKS = 80;
    /** Offset of {@code sa_mtime}. */
    public static final int OFF_SA_MTIME = 88;
    /** Offset of {@code sa_atime}. */
    public static final int OFF_SA_ATIME = 96;
    /** Offset of {@code sa_ctime}. */
    public static final int OFF_SA_CTIME = 104;
    /** Offset of {@code sa_attr_flags}. */
    public static final int OFF_SA_ATTR_FLAGS = 112;
    /** Offset of {@code sa_mode}. */
    public static final int OFF_SA_MODE = 116;
    /** Offset of {@code sa_bias}. */
    public static final int OFF_SA_BIAS = 120;
    /** Offset of {@code sa_projid}. */
    public static final int OFF_SA_PROJID = 124;

    /** Offset of {@code lk_time}, {@code ul_time}, {@code rn_time}. */
    public static final int OFF_ENTRY_TIME = 72;
    /** Offset of {@code lk_bias}, {@code ul_bias}, {@code rn_bias}. */
    public static final int OFF_ENTRY_BIAS = 112;
    /** Offset of {@code ul_mode}, {@code rn_mode} (link: padding). */
    public static final int OFF_ENTRY_MODE = 116;

    /** Offset of {@code sx_valid}. */
    public static final int OFF_SX_VALID = 72;
    /** Offset of {@code sx_time}. */
    public static final int OFF_SX_TIME = 80;
    /** Offset of {@code sx_size}. */
    public static final int OFF_SX_SIZE = 112;
    /** Offset of {@code sx_flags}. */
    public static final int OFF_SX_FLAGS = 116;

    /** The record's bytes, little-endian; only this instance's owner touches them. */
    private final MemorySegment s = MemorySegment.ofArray(new byte[SIZE]);

    private MdtRec() {
    }

    /**
     * An all-zero record with its opcode set. Like {@code mdc_*_pack} the supplementary groups
     * start at -1 (none) and the FIDs at zero.
     */
    public static MdtRec of(int opcode) {
        MdtRec r = new MdtRec();
        r.u32(OFF_OPCODE, opcode);
        r.u32(OFF_SUPPGID1, -1);
        r.u32(OFF_SUPPGID2, -1);
        return r;
    }

    /**
     * Reads 136 bytes at {@code offset}; {@code swab} when the sender was big-endian, field by
     * field through the generic layout ({@code lustre_swab_mdt_rec_reint}, which the MDT applies
     * to every REINT record: the other layouts put fields of the same sizes at the same places).
     *
     * @throws IndexOutOfBoundsException if fewer than 136 bytes follow {@code offset}
     */
    public static MdtRec read(MemorySegment src, long offset, boolean swab) {
        MemorySegment in = src.asSlice(offset, SIZE);
        MdtRec r = new MdtRec();
        if (!swab) {
            MemorySegment.copy(in, 0, r.s, 0, SIZE);
            return r;
        }
        for (int off = 0; off < OFF_FID1; off += 4) {
            r.s.set(Le.U32, off, in.get(Be.U32, off));
        }
        Fid.readBE(in, OFF_FID1).writeLE(r.s, OFF_FID1);
        Fid.readBE(in, OFF_FID2).writeLE(r.s, OFF_FID2);
        for (int off = OFF_RR_MTIME; off < OFF_RR_BIAS; off += 8) {
            r.s.set(Le.U64, off, in.get(Be.U64, off));
        }
        for (int off = OFF_RR_BIAS; off < OFF_RR_MIRROR_ID; off += 4) {
            r.s.set(Le.U32, off, in.get(Be.U32, off));
        }
        r.s.set(Le.U16, OFF_RR_MIRROR_ID, in.get(Be.U16, OFF_RR_MIRROR_ID));
        return r;
    }

    /** Writes the 136 bytes little-endian at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        MemorySegment.copy(s, 0, dst, offset, SIZE);
    }

    /** The 136 little-endian bytes. */
    public byte[] toBytes() {
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    private long u64(int off) {
        return s.get(Le.U64, off);
    }

    private MdtRec u64(int off, long v) {
        s.set(Le.U64, off, v);
        return this;
    }

    private int u32(int off) {
        return s.get(Le.U32, off);
    }

    private MdtRec u32(int off, int v) {
        s.set(Le.U32, off, v);
        return this;
    }

    // ------------------------------------------------------------------ common prefix

    /** The REINT_* opcode. */
    public int opcode() {
        return u32(OFF_OPCODE);
    }

    /** The low word of the sender's effective capabilities (CFS_CAP_* bits). */
    public int cap() {
        return u32(OFF_CAP);
    }

    /** The sender's filesystem uid. */
    public int fsuid() {
        return u32(OFF_FSUID);
    }

    /** The sender's filesystem gid. */
    public int fsgid() {
        return u32(OFF_FSGID);
    }

    /** The first supplementary group the sender names, -1 for none. */
    public int suppgid1() {
        return u32(OFF_SUPPGID1);
    }

    /** The second supplementary group (create, link, unlink, rename: of the second parent), -1 for none. */
    public int suppgid2() {
        return u32(OFF_SUPPGID2);
    }

    /**
     * Sets the sender's credentials as {@code mdc_*_pack} does: {@code current_fsuid/fsgid},
     * {@code cfs_curproc_cap_pack} and the supplementary groups the client chose for the check
     * (the parent's group when the sender is in it).
     */
    public MdtRec credentials(int fsuid, int fsgid, int cap, int suppgid1, int suppgid2) {
        return u32(OFF_FSUID, fsuid).u32(OFF_FSGID, fsgid).u32(OFF_CAP, cap).u32(OFF_SUPPGID1, suppgid1)
                .u32(OFF_SUPPGID2, suppgid2);
    }

    /** fid1: create/open/unlink/rename: the (source) parent; link: the object; setattr/setxattr: the object. */
    public Fid fid1() {
        return Fid.readLE(s, OFF_FID1);
    }

    /** Sets fid1. */
    public MdtRec fid1(Fid fid) {
        fid.writeLE(s, OFF_FID1);
        return this;
    }

    /** fid2: create/open: the new child; link: the target directory; unlink: the child; rename: the target parent. */
    public Fid fid2() {
        return Fid.readLE(s, OFF_FID2);
    }

    /** Sets fid2. */
    public MdtRec fid2(Fid fid) {
        fid.writeLE(s, OFF_FID2);
        return this;
    }

    // ------------------------------------------------------------------ mdt_rec_create (create, open)

    /** {@code cr_open_handle_old}: the handle of the open being replayed. */
    public long crOpenHandleOld() {
        return u64(OFF_CR_OPEN_HANDLE_OLD);
    }

    /** Sets {@code cr_open_handle_old}. */
    public MdtRec crOpenHandleOld(long v) {
        return u64(OFF_CR_OPEN_HANDLE_OLD, v);
    }

    /** {@code cr_time}: the client's time of the operation, seconds. */
    public long crTime() {
        return u64(OFF_CR_TIME);
    }

    /** Sets {@code cr_time}. */
    public MdtRec crTime(long v) {
        return u64(OFF_CR_TIME, v);
    }

    /** {@code cr_rdev}: the device number of a device node. */
    public long crRdev() {
        return u64(OFF_CR_RDEV);
    }

    /** Sets {@code cr_rdev}. */
    public MdtRec crRdev(long v) {
        return u64(OFF_CR_RDEV, v);
    }

    /** {@code cr_ioepoch}. */
    public long crIoepoch() {
        return u64(OFF_CR_IOEPOCH);
    }

    /** Sets {@code cr_ioepoch}. */
    public MdtRec crIoepoch(long v) {
        return u64(OFF_CR_IOEPOCH, v);
    }

    /** {@code cr_mode}: type and permission bits of the new object. */
    public int crMode() {
        return u32(OFF_CR_MODE);
    }

    /** Sets {@code cr_mode}. */
    public MdtRec crMode(int v) {
        return u32(OFF_CR_MODE, v);
    }

    /** {@code cr_bias}: MDS_* op bias ({@link MdsOpBias}). */
    public int crBias() {
        return u32(OFF_CR_BIAS);
    }

    /** Sets {@code cr_bias}. */
    public MdtRec crBias(int v) {
        return u32(OFF_CR_BIAS, v);
    }

    /** {@code cr_flags_h << 32 | cr_flags_l}: the MDS_OPEN_* flags ({@link MdsOpenFlags}). */
    public long crFlags() {
        return (long) u32(OFF_CR_FLAGS_H) << 32 | Integer.toUnsignedLong(u32(OFF_CR_FLAGS_L));
    }

    /** Sets {@code cr_flags_l} and {@code cr_flags_h}. */
    public MdtRec crFlags(long v) {
        return u32(OFF_CR_FLAGS_L, (int) v).u32(OFF_CR_FLAGS_H, (int) (v >>> 32));
    }

    /** {@code cr_umask}: the creator's umask. */
    public int crUmask() {
        return u32(OFF_CR_UMASK);
    }

    /** Sets {@code cr_umask}. */
    public MdtRec crUmask(int v) {
        return u32(OFF_CR_UMASK, v);
    }

    // ------------------------------------------------------------------ mdt_rec_setattr

    /** {@code sa_valid}: MDS_ATTR_* bits ({@link MdsAttr}). */
    public long saValid() {
        return u64(OFF_SA_VALID);
    }

    /** Sets {@code sa_valid}. */
    public MdtRec saValid(long v) {
        return u64(OFF_SA_VALID, v);
    }

    /** {@code sa_uid}. */
    public int saUid() {
        return u32(OFF_SA_UID);
    }

    /** Sets {@code sa_uid}. */
    public MdtRec saUid(int v) {
        return u32(OFF_SA_UID, v);
    }

    /** {@code sa_gid}. */
    public int saGid() {
        return u32(OFF_SA_GID);
    }

    /** Sets {@code sa_gid}. */
    public MdtRec saGid(int v) {
        return u32(OFF_SA_GID, v);
    }

    /** {@code sa_size}. */
    public long saSize() {
        return u64(OFF_SA_SIZE);
    }

    /** Sets {@code sa_size}. */
    public MdtRec saSize(long v) {
        return u64(OFF_SA_SIZE, v);
    }

    /** {@code sa_blocks}. */
    public long saBlocks() {
        return u64(OFF_SA_BLOCKS);
    }

    /** Sets {@code sa_blocks}. */
    public MdtRec saBlocks(long v) {
        return u64(OFF_SA_BLOCKS, v);
    }

    /** {@code sa_mtime}, seconds. */
    public long saMtime() {
        return u64(OFF_SA_MTIME);
    }

    /** Sets {@code sa_mtime}. */
    public MdtRec saMtime(long v) {
        return u64(OFF_SA_MTIME, v);
    }

    /** {@code sa_atime}, seconds. */
    public long saAtime() {
        return u64(OFF_SA_ATIME);
    }

    /** Sets {@code sa_atime}. */
    public MdtRec saAtime(long v) {
        return u64(OFF_SA_ATIME, v);
    }

    /** {@code sa_ctime}, seconds. */
    public long saCtime() {
        return u64(OFF_SA_CTIME);
    }

    /** Sets {@code sa_ctime}. */
    public MdtRec saCtime(long v) {
        return u64(OFF_SA_CTIME, v);
    }

    /** {@code sa_attr_flags}: LUSTRE_*_FL inode flags (with {@link MdsAttr#ATTR_FLAG}). */
    public int saAttrFlags() {
        return u32(OFF_SA_ATTR_FLAGS);
    }

    /** Sets {@code sa_attr_flags}. */
    public MdtRec saAttrFlags(int v) {
        return u32(OFF_SA_ATTR_FLAGS, v);
    }

    /** {@code sa_mode}. */
    public int saMode() {
        return u32(OFF_SA_MODE);
    }

    /** Sets {@code sa_mode}. */
    public MdtRec saMode(int v) {
        return u32(OFF_SA_MODE, v);
    }

    /** {@code sa_bias} ({@link MdsOpBias}). */
    public int saBias() {
        return u32(OFF_SA_BIAS);
    }

    /** Sets {@code sa_bias}. */
    public MdtRec saBias(int v) {
        return u32(OFF_SA_BIAS, v);
    }

    /** {@code sa_projid}. */
    public int saProjid() {
        return u32(OFF_SA_PROJID);
    }

    /** Sets {@code sa_projid}. */
    public MdtRec saProjid(int v) {
        return u32(OFF_SA_PROJID, v);
    }

    // ------------------------------------------------------------------ mdt_rec_link / unlink / rename

    /** {@code lk_time}/{@code ul_time}/{@code rn_time}: the client's time of the operation, seconds. */
    public long entryTime() {
        return u64(OFF_ENTRY_TIME);
    }

    /** Sets the link/unlink/rename time. */
    public MdtRec entryTime(long v) {
        return u64(OFF_ENTRY_TIME, v);
    }

    /** {@code lk_bias}/{@code ul_bias}/{@code rn_bias} ({@link MdsOpBias}). */
    public int entryBias() {
        return u32(OFF_ENTRY_BIAS);
    }

    /** Sets the link/unlink/rename bias. */
    public MdtRec entryBias(int v) {
        return u32(OFF_ENTRY_BIAS, v);
    }

    /** {@code ul_mode}/{@code rn_mode}: the mode of the object the client believes it names (0 if unknown). */
    public int entryMode() {
        return u32(OFF_ENTRY_MODE);
    }

    /** Sets the unlink/rename mode. */
    public MdtRec entryMode(int v) {
        return u32(OFF_ENTRY_MODE, v);
    }

    // ------------------------------------------------------------------ mdt_rec_setxattr

    /** {@code sx_valid}: OBD_MD_FLXATTR (set) or OBD_MD_FLXATTRRM (remove), with OBD_MD_FLCTIME. */
    public long sxValid() {
        return u64(OFF_SX_VALID);
    }

    /** Sets {@code sx_valid}. */
    public MdtRec sxValid(long v) {
        return u64(OFF_SX_VALID, v);
    }

    /** {@code sx_time}: the client's ctime, seconds. */
    public long sxTime() {
        return u64(OFF_SX_TIME);
    }

    /** Sets {@code sx_time}. */
    public MdtRec sxTime(long v) {
        return u64(OFF_SX_TIME, v);
    }

    /** {@code sx_size}: the value's length. */
    public int sxSize() {
        return u32(OFF_SX_SIZE);
    }

    /** Sets {@code sx_size}. */
    public MdtRec sxSize(int v) {
        return u32(OFF_SX_SIZE, v);
    }

    /** {@code sx_flags}: XATTR_CREATE (1) / XATTR_REPLACE (2). */
    public int sxFlags() {
        return u32(OFF_SX_FLAGS);
    }

    /** Sets {@code sx_flags}. */
    public MdtRec sxFlags(int v) {
        return u32(OFF_SX_FLAGS, v);
    }

    // ------------------------------------------------------------------ mdt_rec_reint only

    /** {@code rr_mirror_id}: the FLR mirror a resync or split names. */
    public int rrMirrorId() {
        return Short.toUnsignedInt(s.get(Le.U16, OFF_RR_MIRROR_ID));
    }

    /** Sets {@code rr_mirror_id}. */
    public MdtRec rrMirrorId(int v) {
        s.set(Le.U16, OFF_RR_MIRROR_ID, (short) v);
        return this;
    }

    /** Opcode, credentials and FIDs, for debug lines. */
    @Override
    public String toString() {
        return "mdt_rec{op=" + opcode() + " fsuid=" + fsuid() + " fsgid=" + fsgid() + " fid1=" + fid1() + " fid2="
                + fid2() + "}";
    }
}
