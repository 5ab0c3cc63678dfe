package org.jlustre.common;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 that keeps every byte: strings from the wire and from disk are C strings of any bytes,
 * and {@link String#String(byte[], java.nio.charset.Charset)} turns each byte that is not
 * valid UTF-8 into U+FFFD, losing it. Here such a byte {@code b} becomes the lone surrogate
 * {@code U+DC00 + b} (Python's "surrogateescape", PEP 383) and {@link #encode} turns it back,
 * so a peer's name survives decoding byte for byte, and the console can show the byte the
 * peer sent ({@link org.jlustre.common.debug.ConsoleText}) rather than a replacement mark.
 */
public final class Utf8 {

    /** The first char an undecodable byte maps to: byte {@code b} (0x80..0xff) is {@code ESCAPE_BASE + b}. */
    public static final char ESCAPE_BASE = '\uDC00';

    private Utf8() {
    }

    /** The text of {@code len} bytes of {@code b} from {@code off}, each byte that is not valid UTF-8 kept as {@code U+DC00 + byte}. */
    public static String decode(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1); // all ASCII
        }
        StringBuilder sb = new StringBuilder(len);
        sb.append(new String(b, off, i - off, StandardCharsets.ISO_8859_1));
        while (i < end) {
            int c = b[i] & 0xff;
            int n = sequenceLength(b, i, end);
            if (n == 0) {
                sb.append((char) (ESCAPE_BASE + c));
                i++;
            } else if (n == 1) {
                sb.append((char) c);
                i++;
            } else {
                sb.appendCodePoint(codePoint(b, i, n));
                i += n;
            }
        }
        return sb.toString();
    }

    /** {@link #decode(byte[], int, int)} of the whole array. */
    public static String decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    /**
     * The bytes of {@code s}: UTF-8, with each lone {@code U+DC80..U+DCFF} written as the byte it
     * stands for, and any other lone surrogate as '?' (what {@link String#getBytes} writes).
     */
    public static byte[] encode(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 16);
        out.write(s.getBytes(StandardCharsets.ISO_8859_1), 0, i);
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                byte[] pair = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                out.write(pair, 0, pair.length);
                i += 2;
                continue;
            }
            int escaped = escapedByte(c);
            if (escaped >= 0) {
                out.write(escaped);
            } else if (Character.isSurrogate(c)) {
                out.write('?');
            } else {
                byte[] one = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(one, 0, one.length);
            }
            i++;
        }
        return out.toByteArray();
    }

    /** The byte {@code c} stands for when it is an undecodable byte kept by {@link #decode}; -1 otherwise. */
    public static int escapedByte(char c) {
        return c >= ESCAPE_BASE + 0x80 && c <= ESCAPE_BASE + 0xff ? c - ESCAPE_BASE : -1;
    }

    /**
     * The length of the well-formed UTF-8 sequence at {@code i} (RFC 3629: no overlong forms, no
     * encoded surrogates, nothing above U+10FFFF), or 0 when the byte there does not start one.
     */
    private static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        if (c < 0x80) {
            return 1;
        }
        int n;
        int min2;
        int max2;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
            min2 = 0x80;
            max2 = 0xbf;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            min2 = c == 0xe0 ? 0xa0 : 0x80;
            max2 = c == 0xed ? 0x9f : 0xbf;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            min2 = c == 0xf0 ? 0x90 : 0x80;
            max2 = c == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int second = b[i + 1] & 0xff;
        if (second < min2 || second > max2) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int cont = b[i + k] & 0xff;
            if (cont < 0x80 || cont > 0xbf) {
                return 0;
            }
        }
        return n;
    }

    private static int codePoint(byte[] b, int i, int n) {
        int cp = b[i] & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            cp = (cp << 6) | (b[i + k] & 0x3f);
        }
        return cp;
    }
}
