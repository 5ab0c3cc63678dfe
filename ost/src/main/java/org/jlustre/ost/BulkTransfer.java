package org.jlustre.ost;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.common.LustreException;

/**
 * Moves a request's bulk data between the client and the OSD's own pages: for a write it fills
 * the fragments with the client's bytes (an LNet GET), for a read it sends them (LNet PUTs).
 * The fragments are the OSD's pages in file order, cut wherever the OSD cut them; the network
 * side maps them onto the client's MDs without copying ({@code ServerRequest.bulkGet/bulkPut}
 * with the niobufs' {@code BulkLayout}). In-process callers (tests, benchmarks) copy.
 */
@FunctionalInterface
public interface BulkTransfer {

    /**
     * Moves the data of {@code fragments}.
     *
     * @return the bytes moved
     * @throws LustreException why the transfer failed (timed out, aborted by the client)
     */
    long move(List<MemorySegment> fragments) throws LustreException;
}
