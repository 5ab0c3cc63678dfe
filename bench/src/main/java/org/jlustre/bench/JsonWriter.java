package org.jlustre.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A tiny streaming JSON writer for the results files, so the bench module needs no JSON
 * library. Objects are written on one line; each element of an array starts a new line, so
 * a results file holds one figure per line and diffs well across commits.
 *
 * <p>Doubles that are whole numbers below 2^53 are written without a fraction; NaN and the
 * infinities, which JSON cannot express, are written as {@code null}.
 *
 * <p>Not thread-safe. Misuse (a value where a name is due, unbalanced ends) throws
 * {@link IllegalStateException}.
 */
final class JsonWriter {

    private static final double EXACT_LONG_LIMIT = 0x1p53;

    /** An open object or array. */
    private static final class Scope {
        final boolean array;
        boolean empty = true;
        /** Objects only: a name was written and its value is due. */
        boolean nameWritten;

        Scope(boolean array) {
            this.array = array;
        }
    }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Scope> open = new ArrayDeque<>();
    private int arrayDepth;

    /** Opens an object. */
    JsonWriter beginObject() {
        beforeValue();
        open.push(new Scope(false));
        out.append('{');
        return this;
    }

    /** Closes the innermost object. */
    JsonWriter endObject() {
        Scope s = open.peek();
        if (s == null || s.array || s.nameWritten) {
            throw new IllegalStateException("no object to end here");
        }
        open.pop();
        out.append('}');
        return this;
    }

    /** Opens an array. */
    JsonWriter beginArray() {
        beforeValue();
        open.push(new Scope(true));
        arrayDepth++;
        out.append('[');
        return this;
    }

    /** Closes the innermost array; a non-empty one ends on its own line. */
    JsonWriter endArray() {
        Scope s = open.peek();
        if (s == null || !s.array) {
            throw new IllegalStateException("no array to end here");
        }
        open.pop();
        arrayDepth--;
        if (!s.empty) {
            newLine(arrayDepth);
        }
        out.append(']');
        return this;
    }

    /** Writes the name of the next member of the innermost object. */
    JsonWriter name(String name) {
        Scope s = open.peek();
        if (s == null || s.array || s.nameWritten) {
            throw new IllegalStateException("a name of '" + name + "' is not allowed here");
        }
        if (!s.empty) {
            out.append(", ");
        }
        string(name);
        out.append(": ");
        s.nameWritten = true;
        return this;
    }

    /** Writes a string, or null. */
    JsonWriter value(String v) {
        beforeValue();
        if (v == null) {
            out.append("null");
        } else {
            string(v);
        }
        return this;
    }

    /** Writes a number (null for NaN and infinities). */
    JsonWriter value(double v) {
        beforeValue();
        if (!Double.isFinite(v)) {
            out.append("null");
        } else if (v == Math.rint(v) && Math.abs(v) < EXACT_LONG_LIMIT) {
            out.append((long) v);
        } else {
            out.append(v);
        }
        return this;
    }

    /** Writes a boolean. */
    JsonWriter value(boolean v) {
        beforeValue();
        out.append(v);
        return this;
    }

    /** Shorthand for {@code name(name).value(v)}. */
    JsonWriter field(String name, String v) {
        return name(name).value(v);
    }

    /** Shorthand for {@code name(name).value(v)}. */
    JsonWriter field(String name, double v) {
        return name(name).value(v);
    }

    /** The document; every object and array must be closed. */
    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " objects or arrays are still open");
        }
        return out.toString();
    }

    private void beforeValue() {
        Scope s = open.peek();
        if (s == null) {
            if (!out.isEmpty()) {
                throw new IllegalStateException("a JSON document has one top-level value");
            }
            return;
        }
        if (s.array) {
            if (!s.empty) {
                out.append(',');
            }
            newLine(arrayDepth);
        } else if (!s.nameWritten) {
            throw new IllegalStateException("an object member needs a name first");
        }
        s.nameWritten = false;
        s.empty = false;
    }

    /** Starts a line indented two spaces per enclosing array. */
    private void newLine(int depth) {
        out.append('\n').append("  ".repeat(depth));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
