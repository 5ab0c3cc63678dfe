package org.jlustre.tools.control;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Arrays;
import java.util.Base64;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * The server's side of one answer in {@link ControlProtocol}: output lines as the command
 * prints them, then the exit status. Once the client stops taking bytes (a write fails or times
 * out) the rest of the output is dropped, so the command still runs to its end.
 */
final class Reply {

    private final ChannelLines lines;
    /** The failure that ended the answer, or null while the client takes what is sent. */
    private Exception broken;

    Reply(ChannelLines lines) {
        this.lines = lines;
    }

    /** Sends one line with {@code prefix}, unless the answer is broken. */
    private void send(String prefix, String text) {
        if (broken != null) {
            return;
        }
        try {
            lines.write(prefix + text + "\n", ControlProtocol.IDLE_DEADLINE);
        } catch (IOException | LustreException e) {
            broken = e;
        }
    }

    /** A line of standard output. */
    void out(String text) {
        send(ControlProtocol.OUT, text);
    }

    /** The exit status, the answer's last line. */
    void exit(int status) throws IOException, LustreException {
        send(ControlProtocol.EXIT, Integer.toString(status));
        if (broken instanceof IOException e) {
            throw e;
        }
        if (broken instanceof LustreException e) {
            throw e;
        }
    }

    /** A refused request: {@code error: control: WHY} on standard error, and the errno as the status. */
    void refuse(Errno errno, String why) throws IOException, LustreException {
        send(ControlProtocol.ERR, "error: control: " + why + ": " + errno.message());
        exit(errno.value());
    }

    /**
     * A stream whose bytes go out base64 in {@link ControlProtocol#DATA} lines of at most
     * {@link ControlProtocol#DATA_CHUNK} bytes; closing it sends what is left.
     */
    OutputStream data() {
        return new DataStream();
    }

    /** Cuts bytes into data lines. */
    private final class DataStream extends OutputStream {
        private final byte[] buf = new byte[ControlProtocol.DATA_CHUNK];
        private int n;

        @Override
        public void write(int b) {
            if (n == buf.length) {
                drain();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (n == buf.length) {
                    drain();
                }
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        private void drain() {
            send(ControlProtocol.DATA, Base64.getEncoder().encodeToString(Arrays.copyOf(buf, n)));
            n = 0;
        }

        @Override
        public void close() {
            if (n > 0) {
                drain();
            }
        }
    }

    /** A writer whose lines go out with {@code prefix}; closing it sends a last partial line. */
    PrintWriter writer(String prefix) {
        return new PrintWriter(new LineWriter(prefix));
    }

    /** Cuts what a command prints into protocol lines. */
    private final class LineWriter extends Writer {
        private final String prefix;
        private final StringBuilder line = new StringBuilder();

        LineWriter(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                if (c == '\n') {
                    send(prefix, line.toString());
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }

        @Override
        public void flush() {
            // lines go out as they end; a partial one waits for its newline or for close
        }

        @Override
        public void close() {
            if (!line.isEmpty()) {
                send(prefix, line.toString());
                line.setLength(0);
            }
        }
    }
}
