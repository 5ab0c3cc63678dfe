package org.jlustre.client.nio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CompletableFuture;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;

/**
 * A {@link FileChannel} over one open Lustre file ({@link OpenFile}): each read and write is
 * one call to the client, which sends each stripe's part to its OST at once; nothing is
 * buffered, so other clients see a write when it returns. With {@code APPEND} every write
 * lands at the end of the file as the OSTs report it then; with {@code SYNC}/{@code DSYNC}
 * every write is followed by {@link #force}.
 *
 * <p>Not offered (UnsupportedOperationException naming the call): {@link #map} (a Lustre file
 * has no pages in this JVM to map), {@link #lock} and {@link #tryLock} (locks are LDLM's, not
 * built yet). An interrupt while waiting closes the channel, as for every interruptible
 * channel.
 */
final class LustreFileChannel extends FileChannel {

    /** The most one transfer moves per call to the client. */
    private static final int TRANSFER_CHUNK = 1 << 20;

    private final OpenFile file;
    private final Object path;
    private final Calls calls;
    private final boolean append;
    private final boolean sync;
    private final Closeable afterClose;
    private long position;

    LustreFileChannel(OpenFile file, Object path, Calls calls, boolean append, boolean sync, Closeable afterClose) {
        this.file = file;
        this.path = path;
        this.calls = calls;
        this.append = append;
        this.sync = sync;
        this.afterClose = afterClose;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public synchronized long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            if (!dsts[i].hasRemaining()) {
                continue;
            }
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        if (at < 0) {
            throw new IllegalArgumentException("read at negative position " + at + " of " + path);
        }
        ensureOpen();
        if (!OpenFlags.readable(file.flags())) {
            throw new NonReadableChannelException();
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        long n = call(file.read(at, dst));
        return n == 0 ? -1 : (int) n;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        if (append) {
            ensureWritable();
            int n = src.remaining();
            position = call(file.write(0, src));
            afterWrite();
            return n;
        }
        int n = write(src, position);
        position += n;
        return n;
    }

    @Override
    public synchronized long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(srcs[i]);
        }
        return total;
    }

    /** Writes at {@code at}; with APPEND the bytes go to the end of the file all the same, as pwrite(2) on Linux. */
    @Override
    public int write(ByteBuffer src, long at) throws IOException {
        if (at < 0) {
            throw new IllegalArgumentException("write at negative position " + at + " of " + path);
        }
        ensureWritable();
        int n = src.remaining();
        if (n > 0) {
            call(file.write(at, src));
            afterWrite();
        }
        return n;
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition + " of " + path);
        }
        ensureOpen();
        position = newPosition;
        return this;
    }

    /** The size the file has now on its OSTs. */
    @Override
    public long size() throws IOException {
        ensureOpen();
        return call(file.stat()).size();
    }

    @Override
    public synchronized FileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + path);
        }
        ensureWritable();
        if (size < size()) {
            call(file.truncate(size));
        }
        if (position > size) {
            position = size;
        }
        return this;
    }

    /** fsync: the OST objects synced on their OSTs and the file on its MDT; the metadata flag changes nothing. */
    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        call(file.fsync());
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        ensureOpen();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Math.max(count, 0), TRANSFER_CHUNK));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = read(buffer, at + done);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            done += n;
        }
        return done;
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long at, long count) throws IOException {
        ensureWritable();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Math.max(count, 0), TRANSFER_CHUNK));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = source.read(buffer);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            write(buffer, at + done);
            done += n;
        }
        return done;
    }

    /** Always fails: there are no pages of a Lustre file in this JVM to map. */
    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) {
        throw new UnsupportedOperationException("FileChannel.map(): " + path
                + " is a Lustre file; its pages are on the OSTs and cannot be mapped into this JVM");
    }

    /** Always fails: file locks are LDLM's flock locks, not built in the client yet. */
    @Override
    public FileLock lock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("FileChannel.lock(): Lustre file locks (LDLM flock) are not built yet");
    }

    /** Always fails, as {@link #lock}. */
    @Override
    public FileLock tryLock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("FileChannel.tryLock(): Lustre file locks (LDLM flock) are not built yet");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        try {
            calls.await(file.close(), path);
        } finally {
            afterClose.close();
        }
    }

    private void afterWrite() throws IOException {
        if (sync) {
            call(file.fsync());
        }
    }

    private void ensureWritable() throws IOException {
        ensureOpen();
        if (!OpenFlags.writable(file.flags())) {
            throw new NonWritableChannelException();
        }
    }

    private void ensureOpen() throws IOException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    /** Waits for {@code call}; an interrupt on the way closes the channel (ClosedByInterruptException). */
    private <T> T call(CompletableFuture<T> call) throws IOException {
        boolean completed = false;
        try {
            begin();
            T result = calls.await(call, path);
            completed = true;
            return result;
        } finally {
            end(completed);
        }
    }
}
