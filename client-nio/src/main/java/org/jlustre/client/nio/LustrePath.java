package org.jlustre.client.nio;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jlustre.common.Utf8;

/**
 * A path of a Lustre filesystem: an optional root and a sequence of names, each name a byte
 * string as the MDT stores it (Lustre, like POSIX, gives names no encoding). {@link #toString}
 * decodes the bytes as UTF-8 for display, keeping each byte that is not UTF-8 as the lone
 * surrogate {@code U+DC00 + byte} ({@link Utf8}), so {@code fs.getPath(p.toString())} is
 * {@code p} again whatever its bytes; {@link #bytes()} gives the bytes themselves.
 *
 * <p>The operations that need no I/O follow {@code sun.nio.fs.UnixPath} exactly (which
 * {@code PathSyntaxTest} checks against the default filesystem): equality and order are of the
 * bytes, {@code "a//b/"} is {@code "a/b"}, the empty path has one empty name, {@link #normalize}
 * keeps a leading {@code ".."} of a relative path and drops one of an absolute path. The
 * working directory of a Lustre filesystem is its root.
 */
public final class LustrePath implements Path {

    private static final byte[] EMPTY = new byte[0];
    private static final byte[][] NO_NAMES = new byte[0][];
    private static final byte[][] EMPTY_PATH_NAMES = {EMPTY};

    private final LustreFileSystem fs;
    private final boolean absolute;
    /** Never empty for a relative path (the empty path has the one name ""); no name holds '/' or NUL. */
    private final byte[][] names;
    private byte[] joined;
    private String text;

    private LustrePath(LustreFileSystem fs, boolean absolute, byte[][] names) {
        this.fs = fs;
        this.absolute = absolute;
        this.names = names;
    }

    /**
     * The path of {@code bytes} ('/' separates names, repeated and trailing separators are
     * dropped as the kernel does); InvalidPathException for a NUL byte, which no Lustre name
     * may hold.
     */
    static LustrePath parse(LustreFileSystem fs, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new InvalidPathException(Utf8.decode(bytes), "NUL byte not allowed in a Lustre path", i);
            }
        }
        boolean absolute = bytes.length > 0 && bytes[0] == '/';
        List<byte[]> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '/') {
                if (i > start) {
                    names.add(Arrays.copyOfRange(bytes, start, i));
                }
                start = i + 1;
            }
        }
        if (!absolute && names.isEmpty()) {
            return new LustrePath(fs, false, EMPTY_PATH_NAMES);
        }
        return new LustrePath(fs, absolute, names.toArray(NO_NAMES));
    }

    /** The root directory of {@code fs}. */
    static LustrePath root(LustreFileSystem fs) {
        return new LustrePath(fs, true, NO_NAMES);
    }

    /** The bytes of this path, names joined by '/' (a copy). */
    public byte[] bytes() {
        return joined().clone();
    }

    /** The bytes of name {@code index} (a copy); IllegalArgumentException when there is no such name. */
    public byte[] nameBytes(int index) {
        checkIndex(index);
        return names[index].clone();
    }

    /** True for the empty path (no root, one empty name), which stands for the working directory. */
    boolean isEmpty() {
        return !absolute && names.length == 1 && names[0].length == 0;
    }

    /** The names as the byte strings the client API takes (shared, not to be changed). */
    byte[][] names() {
        return isEmpty() ? NO_NAMES : names;
    }

    @Override
    public LustreFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return absolute;
    }

    @Override
    public LustrePath getRoot() {
        return absolute ? fs.root() : null;
    }

    @Override
    public LustrePath getFileName() {
        if (names.length == 0) {
            return null;
        }
        if (!absolute && names.length == 1) {
            return this;
        }
        return new LustrePath(fs, false, new byte[][] {names[names.length - 1]});
    }

    @Override
    public LustrePath getParent() {
        if (names.length == 0) {
            return null;
        }
        if (names.length == 1) {
            return getRoot();
        }
        return new LustrePath(fs, absolute, Arrays.copyOf(names, names.length - 1));
    }

    @Override
    public int getNameCount() {
        return names.length;
    }

    @Override
    public LustrePath getName(int index) {
        checkIndex(index);
        return new LustrePath(fs, false, new byte[][] {names[index]});
    }

    @Override
    public LustrePath subpath(int beginIndex, int endIndex) {
        if (beginIndex < 0 || beginIndex >= names.length || endIndex > names.length || beginIndex >= endIndex) {
            throw new IllegalArgumentException(
                    "subpath(" + beginIndex + ", " + endIndex + ") of " + this + ", which has " + names.length + " names");
        }
        return new LustrePath(fs, false, Arrays.copyOfRange(names, beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        if (!(Objects.requireNonNull(other) instanceof LustrePath that) || that.fs != fs) {
            return false;
        }
        if (that.absolute != absolute || that.names.length > names.length) {
            return false;
        }
        return Arrays.equals(names, 0, that.names.length, that.names, 0, that.names.length, Arrays::compare);
    }

    @Override
    public boolean endsWith(Path other) {
        if (!(Objects.requireNonNull(other) instanceof LustrePath that) || that.fs != fs) {
            return false;
        }
        if (that.absolute) {
            return equals(that);
        }
        int offset = names.length - that.names.length;
        if (offset < 0) {
            return false;
        }
        return Arrays.equals(names, offset, names.length, that.names, 0, that.names.length, Arrays::compare);
    }

    @Override
    public LustrePath normalize() {
        List<byte[]> kept = new ArrayList<>(names.length);
        boolean changed = false;
        for (byte[] name : names) {
            if (isDot(name)) {
                changed = true;
            } else if (isDotDot(name)) {
                if (!kept.isEmpty() && !isDotDot(kept.getLast())) {
                    kept.removeLast();
                    changed = true;
                } else if (absolute) {
                    changed = true; // "/.." is "/"
                } else {
                    kept.add(name);
                }
            } else {
                kept.add(name);
            }
        }
        if (!changed) {
            return this;
        }
        if (!absolute && kept.isEmpty()) {
            return new LustrePath(fs, false, EMPTY_PATH_NAMES);
        }
        return new LustrePath(fs, absolute, kept.toArray(NO_NAMES));
    }

    @Override
    public LustrePath resolve(Path other) {
        LustrePath that = check(other);
        if (that.absolute || isEmpty()) {
            return that;
        }
        if (that.isEmpty()) {
            return this;
        }
        byte[][] joinedNames = Arrays.copyOf(names, names.length + that.names.length);
        System.arraycopy(that.names, 0, joinedNames, names.length, that.names.length);
        return new LustrePath(fs, absolute, joinedNames);
    }

    /** This path with one more name, {@code name} (no '/', no NUL, not empty). */
    LustrePath resolveName(byte[] name) {
        if (isEmpty()) {
            return new LustrePath(fs, false, new byte[][] {name});
        }
        byte[][] more = Arrays.copyOf(names, names.length + 1);
        more[names.length] = name;
        return new LustrePath(fs, absolute, more);
    }

    @Override
    public LustrePath relativize(Path other) {
        LustrePath child = check(other);
        if (child.equals(this)) {
            return new LustrePath(fs, false, EMPTY_PATH_NAMES);
        }
        if (child.absolute != absolute) {
            throw new IllegalArgumentException("cannot relativize " + child + " against " + this
                    + ": one is absolute and the other is not");
        }
        if (isEmpty()) {
            return child;
        }
        LustrePath base = this;
        if (base.hasDotOrDotDot() || child.hasDotOrDotDot()) {
            base = base.normalize();
            child = child.normalize();
        }
        byte[][] from = base.names();
        byte[][] to = child.names();
        int common = 0;
        while (common < from.length && common < to.length && Arrays.equals(from[common], to[common])) {
            common++;
        }
        for (int i = common; i < from.length; i++) {
            if (isDotDot(from[i])) {
                throw new IllegalArgumentException("cannot relativize " + other + " against " + this
                        + ": the rest of " + this + " holds \"..\"");
            }
        }
        List<byte[]> result = new ArrayList<>();
        for (int i = common; i < from.length; i++) {
            result.add(new byte[] {'.', '.'});
        }
        result.addAll(Arrays.asList(to).subList(common, to.length));
        return result.isEmpty() ? new LustrePath(fs, false, EMPTY_PATH_NAMES)
                : new LustrePath(fs, false, result.toArray(NO_NAMES));
    }

    /**
     * {@code lustre://AUTHORITY/FSNAME/PATH} (the filesystem's URI and this absolute path, each
     * byte that is not an unreserved ASCII character percent-encoded), which
     * {@link LustreFileSystemProvider#getPath(URI)} turns back into this path.
     */
    @Override
    public URI toUri() {
        return fs.uriOf(toAbsolutePath().joined());
    }

    @Override
    public LustrePath toAbsolutePath() {
        return absolute ? this : fs.root().resolve(this);
    }

    @Override
    public LustrePath toRealPath(LinkOption... options) throws IOException {
        return fs.provider().realPath(this, options);
    }

    /** Always fails: a Lustre file is no {@link File} of the default filesystem. */
    @Override
    public File toFile() {
        throw new UnsupportedOperationException(
                "Path.toFile(): " + this + " is on a Lustre filesystem, not the default filesystem; use java.nio.file.Files");
    }

    /** Always fails: the provider has no WatchService (Lustre's changelogs would be its source). */
    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("Path.register(WatchService): the Lustre provider has no WatchService");
    }

    /** Unsigned byte order of the whole path, as {@code UnixPath}. */
    @Override
    public int compareTo(Path other) {
        return Arrays.compareUnsigned(joined(), check(other).joined());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LustrePath that && that.fs == fs && that.absolute == absolute
                && Arrays.deepEquals(that.names, names);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(absolute) * 31 + Arrays.deepHashCode(names);
    }

    @Override
    public String toString() {
        if (text == null) {
            text = Utf8.decode(joined());
        }
        return text;
    }

    private byte[] joined() {
        if (joined == null) {
            int length = absolute ? 1 : 0;
            for (byte[] name : names) {
                length += name.length;
            }
            length += Math.max(0, names.length - 1);
            byte[] out = new byte[length];
            int at = 0;
            if (absolute) {
                out[at++] = '/';
            }
            for (int i = 0; i < names.length; i++) {
                if (i > 0) {
                    out[at++] = '/';
                }
                System.arraycopy(names[i], 0, out, at, names[i].length);
                at += names[i].length;
            }
            joined = out;
        }
        return joined;
    }

    private LustrePath check(Path other) {
        if (!(Objects.requireNonNull(other, "path") instanceof LustrePath that)) {
            throw new ProviderMismatchException(other + " is a " + other.getClass().getName() + ", not a Lustre path");
        }
        return that;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= names.length) {
            throw new IllegalArgumentException("name " + index + " of " + this + ", which has " + names.length + " names");
        }
    }

    private boolean hasDotOrDotDot() {
        for (byte[] name : names) {
            if (isDot(name) || isDotDot(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} is ".". */
    static boolean isDot(byte[] name) {
        return name.length == 1 && name[0] == '.';
    }

    /** Whether {@code name} is "..". */
    static boolean isDotDot(byte[] name) {
        return name.length == 2 && name[0] == '.' && name[1] == '.';
    }
}
