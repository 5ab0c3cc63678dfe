package org.jlustre.client;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.jlustre.common.Fid;

/**
 * An open file ({@code struct ll_file_data} with its MDT open handle). Reads and writes go to
 * the OST objects of its layout directly, each stripe's part as one request set sent in
 * parallel; nothing is cached, so another client sees a write once its future completes.
 * Methods may be called from any thread; concurrent writes to overlapping ranges land in an
 * unspecified order, as on Lustre without locks.
 *
 * <p>Every future fails with a {@link org.jlustre.common.LustreException} (wrapped in a
 * {@link java.util.concurrent.CompletionException} by {@code join}) carrying the errno: EBADF
 * for a read on a file opened write-only or a write on one opened read-only, or after
 * {@link #close}; EINVAL for a negative offset; EFBIG past the OSTs' maximum size; what the
 * servers answered; ETIMEDOUT when an OST does not answer in time.
 */
public interface OpenFile {

    /** The file's FID. */
    Fid fid();

    /** The {@link OpenFlags} it was opened with. */
    int flags();

    /** The layout the MDT returned at open (empty objects for a file with no OST objects). */
    Layout layout();

    /**
     * Reads up to {@code dst.byteSize()} bytes at {@code offset} into {@code dst}: the number
     * read, fewer only at the end of the file (0 at or past it). Holes read as zeros.
     */
    CompletableFuture<Long> read(long offset, MemorySegment dst);

    /** {@link #read(long, MemorySegment)} into a buffer's remaining bytes; its position advances by the count. */
    default CompletableFuture<Long> read(long offset, ByteBuffer dst) {
        return read(offset, MemorySegment.ofBuffer(dst)).thenApply(n -> {
            dst.position(dst.position() + n.intValue());
            return n;
        });
    }

    /**
     * Writes all of {@code src} at {@code offset} (with {@link OpenFlags#O_APPEND}: at the end of
     * the file as the OSTs report it at the time); completes with the offset just past the last
     * byte written. {@code src} must not change until the future completes.
     */
    CompletableFuture<Long> write(long offset, MemorySegment src);

    /** {@link #write(long, MemorySegment)} of a buffer's remaining bytes; its position advances to its limit. */
    default CompletableFuture<Long> write(long offset, ByteBuffer src) {
        int n = src.remaining();
        return write(offset, MemorySegment.ofBuffer(src)).thenApply(end -> {
            src.position(src.position() + n);
            return end;
        });
    }

    /** The file's attributes now (size from its OST objects). */
    CompletableFuture<FileAttr> stat();

    /** {@code ftruncate}: punches every stripe object to the size it has in a file of {@code size} and sets it on the MDT. */
    CompletableFuture<Void> truncate(long size);

    /** {@code fsync}: every stripe object synced on its OST (OST_SYNC), and the file on its MDT (MDS_SYNC). */
    CompletableFuture<Void> fsync();

    /** {@code close}: releases the MDT open handle (MDS_CLOSE). A second close completes at once. */
    CompletableFuture<Void> close();
}
