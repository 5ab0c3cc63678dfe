package org.jlustre.osd;

import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;

/**
 * A directory: names to (FID, type) ({@code dt_directory_features}; reference 2.10, 6.2).
 *
 * <p>Names are byte strings, as Lustre's are: 1 to {@link DeviceParams#maxNameLen()} bytes,
 * any byte but NUL and '/'; they need not be valid UTF-8, and two names are the same entry
 * only when their bytes are equal. Implementations store and return the exact bytes (lookup,
 * {@link DirEntry#nameBytes()}, {@link DirectoryIterator#keyBytes()}, the {@code lu_dirent}
 * records). The {@code String} methods are conveniences over the {@code byte[]} ones that
 * encode with {@link DirEntry#encode} (UTF-8, keeping the undecodable bytes a
 * {@link DirEntry#name()} carries).
 *
 * <p>"." and ".." always exist in a directory, whether or not the caller inserted them, with type
 * S_IFDIR: lookup of "." answers the directory, ".." its parent (the last ".." inserted, else the
 * {@link AllocationHint#parent() parent hint} given at create, else the directory itself, as
 * for the OSD root). Inserting "." (with the directory's own FID) or ".." (recording the
 * parent) succeeds at any time and never yields a second entry ("." with another FID is
 * EINVAL); deleting either succeeds and
 * leaves it answered. Iteration returns ".", then "..", then the other entries in insertion
 * order, each exactly once.
 *
 * <p>Errors: ENOENT when the directory does not exist (or was destroyed), ENOTDIR when the
 * object is not a directory, EINVAL for an empty name or one with a NUL or '/' byte,
 * ENAMETOOLONG for a name over the limit, EEXIST when inserting a name that exists, ENOENT
 * when deleting one that does not.
 *
 * <p>Thread-safe: lookups run concurrently with everything; updates of the same name are
 * serialised.
 */
public non-sealed interface DirectoryIndex extends Index {

    /**
     * Looks a name up ({@code dio_lookup}; Lustre's 1 is a present result, 0 an empty one).
     *
     * @throws LustreException ENOENT if the directory does not exist; EINVAL/ENAMETOOLONG for
     *     a bad name
     */
    Optional<DirEntry> lookup(byte[] name) throws LustreException;

    /** Declares an {@link #insert} ({@code dio_declare_insert}). */
    void declareInsert(byte[] name, Transaction th) throws LustreException;

    /**
     * Inserts a name ({@code dio_insert} with a {@code dt_insert_rec}).
     *
     * @param type the child's S_IFMT bits ({@code rec_type}), 0 if unknown
     * @throws LustreException EEXIST if the name exists; see the class for the others
     */
    void insert(byte[] name, Fid fid, int type, Transaction th) throws LustreException;

    /** Declares a {@link #delete} ({@code dio_declare_delete}). */
    void declareDelete(byte[] name, Transaction th) throws LustreException;

    /**
     * Removes a name ({@code dio_delete}).
     *
     * @throws LustreException ENOENT if the name does not exist
     */
    void delete(byte[] name, Transaction th) throws LustreException;

    /**
     * Opens an iterator ({@code dio_it.init}); {@code attrs} are the LUDA_* bits the caller
     * wants in {@link DirectoryIterator#rec} records.
     */
    DirectoryIterator iterator(int attrs) throws LustreException;

    /** The number of entries, "." and ".." included. */
    long size() throws LustreException;

    /** {@link #lookup(byte[])} of the {@link DirEntry#encode encoded} name. */
    default Optional<DirEntry> lookup(String name) throws LustreException {
        return lookup(DirEntry.encode(name));
    }

    /** {@link #declareInsert(byte[], Transaction)} of the encoded name. */
    default void declareInsert(String name, Transaction th) throws LustreException {
        declareInsert(DirEntry.encode(name), th);
    }

    /** {@link #insert(byte[], Fid, int, Transaction)} of the encoded name. */
    default void insert(String name, Fid fid, int type, Transaction th) throws LustreException {
        insert(DirEntry.encode(name), fid, type, th);
    }

    /** {@link #declareDelete(byte[], Transaction)} of the encoded name. */
    default void declareDelete(String name, Transaction th) throws LustreException {
        declareDelete(DirEntry.encode(name), th);
    }

    /** {@link #delete(byte[], Transaction)} of the encoded name. */
    default void delete(String name, Transaction th) throws LustreException {
        delete(DirEntry.encode(name), th);
    }

    /** Convenience: the entry's FID or an ENOENT naming the entry. */
    default Fid lookupFid(byte[] name) throws LustreException {
        return lookup(name).map(DirEntry::fid).orElseThrow(() -> new LustreException(Errno.ENOENT,
                "no entry '" + DirEntry.display(name) + "' in " + object().fid()));
    }

    /** {@link #lookupFid(byte[])} of the encoded name. */
    default Fid lookupFid(String name) throws LustreException {
        return lookupFid(DirEntry.encode(name));
    }
}
