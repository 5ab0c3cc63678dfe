package org.jlustre.common.param;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * One entry of the parameter tree: what a {@code /proc/fs/lustre} or {@code /sys/fs/lustre}
 * file is to Lustre. Its value is text; typed factories parse and validate what
 * {@code lctl set_param} writes and render what {@code lctl get_param} reads.
 */
public interface Param {

    /** The current value as {@code lctl get_param} shows it (may span lines). */
    String read() throws LustreException;

    /** Whether {@link #write} is allowed. */
    boolean writable();

    /**
     * Sets the value from text.
     *
     * @throws LustreException {@link Errno#EACCES} for a read-only entry, {@link Errno#EINVAL}
     *     or {@link Errno#ERANGE} naming the bad value
     */
    void write(String text) throws LustreException;

    /** A setter that may refuse a value with an errno. */
    @FunctionalInterface
    interface Setter<T> {
        /** Applies the value. */
        void set(T value) throws LustreException;
    }

    /** A read-only entry whose text comes from {@code reader}. */
    static Param readOnly(Supplier<String> reader) {
        return new Param() {
            @Override
            public String read() {
                return reader.get();
            }

            @Override
            public boolean writable() {
                return false;
            }

            @Override
            public void write(String text) throws LustreException {
                throw new LustreException(Errno.EACCES, "read-only parameter");
            }
        };
    }

    /** A writable text entry. */
    static Param ofString(Supplier<String> reader, Setter<String> writer) {
        return new Param() {
            @Override
            public String read() {
                return reader.get();
            }

            @Override
            public boolean writable() {
                return true;
            }

            @Override
            public void write(String text) throws LustreException {
                writer.set(text.strip());
            }
        };
    }

    /**
     * A writable integer in {@code [min, max]}, written in C {@code strtoll(.., 0)} syntax
     * (decimal, {@code 0x} hex, leading-0 octal), read in decimal.
     */
    static Param ofLong(LongSupplier reader, Setter<Long> writer, long min, long max) {
        return new Param() {
            @Override
            public String read() {
                return Long.toString(reader.getAsLong());
            }

            @Override
            public boolean writable() {
                return true;
            }

            @Override
            public void write(String text) throws LustreException {
                long v = parseLong(text);
                if (v < min || v > max) {
                    throw new LustreException(Errno.ERANGE,
                            "value '" + text.strip() + "' out of range " + min + ".." + max);
                }
                writer.set(v);
            }
        };
    }

    /** A read-only integer. */
    static Param readOnlyLong(LongSupplier reader) {
        return readOnly(() -> Long.toString(reader.getAsLong()));
    }

    /** A writable boolean shown as 0/1; accepts 0/1, y/n, yes/no, on/off, true/false. */
    static Param ofBoolean(BooleanSupplier reader, Setter<Boolean> writer) {
        return new Param() {
            @Override
            public String read() {
                return reader.getAsBoolean() ? "1" : "0";
            }

            @Override
            public boolean writable() {
                return true;
            }

            @Override
            public void write(String text) throws LustreException {
                writer.set(parseBoolean(text));
            }
        };
    }

    /** A write-only action (like {@code force_sync}): reading it fails with EACCES. */
    static Param action(Setter<String> action) {
        return new Param() {
            @Override
            public String read() throws LustreException {
                throw new LustreException(Errno.EACCES, "write-only parameter");
            }

            @Override
            public boolean writable() {
                return true;
            }

            @Override
            public void write(String text) throws LustreException {
                action.set(text.strip());
            }
        };
    }

    /**
     * Parses an integer in C {@code strtoll(.., 0)} syntax.
     *
     * @throws LustreException {@link Errno#EINVAL} naming the text when it is not a number,
     *     {@link Errno#ERANGE} when it does not fit in a signed 64-bit value
     */
    static long parseLong(String text) throws LustreException {
        String s = text.strip();
        boolean negative = s.startsWith("-");
        String t = negative || s.startsWith("+") ? s.substring(1) : s;
        int radix = 10;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0")) {
            radix = 8;
            t = t.substring(1);
        }
        long v;
        try {
            if (t.isEmpty() || t.startsWith("-") || t.startsWith("+")) {
                throw new NumberFormatException();
            }
            v = Long.parseUnsignedLong(t, radix);
        } catch (NumberFormatException e) {
            int base = radix;
            boolean overflow = !t.isEmpty() && t.chars().allMatch(c -> Character.digit(c, base) >= 0);
            throw new LustreException(overflow ? Errno.ERANGE : Errno.EINVAL,
                    (overflow ? "number out of range '" : "invalid number '") + s + "'");
        }
        // kstrtoll: beyond the signed 64-bit range is -ERANGE, never a wrapped-around value.
        if (v < 0 && !(negative && v == Long.MIN_VALUE)) {
            throw new LustreException(Errno.ERANGE, "number out of range '" + s + "'");
        }
        return negative ? -v : v;
    }

    /**
     * Parses a boolean like the kernel's {@code kstrtobool}.
     *
     * @throws LustreException {@link Errno#EINVAL} naming the text otherwise
     */
    static boolean parseBoolean(String text) throws LustreException {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "1", "y", "yes", "on", "true" -> true;
            case "0", "n", "no", "off", "false" -> false;
            default -> throw new LustreException(Errno.EINVAL, "invalid boolean '" + text.strip() + "'");
        };
    }
}
