package org.jlustre.mdt.lod;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.osp.Osp;
import org.jlustre.wire.ObdStatfs;

/**
 * Gets a new file's objects from the OSPs ({@code lod_alloc_rr}, {@code lod_alloc_qos},
 * {@code lod_alloc_specific} and their speeds): the OSTs in {@link LodQos}'s order, or from a
 * requested first OST in index order; first only OSTs with objects at hand, then one round
 * giving each remaining OST a moment to precreate, then, while below the minimum, rounds with
 * longer waits until the create timeout. Stateless apart from {@link LodQos}; thread-safe.
 */
final class LodAllocator {

    /** How long a slow round waits for one OST's precreate before trying the next. */
    private static final long SLOW_STEP = 500_000_000L;

    /** One reserved object. */
    record Reserved(Osp osp, Fid object) {
    }

    private final String name;
    private final Libcfs libcfs;
    private final LodQos qos;
    private final Duration createTimeout;

    LodAllocator(String name, Libcfs libcfs, LodQos qos, Duration createTimeout) {
        this.name = name;
        this.libcfs = libcfs;
        this.qos = qos;
        this.createTimeout = createTimeout;
    }

    /** Reserves up to {@code want} objects on distinct OSTs, at least {@code min} if it can. */
    List<Reserved> allocate(Fid file, List<Osp> candidates, int want, int min, int offset)
            throws LustreException {
        List<LodQos.Candidate> cands = new ArrayList<>();
        Map<Integer, Osp> byIndex = new HashMap<>();
        for (Osp o : candidates) {
            cands.add(new LodQos.Candidate(o.index(), cachedStatfs(o)));
            byIndex.put(o.index(), o);
        }
        List<Integer> order;
        if (offset >= 0) {
            order = new ArrayList<>(); // lod_alloc_specific: from the asked OST on, wrapping
            List<Integer> idx = new ArrayList<>(byIndex.keySet());
            idx.sort(null);
            int start = Math.max(0, idx.indexOf(offset));
            for (int i = 0; i < idx.size(); i++) {
                order.add(idx.get((start + i) % idx.size()));
            }
        } else {
            order = qos.order(cands, want);
        }
        long deadline = libcfs.time().monotonicNanos() + createTimeout.toNanos();
        List<Reserved> got = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        Map<Integer, LustreException> errors = new LinkedHashMap<>();
        // speed 0: OSTs with objects at hand
        for (int idx : order) {
            if (got.size() >= want) {
                break;
            }
            Osp o = byIndex.get(idx);
            if (o.ready() && !o.full()) {
                take(o, false, deadline, got, used, errors);
            }
        }
        // slower: one round giving each OST a moment to precreate, then, below the minimum,
        // rounds with longer waits until the deadline
        long step = SLOW_STEP;
        boolean first = true;
        while ((first ? got.size() < want : got.size() < min) && libcfs.time().monotonicNanos() - deadline < 0) {
            boolean any = false;
            for (int idx : order) {
                if (got.size() >= want) {
                    break;
                }
                if (used.contains(idx) || isHopeless(errors.get(idx))) {
                    continue;
                }
                any = true;
                long until = Math.min(deadline, libcfs.time().monotonicNanos() + step);
                take(byIndex.get(idx), true, until, got, used, errors);
            }
            if (!any) {
                break;
            }
            first = false;
            step = Math.min(step * 2, 8 * SLOW_STEP);
        }
        // stripes in the order the OSTs were tried: a requested first OST comes first
        got.sort(Comparator.comparingInt(r -> order.indexOf(r.osp().index())));
        if (got.isEmpty()) {
            throw noObject(file, order, byIndex, errors);
        }
        if (offset < 0) {
            for (Reserved r : got) {
                qos.used(r.osp().index(), cands);
            }
        }
        return got;
    }

    private static boolean isHopeless(LustreException e) {
        return e != null && e.errno() != Errno.ETIMEDOUT;
    }

    private void take(Osp o, boolean block, long until, List<Reserved> got, Set<Integer> used,
            Map<Integer, LustreException> errors) {
        try {
            Fid f = o.reserve(block, until);
            if (f != null) {
                got.add(new Reserved(o, f));
                used.add(o.index());
                errors.remove(o.index());
            }
        } catch (LustreException e) {
            errors.put(o.index(), e);
        }
    }

    private LustreException noObject(Fid file, List<Integer> order, Map<Integer, Osp> byIndex,
            Map<Integer, LustreException> errors) {
        boolean allFull = !order.isEmpty();
        StringBuilder why = new StringBuilder();
        for (int idx : order) {
            LustreException e = errors.get(idx);
            Osp o = byIndex.get(idx);
            boolean full = (e != null && e.errno() == Errno.ENOSPC) || (o != null && o.full());
            allFull &= full;
            why.append(why.isEmpty() ? "" : "; ").append(o != null ? o.name() : "OST " + idx).append(": ")
                    .append(e != null ? e.getMessage() : "status " + (o != null ? o.status() : 0));
        }
        if (allFull) {
            return new LustreException(Errno.ENOSPC, name + ": no space on any OST for " + file + " (" + why + ")");
        }
        return new LustreException(Errno.ETIMEDOUT, name + ": no OST object for " + file + " within "
                + createTimeout.toSeconds() + " s (" + why + ")");
    }

    private static ObdStatfs cachedStatfs(Osp o) {
        try {
            return o.statfs();
        } catch (LustreException e) {
            return null;
        }
    }
}
