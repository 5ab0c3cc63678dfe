package org.jlustre.tools.control;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * The client side of {@link ControlProtocol}: sends one request to a server's control socket
 * and copies the answer's lines to standard output and error as they come.
 */
public final class ControlClient {

    private ControlClient() {
    }

    /**
     * Sends {@code words} ({@code lctl get_param timeout}, {@code info}) to the server at
     * {@code socket}, printing its output lines to {@code out} and its error lines to
     * {@code err}.
     *
     * @return the exit status the server sent
     * @throws LustreException ECONNREFUSED when nothing answers there, ETIMEDOUT when the server
     *     goes silent for {@link ControlProtocol#IDLE_DEADLINE}, EPROTO for an answer that is
     *     not the protocol's
     */
    public static int call(Path socket, List<String> words, PrintWriter out, PrintWriter err) throws LustreException {
        return call(socket, words, out, err, null);
    }

    /**
     * As {@link #call(Path, List, PrintWriter, PrintWriter)}, writing the bytes of the answer's
     * data lines ({@code dump}) to {@code data}; null refuses data lines as EPROTO.
     *
     * @throws LustreException also EIO when {@code data} cannot be written
     */
    public static int call(Path socket, List<String> words, PrintWriter out, PrintWriter err, OutputStream data)
            throws LustreException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, "cannot open a Unix socket: " + e.getMessage());
        }
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException e) {
            closeQuietly(ch);
            throw new LustreException(Errno.ECONNREFUSED, "no jlustre server answers at " + socket);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new LustreException(e instanceof SocketException ? Errno.ECONNREFUSED : Errno.EIO,
                    "cannot reach control socket " + socket + ": " + e.getMessage());
        }
        try (ChannelLines lines = new ChannelLines(ch)) {
            lines.write(ControlProtocol.request(words) + "\n", ControlProtocol.IDLE_DEADLINE);
            while (true) {
                String line = lines.readLine(ControlProtocol.MAX_RESPONSE_LINE, ControlProtocol.IDLE_DEADLINE);
                if (line == null) {
                    throw new LustreException(Errno.EPROTO, "the server at " + socket
                            + " closed the connection before its exit status");
                }
                if (line.startsWith(ControlProtocol.OUT)) {
                    out.println(line.substring(ControlProtocol.OUT.length()));
                } else if (line.startsWith(ControlProtocol.ERR)) {
                    err.println(line.substring(ControlProtocol.ERR.length()));
                } else if (data != null && line.startsWith(ControlProtocol.DATA)) {
                    data(line, data, socket);
                } else if (line.startsWith(ControlProtocol.EXIT)) {
                    return status(line, socket);
                } else {
                    throw new LustreException(Errno.EPROTO, "unexpected line from the server at " + socket + ": '"
                            + line + "'");
                }
            }
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, "control socket " + socket + ": " + e.getMessage());
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * What the server at {@code socket} says it is ({@code info}), as key and value ({@code pid},
     * {@code targets}, {@code mount} ...); empty when it does not answer.
     */
    public static Map<String, String> info(Path socket) {
        StringWriter text = new StringWriter();
        Map<String, String> info = new LinkedHashMap<>();
        try {
            if (call(socket, List.of(ControlProtocol.INFO), new PrintWriter(text), new PrintWriter(new StringWriter()))
                    != 0) {
                return info;
            }
        } catch (LustreException e) {
            return info;
        }
        for (String line : text.toString().split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                info.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        return info;
    }

    private static void data(String line, OutputStream data, Path socket) throws LustreException {
        byte[] b;
        try {
            b = Base64.getDecoder().decode(line.substring(ControlProtocol.DATA.length()));
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EPROTO, "bad data line from the server at " + socket + ": "
                    + e.getMessage());
        }
        try {
            data.write(b);
        } catch (IOException e) {
            throw new LustreException(Errno.EIO, "cannot write the data from " + socket + ": " + e.getMessage());
        }
    }

    private static int status(String line, Path socket) throws LustreException {
        try {
            return Integer.parseInt(line.substring(ControlProtocol.EXIT.length()));
        } catch (NumberFormatException e) {
            throw new LustreException(Errno.EPROTO, "bad exit line from the server at " + socket + ": '" + line + "'");
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // never connected
        }
    }
}
