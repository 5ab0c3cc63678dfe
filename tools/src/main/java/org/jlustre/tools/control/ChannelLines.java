package org.jlustre.tools.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * Lines over a socket channel, every wait bounded: the channel is non-blocking and each read or
 * write waits on a selector for at most the deadline it is given, so a peer that sends nothing,
 * sends without end or stops reading costs a bounded time. Not thread-safe: one connection,
 * one thread.
 */
final class ChannelLines implements AutoCloseable {

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(8192).flip();

    /** Takes over {@code channel}, switching it to non-blocking mode. */
    ChannelLines(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
    }

    /**
     * The next line, without its newline, decoded as strict UTF-8; null at the end of the
     * stream before any byte of a line.
     *
     * @param max the longest line accepted, in bytes
     * @param deadline how long to wait for the whole line
     * @throws LustreException ETIMEDOUT when the line is not complete in time, E2BIG when it is
     *     longer than {@code max}, EINVAL when it is not UTF-8, EPROTO when the stream ends in it
     */
    String readLine(int max, Duration deadline) throws IOException, LustreException {
        long end = System.nanoTime() + deadline.toNanos();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    return decode(line.toByteArray());
                }
                if (line.size() >= max) {
                    throw new LustreException(Errno.E2BIG, "a line longer than " + max + " bytes");
                }
                line.write(b);
            }
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new LustreException(Errno.EPROTO, "the stream ended within a line ("
                        + line.size() + " bytes without a newline)");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, end, "a line");
            }
        }
    }

    /**
     * Writes all of {@code text} as UTF-8, waiting at most {@code idle} each time the peer takes
     * nothing.
     *
     * @throws LustreException ETIMEDOUT when the peer stops reading
     */
    void write(String text, Duration idle) throws IOException, LustreException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(SelectionKey.OP_WRITE, System.nanoTime() + idle.toNanos(), "the peer to read");
            }
        }
    }

    private void await(int op, long end, String what) throws IOException, LustreException {
        long left = end - System.nanoTime();
        if (left <= 0) {
            throw new LustreException(Errno.ETIMEDOUT, "timed out waiting for " + what);
        }
        SelectionKey key = channel.register(selector, op);
        try {
            selector.select(Math.max(1, left / 1_000_000L));
            selector.selectedKeys().clear();
        } finally {
            key.interestOps(0);
        }
    }

    private static String decode(byte[] b) throws LustreException {
        try {
            CharBuffer c = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return c.toString();
        } catch (CharacterCodingException e) {
            throw new LustreException(Errno.EINVAL, "a line that is not UTF-8");
        }
    }

    /** How long {@link #close} drains what the peer still sends, and how much of it. */
    private static final Duration DRAIN_DEADLINE = Duration.ofSeconds(1);
    private static final int DRAIN_BYTES = 64 << 10;

    /**
     * Ends the connection gracefully: no more output, then what the peer still sends (a request
     * refused unread) is read and dropped, briefly, before the close; a Unix socket closed with
     * unread bytes would reset the peer's connection before it read the answer.
     */
    @Override
    public void close() {
        try {
            channel.shutdownOutput();
            long end = System.nanoTime() + DRAIN_DEADLINE.toNanos();
            int drained = 0;
            while (drained < DRAIN_BYTES) {
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    break;
                }
                drained += n;
                if (n == 0) {
                    await(SelectionKey.OP_READ, end, "the peer to finish");
                }
            }
        } catch (IOException | LustreException e) {
            // the peer is gone or slow: close anyway
        }
        try {
            selector.close();
        } catch (IOException e) {
            // nothing is left to release
        }
        try {
            channel.close();
        } catch (IOException e) {
            // the peer is gone either way
        }
    }
}
