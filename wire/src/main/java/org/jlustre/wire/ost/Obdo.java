package org.jlustre.wire.ost;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct obdo} (208 bytes, lustre_idl.h; checked in wiretest.c {@code check_obdo}), which
 * is also all of {@code struct ost_body}: the attributes of an OST object in every OST request and
 * reply. {@code o_valid} (OBD_MD_*, {@link ObdMd}) says which fields mean anything; several
 * fields carry something else in some RPCs, given their own accessors here ({@link #dirty},
 * {@link #undirty}, {@link #cksum}, {@link #dropped}, {@link #grantUsed}, {@link #fallocMode}).
 *
 * <pre>
 *   0  8 o_valid            104 4 o_parent_oid
 *   8 16 o_oi (ost_id)      108 4 o_misc           BRW: o_dropped; DESTROY: count
 *  24  8 o_parent_seq       112 8 o_ioepoch
 *  32  8 o_size             120 4 o_stripe_idx
 *  40  8 o_mtime            124 4 o_parent_ver
 *  48  8 o_atime            128 8 o_handle
 *  56  8 o_ctime            136 28 o_layout (ost_layout)
 *  64  8 o_blocks  BRW: o_dirty          164 4 o_layout_version
 *  72  8 o_grant            168 4 o_uid_h
 *  80  4 o_blksize          172 4 o_gid_h
 *  84  4 o_mode    BRW: o_undirty        176 8 o_data_version  BRW: o_grant_used
 *  88  4 o_uid              184 4 o_projid
 *  92  4 o_gid              188 4 o_padding_4
 *  96  4 o_flags            192 16 o_padding_5, o_padding_6
 * 100  4 o_nlink   BRW: o_cksum; FALLOCATE: o_falloc_mode
 * </pre>
 *
 * <p>A mutable value, as Lustre uses it: a request is filled field by field and its valid bits
 * set with {@link #valid(long)}; setters do not touch {@code o_valid}, so a test can build an
 * obdo whose bits lie. Not thread-safe.
 */
public final class Obdo {

    /** {@code sizeof(struct obdo)} = {@code sizeof(struct ost_body)}. */
    public static final int SIZE = 208;
    /** Offset of {@code o_valid}. */
    public static final int OFF_VALID = 0;
    /** Offset of {@code o_oi}. */
    public static final int OFF_OI = 8;
    /** Offset of {@code o_parent_seq}. */
    public static final int OFF_PARENT_SEQ = 24;
    /** Offset of {@code o_size}. */
    public static final int OFF_SIZE = 32;
    /** Offset of {@code o_mtime}. */
    public static final int OFF_MTIME = 40;
    /** Offset of {@code o_atime}. */
    public static final int OFF_ATIME = 48;
    /** Offset of {@code o_ctime}. */
    public static final int OFF_CTIME = 56;
    /** Offset of {@code o_blocks}. */
    public static final int OFF_BLOCKS = 64;
    /** Offset of {@code o_grant}. */
    public static final int OFF_GRANT = 72;
    /** Offset of {@code o_blksize}. */
    public static final int OFF_BLKSIZE = 80;
    /** Offset of {@code o_mode}. */
    public static final int OFF_MODE = 84;
    /** Offset of {@code o_uid}. */
    public static final int OFF_UID = 88;
    /** Offset of {@code o_gid}. */
    public static final int OFF_GID = 92;
    /** Offset of {@code o_flags}. */
    public static final int OFF_FLAGS = 96;
    /** Offset of {@code o_nlink}. */
    public static final int OFF_NLINK = 100;
    /** Offset of {@code o_parent_oid}. */
    public static final int OFF_PARENT_OID = 104;
    /** Offset of {@code o_misc}. */
    public static final int OFF_MISC = 108;
    /** Offset of {@code o_ioepoch}. */
    public static final int OFF_IOEPOCH = 112;
    /** Offset of {@code o_stripe_idx}. */
    public static final int OFF_STRIPE_IDX = 120;
    /** Offset of {@code o_parent_ver}. */
    public static final int OFF_PARENT_VER = 124;
    /** Offset of {@code o_handle}. */
    public static final int OFF_HANDLE = 128;
    /** Offset of {@code o_layout}. */
    public static final int OFF_LAYOUT = 136;
    /** Offset of {@code o_layout_version}. */
    public static final int OFF_LAYOUT_VERSION = 164;
    /** Offset of {@code o_uid_h}. */
    public static final int OFF_UID_H = 168;
    /** Offset of {@code o_gid_h}. */
    public static final int OFF_GID_H = 172;
    /** Offset of {@code o_data_version}. */
    public static final int OFF_DATA_VERSION = 176;
    /** Offset of {@code o_projid}. */
    public static final int OFF_PROJID = 184;
    /** Offset of {@code o_padding_4}. */
    public static final int OFF_PADDING_4 = 188;
    /** Offset of {@code o_padding_5}. */
    public static final int OFF_PADDING_5 = 192;
    /** Offset of {@code o_padding_6}. */
    public static final int OFF_PADDING_6 = 200;

    /** {@code OBD_OBJECT_EOF} (= LUSTRE_EOF): "to the end" in PUNCH/SYNC ranges. */
    public static final long OBJECT_EOF = 0xffffffffffffffffL;

    private long valid;
    private OstId oi = OstId.legacy(0, 0);
    private long parentSeq;
    private long size;
    private long mtime;
    private long atime;
    private long ctime;
    private long blocks;
    private long grant;
    private int blksize;
    private int mode;
    private int uid;
    private int gid;
    private int flags;
    private int nlink;
    private int parentOid;
    private int misc;
    private long ioepoch;
    private int stripeIdx;
    private int parentVer;
    private long handle;
    private OstLayout layout = OstLayout.NONE;
    private int layoutVersion;
    private int uidH;
    private int gidH;
    private long dataVersion;
    private int projid;

    /** An all-zero obdo (nothing valid). */
    public Obdo() {
    }

    /** {@code o_valid}: which fields mean anything (OBD_MD_*). */
    public long valid() {
        return valid;
    }

    /** Replaces {@code o_valid}. */
    public Obdo valid(long bits) {
        this.valid = bits;
        return this;
    }

    /** Adds bits to {@code o_valid}. */
    public Obdo addValid(long bits) {
        this.valid |= bits;
        return this;
    }

    /** True if every one of {@code bits} is set in {@code o_valid}. */
    public boolean has(long bits) {
        return (valid & bits) == bits;
    }

    /** {@code o_oi}. */
    public OstId oi() {
        return oi;
    }

    /** Sets {@code o_oi}. */
    public Obdo oi(OstId id) {
        this.oi = java.util.Objects.requireNonNull(id, "oi");
        return this;
    }

    /** {@code o_parent_seq}. */
    public long parentSeq() {
        return parentSeq;
    }

    /** Sets {@code o_parent_seq}. */
    public Obdo parentSeq(long v) {
        this.parentSeq = v;
        return this;
    }

    /** {@code o_size}; PUNCH/SYNC/FALLOCATE: range start. */
    public long size() {
        return size;
    }

    /** Sets {@code o_size}. */
    public Obdo size(long v) {
        this.size = v;
        return this;
    }

    /** {@code o_mtime}, seconds. */
    public long mtime() {
        return mtime;
    }

    /** Sets {@code o_mtime}. */
    public Obdo mtime(long v) {
        this.mtime = v;
        return this;
    }

    /** {@code o_atime}, seconds. */
    public long atime() {
        return atime;
    }

    /** Sets {@code o_atime}. */
    public Obdo atime(long v) {
        this.atime = v;
        return this;
    }

    /** {@code o_ctime}, seconds. */
    public long ctime() {
        return ctime;
    }

    /** Sets {@code o_ctime}. */
    public Obdo ctime(long v) {
        this.ctime = v;
        return this;
    }

    /** {@code o_blocks} (512-byte units); PUNCH/SYNC/FALLOCATE: range end. */
    public long blocks() {
        return blocks;
    }

    /** Sets {@code o_blocks}. */
    public Obdo blocks(long v) {
        this.blocks = v;
        return this;
    }

    /** BRW request: {@code o_dirty} (alias of {@code o_blocks}), the client's dirty bytes. */
    public long dirty() {
        return blocks;
    }

    /** Sets {@code o_dirty}. */
    public Obdo dirty(long v) {
        this.blocks = v;
        return this;
    }

    /** {@code o_grant}: BRW request, the client's grant; reply, the grant added. */
    public long grant() {
        return grant;
    }

    /** Sets {@code o_grant}. */
    public Obdo grant(long v) {
        this.grant = v;
        return this;
    }

    /** {@code o_blksize}. */
    public int blksize() {
        return blksize;
    }

    /** Sets {@code o_blksize}. */
    public Obdo blksize(int v) {
        this.blksize = v;
        return this;
    }

    /** {@code o_mode}; SEEK: whence. */
    public int mode() {
        return mode;
    }

    /** Sets {@code o_mode}. */
    public Obdo mode(int v) {
        this.mode = v;
        return this;
    }

    /** BRW request: {@code o_undirty} (alias of {@code o_mode}), the grant the client wants. */
    public int undirty() {
        return mode;
    }

    /** Sets {@code o_undirty}. */
    public Obdo undirty(int v) {
        this.mode = v;
        return this;
    }

    /** {@code o_uid}. */
    public int uid() {
        return uid;
    }

    /** Sets {@code o_uid}. */
    public Obdo uid(int v) {
        this.uid = v;
        return this;
    }

    /** {@code o_gid}. */
    public int gid() {
        return gid;
    }

    /** Sets {@code o_gid}. */
    public Obdo gid(int v) {
        this.gid = v;
        return this;
    }

    /** {@code o_flags} (OBD_FL_*, {@link ObdFlags}). */
    public int flags() {
        return flags;
    }

    /** Sets {@code o_flags}. */
    public Obdo flags(int v) {
        this.flags = v;
        return this;
    }

    /** {@code o_nlink}. */
    public int nlink() {
        return nlink;
    }

    /** Sets {@code o_nlink}. */
    public Obdo nlink(int v) {
        this.nlink = v;
        return this;
    }

    /** BRW: {@code o_cksum} (alias of {@code o_nlink}), the bulk checksum. */
    public int cksum() {
        return nlink;
    }

    /** Sets {@code o_cksum}. */
    public Obdo cksum(int v) {
        this.nlink = v;
        return this;
    }

    /** FALLOCATE: {@code o_falloc_mode} (alias of {@code o_nlink}). */
    public int fallocMode() {
        return nlink;
    }

    /** Sets {@code o_falloc_mode}. */
    public Obdo fallocMode(int v) {
        this.nlink = v;
        return this;
    }

    /** {@code o_parent_oid}. */
    public int parentOid() {
        return parentOid;
    }

    /** Sets {@code o_parent_oid}. */
    public Obdo parentOid(int v) {
        this.parentOid = v;
        return this;
    }

    /** {@code o_misc}; DESTROY with OBD_MD_FLOBJCOUNT: object count. */
    public int misc() {
        return misc;
    }

    /** Sets {@code o_misc}. */
    public Obdo misc(int v) {
        this.misc = v;
        return this;
    }

    /** BRW request: {@code o_dropped} (alias of {@code o_misc}), grant the client lost. */
    public int dropped() {
        return misc;
    }

    /** Sets {@code o_dropped}. */
    public Obdo dropped(int v) {
        this.misc = v;
        return this;
    }

    /** {@code o_ioepoch} (unused since 2.7). */
    public long ioepoch() {
        return ioepoch;
    }

    /** Sets {@code o_ioepoch}. */
    public Obdo ioepoch(long v) {
        this.ioepoch = v;
        return this;
    }

    /** {@code o_stripe_idx}: the object's stripe index in its file's layout. */
    public int stripeIdx() {
        return stripeIdx;
    }

    /** Sets {@code o_stripe_idx}. */
    public Obdo stripeIdx(int v) {
        this.stripeIdx = v;
        return this;
    }

    /** {@code o_parent_ver}. */
    public int parentVer() {
        return parentVer;
    }

    /** Sets {@code o_parent_ver}. */
    public Obdo parentVer(int v) {
        this.parentVer = v;
        return this;
    }

    /** {@code o_handle}: a lock handle's cookie (opaque, never byte-swapped). */
    public long handle() {
        return handle;
    }

    /** Sets {@code o_handle}. */
    public Obdo handle(long v) {
        this.handle = v;
        return this;
    }

    /** {@code o_layout}. */
    public OstLayout layout() {
        return layout;
    }

    /** Sets {@code o_layout}. */
    public Obdo layout(OstLayout v) {
        this.layout = java.util.Objects.requireNonNull(v, "layout");
        return this;
    }

    /** {@code o_layout_version}. */
    public int layoutVersion() {
        return layoutVersion;
    }

    /** Sets {@code o_layout_version}. */
    public Obdo layoutVersion(int v) {
        this.layoutVersion = v;
        return this;
    }

    /** {@code o_uid_h}. */
    public int uidH() {
        return uidH;
    }

    /** Sets {@code o_uid_h}. */
    public Obdo uidH(int v) {
        this.uidH = v;
        return this;
    }

    /** {@code o_gid_h}. */
    public int gidH() {
        return gidH;
    }

    /** Sets {@code o_gid_h}. */
    public Obdo gidH(int v) {
        this.gidH = v;
        return this;
    }

    /** {@code o_data_version}. */
    public long dataVersion() {
        return dataVersion;
    }

    /** Sets {@code o_data_version}. */
    public Obdo dataVersion(long v) {
        this.dataVersion = v;
        return this;
    }

    /** BRW request: {@code o_grant_used} (alias of {@code o_data_version}). */
    public long grantUsed() {
        return dataVersion;
    }

    /** Sets {@code o_grant_used}. */
    public Obdo grantUsed(long v) {
        this.dataVersion = v;
        return this;
    }

    /** {@code o_projid}. */
    public int projid() {
        return projid;
    }

    /** Sets {@code o_projid}. */
    public Obdo projid(int v) {
        this.projid = v;
        return this;
    }

    /** A field-by-field copy. */
    public Obdo copy() {
        Obdo o = new Obdo();
        byte[] b = toBytes();
        o.readFrom(MemorySegment.ofArray(b), 0, false);
        return o;
    }

    /** Writes the 208 bytes little-endian at {@code offset}; padding is zeroed. */
    public void write(MemorySegment dst, long offset) {
        MemorySegment s = dst.asSlice(offset, SIZE);
        s.fill((byte) 0);
        s.set(Le.U64, OFF_VALID, valid);
        oi.write(s, OFF_OI);
        s.set(Le.U64, OFF_PARENT_SEQ, parentSeq);
        s.set(Le.U64, OFF_SIZE, size);
        s.set(Le.U64, OFF_MTIME, mtime);
        s.set(Le.U64, OFF_ATIME, atime);
        s.set(Le.U64, OFF_CTIME, ctime);
        s.set(Le.U64, OFF_BLOCKS, blocks);
        s.set(Le.U64, OFF_GRANT, grant);
        s.set(Le.U32, OFF_BLKSIZE, blksize);
        s.set(Le.U32, OFF_MODE, mode);
        s.set(Le.U32, OFF_UID, uid);
        s.set(Le.U32, OFF_GID, gid);
        s.set(Le.U32, OFF_FLAGS, flags);
        s.set(Le.U32, OFF_NLINK, nlink);
        s.set(Le.U32, OFF_PARENT_OID, parentOid);
        s.set(Le.U32, OFF_MISC, misc);
        s.set(Le.U64, OFF_IOEPOCH, ioepoch);
        s.set(Le.U32, OFF_STRIPE_IDX, stripeIdx);
        s.set(Le.U32, OFF_PARENT_VER, parentVer);
        s.set(Le.U64, OFF_HANDLE, handle);
        layout.write(s, OFF_LAYOUT);
        s.set(Le.U32, OFF_LAYOUT_VERSION, layoutVersion);
        s.set(Le.U32, OFF_UID_H, uidH);
        s.set(Le.U32, OFF_GID_H, gidH);
        s.set(Le.U64, OFF_DATA_VERSION, dataVersion);
        s.set(Le.U32, OFF_PROJID, projid);
    }

    /** The 208 encoded bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        write(MemorySegment.ofArray(b), 0);
        return b;
    }

    /**
     * Reads 208 bytes at {@code offset}, byte-swapped when {@code swab} (the sender's magic said
     * the other order; {@code lustre_swab_obdo}: every field by its size, {@code o_handle} and the
     * padding left alone). The caller has checked the buffer holds {@link #SIZE} bytes.
     */
    public static Obdo read(MemorySegment src, long offset, boolean swab) {
        Obdo o = new Obdo();
        o.readFrom(src, offset, swab);
        return o;
    }

    private void readFrom(MemorySegment src, long offset, boolean swab) {
        MemorySegment s = src.asSlice(offset, SIZE);
        ValueLayout.OfInt u32 = swab ? Be.U32 : Le.U32;
        ValueLayout.OfLong u64 = swab ? Be.U64 : Le.U64;
        valid = s.get(u64, OFF_VALID);
        oi = OstId.read(s, OFF_OI, swab);
        parentSeq = s.get(u64, OFF_PARENT_SEQ);
        size = s.get(u64, OFF_SIZE);
        mtime = s.get(u64, OFF_MTIME);
        atime = s.get(u64, OFF_ATIME);
        ctime = s.get(u64, OFF_CTIME);
        blocks = s.get(u64, OFF_BLOCKS);
        grant = s.get(u64, OFF_GRANT);
        blksize = s.get(u32, OFF_BLKSIZE);
        mode = s.get(u32, OFF_MODE);
        uid = s.get(u32, OFF_UID);
        gid = s.get(u32, OFF_GID);
        flags = s.get(u32, OFF_FLAGS);
        nlink = s.get(u32, OFF_NLINK);
        parentOid = s.get(u32, OFF_PARENT_OID);
        misc = s.get(u32, OFF_MISC);
        ioepoch = s.get(u64, OFF_IOEPOCH);
        stripeIdx = s.get(u32, OFF_STRIPE_IDX);
        parentVer = s.get(u32, OFF_PARENT_VER);
        handle = s.get(Le.U64, OFF_HANDLE);
        layout = OstLayout.read(s, OFF_LAYOUT, swab);
        layoutVersion = s.get(u32, OFF_LAYOUT_VERSION);
        uidH = s.get(u32, OFF_UID_H);
        gidH = s.get(u32, OFF_GID_H);
        dataVersion = s.get(u64, OFF_DATA_VERSION);
        projid = s.get(u32, OFF_PROJID);
    }

    /** The valid bits and the fields they cover, for debug lines. */
    @Override
    public String toString() {
        return "obdo{valid=0x" + Long.toHexString(valid) + " oi=" + oi + " size=" + size + " blocks=" + blocks
                + " grant=" + grant + " mode=0" + Integer.toOctalString(mode) + " uid=" + Integer.toUnsignedString(uid)
                + " gid=" + Integer.toUnsignedString(gid) + " flags=0x" + Integer.toHexString(flags) + "}";
    }
}
