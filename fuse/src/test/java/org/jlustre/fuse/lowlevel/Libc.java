package org.jlustre.fuse.lowlevel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The system calls tests make on a mount that java.nio cannot: names as raw bytes and
 * renameat2's flags. Each returns 0 or the errno.
 */
final class Libc {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final long ERRNO_OFFSET = Linker.Option.captureStateLayout().byteOffset(PathElement.groupElement("errno"));
    private static final int AT_FDCWD = -100;
    private static final MethodHandle MKDIR = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("mkdir"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle RENAMEAT2 = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("renameat2"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);

    private Libc() {
    }

    static int mkdir(byte[] path, int mode) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) MKDIR.invokeExact(state, cString(arena, path), mode);
            return rc == 0 ? 0 : state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
        }
    }

    static int renameat2(String from, String to, int flags) throws Throwable {
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
