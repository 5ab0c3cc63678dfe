package org.jlustre.llog.reader;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * llog_reader's {@code llog_pack_buffer}: checks the header's record count, then walks the
 * records from the end of the header chunk, printing a "rec #N type=... len=... offset ..."
 * line for each record whose bitmap bit is set and an "error: ..." line for each damage it
 * notices, and collects the set records for {@link RecordPrinter}. Unset records are marked
 * {@code CANCELLED} in {@code lrh_id}, in the buffer, as llog_reader does.
 *
 * <p>Every value is read from {@link ReaderMemory} when llog_reader reads it, so the file's
 * own bytes (and llog_reader's writes into them) decide everything, including the header's
 * chunk size and bitmap offset, which llog_reader never checks.
 */
final class LlogScan {

    /** The {@code lrh_id} llog_reader stamps on records whose bit is clear. */
    static final int CANCELLED = 0x678;
    /** {@code sizeof(struct llog_log_hdr)}: the smallest file llog_reader accepts. */
    static final int HEADER_STRUCT_SIZE = LlogHeader.MIN_CHUNK_SIZE;

    /**
     * What {@code llog_pack_buffer} hands back.
     *
     * @param rc its return code, 0 or a negative errno
     * @param header whether {@code *llog} is still set (the header gets printed)
     * @param records the set records' offsets to print, or null when none were collected
     */
    record Result(int rc, boolean header, long[] records) {
    }

    private final ReaderMemory mem;
    private final ReaderOutput out;
    /** llog_pack_buffer's {@code errors}: the damage counted for "The llog is corrupted". */
    private int errors;
    /** llog_pack_buffer's {@code last_idx}: the index the walk expects to have seen last. */
    private int lastIdx;

    /** A scan of the file in {@code mem}. */
    private LlogScan(ReaderMemory mem, ReaderOutput out) {
        this.mem = mem;
        this.out = out;
    }

    /** Runs {@code llog_pack_buffer} over the file in {@code mem}. */
    static Result scan(ReaderMemory mem, ReaderOutput out) {
        return new LlogScan(mem, out).run();
    }

    /** The count checks, the record walk, the bitmap check and the summary. */
    private Result run() {
        long fileSize = mem.size();
        if (fileSize < HEADER_STRUCT_SIZE) {
            // llog_reader passes rc, still 0 from fstat, so strerror(0) is printed
            out.llapiError(0, "File too small for llog header: want=" + HEADER_STRUCT_SIZE + " got=" + fileSize);
            return new Result(-Errno.EIO.value(), false, null);
        }
        int count = mem.u32(LlogHeader.OFF_COUNT);
        if (count < 0) {
            out.llapiError(-Errno.EINVAL.value(), "corrupted llog: negative record number " + count);
            return new Result(-Errno.EINVAL.value(), false, null);
        }
        if (count == 0) {
            out.llapiPrintf("uninitialized llog: zero record number\n");
            return new Result(0, false, null);
        }
        int recsNum = count - 1;
        if (recsNum == 0) {
            return new Result(0, true, null);
        }
        List<Long> found = walk(fileSize);
        bitmapOnly();
        if (found.size() != recsNum) {
            out.out("error: header reports " + recsNum + " records but " + found.size() + " were found\n");
        }
        if (errors != 0) {
            out.llapiErrorNoErrno("The llog is corrupted, " + errors + " errors found");
        }
        int n = Math.min(found.size(), recsNum);
        long[] records = new long[n];
        for (int i = 0; i < n; i++) {
            records[i] = found.get(i);
        }
        return new Result(0, true, records);
    }

    /** The header's {@code lrh_len}, re-read at each use as llog_reader does. */
    private long chunk() {
        return mem.u32u(LlogRecordHeader.OFF_LEN);
    }

    /** {@code offset % lrh_len}, which kills llog_reader with SIGFPE when the header's length is 0. */
    private long modChunk(long offset) {
        long chunk = chunk();
        if (chunk == 0) {
            throw ProcessCrash.fpe();
        }
        return offset % chunk;
    }

    /** {@code ext2_test_bit(nr, LLOG_HDR_BITMAP(llh))}: 64-bit words at the header's own bitmap offset. */
    private boolean testBit(int nr) {
        long bitmap = mem.u32u(LlogHeader.OFF_BITMAP_OFFSET);
        long word = mem.u64(bitmap + 8L * (nr / 64));
        return (word >>> (nr & 63) & 1) != 0;
    }

    /** The record loop: a line per set record, a complaint per damage, set records collected. */
    private List<Long> walk(long fileSize) {
        List<Long> found = new ArrayList<>();
        long ptr = chunk();
        lastIdx = 0;
        while (ptr < fileSize) {
            long offset = ptr;
            if (offset + LlogRecordHeader.SIZE > fileSize) {
                out.out("error: rec header is trimmed by EOF, last idx #" + lastIdx + " offset " + offset + "\n");
                errors++;
                break;
            }
            int idx = mem.u32(ptr + LlogRecordHeader.OFF_INDEX);
            long len = mem.u32u(ptr + LlogRecordHeader.OFF_LEN);
            if (len == 0 || len + modChunk(offset) > chunk()) {
                out.out("error: rec #" + idx + " type=" + CFormat.x(mem.u32(ptr + LlogRecordHeader.OFF_TYPE))
                        + " has wrong len=" + len + " @" + offset + "\n");
                errors++;
                len = chunk() - modChunk(offset);
                out.out("skip " + len + " bytes to the next chunk at off " + (offset + len) + ".\n");
                ptr += len;
                continue;
            }
            if (testBit(idx)) {
                out.out("rec #" + idx + " type=" + CFormat.x(mem.u32(ptr + LlogRecordHeader.OFF_TYPE)) + " len=" + len
                        + " offset " + offset + "\n");
                found.add(ptr);
            } else {
                mem.putU32(ptr + LlogRecordHeader.OFF_ID, CANCELLED);
                if (mem.u32(ptr + LlogRecordHeader.OFF_TYPE) == LlogRecType.LLOG_PAD_MAGIC && ((offset + len) & 0x7) != 0) {
                    out.out("error: rec #" + idx + " wrong padding len=" + len + " offset " + offset + " to 0x"
                            + CFormat.x(offset + len) + "\n");
                    errors++;
                }
            }
            checkTail(ptr, idx, len);
            checkIndex(idx, len);
            ptr += len;
            if (ptr > fileSize) {
                out.out("error: rec #" + idx + " is trimmed by EOF, offset " + offset + "\n");
                errors++;
                break;
            }
        }
        return found;
    }

    /** The tail must repeat the header's index and length. */
    private void checkTail(long ptr, int idx, long len) {
        long tail = ptr + len - LlogRecordHeader.TAIL_SIZE;
        int tailIdx = mem.u32(tail + LlogRecordHeader.OFF_TAIL_INDEX);
        long tailLen = mem.u32u(tail + LlogRecordHeader.OFF_TAIL_LEN);
        if (idx != tailIdx || len != tailLen) {
            String unset = mem.u32(ptr + LlogRecordHeader.OFF_ID) == CANCELLED ? " (unset)" : "";
            out.out("error: rec #" + idx + " len=" + len + " has tail #" + tailIdx + " len=" + tailLen + unset + "\n");
            errors++;
        }
    }

    /** The index checks, in llog_reader's unsigned arithmetic: gaps, lost records, going back. */
    private void checkIndex(int idx, long len) {
        if (Integer.compareUnsigned(idx, lastIdx + 1) > 0) {
            out.out("error: rec #" + idx + " len=" + len + " has gap in " + (idx - lastIdx) + " recs\n");
        }
        while (Integer.compareUnsigned(++lastIdx, idx) < 0) {
            String how = testBit(lastIdx) ? " but" : ", not";
            out.out("error: -> rec #" + lastIdx + " is lost" + how + " set in bitmap\n");
            errors++;
        }
        // the index may decrease only when it crosses index zero in a catalog
        if (Integer.compareUnsigned(lastIdx, idx) > 0 && idx != 1) {
            out.out("error: rec #" + idx + " index is less than last #" + lastIdx + "\n");
            errors++;
            lastIdx = idx;
        }
    }

    /** The bits set past the last record seen, up to {@code LLOG_HDR_BITMAP_SIZE}. */
    private void bitmapOnly() {
        long lrhLen = chunk();
        long bitmapOffset = mem.u32u(LlogHeader.OFF_BITMAP_OFFSET);
        int bitmapSize = (int) ((((lrhLen - bitmapOffset) & 0xffffffffL) - LlogRecordHeader.TAIL_SIZE) * 8);
        while (Integer.compareUnsigned(++lastIdx, bitmapSize) < 0) {
            if (testBit(lastIdx)) {
                out.out("error: rec #" + lastIdx + " is set in bitmap only\n");
                errors++;
            }
        }
    }
}
