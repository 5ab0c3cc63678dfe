package org.jlustre.osd;

import java.util.Optional;
import org.jlustre.common.LustreException;

/**
 * An index of fixed-size keys and records ({@code DFT_INDEX}; reference 2.6, 2.9, 2.11),
 * sizes fixed by negotiation. Keys are unique and iterate in unsigned byte order.
 *
 * <p>Errors: ENOENT when the object does not exist (or was destroyed); EINVAL when a key or
 * record has the wrong size; EEXIST when inserting a key that exists; ENOENT when deleting one
 * that does not; EOPNOTSUPP for updates of a read-only index (quota accounting).
 *
 * <p>Thread-safe: operations on the same key are serialised.
 */
public non-sealed interface KeyValueIndex extends Index {

    /** The negotiated key size. */
    int keySize();

    /** The negotiated record size. */
    int recSize();

    /** Looks a key up; a copy of the record, or empty. */
    Optional<byte[]> lookup(byte[] key) throws LustreException;

    /** Declares an {@link #insert}. */
    void declareInsert(byte[] key, Transaction th) throws LustreException;

    /**
     * Inserts a record.
     *
     * @throws LustreException EEXIST if the key exists
     */
    void insert(byte[] key, byte[] record, Transaction th) throws LustreException;

    /** Declares a {@link #delete}. */
    void declareDelete(byte[] key, Transaction th) throws LustreException;

    /**
     * Removes a record.
     *
     * @throws LustreException ENOENT if the key does not exist
     */
    void delete(byte[] key, Transaction th) throws LustreException;

    /** Opens an iterator in key order. */
    KeyValueIterator iterator() throws LustreException;

    /** The number of records. */
    long size() throws LustreException;
}
