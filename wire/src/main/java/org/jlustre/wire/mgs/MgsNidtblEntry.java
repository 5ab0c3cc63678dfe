package org.jlustre.wire.mgs;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.wire.Le;

/**
 * {@code struct mgs_nidtbl_entry} (24 bytes + NIDs) and {@code struct mgs_config_res}
 * (16 bytes): one target of a filesystem's NID table as MGS_CONFIG_READ returns it in bulk,
 * and the reply body (lustre_idl.h; lustre/mgs/mgs_nids.c).
 *
 * <pre>
 *  0  8  mne_version     table version of this entry
 *  8  4  mne_instance    target instance
 * 12  4  mne_index       target index
 * 16  4  mne_length      bytes of this entry, NIDs included
 * 20  1  mne_type        LDD_F_SV_TYPE_OST or _MDT
 * 21  1  mne_nid_type    0: 8-byte lnet_nid_t
 * 22  1  mne_nid_size    8
 * 23  1  mne_nid_count
 * 24  8n nids
 * </pre>
 *
 * @param version {@code mne_version}
 * @param instance {@code mne_instance}
 * @param index {@code mne_index}
 * @param type {@code mne_type}
 * @param nids the NIDs
 */
public record MgsNidtblEntry(long version, int instance, int index, int type, long[] nids) {

    /** The fixed part. */
    public static final int HEADER_SIZE = 24;
    /** Offset of {@code mne_version}. */
    public static final int OFF_VERSION = 0;
    /** Offset of {@code mne_instance}. */
    public static final int OFF_INSTANCE = 8;
    /** Offset of {@code mne_index}. */
    public static final int OFF_INDEX = 12;
    /** Offset of {@code mne_length}. */
    public static final int OFF_LENGTH = 16;
    /** Offset of {@code mne_type}. */
    public static final int OFF_TYPE = 20;
    /** Offset of {@code mne_nid_type}. */
    public static final int OFF_NID_TYPE = 21;
    /** Offset of {@code mne_nid_size}. */
    public static final int OFF_NID_SIZE = 22;
    /** Offset of {@code mne_nid_count}. */
    public static final int OFF_NID_COUNT = 23;
    /** {@code sizeof(struct mgs_config_res)}: u64 mcr_offset, u64 mcr_size. */
    public static final int CONFIG_RES_SIZE = 16;

    /** Copies and checks the NIDs (at most 255). */
    public MgsNidtblEntry {
        nids = nids.clone();
        if (nids.length > 255) {
            throw new IllegalArgumentException("mne_nid_count " + nids.length + " over 255");
        }
    }

    /** The NIDs (a copy). */
    @Override
    public long[] nids() {
        return nids.clone();
    }

    /** {@code mne_length}. */
    public int length() {
        return HEADER_SIZE + 8 * nids.length;
    }

    /** Writes the entry at {@code offset}. */
    public void encode(MemorySegment dst, long offset) {
        dst.set(Le.U64, offset + OFF_VERSION, version);
        dst.set(Le.U32, offset + OFF_INSTANCE, instance);
        dst.set(Le.U32, offset + OFF_INDEX, index);
        dst.set(Le.U32, offset + OFF_LENGTH, length());
        dst.set(ValueLayout.JAVA_BYTE, offset + OFF_TYPE, (byte) type);
        dst.set(ValueLayout.JAVA_BYTE, offset + OFF_NID_TYPE, (byte) 0);
        dst.set(ValueLayout.JAVA_BYTE, offset + OFF_NID_SIZE, (byte) 8);
        dst.set(ValueLayout.JAVA_BYTE, offset + OFF_NID_COUNT, (byte) nids.length);
        for (int i = 0; i < nids.length; i++) {
            dst.set(Le.U64, offset + HEADER_SIZE + 8L * i, nids[i]);
        }
    }

    /** {@code mne_length} as read from the entry at {@code offset}: where the next entry starts. */
    public static int lengthAt(MemorySegment src, long offset) {
        return src.get(Le.U32, offset + OFF_LENGTH);
    }

    /** Adds {@code extra} bytes to the {@code mne_length} of the entry at {@code offset}. */
    public static void pad(MemorySegment dst, long offset, int extra) {
        dst.set(Le.U32, offset + OFF_LENGTH, dst.get(Le.U32, offset + OFF_LENGTH) + extra);
    }

    /**
     * Decodes the entry at {@code offset} of {@code src}.
     *
     * @throws IllegalArgumentException for an entry that runs past {@code src} or whose length
     *     is shorter than its NIDs (a longer one is padded)
     */
    public static MgsNidtblEntry decode(MemorySegment src, long offset) {
        if (offset + HEADER_SIZE > src.byteSize()) {
            throw new IllegalArgumentException("mgs_nidtbl_entry at " + offset + " runs past " + src.byteSize());
        }
        int len = src.get(Le.U32, offset + OFF_LENGTH);
        int size = Byte.toUnsignedInt(src.get(ValueLayout.JAVA_BYTE, offset + OFF_NID_SIZE));
        int count = Byte.toUnsignedInt(src.get(ValueLayout.JAVA_BYTE, offset + OFF_NID_COUNT));
        // mne_length may exceed the NIDs: the last entry of a bulk unit carries the unit's leftover bytes
        if (size != 8 || len < HEADER_SIZE + 8 * count || offset + len > src.byteSize()) {
            throw new IllegalArgumentException("mgs_nidtbl_entry at " + offset + ": length " + len + ", " + count
                    + " NIDs of " + size + " bytes");
        }
        long[] nids = new long[count];
        for (int i = 0; i < count; i++) {
            nids[i] = src.get(Le.U64, offset + HEADER_SIZE + 8L * i);
        }
        return new MgsNidtblEntry(src.get(Le.U64, offset + OFF_VERSION), src.get(Le.U32, offset + OFF_INSTANCE),
                src.get(Le.U32, offset + OFF_INDEX), Byte.toUnsignedInt(src.get(ValueLayout.JAVA_BYTE,
                        offset + OFF_TYPE)), nids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MgsNidtblEntry e && version == e.version && instance == e.instance && index == e.index
                && type == e.type && java.util.Arrays.equals(nids, e.nids);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + index;
    }
}
