package org.jlustre.wire.llog;

/**
 * llog record types ({@code enum llog_op_type}, include/uapi/linux/lustre/lustre_idl.h;
 * reference 4.1). Every type carries {@link #LLOG_OP_MAGIC} in its top bits; a record whose
 * type has the magic byte-swapped was written by a big-endian host.
 */
public final class LlogRecType {

    private LlogRecType() {
    }

    /** The magic of every record type. */
    public static final int LLOG_OP_MAGIC = 0x10600000;
    /** The bits that hold the magic. */
    public static final int LLOG_OP_MASK = 0xfff00000;

    /** Padding to a chunk boundary (same value as {@link #LLOG_OP_MAGIC}). */
    public static final int LLOG_PAD_MAGIC = LLOG_OP_MAGIC;
    /** {@code OST_SZ_REC}: llog_size_change_rec. */
    public static final int OST_SZ_REC = LLOG_OP_MAGIC | 0x00f00;
    /** {@code MDS_UNLINK_REC} (obsolete): llog_unlink_rec. */
    public static final int MDS_UNLINK_REC = LLOG_OP_MAGIC | 0x10000 | (36 << 8) | 4;
    /** {@code MDS_UNLINK64_REC}: llog_unlink64_rec. */
    public static final int MDS_UNLINK64_REC = LLOG_OP_MAGIC | 0x90000 | (36 << 8) | 4;
    /** {@code MDS_SETATTR64_REC}: llog_setattr64_rec(_v2). */
    public static final int MDS_SETATTR64_REC = LLOG_OP_MAGIC | 0x90000 | (36 << 8) | 1;
    /** {@code OBD_CFG_REC}: a lustre_cfg configuration command. */
    public static final int OBD_CFG_REC = LLOG_OP_MAGIC | 0x20000;
    /** {@code LLOG_GEN_REC}: llog_gen_rec. */
    public static final int LLOG_GEN_REC = LLOG_OP_MAGIC | 0x40000;
    /** {@code CHANGELOG_REC}: llog_changelog_rec. */
    public static final int CHANGELOG_REC = LLOG_OP_MAGIC | 0x60000;
    /** {@code CHANGELOG_USER_REC}: llog_changelog_user_rec. */
    public static final int CHANGELOG_USER_REC = LLOG_OP_MAGIC | 0x70000;
    /** {@code CHANGELOG_USER_REC2}: llog_changelog_user_rec2. */
    public static final int CHANGELOG_USER_REC2 = LLOG_OP_MAGIC | 0x70002;
    /** {@code HSM_AGENT_REC}: llog_agent_req_rec. */
    public static final int HSM_AGENT_REC = LLOG_OP_MAGIC | 0x80000;
    /** {@code UPDATE_REC}: an update_records record (DNE). */
    public static final int UPDATE_REC = LLOG_OP_MAGIC | 0xa0000;
    /** {@code LLOG_HDR_MAGIC}: the header record of every llog. */
    public static final int LLOG_HDR_MAGIC = LLOG_OP_MAGIC | 0x45539;
    /** {@code LLOG_LOGID_MAGIC}: llog_logid_rec, a catalog entry. */
    public static final int LLOG_LOGID_MAGIC = LLOG_OP_MAGIC | 0x4553b;

    /** Whether a type value carries the llog magic in host order. */
    public static boolean hasMagic(int type) {
        return (type & LLOG_OP_MASK) == LLOG_OP_MAGIC;
    }

    /** Whether a type value carries the llog magic byte-swapped (a big-endian log). */
    public static boolean hasSwabbedMagic(int type) {
        return (Integer.reverseBytes(type) & LLOG_OP_MASK) == LLOG_OP_MAGIC;
    }
}
