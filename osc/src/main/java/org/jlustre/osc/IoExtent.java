package org.jlustre.osc;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One byte range of an object in a vectored read or write: the bytes at object offset
 * {@code offset} come from (write) or go to (read) {@code data}, all of it.
 *
 * @param offset object byte offset
 * @param data the caller's memory, as long as the range
 */
public record IoExtent(long offset, MemorySegment data) {

    /** Validates. */
    public IoExtent {
        Objects.requireNonNull(data, "data");
        if (offset < 0) {
            throw new IllegalArgumentException("extent offset " + offset + " is negative");
        }
        if (Long.MAX_VALUE - offset < data.byteSize()) {
            throw new IllegalArgumentException("extent at " + offset + " of " + data.byteSize()
                    + " bytes runs past the largest object offset");
        }
    }

    /** One past its last byte. */
    public long end() {
        return offset + data.byteSize();
    }
}
