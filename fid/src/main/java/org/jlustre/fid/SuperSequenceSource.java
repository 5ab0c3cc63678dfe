package org.jlustre.fid;

import org.jlustre.common.LustreException;
import org.jlustre.wire.fid.LuSeqRange;

/**
 * Where a sequence server gets its super-sequences ({@code lss_cli}, fid_handler.c
 * {@code seq_server_check_and_alloc_super}): the {@link SeqController} itself on MDT0, or
 * SEQ_QUERY ALLOC_SUPER to MDT0 ({@link SeqClient#controller}) everywhere else.
 */
@FunctionalInterface
public interface SuperSequenceSource {

    /**
     * A new super-sequence for target {@code index} of kind {@code flags}
     * ({@link LuSeqRange#MDT} or {@link LuSeqRange#OST}); the range names that owner.
     *
     * @throws LustreException ENOSPC when the sequence space is exhausted; EINPROGRESS when MDT0
     *     cannot be reached yet; the RPC's error
     */
    LuSeqRange allocSuper(int index, int flags) throws LustreException;

    /** What {@code seq.srv-*.server} shows: the controller's name, or the target asked. */
    default String describe() {
        return "<unknown>";
    }

    /** Whether the controller is on this node (the server then leaves the fld to it). */
    default boolean isLocal() {
        return false;
    }
}
