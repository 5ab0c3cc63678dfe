package org.jlustre.osd;

import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;

/**
 * A directory: names to (FID, type) ({@code dt_directory_features}; reference 2.10, 6.2).
 *
 * <p>Names are 1 to {@link DeviceParams#maxNameLen()} bytes of UTF-8 without NUL or '/'.
 * "." and ".." always exist in a directory, whether or not the caller inserted them, with type
 * S_IFDIR: lookup of "." answers the directory, ".." its parent (the last ".." inserted, else the
 * {@link AllocationHint#parent() parent hint} given at create, else the directory itself, as
 * for the OSD root). Inserting "." (with the directory's own FID) or ".." (recording the
 * parent) succeeds at any time and never yields a second entry ("." with another FID is
 * EINVAL); deleting either succeeds and
 * leaves it answered. Iteration returns ".", then "..", then the other entries in insertion
 * order, each exactly once.
 *
 * <p>Errors: ENOENT when the directory does not exist (or was destroyed), ENOTDIR when the
 * object is not a directory, EINVAL for an empty name or one with NUL or '/', ENAMETOOLONG
 * for a name over the limit, EEXIST when inserting a name that exists, ENOENT when deleting
 * one that does not.
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
    Optional<DirEntry> lookup(String name) throws LustreException;

    /** Declares an {@link #insert} ({@code dio_declare_insert}). */
    void declareInsert(String name, Transaction th) throws LustreException;

    /**
     * Inserts a name ({@code dio_insert} with a {@code dt_insert_rec}).
     *
     * @param type the child's S_IFMT bits ({@code rec_type}), 0 if unknown
     * @throws LustreException EEXIST if the name exists; see the class for the others
     */
    void insert(String name, Fid fid, int type, Transaction th) throws LustreException;

    /** Declares a {@link #delete} ({@code dio_declare_delete}). */
    void declareDelete(String name, Transaction th) throws LustreException;

    /**
     * Removes a name ({@code dio_delete}).
     *
     * @throws LustreException ENOENT if the name does not exist
     */
    void delete(String name, Transaction th) throws LustreException;

    /**
     * Opens an iterator ({@code dio_it.init}); {@code attrs} are the LUDA_* bits the caller
     * wants in {@link DirectoryIterator#rec} records.
     */
    DirectoryIterator iterator(int attrs) throws LustreException;

    /** The number of entries, "." and ".." included. */
    long size() throws LustreException;

    /** Convenience: the entry's FID or an ENOENT naming the entry. */
    default Fid lookupFid(String name) throws LustreException {
        return lookup(name).map(DirEntry::fid)
                .orElseThrow(() -> new LustreException(Errno.ENOENT, "no entry '" + name + "' in " + object().fid()));
    }
}
