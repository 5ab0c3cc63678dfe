package org.jlustre.tools.lfs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jlustre.client.FileAttr;
import org.jlustre.client.LustreClient;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Utf8;
import org.jlustre.mdc.MdcCred;

/**
 * A mounted filesystem as lfs and the llmount shell see it: a client, the credentials its calls
 * carry, where it is mounted ({@code /mnt/lustre}; empty when paths are the filesystem's own,
 * from its root) and the directory relative paths start from. A path a user gives is mapped to
 * the filesystem's own path by taking the mount point off; names are bytes, carried in Java
 * strings as {@link Utf8} does (a byte that is not UTF-8 survives as an escape).
 *
 * @param client the mounted client
 * @param cred who the calls are made for
 * @param mountpoint where the filesystem is mounted, without a trailing '/' ("" for none)
 * @param cwd the directory relative paths are taken from (an absolute path under the mount point)
 */
public record Mounted(LustreClient client, MdcCred cred, String mountpoint, String cwd) {

    /** How long one call may take before lfs gives up on it (the client's own bounds are shorter). */
    private static final long CALL_DEADLINE_SECONDS = 300;

    /** Checks the mount point. */
    public Mounted {
        if (mountpoint.endsWith("/")) {
            throw new IllegalArgumentException("mount point '" + mountpoint + "' ends with '/'");
        }
    }

    /** The same from another working directory. */
    public Mounted withCwd(String dir) {
        return new Mounted(client, cred, mountpoint, dir);
    }

    /**
     * The filesystem's own path ({@code /d/f}, {@code /} for the root) of what the user named:
     * made absolute from {@link #cwd}, {@code .} and {@code ..} taken out, the mount point off.
     *
     * @throws LustreException EINVAL naming the path when it is not under the mount point
     */
    public String inside(String path) throws LustreException {
        String absolute = normalize(path.startsWith("/") ? path : cwd + "/" + path);
        if (mountpoint.isEmpty()) {
            return absolute;
        }
        if (absolute.equals(mountpoint)) {
            return "/";
        }
        if (!absolute.startsWith(mountpoint + "/")) {
            throw new LustreException(Errno.EINVAL, "'" + path + "' is not on the filesystem mounted at " + mountpoint);
        }
        return absolute.substring(mountpoint.length());
    }

    /** How a path of the filesystem is shown to the user: under the mount point. */
    public String shown(String inside) {
        return mountpoint.isEmpty() ? inside : inside.equals("/") ? mountpoint : mountpoint + inside;
    }

    /** The attributes of the file at the user's {@code path} (a symbolic link itself, not followed). */
    public FileAttr stat(String path) throws LustreException {
        return await(client.lookupPath(cred, Utf8.encode(inside(path))));
    }

    /** A path cut into its parent's attributes and its last name, for calls that make or remove a name. */
    public record Named(FileAttr parent, byte[] name) {
    }

    /**
     * The parent directory and last name of the user's {@code path}.
     *
     * @throws LustreException EINVAL for the root, which has no name; the errors of the parent's lookup
     */
    public Named named(String path) throws LustreException {
        String in = inside(path);
        if (in.equals("/")) {
            throw new LustreException(Errno.EINVAL, "'" + path + "' is the filesystem's root");
        }
        int slash = in.lastIndexOf('/');
        String parent = in.substring(0, Math.max(slash, 1));
        FileAttr p = await(client.lookupPath(cred, Utf8.encode(parent)));
        return new Named(p, Utf8.encode(in.substring(slash + 1)));
    }

    /** Lexically normalizes an absolute path: no empty, {@code .} or {@code ..} components, no trailing '/'. */
    public static String normalize(String absolute) {
        List<String> parts = new ArrayList<>();
        for (String p : absolute.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
                continue;
            }
            parts.add(p);
        }
        return "/" + String.join("/", parts);
    }

    /**
     * Waits for a client call, with a deadline.
     *
     * @throws LustreException what the call failed with, ETIMEDOUT past the deadline
     */
    public static <T> T await(CompletableFuture<T> call) throws LustreException {
        try {
            return call.get(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LustreException le) {
                throw le;
            }
            throw new LustreException(Errno.EIO, String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new LustreException(Errno.ETIMEDOUT, "no answer in " + CALL_DEADLINE_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LustreException(Errno.EINTR, "interrupted");
        }
    }
}
