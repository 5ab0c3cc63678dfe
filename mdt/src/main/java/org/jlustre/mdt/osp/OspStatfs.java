package org.jlustre.mdt.osp;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.TimeSource;
import org.jlustre.osc.Osc;
import org.jlustre.wire.ObdStatfs;

/**
 * The OST's last statfs answer, trusted for {@code maxage} ({@code opd_statfs},
 * {@code opd_statfs_fresh_till}; lustre/osp/osp_precreate.c {@code osp_statfs_update}), with
 * the no-space watermarks of {@code osp_pre_update_msfs}: below ~0.1% of the OST's blocks
 * ({@code reserved_mb_low}, at least 1 MiB) or 32 free inodes the OST is full
 * (OS_STATFS_ENOSPC, OS_STATFS_ENOINO), and it stays full until it is above twice that.
 * Synchronized on itself.
 */
final class OspStatfs {

    /** {@code reserved_ino_low} of {@code osp_pre_update_msfs}. */
    static final int RESERVED_INO_LOW = 32;

    private final Osc osc;
    private final TimeSource time;
    /** How long an answer is trusted, in nanoseconds ({@code maxage}). */
    private volatile long maxAgeNanos;
    /** The last answer with our state bits, or null. */
    private ObdStatfs last;
    /** When {@link #last} goes stale, on the monotonic clock. */
    private long freshTill;
    /** {@code opd_reserved_mb_low}, set from the first answer. */
    private long reservedMbLow;
    /** {@code opd_reserved_mb_high}. */
    private long reservedMbHigh;

    OspStatfs(Osc osc, TimeSource time, long maxAgeNanos) {
        this.osc = osc;
        this.time = time;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** The answer if it is fresh, else a new one from the OST. */
    synchronized ObdStatfs get() throws LustreException {
        if (last != null && time.monotonicNanos() - freshTill < 0) {
            return last;
        }
        return update();
    }

    /** Whether the answer went stale. */
    synchronized boolean expired() {
        return last == null || time.monotonicNanos() - freshTill >= 0;
    }

    /** The last answer, stale or not, or null. */
    synchronized ObdStatfs cached() {
        return last;
    }

    /** Asks the OST (OST_STATFS) and applies the watermarks. */
    synchronized ObdStatfs update() throws LustreException {
        ObdStatfs s = osc.statfs();
        if (s.bsize() <= 0) {
            throw new LustreException(Errno.EPROTO, osc.name() + ": statfs with block size " + s.bsize());
        }
        int old = last == null ? 0 : last.state();
        if (reservedMbHigh == 0 && reservedMbLow == 0) {
            reservedMbLow = Math.max(1, ((long) (s.bsize() >> 10) * s.blocks()) >> 20);
            reservedMbHigh = (reservedMbLow << 1) + 1;
        }
        long availableMb = (s.bavail() * (s.bsize() >> 10)) >> 10;
        int state = s.state();
        if (s.ffree() < RESERVED_INO_LOW) {
            state |= ObdStatfs.OS_STATFS_ENOINO;
        } else if (s.ffree() <= 2L * RESERVED_INO_LOW) {
            state |= old & ObdStatfs.OS_STATFS_ENOINO;
        }
        if (availableMb < reservedMbLow) {
            state |= ObdStatfs.OS_STATFS_ENOSPC;
        } else if (availableMb <= reservedMbHigh) {
            state |= old & ObdStatfs.OS_STATFS_ENOSPC;
        }
        last = new ObdStatfs(s.type(), s.blocks(), s.bfree(), s.bavail(), s.files(), s.ffree(), s.fsid(), s.bsize(),
                s.namelen(), s.maxbytes(), state, s.fprecreated(), s.granted());
        freshTill = time.monotonicNanos() + maxAgeNanos;
        return last;
    }

    /** Whether the last answer says the OST is full (no space or no inodes). */
    synchronized boolean full() {
        return last != null && (last.state() & (ObdStatfs.OS_STATFS_ENOSPC | ObdStatfs.OS_STATFS_ENOINO)) != 0;
    }

    /** Forgets the freshness, so the next {@link #get} asks the OST. */
    synchronized void invalidate() {
        freshTill = time.monotonicNanos();
    }

    /** {@code maxage} in seconds. */
    long maxAgeSeconds() {
        return maxAgeNanos / 1_000_000_000L;
    }

    /** Sets {@code maxage} in seconds. */
    void maxAgeSeconds(long s) {
        maxAgeNanos = s * 1_000_000_000L;
    }

    /** {@code reserved_mb_low}. */
    synchronized long reservedMbLow() {
        return reservedMbLow;
    }

    /** {@code reserved_mb_high}. */
    synchronized long reservedMbHigh() {
        return reservedMbHigh;
    }
}
