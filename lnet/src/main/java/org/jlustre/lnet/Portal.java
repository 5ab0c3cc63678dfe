package org.jlustre.lnet;

import io.netty.util.collection.LongObjectHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import org.jlustre.lnet.Lnet.Position;

/**
 * One portal's match list ({@code struct lnet_portal}), one per portal index of an {@link Lnet};
 * guarded by its resource lock. Exact entries are kept by match bits, one entry (the usual case:
 * a reply or bulk MD per xid) or a list.
 */
final class Portal {
    // primitive keys: a lookup per received message, with no boxing or map node per entry.
    // Keyed by the match bits mixed (lnet_mt_match_hash hashes them too): ptlrpc's xids step
    // by 64, and the map indexes by the low bits of its key, which would put them all in a
    // few slots
    private final LongObjectHashMap<Object> exact = new LongObjectHashMap<>();
    private final ArrayList<MatchEntry> wild = new ArrayList<>();

    /** A bijection of the match bits whose low bits depend on all of them (murmur3's fmix64). */
    private static long key(long bits) {
        long k = (bits ^ (bits >>> 33)) * 0xff51afd7ed558ccdL;
        k = (k ^ (k >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return k ^ (k >>> 33);
    }

    @SuppressWarnings("unchecked")
    void add(MatchEntry me, Position pos) {
        if (me.exact()) {
            Object cur = exact.get(key(me.matchBits));
            if (cur == null) {
                exact.put(key(me.matchBits), me);
                return;
            }
            ArrayDeque<MatchEntry> q;
            if (cur instanceof MatchEntry one) {
                q = new ArrayDeque<>(4);
                q.add(one);
                exact.put(key(me.matchBits), q);
            } else {
                q = (ArrayDeque<MatchEntry>) cur;
            }
            if (pos == Position.BEFORE) {
                q.addFirst(me);
            } else {
                q.addLast(me);
            }
        } else if (pos == Position.BEFORE) {
            wild.addFirst(me);
        } else {
            wild.add(me);
        }
    }

    @SuppressWarnings("unchecked")
    void remove(MatchEntry me) {
        if (me.exact()) {
            Object cur = exact.get(key(me.matchBits));
            if (cur == me) {
                exact.remove(key(me.matchBits));
            } else if (cur instanceof ArrayDeque<?> q) {
                q.remove(me);
                if (q.isEmpty()) {
                    exact.remove(key(me.matchBits));
                }
            }
        } else {
            wild.remove(me);
        }
    }

    /** The first entry whose MD takes this operation ({@code lnet_ptl_match_md}). */
    MatchEntry match(long srcNid, int srcPid, long bits, int op, int rlength, int remoteOffset) {
        Object cur = exact.get(key(bits));
        if (cur instanceof MatchEntry me) {
            if (takes(me, srcNid, srcPid, bits, op, rlength, remoteOffset)) {
                return me;
            }
        } else if (cur instanceof ArrayDeque<?> q) {
            for (Object o : q) {
                MatchEntry me = (MatchEntry) o;
                if (takes(me, srcNid, srcPid, bits, op, rlength, remoteOffset)) {
                    return me;
                }
            }
        }
        for (Iterator<MatchEntry> it = wild.iterator(); it.hasNext();) {
            MatchEntry me = it.next();
            if (takes(me, srcNid, srcPid, bits, op, rlength, remoteOffset)) {
                return me;
            }
        }
        return null;
    }

    private static boolean takes(MatchEntry me, long srcNid, int srcPid, long bits, int op, int rlength,
            int remoteOffset) {
        MemoryDescriptor md = me.md;
        if (md.unlinked || md.unlinkRequested || md.threshold == 0 || (md.options() & op) == 0
                || !me.matches(srcNid, srcPid, bits)) {
            return false;
        }
        long offset = md.has(MdOptions.MANAGE_REMOTE) ? Integer.toUnsignedLong(remoteOffset) : md.localOffset;
        if (offset > md.length()) {
            return false;
        }
        long room = md.length() - offset;
        if (md.has(MdOptions.MAX_SIZE)) {
            room = Math.min(room, md.maxSize());
        }
        return rlength <= room || md.has(MdOptions.TRUNCATE);
    }
}
