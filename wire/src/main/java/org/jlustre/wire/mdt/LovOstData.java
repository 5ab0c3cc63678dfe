package org.jlustre.wire.mdt;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;
import org.jlustre.wire.ost.OstId;

/**
 * {@code struct lov_ost_data_v1} (24 bytes, lustre_idl.h; wiretest.c
 * {@code check_lov_ost_data_v1}): one stripe of a LOV layout, the OST object and the OST index.
 *
 * <pre>
 *  0 16 l_ost_oi    the object (an ost_id: a normal FID as lu_fid, IDIF as {id, 0})
 * 16  4 l_ost_gen   0
 * 20  4 l_ost_idx   the OST's index
 * </pre>
 *
 * @param oi the OST object
 * @param gen {@code l_ost_gen}
 * @param ostIndex {@code l_ost_idx}
 */
public record LovOstData(OstId oi, int gen, int ostIndex) {

    /** {@code sizeof(struct lov_ost_data_v1)}. */
    public static final int SIZE = 24;
    /** Offset of {@code l_ost_oi}. */
    public static final int OFF_OI = 0;
    /** Offset of {@code l_ost_gen}. */
    public static final int OFF_GEN = 16;
    /** Offset of {@code l_ost_idx}. */
    public static final int OFF_IDX = 20;

    /** The stripe of object {@code object} on OST {@code ostIndex}. */
    public static LovOstData of(Fid object, int ostIndex) {
        return new LovOstData(OstId.of(object), 0, ostIndex);
    }

    /** Writes the 24 bytes little-endian at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        oi.write(dst, offset + OFF_OI);
        dst.set(Le.U32, offset + OFF_GEN, gen);
        dst.set(Le.U32, offset + OFF_IDX, ostIndex);
    }

    /** Reads 24 little-endian bytes at {@code offset}. */
    public static LovOstData read(MemorySegment src, long offset) {
        return new LovOstData(OstId.read(src, offset + OFF_OI, false), src.get(Le.U32, offset + OFF_GEN),
                src.get(Le.U32, offset + OFF_IDX));
    }
}
