package org.jlustre.osd;

/**
 * What {@link OsdObject#indexTry} installs on an object ({@code dt_index_operations}): a
 * {@link DirectoryIndex} or a {@link KeyValueIndex}. The index is a view of its object; it
 * is valid while the object reference is held, and every operation fails with ENOENT once
 * the object is destroyed.
 */
public sealed interface Index permits DirectoryIndex, KeyValueIndex {

    /** The object this index lives in. */
    OsdObject object();

    /** The features it was negotiated with. */
    IndexFeatures<?> features();
}
