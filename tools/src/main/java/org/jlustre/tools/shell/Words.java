package org.jlustre.tools.shell;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * A shell line cut into words as sh does for the simple cases: blanks separate words, and
 * {@code '...'} and {@code "..."} quote blanks (no escapes inside single quotes; {@code \"}
 * and {@code \\} inside double quotes), a backslash outside quotes takes the next character as
 * it is. A {@code #} starting a word makes the rest of the line a comment.
 */
final class Words {

    private Words() {
    }

    /**
     * The words of {@code line}.
     *
     * @throws LustreException EINVAL for an unterminated quote or a backslash at the end
     */
    static List<String> split(String line) throws LustreException {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else if (c == '\'' || c == '"') {
                int end = closing(line, i, c);
                for (int j = i + 1; j < end; j++) {
                    char q = line.charAt(j);
                    if (c == '"' && q == '\\' && j + 1 < end && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
                        q = line.charAt(++j);
                    }
                    w.append(q);
                }
                i = end;
                inWord = true;
            } else if (c == '\\') {
                if (++i == line.length()) {
                    throw new LustreException(Errno.EINVAL, "a backslash ends the line");
                }
                w.append(line.charAt(i));
                inWord = true;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    /** The index of the quote closing the one at {@code open}. */
    private static int closing(String line, int open, char quote) throws LustreException {
        for (int j = open + 1; j < line.length(); j++) {
            char c = line.charAt(j);
            if (c == quote) {
                return j;
            }
            if (quote == '"' && c == '\\') {
                j++;
            }
        }
        throw new LustreException(Errno.EINVAL, "unterminated " + quote + " quote");
    }
}
