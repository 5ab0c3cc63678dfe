package org.jlustre.osd;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * An object's data ({@code dt_body_operations}, dt_object.h; reference 2.5), in two views:
 * the flat view ({@link #read}, {@link #write}) used for llogs, {@code last_rcvd},
 * {@code LAST_ID} and symlink bodies, and the page view ({@link #bufsGet} ...
 * {@link #writeCommit}) through which bulk I/O moves data straight between the network and
 * the store.
 *
 * <p>Rules every implementation follows:
 * <ul>
 *   <li>The size is the logical size ({@code la_size}): the end of the furthest write or the
 *       last truncate, never the capacity of whatever holds the data.</li>
 *   <li>Bytes never written (holes, and everything past a truncate) read as zeros.</li>
 *   <li>Offsets are unsigned in Lustre; a negative offset fails with {@link Errno#EINVAL}
 *       naming it, and a write past {@link DeviceParams#maxBytes()} with {@link Errno#EFBIG}.</li>
 *   <li>Every operation on an object that does not exist fails with {@link Errno#ENOENT}.</li>
 *   <li>Writes that do not fit in the space left fail with {@link Errno#ENOSPC} and change
 *       nothing.</li>
 * </ul>
 *
 * <p>Thread-safe: reads run concurrently with each other and with writes to other ranges;
 * writes to non-overlapping ranges may run concurrently (Lustre never issues overlapping ones).
 */
public interface Body {

    /**
     * Reads from {@code pos} into {@code dst} ({@code dbo_read}): as many bytes as the
     * segment holds, stopping at the size.
     *
     * @return the bytes read, 0 at or after the end
     */
    int read(long pos, MemorySegment dst) throws LustreException;

    /** Declares a {@link #write} of {@code len} bytes at {@code pos} ({@code dbo_declare_write}). */
    void declareWrite(long pos, long len, Transaction th) throws LustreException;

    /**
     * Writes all of {@code src} at {@code pos} within the transaction ({@code dbo_write}),
     * growing the size if the write ends past it.
     *
     * @return the bytes written (always all of them)
     */
    int write(long pos, MemorySegment src, Transaction th) throws LustreException;

    /**
     * Describes the pages holding {@code [pos, pos + len)} ({@code dbo_bufs_get}): one
     * {@link LocalBuffer} per page touched, in offset order. The pages stay valid until
     * {@link #bufsPut}.
     *
     * <p>{@link BufsType#READ} and {@link BufsType#READAHEAD} buffers show the object's own
     * pages; holes map to a shared page of zeros that must not be written.
     *
     * <p>{@link BufsType#WRITE} buffers are transactional, as Lustre's osd keeps the pages it
     * writes locked and not up to date: implementations must keep the bytes a caller puts into
     * them invisible to {@link #read} and to READ buffers until {@link #writeCommit} makes them
     * the object's, and a {@link #bufsPut} without {@link #writeCommit} (a bulk the client
     * aborted) must leave the object's bytes, size and space exactly as before. Space for the
     * pages is reserved here: {@link Errno#ENOSPC} if it cannot be, reserving nothing then.
     * Partial-page buffers hold the old bytes around their range only after {@link #writePrep}.
     */
    List<LocalBuffer> bufsGet(long pos, int len, BufsType type) throws LustreException;

    /**
     * The first {@code bytes} bytes of {@code buffers}' data, in order, as segments to hand to a
     * bulk transfer: each buffer's range of its page, with the ranges of buffers that lie next
     * to each other in memory joined into one segment where the OSD can join them (Lustre has
     * no such call: its bulk moves page by page). Fewer, longer segments make fewer, faster
     * copies: 256 copies of 4 KiB run at 0.85-0.95x of one 1 MiB copy even over pages in
     * ascending order (bench ost). A segment never covers a byte outside the buffers' ranges.
     * By default one segment per buffer.
     *
     * @throws IllegalArgumentException when {@code bytes} is negative or more than the buffers hold
     */
    default List<MemorySegment> dataSegments(List<LocalBuffer> buffers, long bytes) {
        List<MemorySegment> out = new java.util.ArrayList<>(buffers.size());
        long left = bytes;
        for (int i = 0; i < buffers.size() && left > 0; i++) {
            LocalBuffer b = buffers.get(i);
            int n = (int) Math.min(b.len(), left);
            out.add(b.page().asSlice(b.pageOffset(), n));
            left -= n;
        }
        if (bytes < 0 || left > 0) {
            throw new IllegalArgumentException("cannot take " + bytes + " bytes of " + buffers.size() + " buffers");
        }
        return out;
    }

    /** Releases buffers from {@link #bufsGet} ({@code dbo_bufs_put}). */
    void bufsPut(List<LocalBuffer> buffers) throws LustreException;

    /**
     * Makes read buffers hold the data ({@code dbo_read_prep}): sets each buffer's
     * {@link LocalBuffer#rc() rc} to the bytes below the size (0 entirely beyond it).
     */
    void readPrep(List<LocalBuffer> buffers) throws LustreException;

    /**
     * Makes partial-page WRITE buffers hold the object's current bytes around their range
     * ({@code dbo_write_prep}; zeros over holes), so that the page a writer fills is whole.
     *
     * @throws LustreException {@link Errno#EINVAL} for a buffer that is not a WRITE buffer
     *     awaiting its commit
     */
    void writePrep(List<LocalBuffer> buffers) throws LustreException;

    /** Declares a {@link #writeCommit} ({@code dbo_declare_write_commit}). */
    void declareWriteCommit(List<LocalBuffer> buffers, Transaction th) throws LustreException;

    /**
     * Makes filled WRITE buffers part of the transaction ({@code dbo_write_commit}): their
     * bytes become the object's, all at once for readers; bytes of a page outside a buffer's
     * range stay the object's own at the time of the commit (another writer's bytes in the
     * same page survive). The size grows, never shrinks, to the end of the furthest buffer
     * whose {@code rc} is 0 (buffers with a non-zero {@code rc} are skipped and stay invisible)
     * or, when {@code userSize} is larger than zero, to {@code userSize} instead (the apparent
     * size of an encrypted file, whose buffers run to the end of a block); buffer bytes past
     * that size read as zeros.
     *
     * @throws LustreException {@link Errno#EINVAL} for a buffer that is not a WRITE buffer
     *     awaiting its commit (a READ buffer, or one committed already); nothing changes then
     */
    void writeCommit(List<LocalBuffer> buffers, Transaction th, long userSize) throws LustreException;

    /** Declares a {@link #punch} ({@code dbo_declare_punch}). */
    void declarePunch(long start, long end, Transaction th) throws LustreException;

    /**
     * Deallocates {@code [start, end)} ({@code dbo_punch}). With {@code end} equal to
     * {@link Osd#OBJECT_EOF} or at or past the size, this truncates like {@code ftruncate}:
     * the size becomes {@code start}, also when that is past the old size. Otherwise the range
     * becomes a hole and the size is unchanged.
     */
    void punch(long start, long end, Transaction th) throws LustreException;

    /**
     * {@code SEEK_DATA} / {@code SEEK_HOLE} ({@code dbo_lseek}): the first offset at or after
     * {@code offset} that holds data, or that lies in a hole (the size counts as one).
     *
     * @throws LustreException {@link Errno#ENXIO} when {@code offset} is at or past the size, or
     *     for DATA when only a hole follows; {@link Errno#EINVAL} for a negative offset
     */
    long seek(long offset, SeekWhence whence) throws LustreException;

    /**
     * {@code dt_record_read}: reads exactly {@code dst.byteSize()} bytes.
     *
     * @throws LustreException {@link Errno#EFAULT} when fewer bytes are there, as Lustre's
     *     helper returns
     */
    default void readRecord(long pos, MemorySegment dst) throws LustreException {
        int n = read(pos, dst);
        if (n != dst.byteSize()) {
            throw new LustreException(Errno.EFAULT,
                    "short record read at " + pos + ": " + n + " of " + dst.byteSize() + " bytes");
        }
    }

    /**
     * {@code dt_record_write}: writes exactly {@code src.byteSize()} bytes.
     *
     * @throws LustreException {@link Errno#EFAULT} on a short write
     */
    default void writeRecord(long pos, MemorySegment src, Transaction th) throws LustreException {
        int n = write(pos, src, th);
        if (n != src.byteSize()) {
            throw new LustreException(Errno.EFAULT,
                    "short record write at " + pos + ": " + n + " of " + src.byteSize() + " bytes");
        }
    }
}
