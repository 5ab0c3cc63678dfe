package org.jlustre.mdt.lod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jlustre.wire.ObdStatfs;

/**
 * The order in which a new file's stripes try the OSTs (lustre/lod/lod_qos.c,
 * lustre/obdclass/lu_tgt_descs.c). While the OSTs' free space is within
 * {@code qos_threshold_rr} of each other ({@code ltd_qos_penalties_calc}'s "same space"), round
 * robin: each stripe takes the next OST after a start that is reseeded at random every
 * {@code (2000 / n + 30) * n} allocations ({@code lod_alloc_rr}). Otherwise weighted random: an
 * OST's weight is its free space ({@code bavail >> 8} in bytes) less a penalty that grows with
 * each object it was given and drains from the others ({@code lod_alloc_qos},
 * {@code ltd_qos_update}), so fuller OSTs get fewer new objects without getting none.
 *
 * <p>Each OST counts as its own server (jlustre runs one OST per OSS node here), so there is no
 * per-server penalty; penalties do not decay with age. Synchronized on itself.
 */
final class LodQos {

    /** {@code LOV_CREATE_RESEED_MIN}. */
    static final int RESEED_MIN = 2000;
    /** {@code LOV_CREATE_RESEED_MULT}. */
    static final int RESEED_MULT = 30;

    private final RandomGenerator random;
    /** {@code lq_threshold_rr}, in 256ths. */
    private int thresholdRr;
    /** {@code lq_prio_free}, in 256ths. */
    private int prioFree;
    /** {@code lqr_start_idx}. */
    private int startIdx;
    /** {@code lqr_start_count}: allocations until the start is reseeded. */
    private int startCount;
    /** {@code lqr_offset_idx}. */
    private int offsetIdx;
    /** {@code ltq_penalty} by OST index. */
    private final Map<Integer, Long> penalties = new HashMap<>();
    /** Whether the last look found the space balanced. */
    private boolean sameSpace = true;

    LodQos(RandomGenerator random, int thresholdRrPercent, int prioFreePercent) {
        this.random = random;
        thresholdRrPercent(thresholdRrPercent);
        prioFreePercent(prioFreePercent);
    }

    /** {@code qos_threshold_rr} as shown: rounded up to a percent. */
    synchronized int thresholdRrPercent() {
        return (thresholdRr * 100 + 255) >> 8;
    }

    /** Sets {@code qos_threshold_rr}. */
    synchronized void thresholdRrPercent(int percent) {
        thresholdRr = (percent << 8) / 100;
    }

    /** {@code qos_prio_free} as shown. */
    synchronized int prioFreePercent() {
        return (prioFree * 100 + 255) >> 8;
    }

    /** Sets {@code qos_prio_free}. */
    synchronized void prioFreePercent(int percent) {
        prioFree = (percent << 8) / 100;
    }

    /** Whether the last allocation found the OSTs' free space balanced (round-robin). */
    synchronized boolean roundRobin() {
        return sameSpace;
    }

    /** An OST that may get objects, with its last statfs (null when never answered). */
    record Candidate(int index, ObdStatfs statfs) {
    }

    /**
     * The order in which to try {@code candidates} (ascending OST index) for a file of
     * {@code stripes} stripes.
     */
    synchronized List<Integer> order(List<Candidate> candidates, int stripes) {
        int n = candidates.size();
        if (n == 0) {
            return List.of();
        }
        long baMin = Long.MAX_VALUE;
        long baMax = 0;
        int known = 0;
        for (Candidate c : candidates) {
            long ba = bavail(c);
            if (ba == 0) {
                continue;
            }
            known++;
            baMin = Math.min(baMin, ba);
            baMax = Math.max(baMax, ba);
        }
        sameSpace = known < 2 || (baMax * (256 - thresholdRr)) >> 8 < baMin;
        if (sameSpace) {
            penalties.clear(); // LQ_RESET: weights start afresh next time
            return roundRobinOrder(candidates, stripes);
        }
        return weightedOrder(candidates);
    }

    /** {@code tgt_statfs_bavail} >> 8 for an OST: available bytes in 256ths. */
    private static long bavail(Candidate c) {
        ObdStatfs s = c.statfs();
        if (s == null || (s.state() & (ObdStatfs.OS_STATFS_ENOSPC | ObdStatfs.OS_STATFS_ENOINO)) != 0) {
            return 0;
        }
        return (s.bavail() * s.bsize()) >> 8;
    }

    private List<Integer> roundRobinOrder(List<Candidate> candidates, int stripes) {
        int n = candidates.size();
        if (--startCount <= 0) {
            startIdx = random.nextInt(n);
            startCount = (RESEED_MIN / n + RESEED_MULT) * n;
        } else if (startIdx >= n) {
            // every OST had its turn: slowly move the start when the stripe count alone does not
            startIdx -= n;
            if (stripes > 1 && n % stripes != 1) {
                offsetIdx++;
            }
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int idx = ++startIdx;
            order.add(candidates.get(Math.floorMod(idx + offsetIdx, n)).index());
        }
        startIdx -= n - Math.min(n, stripes); // only the OSTs used advance the start
        return order;
    }

    private List<Integer> weightedOrder(List<Candidate> candidates) {
        List<Candidate> left = new ArrayList<>(candidates);
        List<Integer> order = new ArrayList<>(candidates.size());
        while (!left.isEmpty()) {
            long total = 0;
            for (Candidate c : left) {
                total += weight(c);
            }
            int pick = left.size() - 1;
            if (total > 0) {
                long r = random.nextLong(total);
                long cur = 0;
                for (int i = 0; i < left.size(); i++) {
                    cur += weight(left.get(i));
                    if (cur > r) {
                        pick = i;
                        break;
                    }
                }
            }
            Candidate c = left.remove(pick);
            order.add(c.index());
        }
        return order;
    }

    /** {@code lu_tgt_qos_weight_calc}: free space less the penalty, never below 0. */
    private long weight(Candidate c) {
        long ba = bavail(c);
        long p = penalties.getOrDefault(c.index(), 0L);
        return ba < p ? 0 : ba - p;
    }

    /**
     * {@code ltd_qos_update}: OST {@code index} got an object; its penalty grows by its
     * per-object penalty times the active OSTs, and every OST's drains by its own.
     */
    synchronized void used(int index, List<Candidate> candidates) {
        if (sameSpace) {
            return;
        }
        int prioWide = 256 - prioFree;
        int numActive = Math.max(1, candidates.size() - 1);
        for (Candidate c : candidates) {
            long per = ((prioWide * bavail(c)) >> 8) / numActive >> 1;
            long p = penalties.getOrDefault(c.index(), 0L) >> 1; // halved: the max penalty is added back
            if (c.index() == index) {
                p += per * candidates.size();
            }
            p = p < per ? 0 : p - per;
            penalties.put(c.index(), p);
        }
    }
}
