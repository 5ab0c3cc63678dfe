package org.jlustre.osd;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.LustreException;

/**
 * A directory iterator. Positions: before "." (after {@code get("")}), ".", "..", each other
 * entry, the end. Cookies: 1 for ".", 2 for "..", then a per-directory counter that only
 * grows, so a listing resumed from any {@link #store() cookie} continues where it stopped.
 *
 * <p>{@link #get}: {@code ""} positions before "." and returns 1 (so {@code mdd_dir_is_empty}
 * sees ".", "..", then the first entry or the end on its three {@link #next()} calls);
 * {@code "."}, {@code ".."} and existing names position on that entry and return 0; a name
 * that does not exist fails with ENOENT.
 */
public interface DirectoryIterator extends IndexIterator<String> {

    /** The current entry. */
    DirEntry entry();

    /**
     * Packs the current entry as a {@code lu_dirent} at {@code offset} of {@code dst}
     * ({@code rec}), with {@code LUDA_FID} and, when {@code attrs} asks for it,
     * {@code LUDA_TYPE}.
     *
     * @return the record length written (Lustre's {@code rec} returns 0 and the caller takes
     *     the length from {@link #recSize})
     */
    int rec(MemorySegment dst, long offset, int attrs) throws LustreException;

    /** The size {@link #rec} needs ({@code rec_size}, {@code lu_dirent_calc_size}). */
    int recSize(int attrs);
}
