package org.jlustre.wire.ost;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct ost_id} (16 bytes, lustre_idl.h): an OST object's name on the wire, a union of
 * a {@code lu_fid} (seq u64 @0, oid u32 @8, ver u32 @12) and the legacy {@code {u64 oi_id @0;
 * u64 oi_seq @8}} pair of "group 0" objects. Which form a value is follows
 * {@code ostid_seq}/{@code ostid_id} (lustre_ostid.h): the second word 0 (or ~0, the LOV default)
 * means the legacy pair; otherwise it is a FID, IDIF FIDs standing for legacy objects too.
 *
 * @param word0 bytes 0..7: {@code f_seq} of the FID form, {@code oi_id} of the legacy form
 * @param word1 bytes 8..15: {@code f_oid | f_ver << 32} of the FID form, {@code oi_seq} of the legacy form
 */
public record OstId(long word0, long word1) {

    /** {@code sizeof(struct ost_id)}. */
    public static final int SIZE = 16;

    /** The wire form of a FID as {@code fid_to_ostid} builds it: IDIF FIDs become the legacy pair. */
    public static OstId of(Fid fid) {
        if (fid.isIdif()) {
            return legacy(fid.idifObjectId(), 0);
        }
        return new OstId(fid.seq(), Integer.toUnsignedLong(fid.oid()) | ((long) fid.ver() << 32));
    }

    /** The legacy {@code {oi_id, oi_seq}} pair. */
    public static OstId legacy(long id, long seq) {
        return new OstId(id, seq);
    }

    /** True when the second word says the legacy pair ({@code fid_seq_is_mdt0} or the LOV default). */
    private boolean legacyForm() {
        return word1 == Fid.SEQ_OST_MDT0 || word1 == Fid.SEQ_LOV_DEFAULT;
    }

    /** The bytes read as a FID, whatever the form. */
    public Fid rawFid() {
        return new Fid(word0, (int) word1, (int) (word1 >>> 32));
    }

    /** The object's sequence (group) as {@code ostid_seq} extracts it. */
    public long seq() {
        if (word1 == Fid.SEQ_OST_MDT0) {
            return Fid.SEQ_OST_MDT0;
        }
        if (word1 == Fid.SEQ_LOV_DEFAULT) {
            return Fid.SEQ_LOV_DEFAULT;
        }
        Fid f = rawFid();
        return f.isIdif() ? Fid.SEQ_OST_MDT0 : f.seq();
    }

    /** The object id within its sequence as {@code ostid_id} extracts it. */
    public long id() {
        if (word1 == Fid.SEQ_OST_MDT0) {
            return word0 & Fid.IDIF_MAX_OID;
        }
        if (word1 == Fid.SEQ_LOV_DEFAULT) {
            return word0;
        }
        Fid f = rawFid();
        if (f.isIdif()) {
            return ((f.seq() & 0xffff) << 32) | f.oidUnsigned();
        }
        return f.oidUnsigned();
    }

    /**
     * The FID of the object on OST {@code ostIndex} ({@code ostid_to_fid}): legacy ids become
     * that OST's IDIF FIDs, FIDs pass through.
     *
     * @throws LustreException EBADF for an index over 0xffff, a legacy id of 2^48 or more, a FID
     *     with a version, or the LOV default sequence (no object)
     */
    public Fid toFid(int ostIndex) throws LustreException {
        if (ostIndex < 0 || ostIndex > 0xffff) {
            throw new LustreException(Errno.EBADF, "OST index " + Integer.toUnsignedString(ostIndex)
                    + " does not fit an IDIF FID (max 65535)");
        }
        long seq = seq();
        if (seq == Fid.SEQ_OST_MDT0) {
            long oid = id();
            if (oid >= Fid.IDIF_MAX_OID) {
                throw new LustreException(Errno.EBADF, "legacy object id " + Long.toUnsignedString(oid)
                        + " does not fit an IDIF FID");
            }
            return Fid.idif(oid, ostIndex);
        }
        if (seq == Fid.SEQ_LOV_DEFAULT) {
            throw new LustreException(Errno.EBADF, "ost_id " + this + " carries the LOV default sequence, no object");
        }
        Fid f = rawFid();
        if (f.ver() != 0) {
            throw new LustreException(Errno.EBADF, "ost_id FID " + f + " has a non-zero version");
        }
        return f;
    }

    /** Writes the 16 bytes little-endian at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        if (legacyForm()) {
            dst.set(Le.U64, offset, word0);
            dst.set(Le.U64, offset + 8, word1);
        } else {
            Fid f = rawFid();
            dst.set(Le.U64, offset, f.seq());
            dst.set(Le.U32, offset + 8, f.oid());
            dst.set(Le.U32, offset + 12, f.ver());
        }
    }

    /**
     * Reads 16 bytes at {@code offset}, byte-swapped when {@code swab}: both words of the legacy
     * form, or each FID field ({@code lustre_swab_ost_id}; the form test sees 0 and ~0, which
     * read the same in either order).
     */
    public static OstId read(MemorySegment src, long offset, boolean swab) {
        long w1 = src.get(Le.U64, offset + 8);
        if (!swab) {
            return new OstId(src.get(Le.U64, offset), w1);
        }
        if (w1 == Fid.SEQ_OST_MDT0 || w1 == Fid.SEQ_LOV_DEFAULT) {
            return new OstId(src.get(Be.U64, offset), w1);
        }
        long oid = Integer.toUnsignedLong(src.get(Be.U32, offset + 8));
        long ver = Integer.toUnsignedLong(src.get(Be.U32, offset + 12));
        return new OstId(src.get(Be.U64, offset), oid | (ver << 32));
    }

    /** Lustre's {@code DOSTID} form, {@code seq:id} in hex. */
    @Override
    public String toString() {
        return "0x" + Long.toHexString(seq()) + ":0x" + Long.toHexString(id());
    }
}
