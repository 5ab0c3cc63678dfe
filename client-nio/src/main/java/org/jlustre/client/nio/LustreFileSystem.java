package org.jlustre.client.nio;

import java.io.IOException;
import java.net.URI;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jlustre.client.LustreClient;
import org.jlustre.common.Utf8;

/**
 * One mounted Lustre filesystem seen through java.nio.file: paths of byte-string names
 * ({@link LustrePath}), one root, one {@link LustreFileStore}, and the attribute views
 * {@code basic}, {@code posix}, {@code owner}, {@code lustre} and {@code user}. Every
 * operation goes to the servers through the {@link LustreClient} it was made over, with the
 * credentials it was opened with; nothing is cached, so other clients' changes show at once.
 *
 * <p>{@link #close} unmounts the client when the provider mounted it (a {@code lustre://} URI
 * alone); a client handed in through the environment stays mounted, its owner closes it.
 * There is no {@link WatchService}.
 */
public final class LustreFileSystem extends FileSystem {

    private static final Set<String> VIEWS = Set.of("basic", "posix", "owner", LustreFileAttributeView.NAME,
            UserAttributeView.NAME);

    private final LustreFileSystemProvider provider;
    private final LustreUri uri;
    private final Namespace namespace;
    private final AutoCloseable unmount;
    private final LustrePath root = LustrePath.root(this);
    private final LustreFileStore store;
    private volatile boolean open = true;

    LustreFileSystem(LustreFileSystemProvider provider, LustreUri uri, Namespace namespace, AutoCloseable unmount) {
        this.provider = provider;
        this.uri = uri;
        this.namespace = namespace;
        this.unmount = unmount;
        this.store = new LustreFileStore(this);
    }

    @Override
    public LustreFileSystemProvider provider() {
        return provider;
    }

    /** The client this filesystem's calls go through. */
    public LustreClient client() {
        return namespace.client();
    }

    /** {@code lustre://MGS/FSNAME}. */
    public URI uri() {
        return uri.toUri();
    }

    /** Unmounts (when the provider mounted the client) and forgets the filesystem; paths of it then fail with ClosedFileSystemException. */
    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        provider.forget(uri, this);
        try {
            unmount.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("unmounting " + uri.toUri() + " failed", e);
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(root);
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of(store);
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return VIEWS;
    }

    /**
     * The path of the strings joined by '/' (empty ones left out), each encoded as UTF-8 with
     * a lone {@code U+DC80..U+DCFF} standing for the byte it escapes ({@link Utf8});
     * InvalidPathException for NUL or another lone surrogate.
     */
    @Override
    public LustrePath getPath(String first, String... more) {
        StringBuilder joined = new StringBuilder(first);
        for (String s : more) {
            if (!s.isEmpty()) {
                if (!joined.isEmpty()) {
                    joined.append('/');
                }
                joined.append(s);
            }
        }
        String text = joined.toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) && Utf8.escapedByte(c) < 0) {
                throw new InvalidPathException(text, "lone surrogate U+"
                        + Integer.toHexString(c).toUpperCase(Locale.ROOT) + " stands for no byte", i);
            }
        }
        return LustrePath.parse(this, Utf8.encode(text));
    }

    /** The path of these bytes exactly ('/' separates names); InvalidPathException for a NUL byte. */
    public LustrePath getPath(byte[] bytes) {
        return LustrePath.parse(this, bytes.clone());
    }

    /** {@code glob:} as {@link FileSystem#getPathMatcher} documents it for Unix, or {@code regex:}, matched against {@link LustrePath#toString}. */
    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        int colon = syntaxAndPattern.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + syntaxAndPattern + "' is not SYNTAX:PATTERN");
        }
        String syntax = syntaxAndPattern.substring(0, colon);
        String pattern = syntaxAndPattern.substring(colon + 1);
        Pattern regex = switch (syntax.toLowerCase(Locale.ROOT)) {
            case "glob" -> Pattern.compile(Glob.toRegex(pattern));
            case "regex" -> Pattern.compile(pattern);
            default -> throw new UnsupportedOperationException("path matcher syntax '" + syntax + "': only glob and regex");
        };
        return path -> regex.matcher(path.toString()).matches();
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return LustrePrincipal.LOOKUP;
    }

    /** Always fails: the provider has no WatchService. */
    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("FileSystem.newWatchService(): the Lustre provider has no WatchService");
    }

    @Override
    public String toString() {
        return uri.toUri().toString();
    }

    /** The root directory. */
    LustrePath root() {
        return root;
    }

    /** The one file store. */
    LustreFileStore store() {
        return store;
    }

    /** The namespace every operation walks; ClosedFileSystemException once closed. */
    Namespace namespace() {
        if (!open) {
            throw new ClosedFileSystemException();
        }
        return namespace;
    }

    /** The URI of absolute path {@code bytes}. */
    URI uriOf(byte[] bytes) {
        return uri.toUri(bytes);
    }
}
