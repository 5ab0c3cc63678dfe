package org.jlustre.ost;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.LustreException;

/**
 * How a request changes an object's {@code trusted.fid} ({@code ofd_object_ff_update}): given
 * what the object holds (null for nothing), the value to store, or null to leave it.
 */
@FunctionalInterface
public interface FilterFidUpdate {

    /** Stores exactly {@code value} (tests, tools). */
    static FilterFidUpdate of(MemorySegment value) {
        return old -> value;
    }

    /** The new value, or null for no change. */
    MemorySegment merge(byte[] old) throws LustreException;
}
