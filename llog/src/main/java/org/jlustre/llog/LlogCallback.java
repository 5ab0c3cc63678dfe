package org.jlustre.llog;

import org.jlustre.common.LustreException;

/**
 * What processing calls for each live record ({@code llog_cb_t}). The result steers
 * processing: 0 continue, {@link Llog#PROC_BREAK} stop, {@link Llog#DEL_RECORD} cancel this
 * record and go on, {@link Llog#SKIP_PLAIN} (catalogs) skip the rest of this plain log, and a
 * negative value stops processing, which then returns it.
 */
@FunctionalInterface
public interface LlogCallback {

    /** Handles one record of {@code handle}. */
    int process(LlogHandle handle, LlogRecordRef record) throws LustreException;
}
