package org.jlustre.tools.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * The line protocol of a {@code jlustre server}'s control socket. Everything is UTF-8 text in
 * lines ended by {@code \n}.
 *
 * <p>The client sends one request line of at most {@value #MAX_REQUEST} bytes: a verb and its
 * words, separated by spaces.
 * <ul>
 * <li>{@code lctl WORD...}: run an lctl command on the server's node ({@code lctl dl},
 *     {@code lctl get_param timeout}); only {@code dl}, {@code get_param}, {@code set_param},
 *     {@code list_param} and {@code dk} are served, optionally after {@code --device NAME}.
 * <li>{@code info}: who the server is ({@code name}, {@code pid}, {@code targets} lines).
 * <li>{@code dump TARGET NAME}: the data of object {@code NAME} of a target's OSD, as
 *     {@code jlustre osd dump} copies it; the bytes come as {@code data BASE64} lines of at most
 *     {@value #DATA_CHUNK} bytes each before the exit status.
 * <li>{@code lfs CWD WORD...}: run lfs on the client the process has mounted, relative paths
 *     taken from the caller's working directory {@code CWD} (absolute), paths under its mount
 *     point mapped into the filesystem; a process with no client answers EOPNOTSUPP.
 * <li>{@code export TARGET DIR}: writes a target's OSD into the server's local directory
 *     {@code DIR} (absolute) as {@code jlustre osd export} does, with the server's privileges;
 *     the summary and what was left out come as {@code out} lines.
 * </ul>
 * In a word, {@code \\} stands for a backslash, {@code \s} a space, {@code \t} a tab,
 * {@code \n} a newline, {@code \r} a carriage return, and a word that is only {@code \e} for
 * the empty word; so a hand-typed {@code lctl get_param timeout} needs no escapes.
 *
 * <p>The server answers with lines {@code out TEXT} (a line of the command's standard output),
 * {@code err TEXT} (of its standard error), and last {@code exit STATUS} (its exit status, an
 * errno for lctl's errors), then closes. A last output line without a newline is sent as a
 * line. A bad request gets an {@code err error: control: ...} line naming what was wrong and
 * {@code exit ERRNO}; the server goes on serving.
 */
public final class ControlProtocol {

    /** The longest request line, in bytes, its newline excluded. */
    public static final int MAX_REQUEST = 4096;
    /** The longest response line a client accepts, in bytes. */
    public static final int MAX_RESPONSE_LINE = 1 << 20;
    /** How long a server waits for a connection's request line. */
    public static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);
    /** How long either side waits for the other to take or send more bytes before giving up. */
    public static final Duration IDLE_DEADLINE = Duration.ofSeconds(60);

    /** The verb running an lctl command. */
    public static final String LCTL = "lctl";
    /** The verb asking who the server is. */
    public static final String INFO = "info";
    /** The verb copying an object of a target's OSD. */
    public static final String DUMP = "dump";
    /** The verb running lfs on a mounted client: {@code lfs CWD WORD...}. */
    public static final String LFS = "lfs";
    /** The verb writing a target's OSD as an ldiskfs tree. */
    public static final String EXPORT = "export";
    /** The prefix of a line of object data, base64. */
    public static final String DATA = "data ";
    /** The most bytes one data line carries (before base64). */
    public static final int DATA_CHUNK = 48 * 1024;
    /** The prefix of a standard output line. */
    public static final String OUT = "out ";
    /** The prefix of a standard error line. */
    public static final String ERR = "err ";
    /** The prefix of the last line, the exit status. */
    public static final String EXIT = "exit ";

    private ControlProtocol() {
    }

    /** The request line (without its newline) for {@code words}. */
    public static String request(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            if (w.isEmpty()) {
                sb.append("\\e");
                continue;
            }
            for (int i = 0; i < w.length(); i++) {
                char c = w.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case ' ' -> sb.append("\\s");
                    case '\t' -> sb.append("\\t");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /**
     * The words of a request line.
     *
     * @throws LustreException EINVAL naming an unknown escape, a backslash at a word's end, or
     *     an empty request
     */
    public static List<String> words(String line) throws LustreException {
        List<String> out = new ArrayList<>();
        for (String raw : line.split(" +")) {
            if (raw.isEmpty()) {
                continue;
            }
            if (raw.equals("\\e")) {
                out.add("");
                continue;
            }
            StringBuilder w = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c != '\\') {
                    w.append(c);
                    continue;
                }
                if (++i == raw.length()) {
                    throw new LustreException(Errno.EINVAL, "a backslash ends the word '" + raw + "'");
                }
                char e = raw.charAt(i);
                w.append(switch (e) {
                    case '\\' -> '\\';
                    case 's' -> ' ';
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> throw new LustreException(Errno.EINVAL, "unknown escape '\\" + e + "' in the word '"
                            + raw + "' (\\\\ \\s \\t \\n \\r \\e)");
                });
            }
            out.add(w.toString());
        }
        if (out.isEmpty()) {
            throw new LustreException(Errno.EINVAL, "empty request (expected '" + LCTL + " COMMAND...', '"
                    + DUMP + " TARGET NAME', '" + EXPORT + " TARGET DIR' or '" + INFO + "')");
        }
        return out;
    }
}
