package org.jlustre.client.nio;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jlustre.common.Utf8;

/**
 * The URIs of the provider: {@code lustre://MGS/FSNAME} names a filesystem (the MGS as
 * {@code mount -t lustre MGS:/FSNAME} names it, e.g. {@code 10.0.0.1@tcp}, with an optional
 * {@code :PORT}), and {@code lustre://MGS/FSNAME/PATH} a file in it. A path's bytes are
 * percent-encoded except the unreserved ASCII characters and '/', so names that are not UTF-8
 * survive the trip.
 *
 * @param authority the MGS part, as written
 * @param fsname the filesystem name
 */
record LustreUri(String authority, String fsname) {

    /** The scheme of the provider. */
    static final String SCHEME = "lustre";

    private static final String UNRESERVED = "-._~";

    /** Checks the values. */
    LustreUri {
        if (authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException("no MGS in lustre URI of filesystem " + fsname);
        }
        if (fsname.isEmpty() || fsname.length() > 8 || !fsname.chars().allMatch(c -> c == '_' || c == '-'
                || c < 0x80 && Character.isLetterOrDigit(c))) {
            throw new IllegalArgumentException("fsname '" + fsname + "': 1 to 8 letters, digits, '_' or '-'");
        }
    }

    /** The filesystem {@code uri} names (its path beyond the fsname ignored); IllegalArgumentException naming what is wrong. */
    static LustreUri of(URI uri) {
        checkScheme(uri);
        String raw = uri.getRawPath();
        if (raw == null || !raw.startsWith("/") || raw.length() == 1) {
            throw new IllegalArgumentException("lustre URI " + uri + " names no filesystem: lustre://MGS/FSNAME expected");
        }
        int slash = raw.indexOf('/', 1);
        String fsname = raw.substring(1, slash < 0 ? raw.length() : slash);
        return new LustreUri(uri.getRawAuthority(), fsname);
    }

    /** The bytes of the file path {@code uri} names in its filesystem ("/" for the filesystem itself). */
    static byte[] pathOf(URI uri) {
        checkScheme(uri);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("lustre URI " + uri + " has a query or fragment");
        }
        String raw = uri.getRawPath();
        int slash = raw.indexOf('/', 1);
        return slash < 0 ? new byte[] {'/'} : percentDecode(raw.substring(slash));
    }

    /** The URI of this filesystem. */
    URI toUri() {
        return create(SCHEME + "://" + authority + "/" + fsname);
    }

    /** The URI of the absolute path {@code bytes} in this filesystem. */
    URI toUri(byte[] bytes) {
        StringBuilder sb = new StringBuilder(SCHEME + "://").append(authority).append('/').append(fsname);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || UNRESERVED.indexOf(c) >= 0 || c == '/')) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return create(sb.toString());
    }

    /** The key the provider keeps its open filesystem under. */
    String key() {
        return authority + "/" + fsname;
    }

    private static void checkScheme(URI uri) {
        if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("URI " + uri + " is not a lustre: URI");
        }
        if (uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("lustre URI " + uri + " names no MGS: lustre://MGS/FSNAME expected");
        }
    }

    private static byte[] percentDecode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                // java.net.URI has checked that two hex digits follow
                out.write(Character.digit(raw.charAt(i + 1), 16) << 4 | Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int cp = raw.codePointAt(i);
                byte[] utf8 = Utf8.encode(new String(Character.toChars(cp)));
                out.write(utf8, 0, utf8.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }

    private static URI create(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot make a URI of " + text + ": " + e.getMessage(), e);
        }
    }
}
