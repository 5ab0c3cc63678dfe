package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * Reading an llog a chunk at a time ({@code llog_osd_next_block}, {@code llog_osd_prev_block};
 * reference 4.6): find the chunk that holds a wanted index, guessing where it is from the
 * smallest record size and falling back to minimum-size records when the guess went too far.
 * Processing and the llog RPC server both read this way.
 *
 * <p>Results follow the C functions: 0 with the chunk in the buffer, or a negative errno
 * ({@code -EIO} at the end of the log without the index, {@code -EINVAL} for a damaged chunk,
 * {@code -ENOENT} when the wanted record is missing).
 */
final class LlogBlocks implements LlogBlockReader {

    private final LlogHandle h;
    private final int chunk;

    LlogBlocks(LlogHandle h) {
        this.h = h;
        this.chunk = h.header().chunkSize();
    }

    int chunkSize() {
        return chunk;
    }

    /**
     * Reads into {@code buf} (one chunk long) the chunk holding {@code nextIdx}, starting at
     * the cursor. A chunk whose first record is damaged comes back as one padding record of
     * index {@code nextIdx}, so the caller skips it; a chunk that starts past {@code nextIdx}
     * when no guess skipped it is returned as is: the records in between are lost.
     */
    @Override
    public int next(LlogCursor c, int nextIdx, MemorySegment buf) {
        long size;
        try {
            size = h.size();
        } catch (LustreException e) {
            return e.rc();
        }
        int lastIdx = c.index;
        long lastOffset = c.offset;
        c.damaged = false;
        boolean forceMini = false;
        while (c.offset < size) {
            skipOver(c, nextIdx, forceMini);
            int want = chunk - (int) (c.offset & (chunk - 1));
            int n;
            try {
                n = read(c.offset, buf.asSlice(0, want));
            } catch (LustreException e) {
                return e.rc();
            }
            c.offset += n;
            buf.asSlice(n, chunk - n).fill((byte) 0);
            boolean retry = false;
            if (n == 0) {
                if (!forceMini) {
                    retry = true;
                } else {
                    return 0;
                }
            } else if (n < LlogRecordHeader.TAIL_SIZE) {
                if (!forceMini) {
                    retry = true;
                } else {
                    return complain(-Errno.EINVAL.value(), "invalid llog block at offset " + (c.offset - n));
                }
            }
            if (!retry) {
                if (!LlogProcessor.plausible(buf, 0, n, h)) {
                    // A damaged chunk: hand it back as one padding record to skip.
                    LlogRecordHeader.write(buf, 0, n, nextIdx, LlogRecType.LLOG_PAD_MAGIC, 0);
                    LlogRecordHeader.writeTail(buf, 0, n, nextIdx);
                    c.damaged = true;
                    return 0;
                }
                int tailLen = LlogRecordHeader.tailLen(buf, 0, n);
                int tailIdx = LlogRecordHeader.tailIndex(buf, 0, n);
                if (tailLen < LlogRecordHeader.MIN_REC_SIZE || tailLen > n || (n - tailLen) % 8 != 0
                        || LlogRecordHeader.read(buf, n - tailLen).index() != tailIdx) {
                    return complain(-Errno.EINVAL.value(), "invalid llog tail at offset " + (c.offset - n)
                            + " tail idx " + tailIdx + " lrt len " + tailLen + " read_size " + n);
                }
                if (c.offset >= size && tailIdx < h.header().lastIndex()) {
                    int grown = truncated(size, tailIdx);
                    if (grown > 0) {
                        size = sizeOrZero();
                        c.offset = lastOffset;
                        c.index = lastIdx;
                        continue;
                    }
                    if (grown < 0) {
                        return complain(-Errno.EINVAL.value(), "llog truncated: the record at its end of " + size
                                + " bytes has index " + tailIdx + ", its header's last index is " + h.header().lastIndex());
                    }
                }
                c.index = tailIdx;
                if (tailIdx == 0) {
                    return complain(-Errno.EINVAL.value(), "invalid llog tail at offset " + (c.offset - n));
                }
                if (tailIdx < nextIdx) {
                    lastIdx = c.index;
                    lastOffset = c.offset;
                    continue;
                }
                int first = LlogRecordHeader.read(buf, 0).index();
                if (nextIdx != 0 && first > nextIdx) {
                    if (!forceMini && nextIdx > lastIdx) {
                        retry = true;
                    } else {
                        h.context().libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_HA,
                                "%s: missed desired record? %d > %d, the records between are lost", h, first, nextIdx);
                        return 0;
                    }
                }
                if (!retry) {
                    return 0;
                }
            }
            // the guess skipped too far (pads are smaller than llh_size): retry with minimum records
            forceMini = true;
            c.offset = lastOffset;
            c.index = lastIdx;
        }
        return -Errno.EIO.value();
    }

    /**
     * Whether a log whose last chunk ends on a record older than the header's last index was
     * cut short (llog test 12) or is being appended to right now: an append updates the header
     * before it writes its record, under the handle's write lock, so this waits for the lock.
     *
     * @return -1 truncated; 1 the log grew meanwhile (read again); 0 the append is complete
     *     and nothing changed (also the case of a handle that appends elsewhere)
     */
    private int truncated(long size, int tailIdx) {
        h.lock.readLock().lock();
        try {
            long now = sizeOrZero();
            if (now != size) {
                return 1;
            }
            return tailIdx < h.header().lastIndex() ? -1 : 0;
        } finally {
            h.lock.readLock().unlock();
        }
    }

    private long sizeOrZero() {
        try {
            return h.size();
        } catch (LustreException e) {
            return 0;
        }
    }

    /**
     * {@code llog_skip_over}: from the cursor, jump ahead by the records between its index and
     * the goal, assuming the smallest record size (exactly, for fixed-size logs), then align down
     * to a chunk.
     */
    private void skipOver(LlogCursor c, int goal, boolean forceMini) {
        if (goal > h.lastIndex()) {
            goal = h.lastIndex();
        }
        if (goal > c.index) {
            if ((h.header().flags() & LlogFlags.IS_FIXSIZE) != 0) {
                // never back: a log whose indices disagree with its offsets would loop
                c.offset = Math.max(c.offset, chunk + (long) (goal - 1) * h.header().size());
            } else {
                long min = h.header().size() > 0 && !forceMini ? h.header().size() : LlogRecordHeader.MIN_REC_SIZE;
                c.offset += ((long) goal - c.index - 1) * min; // long: a client's cursor may be anything
            }
        }
        c.offset &= ~(long) (chunk - 1);
    }

    /**
     * Reads into {@code buf} the chunk holding {@code prevIdx}, reading forward from the first
     * chunk after the header ({@code llog_osd_prev_block}).
     */
    @Override
    public int prev(int prevIdx, MemorySegment buf) {
        LlogCursor c = new LlogCursor(chunk, 0);
        skipOver(c, prevIdx, true);
        long size;
        try {
            size = h.size();
        } catch (LustreException e) {
            return e.rc();
        }
        while (c.offset < size) {
            int n;
            try {
                n = read(c.offset, buf.asSlice(0, chunk));
            } catch (LustreException e) {
                return e.rc();
            }
            c.offset += n;
            buf.asSlice(n, chunk - n).fill((byte) 0);
            if (n == 0) {
                return 0;
            }
            if (n < LlogRecordHeader.TAIL_SIZE) {
                return complain(-Errno.EINVAL.value(), "invalid llog block at offset " + (c.offset - n));
            }
            int tailLen = LlogRecordHeader.tailLen(buf, 0, n);
            int tailIdx = LlogRecordHeader.tailIndex(buf, 0, n);
            if (tailLen < LlogRecordHeader.MIN_REC_SIZE || tailLen > n || (n - tailLen) % 8 != 0
                    || LlogRecordHeader.read(buf, n - tailLen).index() != tailIdx || tailIdx == 0) {
                return complain(-Errno.EINVAL.value(), "invalid llog tail at offset " + (c.offset - n));
            }
            if (tailIdx < prevIdx) {
                continue;
            }
            int first = LlogRecordHeader.read(buf, 0).index();
            if (first > prevIdx) {
                return complain(-Errno.ENOENT.value(), "missed desired record? " + first + " > " + prevIdx);
            }
            return 0;
        }
        return -Errno.EIO.value();
    }

    /** One read under the object's dt read lock: an append holds the write lock from header to record. */
    private int read(long offset, MemorySegment dst) throws LustreException {
        OsdObject o = h.object();
        o.readLock(ObjectRole.SRC_CHILD);
        try {
            return o.body().read(offset, dst);
        } finally {
            o.readUnlock();
        }
    }

    private int complain(int rc, String what) {
        h.context().libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_ERROR, "%s: %s", h, what);
        return rc;
    }
}
