package org.jlustre.osd;

import java.util.Objects;

/**
 * What kind of object {@link OsdObject#create} makes ({@code struct dt_object_format}):
 * the {@code DFT_*} type and, for an index, its features.
 *
 * @param type the object type
 * @param features the index features, for {@link Type#INDEX} only
 */
public record ObjectFormat(Type type, IndexFeatures<?> features) {

    /** {@code enum dt_format_type}. */
    public enum Type {
        /** {@code DFT_REGULAR}: a file with a body. */
        REGULAR,
        /** {@code DFT_DIR}: a directory (name to FID index). */
        DIR,
        /** {@code DFT_NODE}: a device, FIFO or socket; the mode carries the type. */
        NODE,
        /** {@code DFT_INDEX}: a key/value index with fixed sizes. */
        INDEX,
        /** {@code DFT_SYM}: a symbolic link; its target is written as the body. */
        SYM
    }

    /** A regular file. */
    public static final ObjectFormat REGULAR = new ObjectFormat(Type.REGULAR, null);
    /** A directory. */
    public static final ObjectFormat DIR = new ObjectFormat(Type.DIR, null);
    /** A device node, FIFO or socket. */
    public static final ObjectFormat NODE = new ObjectFormat(Type.NODE, null);
    /** A symbolic link. */
    public static final ObjectFormat SYMLINK = new ObjectFormat(Type.SYM, null);

    /** Checks that only indexes carry features. */
    public ObjectFormat {
        Objects.requireNonNull(type, "type");
        if ((type == Type.INDEX) != (features != null)) {
            throw new IllegalArgumentException("an INDEX format needs features and only it: " + type);
        }
    }

    /** An index with the given features. */
    public static ObjectFormat index(IndexFeatures<?> features) {
        return new ObjectFormat(Type.INDEX, features);
    }
}
