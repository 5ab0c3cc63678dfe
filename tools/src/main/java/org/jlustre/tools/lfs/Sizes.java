package org.jlustre.tools.lfs;

import java.util.Locale;

/** Sizes as lfs reads them ({@code llapi_parse_size}): a number with an optional K, M, G or T suffix (binary). */
final class Sizes {

    private Sizes() {
    }

    /**
     * The size {@code text} names.
     *
     * @throws IllegalArgumentException naming {@code what} and the text when it is not a size
     *     that fits an int
     */
    static int parse(String text, String what) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Math.multiplyExact(Long.parseLong(t), unit);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " '" + text + "' is out of range");
            }
            return (int) v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("bad " + what + " '" + text + "'", e);
        }
    }
}
