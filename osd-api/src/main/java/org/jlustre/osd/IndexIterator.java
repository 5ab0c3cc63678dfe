package org.jlustre.osd;

import org.jlustre.common.LustreException;

/**
 * An index iterator ({@code struct dt_it_ops}, dt_object.h; reference 2.6), with Lustre's
 * integer return conventions, which callers such as {@code mdd_dir_is_empty} and
 * {@code dt_index_walk} depend on:
 *
 * <ul>
 *   <li>After creation the position is undefined until {@link #get} or {@link #load}.</li>
 *   <li>{@link #next()} returns 0 when it moved to a record and 1 at the end.</li>
 *   <li>{@link #store()} returns a 64-bit cookie of the current record; {@link #load} with that
 *       cookie repositions there, also from another iterator and after other inserts and
 *       deletes: {@link #load} positions on the first record whose cookie is at or after the
 *       given one, returns 1 when positioned on a record (use it) and 0 when no record is
 *       left (the caller calls {@link #next()}, which returns 1). Cookies compare as unsigned
 *       64-bit numbers, grow in iteration order and never repeat for different records of a
 *       directory; they stay below readdir's end marker {@code 0xfffffffffffffffe}.</li>
 *   <li>{@link #key()}, {@link #keySize()}, {@link #store()} and the record accessors are
 *       valid only on a record; elsewhere they throw {@link IllegalStateException}.</li>
 * </ul>
 *
 * Errors are thrown as {@link LustreException} (the negative returns of the C API); ENOENT
 * once the object is destroyed. An iterator may see or miss concurrent changes, but never
 * returns a record twice or skips one that existed throughout. One thread uses an iterator;
 * {@link #close()} releases it ({@code fini}).
 *
 * @param <K> the key type: {@link String} names for directories (their bytes are
 *     {@link DirectoryIterator#keyBytes()}), {@code byte[]} otherwise
 */
public interface IndexIterator<K> extends AutoCloseable {

    /**
     * Positions at a key ({@code get}). See the index's iterator for what a missing key
     * does.
     *
     * @return 0 on exactly that key, 1 when positioned elsewhere (before the first record
     *     for the "start" key)
     */
    int get(K key) throws LustreException;

    /**
     * Moves to the next record.
     *
     * @return 0 on a record, 1 at the end
     */
    int next() throws LustreException;

    /** The current record's key. */
    K key();

    /** The current key's size in bytes ({@code key_size}); for names, their byte length without a NUL. */
    int keySize();

    /** The current record's cookie. */
    long store();

    /**
     * Positions on the first record whose cookie is at or after {@code cookie}.
     *
     * @return 1 when on a record, 0 when none is left
     */
    int load(long cookie) throws LustreException;

    /** Releases the iterator ({@code fini}). */
    @Override
    void close();
}
