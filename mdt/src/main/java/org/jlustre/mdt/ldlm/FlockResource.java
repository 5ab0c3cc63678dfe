package org.jlustre.mdt.ldlm;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import org.jlustre.wire.ldlm.Ldlm;
import org.jlustre.wire.ldlm.LdlmResId;

/**
 * The flock locks of one file ({@code struct ldlm_resource} of an LDLM_FLOCK namespace): the
 * granted ranges and the waiting requests in arrival order. The rules are ldlm_flock.c's
 * ({@code ldlm_process_flock_lock}): locks of different owners conflict when they overlap and
 * are not both PR; an owner's own locks never conflict but are merged (same mode, overlapping or
 * adjacent) or cut and split (another mode, or an unlock) by its new request. Guarded by the
 * namespace's monitor.
 */
final class FlockResource {

    final LdlmResId id;
    /** Granted ranges; an owner's ranges never overlap each other. */
    private final List<FlockRange> granted = new ArrayList<>();
    /** Waiting requests, oldest first ({@code lr_waiting}). */
    final List<FlockWaiter> waiting = new ArrayList<>();

    FlockResource(LdlmResId id) {
        this.id = id;
    }

    /** Whether no lock is granted or waited for. */
    boolean isEmpty() {
        return granted.isEmpty() && waiting.isEmpty();
    }

    /** The granted ranges, a copy. */
    List<FlockRange> granted() {
        return List.copyOf(granted);
    }

    /**
     * The first granted lock of another owner that {@code req} conflicts with, or null: modes
     * not both PR ({@code lockmode_compat}) and ranges overlapping.
     */
    FlockRange conflict(FlockRange req) {
        for (FlockRange g : granted) {
            if (!g.owner().equals(req.owner()) && !(g.mode() == Ldlm.LCK_PR && req.mode() == Ldlm.LCK_PR)
                    && g.overlaps(req.start(), req.end())) {
                return g;
            }
        }
        return null;
    }

    /**
     * Grants {@code req} to its owner (or, with mode {@code LCK_NL}, unlocks its range): the
     * owner's ranges are cut out of {@code [start, end]}, the pieces outside kept (splitting a
     * range that covers both sides), then the new range is added, merged with the owner's
     * adjacent ranges of the same mode.
     *
     * @return whether some range of the owner was cut or removed (so waiters may now fit)
     */
    boolean apply(FlockRange req) {
        boolean cut = false;
        List<FlockRange> pieces = new ArrayList<>();
        for (Iterator<FlockRange> it = granted.iterator(); it.hasNext();) {
            FlockRange g = it.next();
            if (!g.owner().equals(req.owner()) || !g.overlaps(req.start(), req.end())) {
                continue;
            }
            it.remove();
            if (g.mode() != req.mode()) {
                cut = true;
            }
            if (Long.compareUnsigned(g.start(), req.start()) < 0) {
                pieces.add(g.withRange(g.start(), req.start() - 1));
            }
            if (Long.compareUnsigned(g.end(), req.end()) > 0) {
                pieces.add(g.withRange(req.end() + 1, g.end()));
            }
        }
        if (req.mode() == Ldlm.LCK_NL) {
            granted.addAll(pieces);
            return cut;
        }
        long start = req.start();
        long end = req.end();
        for (ListIterator<FlockRange> it = pieces.listIterator(); it.hasNext();) {
            FlockRange p = it.next();
            if (p.mode() == req.mode()) {
                // a same-mode piece is the part of an old range beyond the new one: one range again
                it.remove();
                start = Long.compareUnsigned(p.start(), start) < 0 ? p.start() : start;
                end = Long.compareUnsigned(p.end(), end) > 0 ? p.end() : end;
            }
        }
        granted.addAll(pieces);
        for (Iterator<FlockRange> it = granted.iterator(); it.hasNext();) {
            FlockRange g = it.next();
            if (g.owner().equals(req.owner()) && g.mode() == req.mode() && g.adjoins(start, end)) {
                it.remove();
                start = Long.compareUnsigned(g.start(), start) < 0 ? g.start() : start;
                end = Long.compareUnsigned(g.end(), end) > 0 ? g.end() : end;
            }
        }
        granted.add(req.withRange(start, end));
        return cut;
    }

    /** Removes every granted range of {@code client}; whether there was one. */
    boolean dropClient(Object client) {
        return granted.removeIf(g -> g.owner().client().equals(client));
    }
}
