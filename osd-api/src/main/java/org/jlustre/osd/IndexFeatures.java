package org.jlustre.osd;

import java.util.Objects;

/**
 * What {@link OsdObject#indexTry} negotiates ({@code struct dt_index_features},
 * lustre/obdclass/dt_object.c; reference 2.9): the kind of index and, for key/value indexes,
 * the key and record sizes. The type parameter is the index interface the negotiation
 * returns, so {@code obj.indexTry(IndexFeatures.DIRECTORY)} is a {@link DirectoryIndex}.
 *
 * <p>Lustre's OSDs compare the features pointer; here the {@link Kind} plays that part and
 * the sizes are compared by value.
 *
 * @param <I> the index interface negotiated
 */
public final class IndexFeatures<I extends Index> {

    /** Variable-size keys ({@code DT_IND_VARKEY}). */
    public static final int DT_IND_VARKEY = 1;
    /** Variable-size records ({@code DT_IND_VARREC}). */
    public static final int DT_IND_VARREC = 1 << 1;
    /** Records can be updated ({@code DT_IND_UPDATE}). */
    public static final int DT_IND_UPDATE = 1 << 2;
    /** Keys need not be unique ({@code DT_IND_NONUNQ}). */
    public static final int DT_IND_NONUNQ = 1 << 3;
    /** Range lookups ({@code DT_IND_RANGE}). */
    public static final int DT_IND_RANGE = 1 << 4;

    /** Which special index, if any. */
    public enum Kind {
        /** {@code dt_directory_features}: name to (FID, type). */
        DIRECTORY,
        /** {@code dt_acct_features}: per-id space and inode usage (read-only). */
        ACCOUNTING,
        /** {@code dt_otable_features}: the LFSCK object-table iterator. */
        OBJECT_TABLE,
        /** Any other: fixed-size keys and records. */
        KEY_VALUE
    }

    /** Directories: NUL-terminated names to FIDs ({@code dt_directory_features}). */
    public static final IndexFeatures<DirectoryIndex> DIRECTORY =
            new IndexFeatures<>(Kind.DIRECTORY, 0, 0, 0, 0, 0, 0);
    /**
     * Quota usage ({@code dt_acct_features}) on the ACCT_*_OID objects, read-only: the key is a
     * u64 id in little-endian (the CPU order Lustre passes it in on x86), the record an
     * {@code lquota_acct_rec} of two little-endian u64s, bytes used ({@code bspace}) and
     * objects owned ({@code ispace}). Iteration runs in numeric id order with the id as
     * cookie; an id that never owned anything has no record, one that owned something keeps a
     * record (possibly of zeros).
     */
    public static final IndexFeatures<KeyValueIndex> ACCOUNTING =
            new IndexFeatures<>(Kind.ACCOUNTING, DT_IND_UPDATE, 8, 8, 16, 16, 4);
    /** The LFSCK object table ({@code dt_otable_features}). */
    public static final IndexFeatures<KeyValueIndex> OBJECT_TABLE =
            new IndexFeatures<>(Kind.OBJECT_TABLE, 0, 0, 0, 0, 0, 0);
    /** Quota master global index: u64 id to {@code lquota_glb_rec} (32 B). */
    public static final IndexFeatures<KeyValueIndex> QUOTA_GLB = keyValue(8, 32);
    /** Quota slave index: u64 id to {@code lquota_slv_rec} (8 B). */
    public static final IndexFeatures<KeyValueIndex> QUOTA_SLV = keyValue(8, 8);
    /** MGS nodemap index: u64 key to {@code union nodemap_rec} (32 B). */
    public static final IndexFeatures<KeyValueIndex> NODEMAP = keyValue(8, 32);
    /** FLD index: big-endian u64 sequence to {@code lu_seq_range} (24 B). */
    public static final IndexFeatures<KeyValueIndex> FLD = keyValue(8, 24);

    private final Kind kind;
    private final int flags;
    private final int keySizeMin;
    private final int keySizeMax;
    private final int recSizeMin;
    private final int recSizeMax;
    private final int ptrSize;

    private IndexFeatures(Kind kind, int flags, int keySizeMin, int keySizeMax, int recSizeMin, int recSizeMax,
            int ptrSize) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.flags = flags;
        this.keySizeMin = keySizeMin;
        this.keySizeMax = keySizeMax;
        this.recSizeMin = recSizeMin;
        this.recSizeMax = recSizeMax;
        this.ptrSize = ptrSize;
    }

    /** A key/value index of fixed key and record sizes, updatable, as Lustre's tables are. */
    public static IndexFeatures<KeyValueIndex> keyValue(int keySize, int recSize) {
        return new IndexFeatures<>(Kind.KEY_VALUE, DT_IND_UPDATE, keySize, keySize, recSize, recSize, 4);
    }

    /**
     * Features exactly as a caller may pass them, including ones an OSD refuses (variable
     * sizes, ranges), for negotiation tests.
     */
    public static IndexFeatures<KeyValueIndex> of(int flags, int keySizeMin, int keySizeMax, int recSizeMin,
            int recSizeMax, int ptrSize) {
        return new IndexFeatures<>(Kind.KEY_VALUE, flags, keySizeMin, keySizeMax, recSizeMin, recSizeMax, ptrSize);
    }

    /** Which index. */
    public Kind kind() {
        return kind;
    }

    /** {@code dif_flags}. */
    public int flags() {
        return flags;
    }

    /** {@code dif_keysize_min}. */
    public int keySizeMin() {
        return keySizeMin;
    }

    /** {@code dif_keysize_max}. */
    public int keySizeMax() {
        return keySizeMax;
    }

    /** {@code dif_recsize_min}. */
    public int recSizeMin() {
        return recSizeMin;
    }

    /** {@code dif_recsize_max}. */
    public int recSizeMax() {
        return recSizeMax;
    }

    /** {@code dif_ptrsize}. */
    public int ptrSize() {
        return ptrSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexFeatures<?> f && f.kind == kind && f.flags == flags && f.keySizeMin == keySizeMin
                && f.keySizeMax == keySizeMax && f.recSizeMin == recSizeMin && f.recSizeMax == recSizeMax
                && f.ptrSize == ptrSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, flags, keySizeMin, keySizeMax, recSizeMin, recSizeMax, ptrSize);
    }

    @Override
    public String toString() {
        return kind == Kind.KEY_VALUE
                ? "keyValue[flags=0x" + Integer.toHexString(flags) + " key=" + keySizeMin + ".." + keySizeMax + " rec="
                        + recSizeMin + ".." + recSizeMax + "]"
                : kind.toString();
    }
}
