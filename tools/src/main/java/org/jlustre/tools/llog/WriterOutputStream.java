package org.jlustre.tools.llog;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The bytes llog_reader prints, onto a command line's writer: decoded as UTF-8 (what a
 * terminal shows), a character split across two writes kept until its last byte comes, bytes
 * that are not UTF-8 shown as U+FFFD.
 */
final class WriterOutputStream extends OutputStream {

    private final PrintWriter writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private byte[] leftover = new byte[0];

    /** A stream onto {@code writer}. */
    WriterOutputStream(PrintWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        decode(b, off, len, false);
    }

    /** Ends the output: a dangling partial character becomes U+FFFD, and the writer is flushed. */
    @Override
    public void flush() {
        decode(new byte[0], 0, 0, true);
        decoder.reset();
        writer.flush();
    }

    private void decode(byte[] b, int off, int len, boolean end) {
        ByteBuffer in = ByteBuffer.allocate(leftover.length + len).put(leftover).put(b, off, len).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 2);
        decoder.decode(in, out, end);
        if (end) {
            decoder.flush(out);
        }
        writer.append(out.flip());
        leftover = new byte[in.remaining()];
        in.get(leftover);
    }
}
