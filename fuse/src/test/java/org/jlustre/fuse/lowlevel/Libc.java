package org.jlustre.fuse.lowlevel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.jlustre.common.Errno;

/**
 * The system calls tests make on a mount that java.nio cannot: names as raw bytes,
 * renameat2's flags, mknod of sockets, lseek's SEEK_DATA/SEEK_HOLE. Each method says how it
 * reports the errno.
 */
public final class Libc {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final long ERRNO_OFFSET = Linker.Option.captureStateLayout().byteOffset(PathElement.groupElement("errno"));
    private static final int AT_FDCWD = -100;
    private static final MethodHandle MKDIR = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("mkdir"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle RENAMEAT2 = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("renameat2"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);

    private static final MethodHandle MKNOD = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("mknod"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG), ERRNO);
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("open"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle LSEEK = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("lseek"),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), ERRNO);
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("close"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private Libc() {
    }

    /** mknod(2): 0 or the errno. */
    public static int mknod(String path, int mode) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) MKNOD.invokeExact(state, arena.allocateFrom(path), mode, 0L);
            return rc == 0 ? 0 : state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
        }
    }

    /** Opens {@code path} read-only and lseeks it: the offset, or minus the errno. */
    public static long lseek(String path, long offset, int whence) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), 0);
            if (fd < 0) {
                return -state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
            }
            long at = (long) LSEEK.invokeExact(state, fd, offset, whence);
            long result = at >= 0 ? at : -state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
            int closed = (int) CLOSE.invokeExact(fd);
            return closed == 0 ? result : -Errno.EIO.value();
        }
    }

    /** mkdir(2) of a path given as bytes: 0 or the errno. */
    public static int mkdir(byte[] path, int mode) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) MKDIR.invokeExact(state, cString(arena, path), mode);
            return rc == 0 ? 0 : state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
        }
    }

    /** renameat2(2) relative to the working directory: 0 or the errno. */
    public static int renameat2(String from, String to, int flags) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) RENAMEAT2.invokeExact(state, AT_FDCWD, arena.allocateFrom(from), AT_FDCWD,
                    arena.allocateFrom(to), flags);
            return rc == 0 ? 0 : state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
        }
    }

    private static MemorySegment cString(Arena arena, byte[] bytes) {
        return CStrings.allocate(arena, bytes);
    }
}
