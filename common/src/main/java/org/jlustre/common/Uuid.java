package org.jlustre.common;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * An {@code obd_uuid}: a NUL-terminated string in a 40-byte field, so at most 39 bytes of
 * text. Targets use names such as {@code lustre-MDT0000_UUID}; clients and exports use
 * random ones printed like {@code class_uuid_unparse}.
 *
 * @param value the text, at most {@link #MAX_LENGTH} bytes in UTF-8, no NUL
 */
public record Uuid(String value) {

    /** Size of the {@code obd_uuid} field. */
    public static final int FIELD_SIZE = 40;
    /** Longest text that fits with its terminating NUL. */
    public static final int MAX_LENGTH = FIELD_SIZE - 1;

    /** Validates length and content. */
    public Uuid {
        if (value == null) {
            throw new IllegalArgumentException("UUID is null");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("UUID '" + value.replace("\0", "\\0") + "' contains a NUL");
        }
        int len = value.getBytes(StandardCharsets.UTF_8).length;
        if (len > MAX_LENGTH) {
            throw new IllegalArgumentException("UUID '" + value + "' is " + len + " bytes, max " + MAX_LENGTH);
        }
    }

    /** A UUID from user input, with an errno error instead of an unchecked one. */
    public static Uuid parse(String text) throws LustreException {
        try {
            return new Uuid(text);
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EINVAL, "invalid UUID: " + e.getMessage());
        }
    }

    /** A random UUID in the 36-character form {@code class_uuid_unparse} prints. */
    public static Uuid random(RandomGenerator random) {
        byte[] b = new byte[16];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        StringBuilder sb = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                sb.append('-');
            }
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return new Uuid(sb.toString());
    }

    /** The 40-byte on-wire field: the text then NULs. */
    public byte[] toField() {
        byte[] out = new byte[FIELD_SIZE];
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    /** Decodes a 40-byte field: the text up to the first NUL. */
    public static Uuid fromField(byte[] field) {
        int n = 0;
        while (n < field.length && n < FIELD_SIZE && field[n] != 0) {
            n++;
        }
        return new Uuid(new String(field, 0, Math.min(n, MAX_LENGTH), StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return value;
    }
}
