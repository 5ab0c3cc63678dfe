package org.jlustre.osd.mem;

import java.util.Objects;
import org.jlustre.common.Libcfs;
import org.jlustre.osd.Osd;

/**
 * How an osd-mem device is set up. Immutable; start from {@link #defaults(String)} and adjust
 * with the {@code with*} methods.
 *
 * @param name the device name, also its parameter prefix {@code osd-mem.<name>}
 * @param libcfs the node context (debug log, parameters, fail-loc, time)
 * @param pageSize bytes per body page, a power of two from 64 to 16 MiB
 * @param capacityBytes space for data, xattrs and entries; statfs reports it, writes past it
 *     fail with ENOSPC
 * @param maxInodes objects the device can hold; creates past it fail with ENOSPC
 * @param maxNameLen longest directory entry name in bytes
 * @param maxEaSize largest xattr value in bytes
 * @param cacheLimit unreferenced objects kept in the object cache before older ones are
 *     dropped (the {@code lu_cache_nr} of an lu_site)
 * @param trackingSeed seed of the tracking numbers verbose traces print
 */
public record MemOsdConfig(String name, Libcfs libcfs, int pageSize, long capacityBytes, long maxInodes,
        int maxNameLen, int maxEaSize, int cacheLimit, long trackingSeed) {

    /** Default body page size: the kernel's page. */
    public static final int DEFAULT_PAGE_SIZE = 4096;
    /** Default capacity: 1 GiB, like the seed's statfs. */
    public static final long DEFAULT_CAPACITY = 1L << 30;
    /** Default inode count, the seed's {@code os_ffree}. */
    public static final long DEFAULT_MAX_INODES = 1L << 20;
    /** Default object cache size. */
    public static final int DEFAULT_CACHE_LIMIT = 16384;

    /** Validates every field, naming the bad value. */
    public MemOsdConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(libcfs, "libcfs");
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0 || name.length() > 64) {
            throw new IllegalArgumentException("bad osd-mem device name '" + name + "'");
        }
        if (pageSize < 64 || pageSize > (16 << 20) || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size " + pageSize + " is not a power of two in 64..16M");
        }
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacity " + capacityBytes + " must be positive");
        }
        if (maxInodes < 1) {
            throw new IllegalArgumentException("max inodes " + maxInodes + " must be at least 1 (the root)");
        }
        if (maxNameLen < 1 || maxNameLen > 4096) {
            throw new IllegalArgumentException("max name length " + maxNameLen + " out of range 1..4096");
        }
        if (maxEaSize < 0) {
            throw new IllegalArgumentException("max EA size " + maxEaSize + " must not be negative");
        }
        if (cacheLimit < 0) {
            throw new IllegalArgumentException("cache limit " + cacheLimit + " must not be negative");
        }
    }

    /** A device named {@code name} on the process-wide {@link Libcfs}, with the defaults. */
    public static MemOsdConfig defaults(String name) {
        return new MemOsdConfig(name, Libcfs.global(), DEFAULT_PAGE_SIZE, DEFAULT_CAPACITY, DEFAULT_MAX_INODES,
                Osd.NAME_MAX, Osd.XATTR_SIZE_MAX, DEFAULT_CACHE_LIMIT, name.hashCode());
    }

    /** The same with another node context. */
    public MemOsdConfig withLibcfs(Libcfs v) {
        return new MemOsdConfig(name, v, pageSize, capacityBytes, maxInodes, maxNameLen, maxEaSize, cacheLimit,
                trackingSeed);
    }

    /** The same with another page size. */
    public MemOsdConfig withPageSize(int v) {
        return new MemOsdConfig(name, libcfs, v, capacityBytes, maxInodes, maxNameLen, maxEaSize, cacheLimit,
                trackingSeed);
    }

    /** The same with another capacity. */
    public MemOsdConfig withCapacity(long bytes) {
        return new MemOsdConfig(name, libcfs, pageSize, bytes, maxInodes, maxNameLen, maxEaSize, cacheLimit,
                trackingSeed);
    }

    /** The same with another inode count. */
    public MemOsdConfig withMaxInodes(long v) {
        return new MemOsdConfig(name, libcfs, pageSize, capacityBytes, v, maxNameLen, maxEaSize, cacheLimit,
                trackingSeed);
    }

    /** The same with another name length limit. */
    public MemOsdConfig withMaxNameLen(int v) {
        return new MemOsdConfig(name, libcfs, pageSize, capacityBytes, maxInodes, v, maxEaSize, cacheLimit,
                trackingSeed);
    }

    /** The same with another object cache size. */
    public MemOsdConfig withCacheLimit(int v) {
        return new MemOsdConfig(name, libcfs, pageSize, capacityBytes, maxInodes, maxNameLen, maxEaSize, v,
                trackingSeed);
    }
}
