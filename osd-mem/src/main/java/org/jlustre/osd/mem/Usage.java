package org.jlustre.osd.mem;

import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * Space and inode accounting of one device against its configured capacity: device-wide
 * totals that make statfs truthful and updates fail with ENOSPC, and per-uid, per-gid and
 * per-project usage behind the ACCT_*_OID indexes (reference 2.9).
 *
 * <p>Bytes are charged for what is stored: data pages, xattr names and values, directory
 * entries and index records. Each object counts one inode.
 *
 * <p>Thread-safe: totals are reserved with compare-and-set, so concurrent writers never
 * overshoot the capacity; per-id counters are atomic.
 */
final class Usage {

    /** Bytes charged per directory entry beyond its name (roughly an lu_dirent header). */
    static final int DIRENT_OVERHEAD = 32;
    /** Bytes charged per xattr beyond its name and value. */
    static final int XATTR_OVERHEAD = 16;

    /** Which usage index. */
    enum IdType {
        USER, GROUP, PROJECT
    }

    /** One id's usage: bytes ({@code bspace}) and inodes ({@code ispace}). */
    static final class Counter {
        final long id;
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong inodes = new AtomicLong();

        Counter(long id) {
            this.id = id;
        }
    }

    /**
     * The counters of one id type: a hash map for the hot path (with the last id used
     * remembered, as most objects share an owner), sorted only when someone iterates.
     */
    static final class IdTable {
        private final ConcurrentHashMap<Long, Counter> counters = new ConcurrentHashMap<>();
        private volatile Counter last;

        Counter counter(long id) {
            Counter c = last;
            if (c == null || c.id != id) {
                c = counters.computeIfAbsent(id, Counter::new);
                last = c;
            }
            return c;
        }

        /** The counter of an id, or null if nothing was ever charged to it. */
        Counter get(long id) {
            return counters.get(id);
        }

        int size() {
            return counters.size();
        }

        /** A snapshot in numeric id order, for iteration. */
        NavigableMap<Long, Counter> sorted() {
            TreeMap<Long, Counter> m = new TreeMap<>(Long::compareUnsigned);
            m.putAll(counters);
            return m;
        }
    }

    private final long capacityBytes;
    private final long maxInodes;
    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicLong usedInodes = new AtomicLong();
    private final IdTable users = new IdTable();
    private final IdTable groups = new IdTable();
    private final IdTable projects = new IdTable();

    Usage(long capacityBytes, long maxInodes) {
        this.capacityBytes = capacityBytes;
        this.maxInodes = maxInodes;
    }

    long capacityBytes() {
        return capacityBytes;
    }

    long maxInodes() {
        return maxInodes;
    }

    long usedBytes() {
        return usedBytes.get();
    }

    long usedInodes() {
        return usedInodes.get();
    }

    long freeBytes() {
        return Math.max(0, capacityBytes - usedBytes.get());
    }

    long freeInodes() {
        return Math.max(0, maxInodes - usedInodes.get());
    }

    /**
     * Reserves {@code bytes} of device space (negative releases).
     *
     * @throws LustreException ENOSPC, naming the sizes, when it does not fit
     */
    void reserveBytes(long bytes, Object what) throws LustreException {
        if (bytes <= 0) {
            usedBytes.addAndGet(bytes);
            return;
        }
        long cur;
        do {
            cur = usedBytes.get();
            if (cur + bytes > capacityBytes) {
                throw new LustreException(Errno.ENOSPC, "no space for " + bytes + " more bytes of " + what + ": "
                        + cur + " of " + capacityBytes + " bytes used");
            }
        } while (!usedBytes.compareAndSet(cur, cur + bytes));
    }

    /**
     * Reserves one inode.
     *
     * @throws LustreException ENOSPC when every inode is used
     */
    void reserveInode(Object what) throws LustreException {
        long cur;
        do {
            cur = usedInodes.get();
            if (cur >= maxInodes) {
                throw new LustreException(Errno.ENOSPC,
                        "no inode left for " + what + ": all " + maxInodes + " inodes are used");
            }
        } while (!usedInodes.compareAndSet(cur, cur + 1));
    }

    /** Releases one inode. */
    void releaseInode() {
        usedInodes.decrementAndGet();
    }

    /** Adds bytes and inodes to an owner's per-id usage (negative to remove). */
    void chargeOwner(int uid, int gid, int projid, long bytes, long inodes) {
        charge(users, uid, bytes, inodes);
        charge(groups, gid, bytes, inodes);
        charge(projects, projid, bytes, inodes);
    }

    private static void charge(IdTable table, int id, long bytes, long inodes) {
        Counter c = table.counter(Integer.toUnsignedLong(id));
        if (bytes != 0) {
            c.bytes.addAndGet(bytes);
        }
        if (inodes != 0) {
            c.inodes.addAndGet(inodes);
        }
    }

    /** The per-id usage of one index. */
    IdTable byId(IdType type) {
        return switch (type) {
            case USER -> users;
            case GROUP -> groups;
            case PROJECT -> projects;
        };
    }
}
