package org.jlustre.mdt.ldlm;

/**
 * One granted flock range of an owner: mode {@code LCK_PR} or {@code LCK_PW} over the
 * inclusive, unsigned byte range {@code [start, end]}, with the pid F_GETLK reports.
 */
record FlockRange(FlockOwner owner, int mode, long start, long end, int pid) {

    /** Whether the ranges share a byte ({@code ldlm_flocks_overlap}). */
    boolean overlaps(long s, long e) {
        return Long.compareUnsigned(s, end) <= 0 && Long.compareUnsigned(e, start) >= 0;
    }

    /** Whether {@code [s, e]} starts right after this range ends or ends right before it starts. */
    boolean adjoins(long s, long e) {
        return (end != -1L && s == end + 1) || (start != 0 && e == start - 1);
    }

    FlockRange withRange(long s, long e) {
        return new FlockRange(owner, mode, s, e, pid);
    }
}
