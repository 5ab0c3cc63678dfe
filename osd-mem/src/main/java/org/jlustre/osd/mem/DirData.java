package org.jlustre.osd.mem;

import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;
import org.jlustre.common.Fid;

/**
 * The entries of one directory: a hash table from name to entry for lookups, and the entries
 * in cookie order for iteration. Cookies come from a per-directory counter that only grows
 * (3, 4, ...; 1 and 2 belong to "." and ".."), so they are stable and monotone across inserts
 * and deletes, and a listing resumed from any cookie continues correctly (the seed's list
 * positions broke here).
 *
 * <p>"." and ".." are never stored: "." is the directory, ".." is {@link #parent}.
 *
 * <p>The hash table chains entries through their own {@code next} field, as Jimfs's
 * directories do: no node object per entry, and growing it relinks entries instead of copying
 * nodes. That is what makes create+insert cheap at a million entries.
 *
 * <p>Locking: one {@link StampedLock}. Updates take it exclusively; lookups and iteration steps
 * read optimistically and fall back to the shared lock when an update raced with them. A racing
 * update can only make an optimistic walk stale or cut it short (the walk is bounded), never
 * make it fault, and the stale result is then discarded.
 */
final class DirData {

    /** Cookie of ".". */
    static final long DOT_COOKIE = 1;
    /** Cookie of "..". */
    static final long DOTDOT_COOKIE = 2;
    /** First cookie of a stored entry. */
    static final long FIRST_COOKIE = 3;

    /**
     * One stored entry, also a link of its hash chain. The name is kept once, as the bytes the
     * inserter gave (no String beside it): 40 bytes of entry plus the array per name.
     */
    static final class Entry {
        /** The name's bytes; never handed out (callers get copies through DirEntry). */
        final byte[] name;
        final Fid fid;
        final int type;
        final long cookie;
        final int hash;
        /** The next entry of the same bucket; written under the write lock. */
        Entry next;

        Entry(byte[] name, Fid fid, int type, long cookie, int hash) {
            this.name = name;
            this.fid = fid;
            this.type = type;
            this.cookie = cookie;
            this.hash = hash;
        }
    }

    private final StampedLock lock = new StampedLock();
    /** The parent for "..". */
    volatile Fid parent;

    /** Buckets; a power of two long. Replaced when growing. */
    private volatile Entry[] buckets = new Entry[8];
    /** Entries in cookie order, null where an entry was deleted. Write-locked. */
    private Entry[] ordered = new Entry[4];
    /** The cookie of each slot of {@link #ordered}, kept for deleted slots too. Write-locked. */
    private long[] cookies = new long[4];
    /** Used slots of {@link #ordered}. Write-locked. */
    private int used;
    /** Live entries. Write-locked. */
    private volatile int live;
    /** Next cookie. Write-locked. */
    private long nextCookie = FIRST_COOKIE;

    DirData(Fid parent) {
        this.parent = parent;
    }

    /** Stored entries ("." and ".." not included). */
    int live() {
        return live;
    }

    /** The bucket hash of a name: String's polynomial over the bytes, spread. */
    private static int hash(byte[] name) {
        int h = Arrays.hashCode(name);
        return h ^ (h >>> 16);
    }

    /** The entry of a name, or null. */
    Entry get(byte[] name) {
        int h = hash(name);
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            Entry e = find(buckets, name, h, live + 1);
            if (lock.validate(stamp)) {
                return e;
            }
        }
        stamp = lock.readLock();
        try {
            return find(buckets, name, h, Integer.MAX_VALUE);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Walks one chain, at most {@code maxSteps} links (a bound for racing walks). */
    private static Entry find(Entry[] table, byte[] name, int h, int maxSteps) {
        Entry e = table[h & (table.length - 1)];
        for (int steps = 0; e != null && steps <= maxSteps; e = e.next, steps++) {
            if (e.hash == h && Arrays.equals(e.name, name)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Adds an entry, or returns the existing one with that name (nothing added then). The
     * directory keeps {@code name} itself: the caller hands over an array nobody else holds.
     */
    Entry insert(byte[] name, Fid fid, int type) {
        int h = hash(name);
        long stamp = lock.writeLock();
        try {
            Entry[] table = buckets;
            Entry old = find(table, name, h, Integer.MAX_VALUE);
            if (old != null) {
                return old;
            }
            Entry e = new Entry(name, fid, type, nextCookie++, h);
            int i = h & (table.length - 1);
            e.next = table[i];
            table[i] = e;
            append(e);
            live++;
            if (live > table.length - (table.length >>> 2)) {
                grow(table);
            }
            return null;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Doubles the buckets, relinking every entry; under the write lock. */
    private void grow(Entry[] table) {
        Entry[] bigger = new Entry[table.length * 2];
        int mask = bigger.length - 1;
        for (Entry head : table) {
            for (Entry e = head; e != null; ) {
                Entry next = e.next;
                int i = e.hash & mask;
                e.next = bigger[i];
                bigger[i] = e;
                e = next;
            }
        }
        buckets = bigger;
    }

    private void append(Entry e) {
        if (used == ordered.length) {
            if (live < used / 2) {
                compact();
            } else {
                ordered = Arrays.copyOf(ordered, used * 2);
                cookies = Arrays.copyOf(cookies, used * 2);
            }
        }
        ordered[used] = e;
        cookies[used] = e.cookie;
        used++;
    }

    /** Removes an entry by name; null when absent. */
    Entry delete(byte[] name) {
        int h = hash(name);
        long stamp = lock.writeLock();
        try {
            Entry[] table = buckets;
            int i = h & (table.length - 1);
            Entry prev = null;
            for (Entry e = table[i]; e != null; prev = e, e = e.next) {
                if (e.hash == h && Arrays.equals(e.name, name)) {
                    if (prev == null) {
                        table[i] = e.next;
                    } else {
                        prev.next = e.next;
                    }
                    ordered[Arrays.binarySearch(cookies, 0, used, e.cookie)] = null;
                    live--;
                    if (used > 64 && live < used / 4) {
                        compact();
                    }
                    return e;
                }
            }
            return null;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Drops the slots of deleted entries; cookies stay as they were. Under the write lock. */
    private void compact() {
        int n = 0;
        for (int i = 0; i < used; i++) {
            if (ordered[i] != null) {
                ordered[n] = ordered[i];
                cookies[n] = cookies[i];
                n++;
            }
        }
        Arrays.fill(ordered, n, used, null);
        used = n;
    }

    /** The first live entry whose cookie is at or after {@code cookie}, or null. */
    Entry ceiling(long cookie) {
        long stamp = lock.readLock();
        try {
            int i = Arrays.binarySearch(cookies, 0, used, cookie);
            for (i = i >= 0 ? i : -i - 1; i < used; i++) {
                if (ordered[i] != null) {
                    return ordered[i];
                }
            }
            return null;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Copies the live entries in cookie order (for dumps). */
    Entry[] snapshot() {
        long stamp = lock.readLock();
        try {
            Entry[] out = new Entry[live];
            int n = 0;
            for (int i = 0; i < used; i++) {
                if (ordered[i] != null) {
                    out[n++] = ordered[i];
                }
            }
            return out;
        } finally {
            lock.unlockRead(stamp);
        }
    }
}
