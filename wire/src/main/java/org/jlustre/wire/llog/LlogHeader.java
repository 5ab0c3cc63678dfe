package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_log_hdr}: record 0 of every llog, one chunk long (reference 4.2).
 *
 * <pre>
 *    0  16  llh_hdr: lrh_len = chunk size, lrh_index 0, lrh_type LLOG_HDR_MAGIC, lrh_id
 *   16   8  llh_timestamp
 *   24   4  llh_count          (live records, the header included)
 *   28   4  llh_bitmap_offset  (88)
 *   32   4  llh_size           (record size of a FIXSIZE log, else the smallest seen)
 *   36   4  llh_flags
 *   40   4  llh_cat_idx
 *   44  40  llh_tgtuuid
 *   84   4  llh_reserved[1]
 *   88   .  llh_bitmap         (u32 words, little-endian; index i is bit i)
 * len-8  8  llh_tail: lrt_len = chunk size, lrt_index = the last index used
 * </pre>
 *
 * A mutable value: the llog layer keeps one per open handle and writes either all of it or,
 * for an append, only the fixed part, one bitmap word and the tail ({@link #FIXED_SIZE},
 * {@link #bitmapWordOffset}, {@link #tailOffset}).
 */
public final class LlogHeader {

    /** {@code LLOG_MIN_CHUNK_SIZE}: the smallest chunk, and the default. */
    public static final int MIN_CHUNK_SIZE = 8192;
    /** Offset of {@code llh_timestamp}. */
    public static final int OFF_TIMESTAMP = 16;
    /** Offset of {@code llh_count}. */
    public static final int OFF_COUNT = 24;
    /** Offset of {@code llh_bitmap_offset}. */
    public static final int OFF_BITMAP_OFFSET = 28;
    /** Offset of {@code llh_size}. */
    public static final int OFF_SIZE = 32;
    /** Offset of {@code llh_flags}. */
    public static final int OFF_FLAGS = 36;
    /** Offset of {@code llh_cat_idx}. */
    public static final int OFF_CAT_IDX = 40;
    /** Offset of {@code llh_tgtuuid}. */
    public static final int OFF_TGTUUID = 44;
    /** Size of {@code llh_tgtuuid}. */
    public static final int TGTUUID_SIZE = 40;
    /** Offset of {@code llh_reserved}. */
    public static final int OFF_RESERVED = 84;
    /** Offset of {@code llh_bitmap}: everything before it is the fixed part. */
    public static final int BITMAP_OFFSET = 88;
    /** The fixed part written on every append. */
    public static final int FIXED_SIZE = BITMAP_OFFSET;
    /** {@code LLOG_HEADER_SIZE}: the header fields plus the tail. */
    public static final int HEADER_SIZE = BITMAP_OFFSET + LlogRecordHeader.TAIL_SIZE;
    /** {@code LLOG_BITMAP_BYTES} of a default 8 KiB chunk. */
    public static final int BITMAP_BYTES = MIN_CHUNK_SIZE - HEADER_SIZE;

    private int chunkSize;
    private int hdrId;
    private long timestamp;
    private int count;
    private int bitmapOffset = BITMAP_OFFSET;
    private int size;
    private int flags;
    private int catIdx;
    private byte[] tgtUuid = new byte[TGTUUID_SIZE];
    private int reserved;
    private int[] bitmap;
    private int tailLen;
    private int lastIndex;

    private LlogHeader() {
    }

    /**
     * A header for a new, empty log, as {@code llog_init_handle} builds it: count 1 (the
     * header), bit 0 set, last index 0.
     *
     * @throws IllegalArgumentException for a chunk size that is not a multiple of 8 of at
     *     least {@link #MIN_CHUNK_SIZE}
     */
    public static LlogHeader fresh(int chunkSize, long timestamp, int flags, String uuid) {
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize % 8 != 0) {
            throw new IllegalArgumentException("llog chunk size " + chunkSize + " is not a multiple of 8 >= "
                    + MIN_CHUNK_SIZE);
        }
        LlogHeader h = new LlogHeader();
        h.chunkSize = chunkSize;
        h.tailLen = chunkSize;
        h.timestamp = timestamp;
        h.flags = flags;
        h.count = 1;
        h.setTgtUuid(uuid);
        h.bitmap = new int[(chunkSize - HEADER_SIZE) / 4];
        h.bitmap[0] = 1;
        return h;
    }

    /**
     * Decodes a header from {@code src} (which may be shorter than the chunk the header
     * announces: the missing bitmap words read as zero). The caller validates the fields
     * ({@code llog_read_header}); this only needs the fixed part.
     *
     * @throws IllegalArgumentException when {@code src} is shorter than the fixed part
     */
    public static LlogHeader read(MemorySegment src) {
        if (src.byteSize() < FIXED_SIZE) {
            throw new IllegalArgumentException("llog header truncated: " + src.byteSize() + " bytes");
        }
        LlogHeader h = new LlogHeader();
        h.chunkSize = src.get(Le.U32, LlogRecordHeader.OFF_LEN);
        h.hdrId = src.get(Le.U32, LlogRecordHeader.OFF_ID);
        h.timestamp = src.get(Le.U64, OFF_TIMESTAMP);
        h.count = src.get(Le.U32, OFF_COUNT);
        h.bitmapOffset = src.get(Le.U32, OFF_BITMAP_OFFSET);
        h.size = src.get(Le.U32, OFF_SIZE);
        h.flags = src.get(Le.U32, OFF_FLAGS);
        h.catIdx = src.get(Le.U32, OFF_CAT_IDX);
        h.tgtUuid = src.asSlice(OFF_TGTUUID, TGTUUID_SIZE).toArray(ValueLayout.JAVA_BYTE);
        h.reserved = src.get(Le.U32, OFF_RESERVED);
        int len = h.chunkSize >= MIN_CHUNK_SIZE && h.chunkSize % 8 == 0 ? h.chunkSize : MIN_CHUNK_SIZE;
        h.bitmap = new int[(len - HEADER_SIZE) / 4];
        for (int w = 0; w < h.bitmap.length && BITMAP_OFFSET + 4L * w + 4 <= src.byteSize(); w++) {
            h.bitmap[w] = src.get(Le.U32, BITMAP_OFFSET + 4L * w);
        }
        long tail = (long) len - LlogRecordHeader.TAIL_SIZE;
        if (tail + LlogRecordHeader.TAIL_SIZE <= src.byteSize()) {
            h.tailLen = src.get(Le.U32, tail + LlogRecordHeader.OFF_TAIL_LEN);
            h.lastIndex = src.get(Le.U32, tail + LlogRecordHeader.OFF_TAIL_INDEX);
        }
        return h;
    }

    /** Encodes the whole chunk-size header into {@code dst} at 0. */
    public void write(MemorySegment dst) {
        MemorySegment h = dst.asSlice(0, chunkSize);
        h.fill((byte) 0);
        writeFixed(h);
        for (int w = 0; w < bitmap.length; w++) {
            h.set(Le.U32, BITMAP_OFFSET + 4L * w, bitmap[w]);
        }
        writeTail(h);
    }

    /** Encodes the fixed part (bytes 0..87) into {@code dst} at 0. */
    public void writeFixed(MemorySegment dst) {
        LlogRecordHeader.write(dst, 0, chunkSize, 0, LlogRecType.LLOG_HDR_MAGIC, hdrId);
        dst.set(Le.U64, OFF_TIMESTAMP, timestamp);
        dst.set(Le.U32, OFF_COUNT, count);
        dst.set(Le.U32, OFF_BITMAP_OFFSET, bitmapOffset);
        dst.set(Le.U32, OFF_SIZE, size);
        dst.set(Le.U32, OFF_FLAGS, flags);
        dst.set(Le.U32, OFF_CAT_IDX, catIdx);
        MemorySegment.copy(tgtUuid, 0, dst, ValueLayout.JAVA_BYTE, OFF_TGTUUID, TGTUUID_SIZE);
        dst.set(Le.U32, OFF_RESERVED, reserved);
    }

    /** Encodes the tail into {@code dst} at {@link #tailOffset()} of the header. */
    public void writeTail(MemorySegment dst) {
        dst.set(Le.U32, tailOffset() + LlogRecordHeader.OFF_TAIL_LEN, tailLen);
        dst.set(Le.U32, tailOffset() + LlogRecordHeader.OFF_TAIL_INDEX, lastIndex);
    }

    /** Where the tail sits: {@code chunk size - 8} ({@code LLOG_HDR_TAIL}). */
    public int tailOffset() {
        return chunkSize - LlogRecordHeader.TAIL_SIZE;
    }

    /** The file offset of the bitmap word that holds {@code index}. */
    public int bitmapWordOffset(int index) {
        return BITMAP_OFFSET + (index / 32) * 4;
    }

    /** The bitmap word that holds {@code index}. */
    public int bitmapWord(int index) {
        return bitmap[index / 32];
    }

    /** Bits in the bitmap: {@code (chunk - 96) * 8}, 64768 for 8 KiB. */
    public int bitmapBits() {
        return bitmap.length * 32;
    }

    /** {@code lgh_max_index}: the largest usable index, 64767 for 8 KiB chunks. */
    public int maxIndex() {
        return bitmapBits() - 1;
    }

    /** Whether {@code index}'s bit is set. */
    public boolean isSet(int index) {
        return index >= 0 && index < bitmapBits() && (bitmap[index / 32] & (1 << (index % 32))) != 0;
    }

    /** Sets {@code index}'s bit; returns false if it was already set. */
    public boolean set(int index) {
        int bit = 1 << (index % 32);
        boolean was = (bitmap[index / 32] & bit) != 0;
        bitmap[index / 32] |= bit;
        return !was;
    }

    /** Clears {@code index}'s bit; returns false if it was already clear. */
    public boolean clear(int index) {
        int bit = 1 << (index % 32);
        boolean was = (bitmap[index / 32] & bit) != 0;
        bitmap[index / 32] &= ~bit;
        return was;
    }

    /** The number of set bits, the header's included. */
    public int countSetBits() {
        int n = 0;
        for (int w : bitmap) {
            n += Integer.bitCount(w);
        }
        return n;
    }

    /** The first set index after {@code index}, or -1 (bit 0 excluded). */
    public int nextSet(int index) {
        for (int i = Math.max(index + 1, 1); i < bitmapBits(); i++) {
            if (isSet(i)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code lrh_len} of the header record: the chunk size. */
    public int chunkSize() {
        return chunkSize;
    }

    /** {@code lrh_id} of the header record. */
    public int hdrId() {
        return hdrId;
    }

    /** {@code llh_timestamp}. */
    public long timestamp() {
        return timestamp;
    }

    /** Sets {@code llh_timestamp}. */
    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    /** {@code llh_count}: live records, the header included. */
    public int count() {
        return count;
    }

    /** Sets {@code llh_count}. */
    public void setCount(int count) {
        this.count = count;
    }

    /** {@code llh_bitmap_offset}. */
    public int bitmapOffset() {
        return bitmapOffset;
    }

    /** {@code llh_size}. */
    public int size() {
        return size;
    }

    /** Sets {@code llh_size}. */
    public void setSize(int size) {
        this.size = size;
    }

    /** {@code llh_flags}. */
    public int flags() {
        return flags;
    }

    /** Sets {@code llh_flags}. */
    public void setFlags(int flags) {
        this.flags = flags;
    }

    /** {@code llh_cat_idx}. */
    public int catIdx() {
        return catIdx;
    }

    /** Sets {@code llh_cat_idx}. */
    public void setCatIdx(int catIdx) {
        this.catIdx = catIdx;
    }

    /** {@code llh_tgtuuid} as text, up to the first NUL. */
    public String tgtUuid() {
        int n = 0;
        while (n < tgtUuid.length && tgtUuid[n] != 0) {
            n++;
        }
        return new String(tgtUuid, 0, n, StandardCharsets.UTF_8);
    }

    /** The raw 40 bytes of {@code llh_tgtuuid}. */
    public byte[] tgtUuidBytes() {
        return tgtUuid.clone();
    }

    /** Sets {@code llh_tgtuuid} (at most 39 bytes). */
    public void setTgtUuid(String uuid) {
        byte[] b = uuid == null ? new byte[0] : uuid.getBytes(StandardCharsets.UTF_8);
        if (b.length >= TGTUUID_SIZE) {
            throw new IllegalArgumentException("llog target uuid '" + uuid + "' longer than 39 bytes");
        }
        tgtUuid = new byte[TGTUUID_SIZE];
        System.arraycopy(b, 0, tgtUuid, 0, b.length);
    }

    /** The tail's {@code lrt_len}. */
    public int tailLen() {
        return tailLen;
    }

    /** The tail's {@code lrt_index}: the last index used ({@code lgh_last_idx} on disk). */
    public int lastIndex() {
        return lastIndex;
    }

    /** Sets the tail's {@code lrt_index}. */
    public void setLastIndex(int lastIndex) {
        this.lastIndex = lastIndex;
    }

    /** A copy, for rolling back a failed update. */
    public LlogHeader copy() {
        LlogHeader h = new LlogHeader();
        h.chunkSize = chunkSize;
        h.hdrId = hdrId;
        h.timestamp = timestamp;
        h.count = count;
        h.bitmapOffset = bitmapOffset;
        h.size = size;
        h.flags = flags;
        h.catIdx = catIdx;
        h.tgtUuid = tgtUuid.clone();
        h.reserved = reserved;
        h.bitmap = bitmap.clone();
        h.tailLen = tailLen;
        h.lastIndex = lastIndex;
        return h;
    }
}
