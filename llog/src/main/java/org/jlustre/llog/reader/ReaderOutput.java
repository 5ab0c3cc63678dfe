package org.jlustre.llog.reader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * llog_reader's stdout and stderr. Text is written a byte per char (ISO-8859-1) so bytes from
 * the file come out unchanged, as {@code printf("%s")} prints them. stdout is line-buffered, as
 * {@code setlinebuf(stdout)} at the top of llog_reader's {@code main} makes it (2.15, and every
 * version since 1.5): a line reaches the stream when its newline is written, and a partial line
 * when it fills the {@value #STDOUT_BUFFER}-byte buffer; a crash loses what is still buffered.
 * stderr is unbuffered. Each piece is flushed on as it is passed, where the C program's
 * {@code write(2)} would happen, so two streams onto one file (a shell's {@code >f 2>&1})
 * receive the lines in llog_reader's order. The llapi helpers format as liblustreapi's default
 * callbacks do.
 */
final class ReaderOutput {

    /** {@code program_invocation_short_name}. */
    static final String PROGRAM = "llog_reader";
    /** The stdio buffer of stdout on a pipe or a file ({@code st_blksize}). */
    static final int STDOUT_BUFFER = 4096;

    private final OutputStream stdout;
    private final OutputStream stderr;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Output to the two streams. */
    ReaderOutput(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Appends to stdout's buffer, passing on every complete line and every full buffer. */
    void out(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        pending.writeBytes(b);
        int lastNewline = -1;
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                lastNewline = pending.size() - b.length + i;
                break;
            }
        }
        byte[] all = pending.toByteArray();
        int flush = lastNewline + 1;
        flush += (all.length - flush) / STDOUT_BUFFER * STDOUT_BUFFER;
        if (flush > 0) {
            write(stdout, all, flush);
            pending.reset();
            pending.write(all, flush, all.length - flush);
        }
    }

    /** Writes to stderr at once. */
    void err(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        write(stderr, b, b.length);
    }

    /** {@code llapi_error(LLAPI_MSG_ERROR, rc, ...)}: "llog_reader: MESSAGE: STRERROR (ERRNO)". */
    void llapiError(int rc, String message) {
        int errno = Math.abs(rc);
        err(PROGRAM + ": " + message + ": " + CFormat.strerror(errno) + " (" + errno + ")\n");
    }

    /** {@code llapi_error(LLAPI_MSG_NO_ERRNO, ...)}: "llog_reader: MESSAGE". */
    void llapiErrorNoErrno(String message) {
        err(PROGRAM + ": " + message + "\n");
    }

    /** {@code llapi_printf(LLAPI_MSG_NORMAL, ...)}: to stdout as is. */
    void llapiPrintf(String text) {
        out(text);
    }

    /** A normal exit: stdio flushes what is buffered. */
    void exit() {
        byte[] rest = pending.toByteArray();
        write(stdout, rest, rest.length);
        pending.reset();
        try {
            stdout.flush();
            stderr.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Death by a signal: the buffered partial line is lost. */
    void crash() {
        pending.reset();
        try {
            stdout.flush();
            stderr.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes to a stream and flushes it, as the C program's {@code write(2)}; an I/O error there
     * is not the input's fault, so it is rethrown unchecked.
     */
    private static void write(OutputStream s, byte[] b, int len) {
        if (len == 0) {
            return;
        }
        try {
            s.write(b, 0, len);
            s.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
