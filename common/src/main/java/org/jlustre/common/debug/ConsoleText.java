package org.jlustre.common.debug;

import org.jlustre.common.Utf8;

/**
 * Text made safe for an operator's terminal and for line-oriented logs. Messages carry names
 * and errors that came from peers (target names, llog names, UUIDs, parameters); a newline
 * there would forge a log line, and a terminal escape would act on the operator's terminal.
 *
 * <p>What is escaped, and how: every character that does not print (controls such as
 * newline, tab and ESC, format characters such as the bidirectional overrides, line and
 * paragraph separators, private-use and unassigned code points) is written as {@code \xNN}
 * for each byte of its UTF-8 form, and a byte that was not valid UTF-8 (kept by
 * {@link Utf8#decode}) as {@code \xNN} of that byte: the form the kernel's {@code /dev/kmsg}
 * and {@code dmesg} give non-printable bytes of a printk message. Printable text, non-ASCII
 * letters included, is left as it is; so is the backslash, so an escape cannot be told from
 * the same four characters sent literally (the console is for people, not for parsing).
 */
public final class ConsoleText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ConsoleText() {
    }

    /** {@code text} with every non-printable character or undecodable byte as {@code \xNN}; the same string when none. */
    public static String escape(String text) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                break;
            }
            i++;
        }
        if (i == n) {
            return text;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(text, 0, i);
        boolean changed = false;
        while (i < n) {
            int cp = text.codePointAt(i);
            int len = Character.charCount(cp);
            int escaped = len == 1 ? Utf8.escapedByte((char) cp) : -1;
            if (escaped >= 0) {
                hex(sb, escaped);
                changed = true;
            } else if (printable(cp)) {
                sb.appendCodePoint(cp);
            } else {
                for (byte b : utf8(cp)) {
                    hex(sb, b & 0xff);
                }
                changed = true;
            }
            i += len;
        }
        return changed ? sb.toString() : text;
    }

    /** Whether {@code cp} shows as itself: not a control, format, separator, private-use, unassigned or surrogate code point. */
    static boolean printable(int cp) {
        if (cp >= 0x20 && cp <= 0x7e) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /** The UTF-8 bytes of one code point, a lone surrogate included (as the three bytes it would take). */
    private static byte[] utf8(int cp) {
        if (cp < 0x80) {
            return new byte[] {(byte) cp};
        }
        if (cp < 0x800) {
            return new byte[] {(byte) (0xc0 | cp >> 6), (byte) (0x80 | cp & 0x3f)};
        }
        if (cp < 0x10000) {
            return new byte[] {(byte) (0xe0 | cp >> 12), (byte) (0x80 | cp >> 6 & 0x3f), (byte) (0x80 | cp & 0x3f)};
        }
        return new byte[] {(byte) (0xf0 | cp >> 18), (byte) (0x80 | cp >> 12 & 0x3f), (byte) (0x80 | cp >> 6 & 0x3f),
            (byte) (0x80 | cp & 0x3f)};
    }

    private static void hex(StringBuilder sb, int b) {
        sb.append('\\').append('x').append(HEX[b >> 4]).append(HEX[b & 0xf]);
    }
}
