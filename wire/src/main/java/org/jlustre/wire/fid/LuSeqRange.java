package org.jlustre.wire.fid;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct lu_seq_range} (24 bytes, lustre_idl.h): the sequences {@code [start, end)}, and
 * in the FLD and in SEQ_QUERY who owns them: the target index and whether it is an MDT or an
 * OST. It travels little-endian in SEQ_QUERY and FLD_QUERY and sits little-endian in the
 * {@code seq_ctl} / {@code seq_srv} files ({@code range_cpu_to_le}, fid_store.c); the
 * {@code fld} index stores every field big-endian ({@code range_cpu_to_be}, fld_index.c), so
 * that its keys sort by start.
 *
 * <pre>
 *   0 8 lsr_start     16 4 lsr_index
 *   8 8 lsr_end       20 4 lsr_flags (LU_SEQ_RANGE_MDT 0, OST 1, ANY 3)
 * </pre>
 *
 * <p>The helpers are those of lustre/include/seq_range.h. Values are unsigned: a range ends at
 * {@code 2^64-1} at most ({@code LUSTRE_SEQ_SPACE_RANGE}).
 *
 * @param start the first sequence (unsigned)
 * @param end one past the last sequence (unsigned)
 * @param index the owning target's index
 * @param flags {@link #MDT}, {@link #OST} or {@link #ANY} (low two bits)
 */
public record LuSeqRange(long start, long end, int index, int flags) {

    /** {@code sizeof(struct lu_seq_range)}. */
    public static final int SIZE = 24;
    /** Offset of {@code lsr_start}. */
    public static final int OFF_START = 0;
    /** Offset of {@code lsr_end}. */
    public static final int OFF_END = 8;
    /** Offset of {@code lsr_index}. */
    public static final int OFF_INDEX = 16;
    /** Offset of {@code lsr_flags}. */
    public static final int OFF_FLAGS = 20;

    /** {@code LU_SEQ_RANGE_MDT}. */
    public static final int MDT = 0x0;
    /** {@code LU_SEQ_RANGE_OST}. */
    public static final int OST = 0x1;
    /** {@code LU_SEQ_RANGE_ANY}: a lookup that takes either kind. */
    public static final int ANY = 0x3;
    /** {@code LU_SEQ_RANGE_MASK}. */
    public static final int MASK = 0x3;

    /** {@code LUSTRE_SEQ_ZERO_RANGE}: no sequences. */
    public static final LuSeqRange ZERO = new LuSeqRange(0, 0, 0, 0);

    /** The range {@code [start, end)} owned by target {@code index} of kind {@code flags}. */
    public static LuSeqRange of(long start, long end, int index, int flags) {
        return new LuSeqRange(start, end, index, flags);
    }

    /** {@code lu_seq_range_space}: how many sequences it holds (unsigned). */
    public long space() {
        return end - start;
    }

    /** {@code lu_seq_range_is_sane}: end is not before start. */
    public boolean isSane() {
        return Long.compareUnsigned(end, start) >= 0;
    }

    /** {@code lu_seq_range_is_zero}. */
    public boolean isZero() {
        return start == 0 && end == 0;
    }

    /** {@code lu_seq_range_is_exhausted}: no sequence left. */
    public boolean isExhausted() {
        return start == end;
    }

    /** {@code lu_seq_range_within}: whether {@code seq} is in {@code [start, end)}. */
    public boolean contains(long seq) {
        return Long.compareUnsigned(seq, start) >= 0 && Long.compareUnsigned(seq, end) < 0;
    }

    /** {@code fld_range_type}: the kind bits. */
    public int type() {
        return flags & MASK;
    }

    /** Whether an MDT owns it ({@code fld_range_is_mdt}). */
    public boolean isMdt() {
        return type() == MDT;
    }

    /** Whether an OST owns it ({@code fld_range_is_ost}). */
    public boolean isOst() {
        return type() == OST;
    }

    /** Whether both name the same owner ({@code lu_seq_range_compare_loc} == 0). */
    public boolean sameLocation(LuSeqRange o) {
        return index == o.index && flags == o.flags;
    }

    /** The same owner with other bounds. */
    public LuSeqRange withBounds(long newStart, long newEnd) {
        return new LuSeqRange(newStart, newEnd, index, flags);
    }

    /** The same bounds with another owner. */
    public LuSeqRange withOwner(int newIndex, int newFlags) {
        return new LuSeqRange(start, end, newIndex, newFlags);
    }

    // ---------------------------------------------------------------- codec

    /** Writes it little-endian at {@code offset} (the wire and the seq files). */
    public void write(MemorySegment dst, long offset) {
        write(dst, offset, Le.U64, Le.U32);
    }

    /** Writes it with every field big-endian at {@code offset} (the fld index, {@code range_cpu_to_be}). */
    public void writeBigEndian(MemorySegment dst, long offset) {
        write(dst, offset, Be.U64, Be.U32);
    }

    private void write(MemorySegment dst, long offset, ValueLayout.OfLong u64, ValueLayout.OfInt u32) {
        dst.set(u64, offset + OFF_START, start);
        dst.set(u64, offset + OFF_END, end);
        dst.set(u32, offset + OFF_INDEX, index);
        dst.set(u32, offset + OFF_FLAGS, flags);
    }

    /** The 24 little-endian bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        write(MemorySegment.ofArray(b), 0);
        return b;
    }

    /** The 24 big-endian bytes of an fld record. */
    public byte[] toBigEndianBytes() {
        byte[] b = new byte[SIZE];
        writeBigEndian(MemorySegment.ofArray(b), 0);
        return b;
    }

    /**
     * Reads a range at {@code offset}: little-endian, or byte-swapped when {@code swab}
     * ({@code lustre_swab_lu_seq_range} for a peer of the other byte order).
     *
     * @throws IllegalArgumentException when fewer than 24 bytes are there
     */
    public static LuSeqRange read(MemorySegment src, long offset, boolean swab) {
        return swab ? readBigEndian(src, offset) : read(src, offset, Le.U64, Le.U32);
    }

    /** Reads a little-endian range at {@code offset}. */
    public static LuSeqRange read(MemorySegment src, long offset) {
        return read(src, offset, false);
    }

    /** Reads an fld record (every field big-endian) at {@code offset}. */
    public static LuSeqRange readBigEndian(MemorySegment src, long offset) {
        return read(src, offset, Be.U64, Be.U32);
    }

    /** Reads 24 little-endian bytes. */
    public static LuSeqRange fromBytes(byte[] b) {
        return read(MemorySegment.ofArray(b), 0);
    }

    /** Reads the 24 big-endian bytes of an fld record. */
    public static LuSeqRange fromBigEndianBytes(byte[] b) {
        return readBigEndian(MemorySegment.ofArray(b), 0);
    }

    private static LuSeqRange read(MemorySegment src, long offset, ValueLayout.OfLong u64, ValueLayout.OfInt u32) {
        if (offset < 0 || src.byteSize() - offset < SIZE) {
            throw new IllegalArgumentException("lu_seq_range at " + offset + " needs " + SIZE + " bytes, "
                    + Math.max(0, src.byteSize() - offset) + " there");
        }
        return new LuSeqRange(src.get(u64, offset + OFF_START), src.get(u64, offset + OFF_END),
                src.get(u32, offset + OFF_INDEX), src.get(u32, offset + OFF_FLAGS));
    }

    /**
     * The fld index key of a range start: the start as 8 big-endian bytes, so the index sorts by
     * sequence (fld_index.c keys by {@code &range_be.lsr_start}).
     */
    public static byte[] fldKey(long start) {
        byte[] k = new byte[8];
        MemorySegment.ofArray(k).set(Be.U64, 0, start);
        return k;
    }

    /** Lustre's {@code DRANGE}: {@code [0x0000000200000400-0x0000000240000400]:0:mdt}. */
    @Override
    public String toString() {
        return "[" + hex16(start) + "-" + hex16(end) + "]:" + Integer.toHexString(index) + ":" + (isMdt() ? "mdt" : "ost");
    }

    /** {@code %#16.16llx}: "0x" and 16 digits, with no "0x" for zero as C's '#' flag does. */
    private static String hex16(long v) {
        String digits = String.format(Locale.ROOT, "%016x", v);
        return v == 0 ? digits : "0x" + digits;
    }
}
