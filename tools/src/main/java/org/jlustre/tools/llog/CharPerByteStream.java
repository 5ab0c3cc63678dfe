package org.jlustre.tools.llog;

import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * Bytes onto a command line's writer one char per byte (U+0000..U+00FF, ISO-8859-1), for a
 * caller that gave the command writers rather than byte streams: every byte stays recoverable
 * ({@code text.getBytes(ISO_8859_1)}), none is decoded or replaced, and each flush reaches the
 * writer so two writers onto one sink keep llog_reader's order.
 */
public final class CharPerByteStream extends OutputStream {

    private final PrintWriter writer;

    /** A stream onto {@code writer}. */
    public CharPerByteStream(PrintWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) {
        writer.write(b & 0xff);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        char[] chars = new char[len];
        for (int i = 0; i < len; i++) {
            chars[i] = (char) (b[off + i] & 0xff);
        }
        writer.write(chars);
    }

    @Override
    public void flush() {
        writer.flush();
    }
}
