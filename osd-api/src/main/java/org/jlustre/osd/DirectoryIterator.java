package org.jlustre.osd;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.LustreException;
import org.jlustre.common.Utf8;

/**
 * A directory iterator. Positions: before "." (after {@code get("")}), ".", "..", each other
 * entry, the end. Cookies: 1 for ".", 2 for "..", then a per-directory counter that only
 * grows, so a listing resumed from any {@link #store() cookie} continues where it stopped.
 *
 * <p>{@link #get}: an empty name positions before "." and returns 1 (so
 * {@code mdd_dir_is_empty} sees ".", "..", then the first entry or the end on its three
 * {@link #next()} calls); {@code "."}, {@code ".."} and existing names position on that entry
 * and return 0; a name that does not exist fails with ENOENT.
 *
 * <p>Keys are names' exact bytes ({@link #keyBytes()}, {@link #get(byte[])}); the
 * {@code String} forms {@link #key()} and {@link #get(String)} decode and encode them as
 * {@link DirEntry#name()} and {@link DirEntry#encode} do.
 */
public interface DirectoryIterator extends IndexIterator<String> {

    /** Positions at a name given as bytes; see the class. */
    int get(byte[] name) throws LustreException;

    /** The current entry's name bytes (a copy). */
    byte[] keyBytes();

    /** The current entry. */
    DirEntry entry();

    /**
     * Packs the current entry as a {@code lu_dirent} at {@code offset} of {@code dst}
     * ({@code rec}), with the name's exact bytes, {@code LUDA_FID} and, when {@code attrs}
     * asks for it, {@code LUDA_TYPE}.
     *
     * @return the record length written (Lustre's {@code rec} returns 0 and the caller takes
     *     the length from {@link #recSize})
     */
    int rec(MemorySegment dst, long offset, int attrs) throws LustreException;

    /** The size {@link #rec} needs ({@code rec_size}, {@code lu_dirent_calc_size}). */
    int recSize(int attrs);

    /** {@link #get(byte[])} of the {@link DirEntry#encode encoded} name. */
    @Override
    default int get(String key) throws LustreException {
        return get(DirEntry.encode(key));
    }

    /** The current name as {@link DirEntry#name()} decodes it. */
    @Override
    default String key() {
        return Utf8.decode(keyBytes());
    }
}
