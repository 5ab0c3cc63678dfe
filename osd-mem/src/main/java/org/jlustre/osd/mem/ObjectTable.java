package org.jlustre.osd.mem;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Fid;

/**
 * The object index (the seed's "OI", {@code osd_oi.c}): FID to the record of every object
 * that exists. Existence is exactly presence here; looking a FID up never inserts anything
 * (the seed marked merely looked-up objects as existing).
 *
 * <p>Thread-safe.
 */
final class ObjectTable {

    private final ConcurrentHashMap<Fid, Inode> inodes = new ConcurrentHashMap<>(1024);

    /** The record of an existing object, or null. */
    Inode get(Fid fid) {
        return inodes.get(fid);
    }

    /** Adds a new object's record; false if the FID already has one. */
    boolean add(Inode inode) {
        return inodes.putIfAbsent(inode.fid, inode) == null;
    }

    /** Removes a destroyed object's record. */
    void remove(Inode inode) {
        inodes.remove(inode.fid, inode);
    }

    /** Objects that exist. */
    int size() {
        return inodes.size();
    }

    /** A copy of every record, for dumps. */
    List<Inode> all() {
        return new ArrayList<>(inodes.values());
    }
}
