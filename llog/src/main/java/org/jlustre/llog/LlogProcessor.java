package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import java.util.stream.IntStream;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * Walking an llog's live records ({@code llog_process_thread}, {@code llog_reverse_process};
 * reference 4.7), with Lustre's tolerance of damage:
 *
 * <ul>
 *   <li>indices whose bit is clear are skipped without reading, so padding and cancelled
 *       records never reach the callback;</li>
 *   <li>when the walk reaches the index that was next-to-be-written when the chunk was read,
 *       and the log grew meanwhile, the chunk is read again to see the new records (appends
 *       made by the callback itself included);</li>
 *   <li>a damaged record ends the chunk, or just itself in a fixed-size log, or the zeros
 *       after it, and the walk goes on; a damaged chunk is skipped; a record past the wanted
 *       index moves the walk forward (the records between are lost);</li>
 *   <li>an I/O error or a damaged log ({@code -EIO}, {@code -EINVAL}) cancels every remaining
 *       live record so the log can be released, and ends processing with 0.</li>
 * </ul>
 */
final class LlogProcessor {

    private final LlogHandle h;
    private final LlogBlockReader blocks;
    private final int chunk;
    private final MemorySegment buf;
    private int lastCalled;

    LlogProcessor(LlogHandle h) {
        this.h = h;
        this.blocks = h.blocks();
        this.chunk = h.header().chunkSize();
        this.buf = MemorySegment.ofArray(new byte[chunk]);
    }

    /** The last index given to the callback ({@code lpcd_last_idx} after processing). */
    int lastCalledIndex() {
        return lastCalled;
    }

    /** {@code llog_verify_record}: magic, length within the chunk, index within the bitmap. */
    static boolean plausible(MemorySegment buf, int at, int end, LlogHandle h) {
        if (at + LlogRecordHeader.SIZE > end) {
            return false;
        }
        LlogRecordHeader r = LlogRecordHeader.read(buf, at);
        LlogHeader hdr = h.header();
        if ((hdr.flags() & LlogFlags.IS_FIXSIZE) != 0 && hdr.size() > 0 && r.len() != hdr.size()) {
            return false; // every record of a fixed-size log (a catalog's too) is llh_size long
        }
        return LlogRecType.hasMagic(r.type()) && r.len() >= LlogRecordHeader.MIN_REC_SIZE
                && r.len() <= hdr.chunkSize() && r.len() % 8 == 0 && at + (long) r.len() <= end && r.index() >= 0
                && r.index() < hdr.bitmapBits();
    }

    /** The first offset at or after {@code at} that is not a zero word, or {@code at} if there is none. */
    private int skipZeros(int at) {
        int i = at;
        while (i + 8 <= chunk && buf.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, i) == 0) {
            i += 8;
        }
        return i + 8 <= chunk ? i : at;
    }

    /** Forward processing of the live indices after {@code firstIdx} up to {@code lastIdx} (0: the end). */
    int forward(LlogCallback cb, int firstIdx, int lastIdx) throws LustreException {
        int index = firstIdx + 1;
        int lastIndex = lastIdx != 0 ? lastIdx : h.header().bitmapBits() - 1;
        lastCalled = firstIdx;
        boolean cat = (h.header().flags() & LlogFlags.IS_CAT) != 0;
        boolean fixsize = (h.header().flags() & LlogFlags.IS_FIXSIZE) != 0;
        LlogCursor cur = new LlogCursor(chunk, 0);
        boolean repeated = false;
        int rereadAt = -1;
        int rc = 0;
        outer:
        while (rc == 0) {
            while (index <= lastIndex && !h.header().isSet(index)) {
                index++;
            }
            if (index > lastIndex) {
                break;
            }
            long chunkOffset = 0;
            int bufOffset = 0;
            boolean reread;
            do {
                reread = false;
                buf.fill((byte) 0);
                int lhLastIdx = h.settledLastIndex() + 1;
                rc = blocks.next(cur, index, buf);
                if (rc == -Errno.EIO.value() && repeated && chunkOffset + bufOffset == cur.offset) {
                    rc = 0; // re-read, but nothing new was written
                    break outer;
                }
                if (rc != 0) {
                    break outer;
                }
                boolean partial = (cur.offset & (chunk - 1)) != 0;
                chunkOffset = partial ? cur.offset & ~(long) (chunk - 1) : cur.offset - chunk;
                int at = bufOffset;
                while (at + LlogRecordHeader.SIZE <= chunk) {
                    LlogRecordHeader r = LlogRecordHeader.read(buf, at);
                    boolean ranOut = partial && r.index() == 0;
                    if (ranOut || (index >= lhLastIdx && rereadAt != index && h.header().isSet(index))) {
                        // Past what was on disk when the chunk was read: records may have been
                        // appended (or, in a wrapped catalog, a slot reused) since. Look again,
                        // once per index, after any append in progress has written its record.
                        if (ranOut && ((index > h.lastIndex() && !cat) || repeated || h.header().count() <= 1)) {
                            rc = 0;
                            break outer;
                        }
                        bufOffset = at;
                        cur.offset = chunkOffset;
                        repeated = ranOut;
                        rereadAt = index;
                        reread = true;
                        break;
                    }
                    repeated = false;
                    boolean damagedChunkPad = cur.damaged && at == 0;
                    if (!damagedChunkPad && !plausible(buf, at, chunk, h)) {
                        int next = fixsize ? at + h.header().size() : skipZeros(at);
                        if (next > at && next < chunk) {
                            log("%s: bad record at offset %d, skipping to %d", h, chunkOffset + at, chunkOffset + next);
                            at = next;
                            continue;
                        }
                        log("%s: bad record at offset %d, skipping the rest of the chunk", h, chunkOffset + at);
                        break;
                    }
                    if (r.index() < index) {
                        at += r.len();
                        continue;
                    }
                    if (r.index() > index) {
                        log("%s: records %d..%d are missing", h, index, r.index() - 1);
                        index = r.index();
                    }
                    h.setCurrent(r.index(), chunkOffset + at);
                    // LLOG_PAD_MAGIC equals LLOG_OP_MAGIC, so the bit decides, not the type; the
                    // pad next_block makes of a damaged chunk is skipped by position.
                    if (h.header().isSet(index) && !damagedChunkPad) {
                        rc = cb.process(h, LlogRecordRef.of(buf, at, chunkOffset));
                        lastCalled = index;
                        if (rc == Llog.PROC_BREAK) {
                            break outer;
                        }
                        if (rc == Llog.DEL_RECORD) {
                            rc = h.cancel(r.index());
                        }
                        if (rc != 0) {
                            break outer;
                        }
                        if (h.isDestroyed() || h.header().count() == 1) {
                            break outer;
                        }
                    }
                    if (index >= lastIndex) {
                        rc = 0;
                        break outer;
                    }
                    index++;
                    at += r.len();
                }
            } while (reread);
        }
        if ((rc == -Errno.EIO.value() || rc == -Errno.EINVAL.value()) && h.exists() && !h.isRemote()) {
            h.context().libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_ERROR,
                    "%s: Local llog found corrupted %s index %d count %d", h.context().name(), h, index,
                    h.header().count());
            discardFrom(index, lastIndex);
            rc = 0;
        }
        return rc;
    }

    /**
     * Cancels every live record from {@code index} on, so a damaged log can still be released
     * ({@code llog_process_thread} clears the bits left after a corruption). One transaction for
     * all of them, where Lustre cancels one record at a time: a header whose bitmap was
     * overwritten with random bytes has tens of thousands of bits set, and a header write per
     * bit took seconds. The walk stops at the bitmap's end, whatever a damaged last index says.
     */
    private void discardFrom(int index, int lastIndex) throws LustreException {
        LlogHeader hdr = h.header();
        int[] live = IntStream.rangeClosed(Math.max(index, 1), Math.min(lastIndex, hdr.bitmapBits() - 1))
                .filter(hdr::isSet).toArray();
        if (live.length > 0 && h.exists()) {
            h.cancel(live);
        }
    }

    /** Reverse processing of the live indices after {@code firstIdx} from {@code lastIdx} (0: the end) down. */
    int reverse(LlogCallback cb, int firstIdx, int lastIdx) throws LustreException {
        int first = firstIdx + 1;
        int index = lastIdx != 0 ? lastIdx : h.header().bitmapBits() - 1;
        while (true) {
            while (index >= first && !h.header().isSet(index)) {
                index--;
            }
            if (index < first) {
                return 0;
            }
            buf.fill((byte) 0);
            int rc = blocks.prev(index, buf);
            if (rc != 0) {
                return rc;
            }
            // find the record from the chunk's start, then walk back through the tails
            int at = 0;
            LlogRecordHeader r;
            while (true) {
                if (!plausible(buf, at, chunk, h)) {
                    log("%s: bad record at offset %d of the chunk holding index %d", h, at, index);
                    return -Errno.EINVAL.value();
                }
                r = LlogRecordHeader.read(buf, at);
                if (r.index() >= index || at + r.len() >= chunk) {
                    break;
                }
                at += r.len();
            }
            if (r.index() != index) {
                return -Errno.ENOENT.value();
            }
            int tailEnd = at + r.len();
            while (tailEnd > 0) {
                int tailLen = LlogRecordHeader.tailLen(buf, 0, tailEnd);
                int tailIdx = LlogRecordHeader.tailIndex(buf, 0, tailEnd);
                if (tailIdx == 0) {
                    return 0;
                }
                int recAt = tailEnd - tailLen;
                // like llog_reverse_process, the tail's length leads back; unlike it, the record
                // it leads to must be sound and carry the index about to be delivered
                if (tailLen < LlogRecordHeader.MIN_REC_SIZE || tailLen > tailEnd
                        || !plausible(buf, recAt, tailEnd, h) || LlogRecordHeader.read(buf, recAt).len() != tailLen
                        || LlogRecordHeader.read(buf, recAt).index() != index) {
                    log("%s: bad record ending at offset %d of the chunk (tail len %d index %d, expected index %d)", h,
                            tailEnd, tailLen, tailIdx, index);
                    return -Errno.EINVAL.value();
                }
                if (h.header().isSet(index)) {
                    h.setCurrent(index, 0);
                    rc = cb.process(h, LlogRecordRef.of(buf, recAt, 0));
                    if (rc == Llog.PROC_BREAK) {
                        return rc;
                    }
                    if (rc == Llog.DEL_RECORD) {
                        rc = h.cancel(tailIdx);
                    }
                    if (rc != 0) {
                        return rc;
                    }
                }
                index--;
                if (index < first) {
                    return 0;
                }
                tailEnd = recAt;
            }
        }
    }

    private void log(String format, Object... args) {
        h.context().libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_HA, format, args);
    }
}
