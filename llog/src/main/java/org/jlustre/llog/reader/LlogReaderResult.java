package org.jlustre.llog.reader;

import java.nio.charset.StandardCharsets;

/**
 * What running {@code llog_reader FILE} produces.
 *
 * @param stdout the bytes written to standard output
 * @param stderr the bytes written to standard error
 * @param exitStatus the status a shell sees: main's return value modulo 256 ({@code -EIO}
 *     is 251), or 128 + the signal when llog_reader would have crashed
 * @param signal the signal that would have killed llog_reader (11 SIGSEGV, 8 SIGFPE), or 0
 */
public record LlogReaderResult(byte[] stdout, byte[] stderr, int exitStatus, int signal) {

    /** Copies the outputs. */
    public LlogReaderResult {
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }

    /** Standard output, one char per byte (ISO-8859-1), so nothing is lost. */
    public String out() {
        return new String(stdout, StandardCharsets.ISO_8859_1);
    }

    /** Standard error, one char per byte. */
    public String err() {
        return new String(stderr, StandardCharsets.ISO_8859_1);
    }

    /** Whether llog_reader would have been killed by {@link #signal()}. */
    public boolean crashed() {
        return signal != 0;
    }
}
