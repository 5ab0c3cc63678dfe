package org.jlustre.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.common.Fid;
import org.jlustre.common.Utf8;

/**
 * {@code struct lu_dirent} (include/uapi/linux/lustre/lustre_idl.h): one directory entry as
 * an OSD iterator packs it and as readdir pages carry it, little-endian.
 *
 * <pre>
 *  0  16  lde_fid      (valid with LUDA_FID)
 * 16   8  lde_hash     (the entry's cookie)
 * 24   2  lde_reclen   (whole record; 0 marks the last entry of a page)
 * 26   2  lde_namelen  (without NUL)
 * 28   4  lde_attrs    (LUDA_* bits)
 * 32   n  lde_name     (then a NUL)
 * </pre>
 *
 * With {@link #LUDA_TYPE} a u16 {@code lt_type} follows the name at
 * {@code 32 + round_up(namelen, 2)} (so it overlays the NUL of an even-length name). It holds
 * the S_IFMT bits of the mode ({@code DTTOIF(d_type)}, as {@code osd_it_append_attrs} in
 * osd-ldiskfs and osd-zfs writes it), not the small DT_* number.
 *
 * @param fid the entry's FID
 * @param hash the entry's cookie
 * @param reclen the record length
 * @param name the name, decoded with {@link Utf8#decode} so that its bytes survive ({@link #nameBytes()})
 * @param attrs the LUDA_* bits
 * @param type the S_IFMT bits of the entry, 0 without LUDA_TYPE
 */
public record LuDirent(Fid fid, long hash, int reclen, String name, int attrs, int type) {

    /** The name's bytes, as packed (names are bytes; {@link #name} keeps the undecodable ones). */
    public byte[] nameBytes() {
        return Utf8.encode(name);
    }

    /** Size of the fixed part. */
    public static final int HEADER_SIZE = 32;
    /** Offset of {@code lde_fid}. */
    public static final int OFF_FID = 0;
    /** Offset of {@code lde_hash}. */
    public static final int OFF_HASH = 16;
    /** Offset of {@code lde_reclen}. */
    public static final int OFF_RECLEN = 24;
    /** Offset of {@code lde_namelen}. */
    public static final int OFF_NAMELEN = 26;
    /** Offset of {@code lde_attrs}. */
    public static final int OFF_ATTRS = 28;
    /** Offset of {@code lde_name}. */
    public static final int OFF_NAME = 32;

    /** The FID field is valid. */
    public static final int LUDA_FID = 0x0001;
    /** A type follows the name. */
    public static final int LUDA_TYPE = 0x0002;
    /** The caller understands 64-bit hashes. */
    public static final int LUDA_64BITHASH = 0x0004;
    /** MDT internal: the FID could not be verified. */
    public static final int LUDA_UNKNOWN = 0x0400;
    /** MDT internal: ignore this entry. */
    public static final int LUDA_IGNORE = 0x0800;
    /** MDT internal: upgraded entry. */
    public static final int LUDA_UPGRADE = 0x1000;
    /** MDT internal: repaired entry. */
    public static final int LUDA_REPAIR = 0x2000;
    /** MDT internal: verify without repair. */
    public static final int LUDA_VERIFY_DRYRUN = 0x4000;
    /** MDT internal: verify. */
    public static final int LUDA_VERIFY = 0x8000;

    /**
     * {@code lu_dirent_calc_size}: without a type, {@code round8(32 + namelen + 1)}; with one,
     * {@code round8(round2(32 + namelen + 1) + 2)}.
     */
    public static int calcSize(int nameLength, int attrs) {
        int size = HEADER_SIZE + nameLength + 1;
        if ((attrs & LUDA_TYPE) != 0) {
            size = ((size + 1) & ~1) + 2;
        }
        return Le.round8(size);
    }

    /**
     * Packs one entry at {@code offset} and returns its length. Bytes of the record not
     * covered by a field are zeroed.
     *
     * @param attrs LUDA_* bits to store; {@link #LUDA_FID} is always added
     * @param type the entry's S_IFMT bits, written when {@code attrs} has {@link #LUDA_TYPE}
     * @throws IndexOutOfBoundsException if the record does not fit in {@code dst}
     */
    public static int pack(MemorySegment dst, long offset, Fid fid, long hash, byte[] name, int attrs, int type) {
        int reclen = calcSize(name.length, attrs);
        MemorySegment rec = dst.asSlice(offset, reclen);
        rec.fill((byte) 0);
        fid.writeLE(rec, OFF_FID);
        rec.set(Le.U64, OFF_HASH, hash);
        rec.set(Le.U16, OFF_RECLEN, (short) reclen);
        rec.set(Le.U16, OFF_NAMELEN, (short) name.length);
        rec.set(Le.U32, OFF_ATTRS, attrs | LUDA_FID);
        MemorySegment.copy(name, 0, rec, ValueLayout.JAVA_BYTE, OFF_NAME, name.length);
        if ((attrs & LUDA_TYPE) != 0) {
            rec.set(Le.U16, OFF_NAME + ((name.length + 1) & ~1), (short) type);
        }
        return reclen;
    }

    /**
     * Reads one entry at {@code offset}.
     *
     * @throws IllegalArgumentException naming the field when the record is malformed
     */
    public static LuDirent read(MemorySegment src, long offset) {
        if (offset + HEADER_SIZE > src.byteSize()) {
            throw new IllegalArgumentException("lu_dirent at " + offset + " truncated: " + src.byteSize() + " bytes");
        }
        Fid fid = Fid.readLE(src, offset + OFF_FID);
        long hash = src.get(Le.U64, offset + OFF_HASH);
        int reclen = Short.toUnsignedInt(src.get(Le.U16, offset + OFF_RECLEN));
        int namelen = Short.toUnsignedInt(src.get(Le.U16, offset + OFF_NAMELEN));
        int attrs = src.get(Le.U32, offset + OFF_ATTRS);
        if (offset + OFF_NAME + namelen > src.byteSize()) {
            throw new IllegalArgumentException("lu_dirent at " + offset + ": name of " + namelen + " bytes overruns");
        }
        byte[] name = src.asSlice(offset + OFF_NAME, namelen).toArray(ValueLayout.JAVA_BYTE);
        int type = 0;
        if ((attrs & LUDA_TYPE) != 0) {
            long at = offset + OFF_NAME + ((namelen + 1) & ~1);
            type = at + 2 <= src.byteSize() ? Short.toUnsignedInt(src.get(Le.U16, at)) : 0;
        }
        return new LuDirent(fid, hash, reclen, Utf8.decode(name), attrs, type);
    }
}
