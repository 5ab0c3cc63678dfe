package org.jlustre.common;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A Lustre file identifier, {@code struct lu_fid}: a 64-bit sequence, a 32-bit object id
 * within the sequence and a 32-bit version (always 0 in practice). FIDs are never reused.
 *
 * <p>The text form is Lustre's {@code DFID}, {@code "[%#llx:0x%x:0x%x]"}
 * (include/uapi/linux/lustre/lustre_user.h). {@code %#llx} prints a zero sequence as a bare
 * {@code 0}, so the FID with sequence 0 and oid 5 prints as {@code [0:0x5:0x0]}; this class
 * reproduces that quirk. Parsing follows {@code llapi_fid_parse}: brackets optional, each
 * field in C {@code strtoull(..., 0)} syntax (hex with {@code 0x}, octal with a leading
 * {@code 0}, decimal otherwise).
 *
 * <p>Byte order depends on the container (reference 3.1): little-endian in lu_dirent, LMA,
 * llog ids and LOV EAs; big-endian in LinkEA, FLD keys and OI keys. Both are provided.
 *
 * @param seq the sequence (unsigned 64-bit)
 * @param oid the object id within the sequence (unsigned 32-bit)
 * @param ver the version (unsigned 32-bit; 0 for every FID Lustre creates today)
 */
public record Fid(long seq, int oid, int ver) implements Comparable<Fid> {

    /** Size of {@code struct lu_fid} in bytes. */
    public static final int SIZE = 16;

    // enum fid_seq, include/uapi/linux/lustre/lustre_idl.h (reference 3.2)
    /** Legacy OST objects ("group 0"), also the MDT0 sequence. */
    public static final long SEQ_OST_MDT0 = 0L;
    /** Unnamed llogs; oid 0 holds the last allocated oid. */
    public static final long SEQ_LLOG = 1L;
    /** Echo client test objects. */
    public static final long SEQ_ECHO = 2L;
    /** First of the unused reserved sequences. */
    public static final long SEQ_UNUSED_START = 3L;
    /** Last of the unused reserved sequences. */
    public static final long SEQ_UNUSED_END = 9L;
    /** Named llogs. */
    public static final long SEQ_LLOG_NAME = 10L;
    /** End of the reserved range. */
    public static final long SEQ_RSVD = 11L;
    /** First IGIF sequence (inode number + generation of pre-2.0 ldiskfs MDTs). */
    public static final long SEQ_IGIF = 12L;
    /** Last IGIF sequence. */
    public static final long SEQ_IGIF_MAX = 0xffffffffL;
    /** First IDIF sequence (legacy OST object ids). */
    public static final long SEQ_IDIF = 0x100000000L;
    /** Last IDIF sequence. */
    public static final long SEQ_IDIF_MAX = 0x1ffffffffL;
    /** Start of the normal FID space. */
    public static final long SEQ_START = 0x200000000L;
    /** Local files with fixed OIDs (reference 2.12). */
    public static final long SEQ_LOCAL_FILE = 0x200000001L;
    /** {@code .lustre} and its children. */
    public static final long SEQ_DOT_LUSTRE = 0x200000002L;
    /** Generated FIDs for named local files. */
    public static final long SEQ_LOCAL_NAME = 0x200000003L;
    /** Special objects (oid 1 is the rename big lock). */
    public static final long SEQ_SPECIAL = 0x200000004L;
    /** Quota slave indexes. */
    public static final long SEQ_QUOTA = 0x200000005L;
    /** Quota global indexes. */
    public static final long SEQ_QUOTA_GLB = 0x200000006L;
    /** The filesystem root (oid 1) and the echo root (oid 2). */
    public static final long SEQ_ROOT = 0x200000007L;
    /** LFSCK orphan rbtree. */
    public static final long SEQ_LAYOUT_RBTREE = 0x200000008L;
    /** DNE update logs, oid = MDT index. */
    public static final long SEQ_UPDATE_LOG = 0x200000009L;
    /** DNE update log directories, oid = MDT index. */
    public static final long SEQ_UPDATE_LOG_DIR = 0x20000000aL;
    /** First sequence handed out to clients and targets. */
    public static final long SEQ_NORMAL = 0x200000400L;
    /** The "default layout" marker sequence. */
    public static final long SEQ_LOV_DEFAULT = 0xffffffffffffffffL;

    /** {@code LUSTRE_FID_LASTID_OID}: oid of the object holding a sequence's last oid. */
    public static final int LASTID_OID = 0;
    /** {@code LUSTRE_FID_INIT_OID}: first oid handed out in a sequence. */
    public static final int INIT_OID = 1;
    /** {@code FID_OID_ROOT}. */
    public static final int OID_ROOT = 1;
    /** {@code FID_OID_ECHO_ROOT}. */
    public static final int OID_ECHO_ROOT = 2;
    /** {@code OBIF_MAX_OID}: largest oid of an object in a normal sequence. */
    public static final long OBIF_MAX_OID = 0xffffffffL;
    /** {@code IDIF_MAX_OID}: largest object id an IDIF FID can carry (48 bits). */
    public static final long IDIF_MAX_OID = (1L << 48) - 1;

    /** The zero FID {@code [0:0x0:0x0]}: "no FID". */
    public static final Fid ZERO = new Fid(0, 0, 0);
    /** The filesystem root {@code [0x200000007:0x1:0x0]}. */
    public static final Fid ROOT = new Fid(SEQ_ROOT, OID_ROOT, 0);
    /** {@code .lustre} {@code [0x200000002:0x1:0x0]}. */
    public static final Fid DOT_LUSTRE = new Fid(SEQ_DOT_LUSTRE, 1, 0);
    /** {@code .lustre/fid} {@code [0x200000002:0x2:0x0]}. */
    public static final Fid DOT_LUSTRE_FID = new Fid(SEQ_DOT_LUSTRE, 2, 0);
    /** {@code .lustre/lost+found} {@code [0x200000002:0x3:0x0]}. */
    public static final Fid DOT_LUSTRE_LPF = new Fid(SEQ_DOT_LUSTRE, 3, 0);

    /** Builds a FID from its three fields. */
    public static Fid of(long seq, int oid, int ver) {
        return new Fid(seq, oid, ver);
    }

    /** Builds a FID with version 0 from a sequence and an unsigned 32-bit oid. */
    public static Fid of(long seq, long oid) {
        if (oid < 0 || oid > OBIF_MAX_OID) {
            throw new IllegalArgumentException("oid " + oid + " does not fit in 32 bits");
        }
        return new Fid(seq, (int) oid, 0);
    }

    /** A local-file FID {@code [0x200000001:oid:0x0]} (enum local_oid, lustre_fid.h). */
    public static Fid localFile(int oid) {
        return new Fid(SEQ_LOCAL_FILE, oid, 0);
    }

    /**
     * The IDIF FID of a legacy OST object ({@code fid_idif_seq} and {@code ostid_to_fid}):
     * seq = 2^32 | ost_idx &lt;&lt; 16 | bits 32..47 of the object id, oid = low 32 bits.
     *
     * @throws IllegalArgumentException if the object id needs more than 48 bits or the OST
     *     index more than 16 (the IDIF form cannot represent them)
     */
    public static Fid idif(long objectId, int ostIndex) {
        if (objectId < 0 || objectId > IDIF_MAX_OID) {
            throw new IllegalArgumentException(
                    "object id " + objectId + " does not fit an IDIF FID (max " + IDIF_MAX_OID + ")");
        }
        if (ostIndex < 0 || ostIndex > 0xffff) {
            throw new IllegalArgumentException("OST index " + ostIndex + " does not fit an IDIF FID (max 65535)");
        }
        long seq = SEQ_IDIF | ((long) ostIndex << 16) | ((objectId >>> 32) & 0xffff);
        return new Fid(seq, (int) objectId, 0);
    }

    /** An IGIF FID from an old ldiskfs inode number and generation ({@code lu_igif_build}). */
    public static Fid igif(int inode, int generation) {
        return new Fid(Integer.toUnsignedLong(inode), generation, 0);
    }

    /** The object id an IDIF FID stands for ({@code fid_idif_id}, version bits included). */
    public long idifObjectId() {
        return ((long) ver << 48) | ((seq & 0xffff) << 32) | Integer.toUnsignedLong(oid);
    }

    /** The OST index an IDIF FID carries ({@code fid_idif_ost_idx}). */
    public int idifOstIndex() {
        return (int) ((seq >>> 16) & 0xffff);
    }

    /** The oid as an unsigned value. */
    public long oidUnsigned() {
        return Integer.toUnsignedLong(oid);
    }

    // ---- predicates (include/uapi/linux/lustre/lustre_fid.h) ----

    /** True for the all-zero FID ({@code fid_is_zero}). */
    public boolean isZero() {
        return seq == 0 && oid == 0 && ver == 0;
    }

    /** Sequence 0: MDT0 / legacy OST group 0 ({@code fid_is_mdt0}). */
    public boolean isMdt0() {
        return seq == SEQ_OST_MDT0;
    }

    /** An MDT object: sequence 0 or a normal sequence ({@code fid_seq_is_mdt}). */
    public boolean isMdt() {
        return seq == SEQ_OST_MDT0 || isNormal();
    }

    /** Echo client object ({@code fid_is_echo}). */
    public boolean isEcho() {
        return seq == SEQ_ECHO;
    }

    /** An unnamed llog: sequence 1 and oid above 0; oid 0 is the last-oid file ({@code fid_is_llog}). */
    public boolean isLlog() {
        return seq == SEQ_LLOG && oid != 0;
    }

    /** Reserved sequence: {@code 0 < seq <= FID_SEQ_RSVD} ({@code fid_seq_is_rsvd}). */
    public boolean isReserved() {
        return seq > SEQ_OST_MDT0 && seq <= SEQ_RSVD;
    }

    /** Special sequence ({@code fid_seq_is_special}). */
    public boolean isSpecial() {
        return seq == SEQ_SPECIAL;
    }

    /** Local file: LOCAL_FILE or LOCAL_NAME sequence ({@code fid_is_local_file}). */
    public boolean isLocalFile() {
        return seq == SEQ_LOCAL_FILE || seq == SEQ_LOCAL_NAME;
    }

    /** In the ROOT sequence ({@code fid_seq_is_root}). */
    public boolean isRootSeq() {
        return seq == SEQ_ROOT;
    }

    /** In the {@code .lustre} sequence ({@code fid_seq_is_dot}). */
    public boolean isDotLustre() {
        return seq == SEQ_DOT_LUSTRE;
    }

    /** The default-layout marker sequence ({@code fid_seq_is_default}). */
    public boolean isLovDefault() {
        return seq == SEQ_LOV_DEFAULT;
    }

    /** IGIF: {@code 12 <= seq <= 0xffffffff} ({@code fid_is_igif}). */
    public boolean isIgif() {
        return Long.compareUnsigned(seq, SEQ_IGIF) >= 0 && Long.compareUnsigned(seq, SEQ_IGIF_MAX) <= 0;
    }

    /** IDIF: {@code 2^32 <= seq <= 2^33 - 1} ({@code fid_is_idif}). */
    public boolean isIdif() {
        return Long.compareUnsigned(seq, SEQ_IDIF) >= 0 && Long.compareUnsigned(seq, SEQ_IDIF_MAX) <= 0;
    }

    /** Normal sequence: {@code seq >= FID_SEQ_NORMAL} ({@code fid_is_norm}). */
    public boolean isNormal() {
        return Long.compareUnsigned(seq, SEQ_NORMAL) >= 0;
    }

    /** LFSCK orphan rbtree ({@code fid_is_layout_rbtree}). */
    public boolean isLayoutRbtree() {
        return seq == SEQ_LAYOUT_RBTREE;
    }

    /** DNE update log ({@code fid_is_update_log}). */
    public boolean isUpdateLog() {
        return seq == SEQ_UPDATE_LOG;
    }

    /** DNE update log directory ({@code fid_is_update_log_dir}). */
    public boolean isUpdateLogDir() {
        return seq == SEQ_UPDATE_LOG_DIR;
    }

    /** Quota index FIDs ({@code fid_is_quota}: QUOTA or QUOTA_GLB sequence). */
    public boolean isQuota() {
        return seq == SEQ_QUOTA || seq == SEQ_QUOTA_GLB;
    }

    /** The filesystem root FID {@code [0x200000007:0x1:0x0]} ({@code fid_is_root}). */
    public boolean isRoot() {
        return equals(ROOT);
    }

    /**
     * A LAST_ID object: oid 0, for IDIF only the object of bits 32..47 == 0, and neither
     * update-log nor IGIF sequences ({@code fid_is_last_id}).
     */
    public boolean isLastId() {
        if (oid != 0) {
            return false;
        }
        if (isIdif() && (seq & 0xffff) != 0) {
            return false;
        }
        return seq != SEQ_UPDATE_LOG && seq != SEQ_UPDATE_LOG_DIR && !isIgif();
    }

    /**
     * A plausible FID: normal space with version 0, or IGIF, IDIF, or reserved
     * ({@code fid_is_sane}).
     */
    public boolean isSane() {
        return (Long.compareUnsigned(seq, SEQ_START) >= 0 && ver == 0) || isIgif() || isIdif() || isReserved();
    }

    /**
     * The 64-bit inode number Lustre clients derive from a FID ({@code fid_flatten64}): used
     * by the client for {@code st_ino}.
     */
    public long flatten64() {
        if (isIgif()) {
            return seq;
        }
        long ino = (seq << 24) + ((seq >>> 24) & 0xffffff0000L) + Integer.toUnsignedLong(oid);
        return ino != 0 ? ino : Integer.toUnsignedLong(oid);
    }

    @Override
    public int compareTo(Fid other) {
        int c = Long.compareUnsigned(seq, other.seq);
        if (c != 0) {
            return c;
        }
        c = Integer.compareUnsigned(oid, other.oid);
        return c != 0 ? c : Integer.compareUnsigned(ver, other.ver);
    }

    @Override
    public int hashCode() {
        // Spread the sequence into the oid: objects of one sequence differ only in oid.
        long h = seq * 0x9E3779B97F4A7C15L + oid;
        h ^= (long) ver << 17;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fid f && f.seq == seq && f.oid == oid && f.ver == ver;
    }

    /** Lustre's {@code DFID} text: {@code [0x200000007:0x1:0x0]}, {@code [0:0x5:0x0]} for seq 0. */
    @Override
    public String toString() {
        return "[" + toStringNoBrace() + "]";
    }

    /** Lustre's {@code DFID_NOBRACE} text, as used in llog names: {@code 0x1:0x2:0x0}. */
    public String toStringNoBrace() {
        // %#llx prints 0 without the 0x prefix; %x after a literal 0x always has it.
        String s = seq == 0 ? "0" : "0x" + Long.toHexString(seq);
        return s + ":0x" + Integer.toHexString(oid) + ":0x" + Integer.toHexString(ver);
    }

    /**
     * Parses a FID in Lustre's text form, with or without brackets, fields in C
     * {@code strtoull(.., 0)} syntax. Leading and trailing blanks are ignored.
     *
     * @throws LustreException {@link Errno#EINVAL} naming the text when it is not a FID,
     *     {@link Errno#ERANGE} when the oid or version does not fit in 32 bits
     */
    public static Fid parse(String text) throws LustreException {
        if (text == null) {
            throw new LustreException(Errno.EINVAL, "invalid FID: null");
        }
        String s = text.strip();
        boolean bracket = s.startsWith("[");
        if (bracket) {
            if (!s.endsWith("]")) {
                throw new LustreException(Errno.EINVAL, "invalid FID '" + text + "': missing ']'");
            }
            s = s.substring(1, s.length() - 1);
        } else if (s.endsWith("]")) {
            throw new LustreException(Errno.EINVAL, "invalid FID '" + text + "': missing '['");
        }
        String[] parts = s.split(":", -1);
        if (parts.length != 3) {
            throw new LustreException(Errno.EINVAL,
                    "invalid FID '" + text + "': expected [seq:oid:ver], got " + parts.length + " field(s)");
        }
        long seq = parseNumber(text, "sequence", parts[0].strip(), false);
        long oid = parseNumber(text, "oid", parts[1].strip(), true);
        long ver = parseNumber(text, "version", parts[2].strip(), true);
        return new Fid(seq, (int) oid, (int) ver);
    }

    private static long parseNumber(String text, String field, String s, boolean u32) throws LustreException {
        int radix = 10;
        String digits = s;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            radix = 16;
            digits = s.substring(2);
        } else if (s.length() > 1 && s.charAt(0) == '0') {
            radix = 8;
            digits = s.substring(1);
        }
        if (digits.isEmpty() || digits.charAt(0) == '+' || digits.charAt(0) == '-') {
            throw new LustreException(Errno.EINVAL, "invalid FID '" + text + "': bad " + field + " '" + s + "'");
        }
        long value;
        try {
            value = Long.parseUnsignedLong(digits, radix);
        } catch (NumberFormatException e) {
            // strtoull reports ERANGE for any base when every character is a digit of it.
            int base = radix;
            boolean overflow = digits.chars().allMatch(c -> Character.digit(c, base) >= 0);
            throw new LustreException(overflow ? Errno.ERANGE : Errno.EINVAL,
                    "invalid FID '" + text + "': bad " + field + " '" + s + "'");
        }
        if (u32 && Long.compareUnsigned(value, 0xffffffffL) > 0) {
            throw new LustreException(Errno.ERANGE,
                    "invalid FID '" + text + "': " + field + " '" + s + "' does not fit in 32 bits");
        }
        return value;
    }

    // ---- byte forms ----

    private static final ValueLayout.OfLong LE64 =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE32 =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Writes the 16 bytes little-endian ({@code fid_cpu_to_le}) at {@code offset}. */
    public void writeLE(MemorySegment seg, long offset) {
        seg.set(LE64, offset, seq);
        seg.set(LE32, offset + 8, oid);
        seg.set(LE32, offset + 12, ver);
    }

    /** Writes the 16 bytes big-endian ({@code fid_cpu_to_be}) at {@code offset}. */
    public void writeBE(MemorySegment seg, long offset) {
        seg.set(BE64, offset, seq);
        seg.set(BE32, offset + 8, oid);
        seg.set(BE32, offset + 12, ver);
    }

    /** Reads 16 little-endian bytes at {@code offset}. */
    public static Fid readLE(MemorySegment seg, long offset) {
        return new Fid(seg.get(LE64, offset), seg.get(LE32, offset + 8), seg.get(LE32, offset + 12));
    }

    /** Reads 16 big-endian bytes at {@code offset}. */
    public static Fid readBE(MemorySegment seg, long offset) {
        return new Fid(seg.get(BE64, offset), seg.get(BE32, offset + 8), seg.get(BE32, offset + 12));
    }

    /** The 16 little-endian bytes. */
    public byte[] toBytesLE() {
        byte[] b = new byte[SIZE];
        writeLE(MemorySegment.ofArray(b), 0);
        return b;
    }

    /** The 16 big-endian bytes. */
    public byte[] toBytesBE() {
        byte[] b = new byte[SIZE];
        writeBE(MemorySegment.ofArray(b), 0);
        return b;
    }
}
