package org.jlustre.client.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jlustre.client.FileAttr;

/**
 * The {@code user} view: a file's {@code user.*} extended attributes, kept by the MDT
 * (getxattr, setxattr, listxattr, removexattr), named without the {@code user.} prefix as the
 * JDK's Unix view names them. By name, {@code Files.getAttribute(path, "user:NAME")} is the
 * value's bytes and {@code Files.setAttribute(path, "user:NAME", bytes or ByteBuffer)} sets it.
 */
final class UserAttributeView implements UserDefinedFileAttributeView {

    /** The view's name. */
    static final String NAME = "user";

    private static final String PREFIX = "user.";

    private final LustrePath path;
    private final boolean follow;

    UserAttributeView(LustrePath path, boolean follow) {
        this.path = path;
        this.follow = follow;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> list() throws IOException {
        Namespace ns = path.getFileSystem().namespace();
        List<String> names = new ArrayList<>();
        for (String n : ns.calls().await(ns.client().listxattr(ns.cred(), file(ns).fid()), path)) {
            if (n.startsWith(PREFIX)) {
                names.add(n.substring(PREFIX.length()));
            }
        }
        return names;
    }

    @Override
    public int size(String name) throws IOException {
        return get(name).length;
    }

    /** Reads the whole value into {@code dst}; FileSystemException (ERANGE) when it does not fit, as getxattr(2). */
    @Override
    public int read(String name, ByteBuffer dst) throws IOException {
        byte[] value = get(name);
        if (value.length > dst.remaining()) {
            throw new FileSystemException(path.toString(), null, "ERANGE: user." + name + " holds " + value.length
                    + " bytes, the buffer has room for " + dst.remaining());
        }
        dst.put(value);
        return value.length;
    }

    @Override
    public int write(String name, ByteBuffer src) throws IOException {
        byte[] value = new byte[src.remaining()];
        src.get(value);
        Namespace ns = path.getFileSystem().namespace();
        ns.calls().await(ns.client().setxattr(ns.cred(), file(ns).fid(), PREFIX + name, value, 0), path);
        return value.length;
    }

    @Override
    public void delete(String name) throws IOException {
        Namespace ns = path.getFileSystem().namespace();
        ns.calls().await(ns.client().removexattr(ns.cred(), file(ns).fid(), PREFIX + name), path);
    }

    /** {@code Files.readAttributes(path, "user:a,b")}: each value's bytes ({@code *} for all). */
    Map<String, Object> read(String names) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : names.split(",")) {
            if (name.equals("*")) {
                for (String n : list()) {
                    out.put(n, get(n));
                }
            } else {
                out.put(name, get(name));
            }
        }
        return out;
    }

    /** {@code Files.setAttribute(path, "user:NAME", value)} with a byte[] or a ByteBuffer. */
    void set(String name, Object value) throws IOException {
        ByteBuffer bytes = switch (value) {
            case byte[] b -> ByteBuffer.wrap(b);
            case ByteBuffer b -> b;
            default -> throw new IllegalArgumentException("user:" + name + " takes a byte[] or a ByteBuffer, not a "
                    + value.getClass().getName());
        };
        write(name, bytes);
    }

    private byte[] get(String name) throws IOException {
        Namespace ns = path.getFileSystem().namespace();
        return ns.calls().await(ns.client().getxattr(ns.cred(), file(ns).fid(), PREFIX + name), path);
    }

    private FileAttr file(Namespace ns) throws IOException {
        return ns.stat(path, follow);
    }
}
