package org.jlustre.tools.osd;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * The libc calls {@code osd export} needs and Java has no API for: {@code lsetxattr} (Java's
 * {@code UserDefinedFileAttributeView} reaches only {@code user.*}), {@code mknod} for devices,
 * fifos and sockets, {@code lchown}, {@code chmod} with the setuid, setgid and sticky bits, and
 * {@code geteuid}; through the FFM API, each failure an {@link LustreException} with the call's
 * errno.
 *
 * <p>Thread-safe; the method handles are looked up once.
 */
final class Posix {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(StructLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CCS = Linker.Option.captureCallState("errno");

    private static final MethodHandle LSETXATTR = downcall("lsetxattr", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle LGETXATTR = downcall("lgetxattr", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle UTIMENSAT = downcall("utimensat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /** {@code AT_FDCWD}. */
    private static final int AT_FDCWD = -100;
    /** {@code AT_SYMLINK_NOFOLLOW}. */
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final MethodHandle MKNOD = downcall("mknod", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle LCHOWN = downcall("lchown", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle CHMOD = downcall("chmod", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle GETEUID = LINKER.downcallHandle(
            LINKER.defaultLookup().find("geteuid").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));

    private Posix() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no " + name)), fd, CCS);
    }

    /** The effective uid ({@code geteuid}). */
    static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("geteuid failed", t);
        }
    }

    /** {@code lsetxattr(path, name, value, size, 0)}: the xattr on the file itself, not a symlink's target. */
    static void lsetxattr(Path path, String name, byte[] value) throws LustreException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            MemorySegment state = a.allocate(CAPTURE);
            int rc = (int) LSETXATTR.invokeExact(state, a.allocateFrom(path.toString()), a.allocateFrom(name), v,
                    (long) value.length, 0);
            check(rc, state, "setxattr " + name + " on " + path);
        } catch (LustreException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("lsetxattr failed", t);
        }
    }

    /** {@code lgetxattr(path, name)}: the value (at most 64 KiB, the Linux limit). */
    static byte[] lgetxattr(Path path, String name) throws LustreException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(65536);
            MemorySegment state = a.allocate(CAPTURE);
            long n = (long) LGETXATTR.invokeExact(state, a.allocateFrom(path.toString()), a.allocateFrom(name), v,
                    v.byteSize());
            check(n < 0 ? -1 : 0, state, "getxattr " + name + " on " + path);
            return v.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (LustreException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("lgetxattr failed", t);
        }
    }

    /**
     * {@code utimensat(AT_FDCWD, path, {atime, mtime}, AT_SYMLINK_NOFOLLOW)}: the times of the file
     * itself, without opening it (Java's {@code setTimes} opens it, which blocks on a fifo).
     */
    static void utimes(Path path, long atimeSeconds, long mtimeSeconds) throws LustreException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment times = a.allocate(ValueLayout.JAVA_LONG, 4);
            times.setAtIndex(ValueLayout.JAVA_LONG, 0, atimeSeconds);
            times.setAtIndex(ValueLayout.JAVA_LONG, 2, mtimeSeconds);
            MemorySegment state = a.allocate(CAPTURE);
            int rc = (int) UTIMENSAT.invokeExact(state, AT_FDCWD, a.allocateFrom(path.toString()), times,
                    AT_SYMLINK_NOFOLLOW);
            check(rc, state, "utimensat " + path);
        } catch (LustreException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("utimensat failed", t);
        }
    }

    /** {@code mknod(path, mode, dev)}. */
    static void mknod(Path path, int mode, long dev) throws LustreException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            int rc = (int) MKNOD.invokeExact(state, a.allocateFrom(path.toString()), mode, dev);
            check(rc, state, "mknod " + path + " mode " + Integer.toOctalString(mode));
        } catch (LustreException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mknod failed", t);
        }
    }

    /** {@code lchown(path, uid, gid)}. */
    static void lchown(Path path, int uid, int gid) throws LustreException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            int rc = (int) LCHOWN.invokeExact(state, a.allocateFrom(path.toString()), uid, gid);
            check(rc, state, "chown " + Integer.toUnsignedString(uid) + ":" + Integer.toUnsignedString(gid) + " "
                    + path);
        } catch (LustreException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("lchown failed", t);
        }
    }

    /** {@code chmod(path, mode)}, all of 07777. */
    static void chmod(Path path, int mode) throws LustreException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            int rc = (int) CHMOD.invokeExact(state, a.allocateFrom(path.toString()), mode & 07777);
            check(rc, state, "chmod " + Integer.toOctalString(mode & 07777) + " " + path);
        } catch (LustreException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("chmod failed", t);
        }
    }

    /**
     * The dev_t of an rdev as Lustre keeps it ({@code la_rdev}: the kernel's 32-bit
     * {@code new_encode_dev}, minor low byte, major, minor high bits), which is glibc's
     * {@code makedev} for every major below 4096.
     */
    static long devT(int rdev) {
        return Integer.toUnsignedLong(rdev);
    }

    private static void check(int rc, MemorySegment state, String what) throws LustreException {
        if (rc == 0) {
            return;
        }
        int errno = (int) ERRNO.get(state, 0L);
        Errno e = Errno.ofOrNull(errno);
        throw new LustreException(e == null ? Errno.EIO : e, what + ": errno " + errno);
    }
}
