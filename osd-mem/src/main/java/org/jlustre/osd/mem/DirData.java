package org.jlustre.osd.mem;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Fid;

/**
 * The entries of one directory: a hash map from name to entry for lookups, and the entries in
 * cookie order for iteration. Cookies come from a per-directory counter that only grows
 * (3, 4, ...; 1 and 2 belong to "." and ".."), so they are stable and monotone across
 * inserts and deletes, and a listing resumed from any cookie continues correctly (the seed's
 * list positions broke here).
 *
 * <p>"." and ".." are never stored: "." is the directory, ".." is {@link #parent}.
 *
 * <p>Locking: lookups read the concurrent map without locks; inserts, deletes and iteration
 * steps hold {@code this}.
 */
final class DirData {

    /** Cookie of ".". */
    static final long DOT_COOKIE = 1;
    /** Cookie of "..". */
    static final long DOTDOT_COOKIE = 2;
    /** First cookie of a stored entry. */
    static final long FIRST_COOKIE = 3;

    /** One stored entry. */
    static final class Entry {
        final String name;
        final Fid fid;
        final int type;
        final long cookie;
        /** UTF-8 length of the name, for charging and lu_dirent sizes. */
        final int nameLength;

        Entry(String name, int nameLength, Fid fid, int type, long cookie) {
            this.name = name;
            this.nameLength = nameLength;
            this.fid = fid;
            this.type = type;
            this.cookie = cookie;
        }
    }

    final ConcurrentHashMap<String, Entry> byName = new ConcurrentHashMap<>(4);
    /** The parent for "..". */
    volatile Fid parent;

    /** Guarded by this: entries in cookie order, null where an entry was deleted. */
    private Entry[] ordered = new Entry[4];
    /** Guarded by this: the cookie of each slot of {@link #ordered}, kept for deleted slots too. */
    private long[] cookies = new long[4];
    /** Guarded by this: used slots. */
    private int used;
    /** Guarded by this: live entries. */
    private int live;
    /** Guarded by this: next cookie. */
    private long nextCookie = FIRST_COOKIE;

    DirData(Fid parent) {
        this.parent = parent;
    }

    /** Stored entries ("." and ".." not included). */
    synchronized int live() {
        return live;
    }

    /** Adds an entry, or returns the existing one with that name (nothing added then). */
    synchronized Entry insert(String name, int nameLength, Fid fid, int type) {
        Entry e = new Entry(name, nameLength, fid, type, nextCookie);
        Entry old = byName.putIfAbsent(name, e);
        if (old != null) {
            return old;
        }
        nextCookie++;
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
        live++;
        return null;
    }

    /** Removes an entry by name; null when absent. */
    synchronized Entry delete(String name) {
        Entry e = byName.remove(name);
        if (e != null) {
            ordered[Arrays.binarySearch(cookies, 0, used, e.cookie)] = null;
            live--;
            if (used > 64 && live < used / 4) {
                compact();
            }
        }
        return e;
    }

    /** Drops the slots of deleted entries; cookies stay as they were. */
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
    synchronized Entry ceiling(long cookie) {
        int i = Arrays.binarySearch(cookies, 0, used, cookie);
        for (i = i >= 0 ? i : -i - 1; i < used; i++) {
            if (ordered[i] != null) {
                return ordered[i];
            }
        }
        return null;
    }

    /** Copies the live entries in cookie order (for dumps). */
    synchronized Entry[] snapshot() {
        Entry[] out = new Entry[live];
        int n = 0;
        for (int i = 0; i < used; i++) {
            if (ordered[i] != null) {
                out[n++] = ordered[i];
            }
        }
        return out;
    }
}
