package org.jlustre.client.nio;

import java.util.regex.PatternSyntaxException;

/**
 * The glob syntax of {@link java.nio.file.FileSystem#getPathMatcher} turned into a regular
 * expression over a path's text, with the meaning the javadoc gives it on Unix: {@code *} any
 * run of characters within a name, {@code **} any run across names, {@code ?} one character of a
 * name, {@code [...]} a bracket expression ({@code !} negates, {@code -} spans a range, never
 * matching '/'), {@code {a,b}} a group of alternatives (not nested), {@code \} escaping the next
 * character. A path's text keeps its non-UTF-8 bytes as lone surrogates ({@link LustrePath}),
 * so patterns can name them the same way.
 */
final class Glob {

    private static final String REGEX_META = ".^$+{[]|()\\*?";

    private final String glob;
    private final StringBuilder regex = new StringBuilder("^");
    private int at;
    private boolean inGroup;

    private Glob(String glob) {
        this.glob = glob;
    }

    /** The regular expression matching exactly the paths {@code glob} matches; PatternSyntaxException naming the fault. */
    static String toRegex(String glob) {
        return new Glob(glob).translate();
    }

    private String translate() {
        while (at < glob.length()) {
            char c = glob.charAt(at++);
            switch (c) {
                case '\\' -> escaped();
                case '/' -> regex.append('/');
                case '[' -> bracket();
                case '{' -> openGroup();
                case '}' -> closeGroup();
                case ',' -> regex.append(inGroup ? "|" : ",");
                case '*' -> star();
                case '?' -> regex.append("[^/]");
                default -> literal(c);
            }
        }
        if (inGroup) {
            throw error("missing '}'", glob.length() - 1);
        }
        return regex.append('$').toString();
    }

    private void escaped() {
        if (at == glob.length()) {
            throw error("no character to escape", at - 1);
        }
        literal(glob.charAt(at++));
    }

    private void star() {
        if (at < glob.length() && glob.charAt(at) == '*') {
            regex.append(".*");
            at++;
        } else {
            regex.append("[^/]*");
        }
    }

    private void openGroup() {
        if (inGroup) {
            throw error("groups cannot nest", at - 1);
        }
        regex.append("(?:(?:");
        inGroup = true;
    }

    private void closeGroup() {
        if (inGroup) {
            regex.append("))");
            inGroup = false;
        } else {
            regex.append('}');
        }
    }

    /** {@code [...]}: a character class that never matches '/', as a separator is no character of a name. */
    private void bracket() {
        regex.append("[[^/]&&[");
        if (at < glob.length() && glob.charAt(at) == '^') {
            regex.append("\\^");
            at++;
        } else {
            if (at < glob.length() && glob.charAt(at) == '!') {
                regex.append('^');
                at++;
            }
            if (at < glob.length() && glob.charAt(at) == '-') {
                regex.append('-');
                at++;
            }
        }
        boolean inRange = false;
        char last = 0;
        while (at < glob.length()) {
            char c = glob.charAt(at++);
            if (c == ']') {
                regex.append("]]");
                return;
            }
            if (c == '/') {
                throw error("'/' inside a bracket expression", at - 1);
            }
            if (c == '\\' || c == '[' || c == '&' && at < glob.length() && glob.charAt(at) == '&') {
                regex.append('\\');
            }
            regex.append(c);
            if (c == '-') {
                if (!inRange) {
                    throw error("invalid range", at - 1);
                }
                if (at < glob.length() && glob.charAt(at) == ']') {
                    continue;
                }
                char to = glob.charAt(at);
                if (to < last) {
                    throw error("invalid range", at - 3);
                }
                inRange = false;
            } else {
                inRange = true;
                last = c;
            }
        }
        throw error("missing ']'", glob.length() - 1);
    }

    private void literal(char c) {
        if (REGEX_META.indexOf(c) >= 0) {
            regex.append('\\');
        }
        regex.append(c);
    }

    private PatternSyntaxException error(String what, int index) {
        return new PatternSyntaxException(what, glob, index);
    }
}
