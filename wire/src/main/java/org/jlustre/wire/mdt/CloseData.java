package org.jlustre.wire.mdt;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Fid;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct close_data} (96 bytes, lustre_idl.h): the optional fourth buffer of MDS_CLOSE
 * ({@code RMF_CLOSE_DATA}) carrying a close intent (HSM release, layout swap or merge or split,
 * resync done, PCC attach: {@link MdsOpBias}); plain closes do not send it.
 *
 * <pre>
 *  0  8 cd_handle          the lease or volatile file's open handle
 *  8 16 cd_fid             the other file (swap, merge)
 * 24  8 cd_data_version
 * 32 64 union: cd_reserved[8] / cd_resync {u32 count, u32 ids[..]} / u16 cd_mirror_id /
 *              u32 cd_archive_id
 * </pre>
 *
 * @param handle {@code cd_handle}'s cookie
 * @param fid {@code cd_fid}
 * @param dataVersion {@code cd_data_version}
 * @param reserved the 64 bytes of the union, little-endian as the intent's field defines them
 */
public record CloseData(long handle, Fid fid, long dataVersion, byte[] reserved) {

    /** {@code sizeof(struct close_data)}. */
    public static final int SIZE = 96;
    /** Offset of {@code cd_handle}. */
    public static final int OFF_HANDLE = 0;
    /** Offset of {@code cd_fid}. */
    public static final int OFF_FID = 8;
    /** Offset of {@code cd_data_version}. */
    public static final int OFF_DATA_VERSION = 24;
    /** Offset of the union ({@code cd_reserved}, {@code cd_resync}, {@code cd_mirror_id}, {@code cd_archive_id}). */
    public static final int OFF_UNION = 32;
    /** Size of the union. */
    public static final int UNION_SIZE = 64;

    /** Checks the union's length. */
    public CloseData {
        if (reserved.length != UNION_SIZE) {
            throw new IllegalArgumentException("close_data union of " + reserved.length + " bytes, want " + UNION_SIZE);
        }
        reserved = reserved.clone();
    }

    /** The union's bytes (a copy). */
    @Override
    public byte[] reserved() {
        return reserved.clone();
    }

    /** Writes the 96 bytes little-endian at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        MemorySegment s = dst.asSlice(offset, SIZE);
        s.set(Le.U64, OFF_HANDLE, handle);
        fid.writeLE(s, OFF_FID);
        s.set(Le.U64, OFF_DATA_VERSION, dataVersion);
        MemorySegment.copy(MemorySegment.ofArray(reserved), 0, s, OFF_UNION, UNION_SIZE);
    }

    /**
     * Reads 96 bytes at {@code offset}; {@code swab} swaps the FID and data version
     * ({@code lustre_swab_close_data}; the union is swabbed by whoever interprets it).
     *
     * @throws IndexOutOfBoundsException if fewer than 96 bytes follow {@code offset}
     */
    public static CloseData read(MemorySegment src, long offset, boolean swab) {
        MemorySegment s = src.asSlice(offset, SIZE);
        return new CloseData(s.get(Le.U64, OFF_HANDLE), swab ? Fid.readBE(s, OFF_FID) : Fid.readLE(s, OFF_FID),
                s.get(swab ? Be.U64 : Le.U64, OFF_DATA_VERSION),
                s.asSlice(OFF_UNION, UNION_SIZE).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }
}
