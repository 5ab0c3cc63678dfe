package org.jlustre.llog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A second, independent reading of Lustre's llog on-disk format, written from the reference
 * text (/work/shared/docs/lustre-reference.md section 4: 4.1 records, 4.2 the header, 4.4 the
 * padding rule and FIXSIZE offsets, 4.9 catalogs; section 6.1 for {@code struct lustre_cfg}
 * and {@code struct cfg_marker}) with nothing but {@link ByteBuffer} in little-endian order.
 * It deliberately uses no class of {@code org.jlustre.wire} or {@code org.jlustre.llog}, so a
 * writer bug shared with the project's own decoders cannot hide here.
 *
 * <p>Where the reference gives a struct's size but not its fields (setattr64, size_change,
 * changelog_rec and its extensions), the layout is the one of include/uapi/linux/lustre/
 * lustre_idl.h and lustre_user.h, written out below next to each decoder.
 *
 * <p>The decoder never throws on bad bytes: every departure from the format is added to
 * {@link Result#problems()} with its file offset, and decoding goes on where it safely can.
 */
final class IndependentLlogDecoder {

    // ---- constants (reference 4.1, 4.2, 6.1) ----

    static final int LLOG_OP_MAGIC = 0x10600000;
    static final int LLOG_OP_MASK = 0xfff00000;
    static final int LLOG_PAD_MAGIC = 0x10600000;
    static final int OST_SZ_REC = 0x10600f00;
    static final int MDS_UNLINK_REC = 0x10612404;
    static final int MDS_UNLINK64_REC = 0x10692404;
    static final int MDS_SETATTR64_REC = 0x10692401;
    static final int OBD_CFG_REC = 0x10620000;
    static final int LLOG_GEN_REC = 0x10640000;
    static final int CHANGELOG_REC = 0x10660000;
    static final int CHANGELOG_USER_REC = 0x10670000;
    static final int CHANGELOG_USER_REC2 = 0x10670002;
    static final int HSM_AGENT_REC = 0x10680000;
    static final int UPDATE_REC = 0x106a0000;
    static final int LLOG_HDR_MAGIC = 0x10645539;
    static final int LLOG_LOGID_MAGIC = 0x1064553b;

    static final int LLOG_MIN_CHUNK_SIZE = 8192;
    static final int LLOG_MIN_REC_SIZE = 24;
    static final int LLOG_HEADER_SIZE = 96;
    static final int REC_HDR_SIZE = 16;
    static final int REC_TAIL_SIZE = 8;
    static final int LLH_BITMAP_OFFSET = 88;
    static final int OBD_UUID_SIZE = 40;

    static final int LLOG_F_ZAP_WHEN_EMPTY = 0x1;
    static final int LLOG_F_IS_CAT = 0x2;
    static final int LLOG_F_IS_PLAIN = 0x4;
    static final int LLOG_F_IS_FIXSIZE = 0x10;

    static final int LUSTRE_CFG_VERSION = 0x1cf60001;
    static final int LUSTRE_CFG_MAX_BUFCOUNT = 8;
    static final int LCFG_MARKER = 0xcf010;
    static final int CFG_MARKER_SIZE = 160;

    /** changelog_rec flags (lustre_user.h enum changelog_rec_flags / changelog_rec_extra_flags). */
    static final int CLF_RENAME = 0x2000;
    static final int CLF_JOBID = 0x4000;
    static final int CLF_EXTRA_FLAGS = 0x8000;
    static final long CLFE_UIDGID = 0x1;
    static final long CLFE_NID = 0x2;
    static final long CLFE_OPEN = 0x4;
    static final long CLFE_XATTR = 0x8;
    static final int CHANGELOG_REC_SIZE = 64;

    private IndependentLlogDecoder() {
    }

    // ---- model ----

    /** {@code struct lu_fid} (16 bytes, LE: u64 f_seq, u32 f_oid, u32 f_ver). */
    record LuFid(long seq, int oid, int ver) {
    }

    /** {@code struct llog_log_hdr} (reference 4.2). */
    record Header(int lrhLen, int lrhIndex, int lrhType, int lrhId, long timestamp, int count, int bitmapOffset,
            int size, int flags, int catIdx, byte[] tgtUuidRaw, String tgtUuid, int reserved, BitSet bitmap,
            int bitmapBits, int tailLen, int tailIndex) {
    }

    /** One record found walking the chunks. */
    record Rec(long offset, int len, int index, int type, int id, int tailLen, int tailIndex, boolean bitSet,
            Body body) {

        boolean isPad() {
            return type == LLOG_PAD_MAGIC;
        }
    }

    /** A decoded record body. */
    sealed interface Body permits Pad, LogidBody, GenBody, Unlink64Body, Setattr64Body, SizeChangeBody,
            ChangelogBody, CfgBody, RawBody {
    }

    /** LLOG_PAD_MAGIC: no body worth reading. */
    record Pad() implements Body {
    }

    /**
     * {@code llog_logid_rec} (64): hdr, llog_logid {u64 oi_id, u64 oi_seq, u32 lgl_ogen}, u32 pad,
     * u64 pad, u64 pad, tail. The FID a logid names is {@link #fid()} ({@code logid_to_fid}).
     */
    record LogidBody(long oiId, long oiSeq, int ogen, int padding1, long padding2, long padding3) implements Body {

        /** {@code logid_to_fid}: seq = oi_seq, oid = oi_id, for ogen 0 (IGIF otherwise). */
        LuFid fid() {
            return ogen == 0 ? new LuFid(oiSeq, (int) oiId, 0) : new LuFid(oiId, ogen, 0);
        }
    }

    /** {@code llog_gen_rec} (64): hdr, u64 mnt_cnt, u64 conn_cnt, 3 u64 paddings, tail. */
    record GenBody(long mntCnt, long connCnt, long padding1, long padding2, long padding3) implements Body {
    }

    /** {@code llog_unlink64_rec} (64): hdr, lu_fid, u32 lur_count, u32 pad, u64 pad, u64 pad, tail. */
    record Unlink64Body(LuFid fid, int count, int padding1, long padding2, long padding3) implements Body {
    }

    /**
     * {@code llog_setattr64_rec} (64): hdr, ost_id lsr_oi (16), u32 uid, u32 uid_h, u32 gid,
     * u32 gid_h, u64 lsr_valid, tail. {@code oiFid} is the same 16 bytes in the ost_id's lu_fid view.
     */
    record Setattr64Body(long oiId, long oiSeq, LuFid oiFid, int uid, int uidH, int gid, int gidH, long valid)
            implements Body {
    }

    /**
     * {@code llog_size_change_rec} (64): hdr, ll_fid {u64 id, u32 generation, u32 f_type},
     * u32 ioepoch, u32 pad, u64 pad, u64 pad, tail.
     */
    record SizeChangeBody(long fidId, int fidGeneration, int fidType, int ioepoch, int padding1, long padding2,
            long padding3) implements Body {
    }

    /**
     * {@code llog_changelog_rec}: hdr, {@code struct changelog_rec} (u16 namelen, u16 flags,
     * u32 type, u64 index, u64 prev, u64 time, lu_fid tfid, lu_fid pfid = 64 bytes), then the
     * extensions the flags select (rename 32, jobid 32, extra_flags 8, then by extra flags
     * uidgid 16, nid 24, openmode 4, xattr 256), the name, padding to 8, tail.
     */
    record ChangelogBody(int namelen, int flags, int crType, long crIndex, long prev, long time, LuFid tfid,
            LuFid pfid, LuFid sfid, LuFid spfid, String jobid, long extraFlags, long uid, long gid, byte[] nid,
            int openFlags, String xattr, byte[] name) implements Body {
    }

    /** {@code struct lustre_cfg} (reference 6.1), the body of OBD_CFG_REC. */
    record CfgBody(int version, int command, int num, int flags, long nid, int nal, int bufcount, int[] buflens,
            List<byte[]> buffers, int cfgLen) implements Body {
    }

    /** A type this decoder does not take apart. */
    record RawBody(byte[] bytes) implements Body {
    }

    /** {@code struct cfg_marker} (reference 6.1, 160 bytes). */
    record Marker(int step, int flags, int vers, int padding, long createTime, long cancelTime, String tgtName,
            String comment) {
    }

    /** The whole file. */
    record Result(long fileSize, Header header, List<Rec> records, List<String> problems) {

        List<Rec> pads() {
            return records.stream().filter(Rec::isPad).toList();
        }

        List<Rec> nonPads() {
            return records.stream().filter(r -> !r.isPad()).toList();
        }

        Rec byIndex(int index) {
            return records.stream().filter(r -> r.index() == index).findFirst().orElse(null);
        }
    }

    // ---- decoding ----

    /** Decodes a whole llog file. */
    static Result decode(byte[] file) {
        List<String> problems = new ArrayList<>();
        List<Rec> records = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < LLOG_MIN_CHUNK_SIZE) {
            problems.add("file of " + file.length + " bytes is shorter than LLOG_MIN_CHUNK_SIZE " + LLOG_MIN_CHUNK_SIZE
                    + ": no complete header");
            return new Result(file.length, null, records, problems);
        }
        Header h = decodeHeader(b, file.length, problems);
        if (h == null) {
            return new Result(file.length, null, records, problems);
        }
        walk(b, file.length, h, records, problems);
        crossCheck(h, records, problems);
        return new Result(file.length, h, List.copyOf(records), List.copyOf(problems));
    }

    private static Header decodeHeader(ByteBuffer b, int fileLen, List<String> problems) {
        int lrhLen = b.getInt(0);
        int lrhIndex = b.getInt(4);
        int lrhType = b.getInt(8);
        int lrhId = b.getInt(12);
        if (lrhType != LLOG_HDR_MAGIC) {
            problems.add(String.format("header lrh_type 0x%08x is not LLOG_HDR_MAGIC 0x%08x%s", lrhType, LLOG_HDR_MAGIC,
                    Integer.reverseBytes(lrhType) == LLOG_HDR_MAGIC ? " (byte-swapped: a big-endian log)" : ""));
        }
        if (lrhIndex != 0) {
            problems.add("header lrh_index " + lrhIndex + " is not 0");
        }
        if (lrhLen < LLOG_MIN_CHUNK_SIZE || Integer.bitCount(lrhLen) != 1) {
            problems.add("header lrh_len " + Integer.toUnsignedString(lrhLen)
                    + " is not a power-of-two chunk size >= " + LLOG_MIN_CHUNK_SIZE);
            return null;
        }
        if (lrhLen > fileLen) {
            problems.add("header lrh_len " + lrhLen + " is longer than the " + fileLen + "-byte file");
            return null;
        }
        long timestamp = b.getLong(16);
        int count = b.getInt(24);
        int bitmapOffset = b.getInt(28);
        int size = b.getInt(32);
        int flags = b.getInt(36);
        int catIdx = b.getInt(40);
        byte[] uuidRaw = new byte[OBD_UUID_SIZE];
        b.get(44, uuidRaw);
        int reserved = b.getInt(84);
        if (bitmapOffset != LLH_BITMAP_OFFSET) {
            problems.add("llh_bitmap_offset " + bitmapOffset + " is not " + LLH_BITMAP_OFFSET);
        }
        int nul = 0;
        while (nul < OBD_UUID_SIZE && uuidRaw[nul] != 0) {
            nul++;
        }
        if (nul == OBD_UUID_SIZE) {
            problems.add("llh_tgtuuid has no NUL in its " + OBD_UUID_SIZE + " bytes");
        }
        for (int i = nul; i < OBD_UUID_SIZE; i++) {
            if (uuidRaw[i] != 0) {
                problems.add("llh_tgtuuid is not NUL-padded: byte " + i + " after the NUL at " + nul + " is "
                        + (uuidRaw[i] & 0xff));
                break;
            }
        }
        String uuid = new String(uuidRaw, 0, nul, StandardCharsets.UTF_8);
        // The bitmap: u32 little-endian words from offset 88 up to the tail; index i is bit i%32 of word i/32.
        int bitmapBytes = lrhLen - LLH_BITMAP_OFFSET - REC_TAIL_SIZE;
        int bitmapBits = bitmapBytes * 8;
        BitSet bitmap = new BitSet(bitmapBits);
        for (int w = 0; w < bitmapBytes / 4; w++) {
            int word = b.getInt(LLH_BITMAP_OFFSET + 4 * w);
            for (int bit = 0; bit < 32; bit++) {
                if ((word >>> bit & 1) != 0) {
                    bitmap.set(w * 32 + bit);
                }
            }
        }
        int tailLen = b.getInt(lrhLen - REC_TAIL_SIZE);
        int tailIndex = b.getInt(lrhLen - REC_TAIL_SIZE + 4);
        if (tailLen != lrhLen) {
            problems.add("header tail lrt_len " + Integer.toUnsignedString(tailLen) + " at " + (lrhLen - 8)
                    + " is not lrh_len " + lrhLen);
        }
        if (tailIndex < 0 || tailIndex >= bitmapBits) {
            problems.add("header tail lrt_index " + Integer.toUnsignedString(tailIndex) + " at " + (lrhLen - 4)
                    + " is past the " + bitmapBits + "-bit bitmap");
        }
        if (!bitmap.get(0)) {
            problems.add("bitmap bit 0 (the header) is clear");
        }
        if (bitmap.cardinality() != count) {
            problems.add("llh_count " + count + " is not the " + bitmap.cardinality() + " bits set in the bitmap");
        }
        boolean cat = (flags & LLOG_F_IS_CAT) != 0;
        boolean plain = (flags & LLOG_F_IS_PLAIN) != 0;
        if (cat == plain) {
            problems.add(String.format("llh_flags 0x%x must have exactly one of IS_CAT and IS_PLAIN", flags));
        }
        if (cat && ((flags & LLOG_F_IS_FIXSIZE) == 0 || size != 64)) {
            problems.add(String.format(
                    "catalog llh_flags 0x%x / llh_size %d: catalogs are FIXSIZE with 64-byte records", flags, size));
        }
        if ((flags & LLOG_F_IS_FIXSIZE) != 0 && (size < LLOG_MIN_REC_SIZE || size % 8 != 0 || size > lrhLen)) {
            problems.add("FIXSIZE llh_size " + size + " is not a record length");
        }
        return new Header(lrhLen, lrhIndex, lrhType, lrhId, timestamp, count, bitmapOffset, size, flags, catIdx,
                uuidRaw, uuid, reserved, bitmap, bitmapBits, tailLen, tailIndex);
    }

    /** Walks the records chunk by chunk, from the end of the header chunk to the end of the file. */
    private static void walk(ByteBuffer b, int fileLen, Header h, List<Rec> records, List<String> problems) {
        int chunk = h.lrhLen();
        boolean fixsize = (h.flags() & LLOG_F_IS_FIXSIZE) != 0;
        long off = chunk;
        int prevIndex = 0;
        while (off < fileLen) {
            int inChunk = (int) (off % chunk);
            int left = chunk - inChunk;
            if (fileLen - off < LLOG_MIN_REC_SIZE) {
                problems.add("at " + off + ": " + (fileLen - off) + " trailing bytes, less than a record");
                break;
            }
            int at = (int) off;
            int len = b.getInt(at);
            int index = b.getInt(at + 4);
            int type = b.getInt(at + 8);
            int id = b.getInt(at + 12);
            if (len < LLOG_MIN_REC_SIZE || len % 8 != 0 || len > chunk) {
                problems.add("at " + off + ": lrh_len " + Integer.toUnsignedString(len)
                        + " is not a record length (multiple of 8, >= 24, <= chunk " + chunk
                        + "); skipping to the next chunk");
                off += left;
                continue;
            }
            if (len > left) {
                problems.add("at " + off + ": record " + index + " of " + len + " bytes crosses the chunk boundary at "
                        + (off + left));
            }
            if (off + len > fileLen) {
                problems.add("at " + off + ": record " + index + " of " + len + " bytes runs past the end of the "
                        + fileLen + "-byte file");
                break;
            }
            int tailLen = b.getInt(at + len - 8);
            int tailIndex = b.getInt(at + len - 4);
            if (tailLen != len) {
                problems.add("at " + off + ": record " + index + " tail lrt_len " + Integer.toUnsignedString(tailLen)
                        + " (at " + (off + len - 8) + ") != lrh_len " + len);
            }
            if (tailIndex != index) {
                problems.add("at " + off + ": record " + index + " tail lrt_index "
                        + Integer.toUnsignedString(tailIndex)
                        + " (at " + (off + len - 4) + ") != lrh_index " + index);
            }
            if ((type & LLOG_OP_MASK) != LLOG_OP_MAGIC || type == LLOG_HDR_MAGIC) {
                problems.add(String.format("at %d: record %d lrh_type 0x%08x is not a record type", off, index, type));
            }
            if (index <= 0 || index >= h.bitmapBits()) {
                problems.add("at " + off + ": lrh_index " + Integer.toUnsignedString(index) + " outside 1.."
                        + (h.bitmapBits() - 1));
            } else if (index != prevIndex + 1) {
                problems.add("at " + off + ": lrh_index " + index + " does not follow " + prevIndex);
            }
            boolean bitSet = index > 0 && index < h.bitmapBits() && h.bitmap().get(index);
            Body body;
            if (type == LLOG_PAD_MAGIC) {
                body = new Pad();
                checkPad(b, fileLen, h, off, len, index, bitSet, fixsize, problems);
            } else {
                body = decodeBody(b, at, len, type, index, problems);
            }
            if (fixsize) {
                if (len != h.size()) {
                    problems.add("at " + off + ": record " + index + " of " + len + " bytes in a FIXSIZE log of "
                            + h.size() + "-byte records");
                }
                long expect = chunk + (long) (index - 1) * h.size();
                if (off != expect) {
                    problems.add("at " + off + ": FIXSIZE record " + index + " belongs at chunk + (idx-1)*size = "
                            + expect);
                }
            }
            int leftAfter = left - len;
            if (leftAfter > 0 && leftAfter < LLOG_MIN_REC_SIZE) {
                problems.add("at " + off + ": record " + index + " leaves " + leftAfter
                        + " bytes before the chunk end, less than LLOG_MIN_REC_SIZE (padding rule, reference 4.4)");
            }
            records.add(new Rec(off, len, index, type, id, tailLen, tailIndex, bitSet, body));
            prevIndex = index;
            off += len;
        }
    }

    /**
     * A padding record (reference 4.4 step 3): it fills its chunk exactly, its bit is clear,
     * it is followed by a record that would not otherwise fit (left != reclen and
     * left < reclen + 24), and FIXSIZE logs have none.
     */
    private static void checkPad(ByteBuffer b, int fileLen, Header h, long off, int len, int index, boolean bitSet,
            boolean fixsize, List<String> problems) {
        int chunk = h.lrhLen();
        if (bitSet) {
            problems.add("at " + off + ": padding record " + index + " has its bitmap bit set");
        }
        if ((off + len) % chunk != 0) {
            problems.add("at " + off + ": padding record " + index + " of " + len
                    + " bytes does not end at a chunk boundary");
        }
        if (fixsize) {
            problems.add("at " + off + ": padding record " + index + " in a FIXSIZE log");
        }
        long next = off + len;
        if (next + 4 > fileLen) {
            problems.add("at " + off + ": padding record " + index + " is not followed by a record");
            return;
        }
        int nextLen = b.getInt((int) next);
        if (!(len != nextLen && len < nextLen + LLOG_MIN_REC_SIZE)) {
            problems.add("at " + off + ": padding record " + index + " of " + len + " bytes was not needed: the next "
                    + "record is " + nextLen + " bytes (pad only when left != reclen && left < reclen + 24)");
        }
    }

    private static Body decodeBody(ByteBuffer b, int at, int len, int type, int index, List<String> problems) {
        String where = "at " + at + ": record " + index;
        switch (type) {
            case LLOG_LOGID_MAGIC -> {
                if (!fixed(len, 64, where, "llog_logid_rec", problems)) {
                    return raw(b, at, len);
                }
                return new LogidBody(b.getLong(at + 16), b.getLong(at + 24), b.getInt(at + 32), b.getInt(at + 36),
                        b.getLong(at + 40), b.getLong(at + 48));
            }
            case LLOG_GEN_REC -> {
                if (!fixed(len, 64, where, "llog_gen_rec", problems)) {
                    return raw(b, at, len);
                }
                return new GenBody(b.getLong(at + 16), b.getLong(at + 24), b.getLong(at + 32), b.getLong(at + 40),
                        b.getLong(at + 48));
            }
            case MDS_UNLINK64_REC -> {
                if (!fixed(len, 64, where, "llog_unlink64_rec", problems)) {
                    return raw(b, at, len);
                }
                return new Unlink64Body(fid(b, at + 16), b.getInt(at + 32), b.getInt(at + 36), b.getLong(at + 40),
                        b.getLong(at + 48));
            }
            case MDS_SETATTR64_REC -> {
                if (len == 88) {
                    return raw(b, at, len); // llog_setattr64_rec_v2: not taken apart here
                }
                if (!fixed(len, 64, where, "llog_setattr64_rec", problems)) {
                    return raw(b, at, len);
                }
                return new Setattr64Body(b.getLong(at + 16), b.getLong(at + 24), fid(b, at + 16), b.getInt(at + 32),
                        b.getInt(at + 36), b.getInt(at + 40), b.getInt(at + 44), b.getLong(at + 48));
            }
            case OST_SZ_REC -> {
                if (!fixed(len, 64, where, "llog_size_change_rec", problems)) {
                    return raw(b, at, len);
                }
                return new SizeChangeBody(b.getLong(at + 16), b.getInt(at + 24), b.getInt(at + 28), b.getInt(at + 32),
                        b.getInt(at + 36), b.getLong(at + 40), b.getLong(at + 48));
            }
            case CHANGELOG_REC -> {
                return changelog(b, at, len, where, problems);
            }
            case OBD_CFG_REC -> {
                return lustreCfg(b, at, len, where, problems);
            }
            default -> {
                return raw(b, at, len);
            }
        }
    }

    private static boolean fixed(int len, int size, String where, String struct, List<String> problems) {
        if (len != size) {
            problems.add(where + ": " + struct + " of " + len + " bytes, the struct is " + size);
            return false;
        }
        return true;
    }

    private static RawBody raw(ByteBuffer b, int at, int len) {
        byte[] body = new byte[len - REC_HDR_SIZE - REC_TAIL_SIZE];
        b.get(at + REC_HDR_SIZE, body);
        return new RawBody(body);
    }

    private static LuFid fid(ByteBuffer b, int at) {
        return new LuFid(b.getLong(at), b.getInt(at + 8), b.getInt(at + 12));
    }

    private static String cString(ByteBuffer b, int at, int max) {
        int n = 0;
        while (n < max && b.get(at + n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(at, s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static long round8(long n) {
        return (n + 7) & ~7L;
    }

    /** {@code changelog_rec_offset(flags, extra_flags)}: where the name starts in changelog_rec. */
    static int changelogRecOffset(int flags, long extraFlags) {
        int size = CHANGELOG_REC_SIZE;
        if ((flags & CLF_RENAME) != 0) {
            size += 32;
        }
        if ((flags & CLF_JOBID) != 0) {
            size += 32;
        }
        if ((flags & CLF_EXTRA_FLAGS) != 0) {
            size += 8;
            size += (extraFlags & CLFE_UIDGID) != 0 ? 16 : 0;
            size += (extraFlags & CLFE_NID) != 0 ? 24 : 0;
            size += (extraFlags & CLFE_OPEN) != 0 ? 4 : 0;
            size += (extraFlags & CLFE_XATTR) != 0 ? 256 : 0;
        }
        return size;
    }

    private static Body changelog(ByteBuffer b, int at, int len, String where, List<String> problems) {
        if (len < REC_HDR_SIZE + CHANGELOG_REC_SIZE + REC_TAIL_SIZE) {
            problems.add(where + ": llog_changelog_rec of " + len + " bytes, shorter than 88");
            return raw(b, at, len);
        }
        int cr = at + REC_HDR_SIZE;
        int end = at + len - REC_TAIL_SIZE;
        int namelen = Short.toUnsignedInt(b.getShort(cr));
        int flags = Short.toUnsignedInt(b.getShort(cr + 2));
        int crType = b.getInt(cr + 4);
        long crIndex = b.getLong(cr + 8);
        long prev = b.getLong(cr + 16);
        long time = b.getLong(cr + 24);
        LuFid tfid = fid(b, cr + 32);
        LuFid pfid = fid(b, cr + 48);
        int p = cr + CHANGELOG_REC_SIZE;
        LuFid zero = new LuFid(0, 0, 0);
        LuFid sfid = zero;
        LuFid spfid = zero;
        String jobid = "";
        long extra = 0;
        long uid = 0;
        long gid = 0;
        byte[] nid = new byte[24];
        int openFlags = 0;
        String xattr = "";
        if ((flags & CLF_RENAME) != 0) {
            if (p + 32 > end) {
                problems.add(where + ": changelog rename extension runs into the tail");
                return raw(b, at, len);
            }
            sfid = fid(b, p);
            spfid = fid(b, p + 16);
            p += 32;
        }
        if ((flags & CLF_JOBID) != 0) {
            if (p + 32 > end) {
                problems.add(where + ": changelog jobid extension runs into the tail");
                return raw(b, at, len);
            }
            jobid = cString(b, p, 32);
            p += 32;
        }
        if ((flags & CLF_EXTRA_FLAGS) != 0) {
            if (p + 8 > end) {
                problems.add(where + ": changelog extra-flags extension runs into the tail");
                return raw(b, at, len);
            }
            extra = b.getLong(p);
            p += 8;
            int need = changelogRecOffset(flags, extra) - (p - cr);
            if (p + need > end) {
                problems.add(where + ": changelog extra extensions (0x" + Long.toHexString(extra)
                        + ") run into the tail");
                return raw(b, at, len);
            }
            if ((extra & CLFE_UIDGID) != 0) {
                uid = b.getLong(p);
                gid = b.getLong(p + 8);
                p += 16;
            }
            if ((extra & CLFE_NID) != 0) {
                b.get(p, nid);
                p += 24;
            }
            if ((extra & CLFE_OPEN) != 0) {
                openFlags = b.getInt(p);
                p += 4;
            }
            if ((extra & CLFE_XATTR) != 0) {
                xattr = cString(b, p, 256);
                p += 256;
            }
        }
        if (p + namelen > end) {
            problems.add(where + ": changelog cr_namelen " + namelen + " runs into the tail");
            return raw(b, at, len);
        }
        byte[] name = new byte[namelen];
        b.get(p, name);
        long expectLen = REC_HDR_SIZE + round8((long) (p - cr) + namelen) + REC_TAIL_SIZE;
        if (len != expectLen) {
            problems.add(where + ": llog_changelog_rec lrh_len " + len
                    + " is not hdr + round8(changelog_rec_size) + tail = "
                    + expectLen);
        }
        return new ChangelogBody(namelen, flags, crType, crIndex, prev, time, tfid, pfid, sfid, spfid, jobid, extra,
                uid, gid, nid, openFlags, xattr, name);
    }

    /** {@code struct lustre_cfg} at offset 16 of the record (reference 6.1). */
    private static Body lustreCfg(ByteBuffer b, int at, int len, String where, List<String> problems) {
        int body = at + REC_HDR_SIZE;
        int bodyLen = len - REC_HDR_SIZE - REC_TAIL_SIZE;
        if (bodyLen < 32) {
            problems.add(where + ": lustre_cfg of " + bodyLen + " bytes cannot hold its 32-byte header");
            return raw(b, at, len);
        }
        int version = b.getInt(body);
        int command = b.getInt(body + 4);
        int num = b.getInt(body + 8);
        int flags = b.getInt(body + 12);
        long nid = b.getLong(body + 16);
        int nal = b.getInt(body + 24);
        int bufcount = b.getInt(body + 28);
        if (version != LUSTRE_CFG_VERSION) {
            problems.add(String.format("%s: lcfg_version 0x%08x is not LUSTRE_CFG_VERSION 0x%08x", where, version,
                    LUSTRE_CFG_VERSION));
        }
        if (bufcount < 0 || bufcount > LUSTRE_CFG_MAX_BUFCOUNT) {
            problems.add(where + ": lcfg_bufcount " + Integer.toUnsignedString(bufcount) + " is over "
                    + LUSTRE_CFG_MAX_BUFCOUNT);
            return raw(b, at, len);
        }
        long hdrSize = round8(32 + 4L * bufcount);
        if (hdrSize > bodyLen) {
            problems.add(where + ": lcfg_buflens of " + bufcount + " buffers end past the record");
            return raw(b, at, len);
        }
        int[] buflens = new int[bufcount];
        List<byte[]> buffers = new ArrayList<>();
        long p = body + hdrSize;
        long cfgLen = hdrSize;
        for (int i = 0; i < bufcount; i++) {
            buflens[i] = b.getInt(body + 32 + 4 * i);
            long blen = Integer.toUnsignedLong(buflens[i]);
            if (p + round8(blen) > body + bodyLen) {
                problems.add(where + ": lcfg_buflens[" + i + "] " + blen + " runs past the record");
                return raw(b, at, len);
            }
            byte[] buf = new byte[(int) blen];
            b.get((int) p, buf);
            buffers.add(buf);
            p += round8(blen);
            cfgLen += round8(blen);
        }
        long expectLen = REC_HDR_SIZE + round8(cfgLen) + REC_TAIL_SIZE;
        if (len != expectLen) {
            problems.add(where + ": OBD_CFG_REC lrh_len " + len + " is not 16 + round8(lustre_cfg_len " + cfgLen
                    + ") + 8 = " + expectLen);
        }
        return new CfgBody(version, command, num, flags, nid, nal, bufcount, buflens, List.copyOf(buffers),
                (int) cfgLen);
    }

    /** Decodes a {@code struct cfg_marker} from an LCFG_MARKER buffer; null if it is too short. */
    static Marker marker(byte[] buf) {
        if (buf.length < CFG_MARKER_SIZE) {
            return null;
        }
        ByteBuffer m = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        return new Marker(m.getInt(0), m.getInt(4), m.getInt(8), m.getInt(12), m.getLong(16), m.getLong(24),
                cString(m, 32, 64), cString(m, 96, 64));
    }

    /**
     * Checks across the header and the records: every set bit names a record that is no pad;
     * no bit is set past the last index; the header's tail index is the highest record index.
     */
    private static void crossCheck(Header h, List<Rec> records, List<String> problems) {
        BitSet present = new BitSet();
        int maxIndex = 0;
        for (Rec r : records) {
            if (r.index() > 0 && r.index() < h.bitmapBits()) {
                present.set(r.index()); // a pad's set bit is reported by checkPad
                maxIndex = Math.max(maxIndex, r.index());
            }
        }
        for (int i = h.bitmap().nextSetBit(1); i >= 0; i = h.bitmap().nextSetBit(i + 1)) {
            if (!present.get(i)) {
                problems.add("bitmap bit " + i + " is set but the file has no record " + i);
            }
            if (i > h.tailIndex()) {
                problems.add("bitmap bit " + i + " is set past the last index " + h.tailIndex() + " (header tail)");
            }
        }
        if (h.tailIndex() != maxIndex) {
            problems.add("header tail lrt_index " + h.tailIndex() + " is not the last record index " + maxIndex);
        }
        if (!records.isEmpty() && records.getLast().isPad()) {
            problems.add("the file ends with a padding record");
        }
    }

    /** The bitmap's set indexes, for messages. */
    static int[] setBits(BitSet bitmap) {
        return bitmap.stream().toArray();
    }
}
