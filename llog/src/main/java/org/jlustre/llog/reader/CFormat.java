package org.jlustre.llog.reader;

import org.jlustre.common.Errno;

/** The few printf conversions llog_reader uses whose C behaviour Java's formatter does not share. */
final class CFormat {

    private CFormat() {
    }

    /** {@code %u} of a 32-bit value. */
    static String u(int value) {
        return Integer.toUnsignedString(value);
    }

    /** {@code %llu} / {@code %ju} of a 64-bit value. */
    static String llu(long value) {
        return Long.toUnsignedString(value);
    }

    /** {@code %x} / {@code %llx}: lower-case hex without prefix. */
    static String x(long value) {
        return Long.toHexString(value);
    }

    /** {@code %x} of a 32-bit value. */
    static String x(int value) {
        return Integer.toHexString(value);
    }

    /** {@code %#x} / {@code %#llx}: "0x" and hex, but a bare "0" for zero. */
    static String altX(long value) {
        return value == 0 ? "0" : "0x" + Long.toHexString(value);
    }

    /** {@code %#x} of a 32-bit value. */
    static String altX(int value) {
        return altX(Integer.toUnsignedLong(value));
    }

    /** {@code %#04x}: at least four characters, zero-padded after the "0x"; zero is "0000". */
    static String altX04(int value) {
        if (value == 0) {
            return "0000";
        }
        String digits = Integer.toHexString(value);
        return "0x" + "0".repeat(Math.max(0, 2 - digits.length())) + digits;
    }

    /** {@code %.Nd}: at least {@code precision} digits, zero-padded, the sign in front. */
    static String precision(int value, int precision) {
        String digits = Long.toString(Math.abs((long) value));
        String padded = "0".repeat(Math.max(0, precision - digits.length())) + digits;
        return value < 0 ? "-" + padded : padded;
    }

    /** {@code %Nd} and {@code %Ns}: right-justified in {@code width} columns. */
    static String right(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    /** {@code %-Ns}: left-justified in {@code width} columns. */
    static String left(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** {@code %0Nd}: zero-padded to {@code width}, the sign in front. */
    static String zero(long value, int width) {
        String digits = Long.toString(Math.abs(value));
        if (value < 0) {
            return "-" + "0".repeat(Math.max(0, width - 1 - digits.length())) + digits;
        }
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    /** {@code strerror}: glibc's text, "Success" for 0, "Unknown error N" otherwise. */
    static String strerror(int errno) {
        if (errno == 0) {
            return "Success";
        }
        for (Errno e : Errno.values()) {
            if (e.value() == errno) {
                return e.message();
            }
        }
        return "Unknown error " + errno;
    }

    /** {@code __ALIGN_KERNEL(x, 8)} of a {@code __u32}: the sum wraps at 32 bits. */
    static long align8u32(int value) {
        return Integer.toUnsignedLong((value + 7) & ~7);
    }
}
