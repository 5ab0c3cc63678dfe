package org.jlustre.fuse.lowlevel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Downcalls into libfuse3 (3.14's ABI, {@code libfuse3.so.3}) and the one libc call the
 * unmount needs. The library is looked up once; {@link #available()} says whether it was found,
 * and every handle is null when it was not (callers check {@link #available()} first).
 */
final class LibFuse {

    /** The soname Debian's libfuse3-3 package installs. */
    static final String LIBRARY = "libfuse3.so.3";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Optional<SymbolLookup> FUSE = lookup();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    private static final FunctionDescriptor REPLY_PTR = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);

    static final MethodHandle SESSION_NEW = fuse("fuse_session_new",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    static final MethodHandle SESSION_MOUNT = fuse("fuse_session_mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    /** The 3.12+ multi-threaded loop taking a {@code fuse_loop_config} made by fuse_loop_cfg_create. */
    static final MethodHandle SESSION_LOOP_MT = fuse("fuse_session_loop_mt_312",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle SESSION_UNMOUNT = fuse("fuse_session_unmount", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle SESSION_DESTROY = fuse("fuse_session_destroy", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle SESSION_EXIT = fuse("fuse_session_exit", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle LOOP_CFG_CREATE = fuse("fuse_loop_cfg_create", FunctionDescriptor.of(ADDRESS));
    static final MethodHandle LOOP_CFG_DESTROY = fuse("fuse_loop_cfg_destroy", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle LOOP_CFG_SET_MAX_THREADS = fuse("fuse_loop_cfg_set_max_threads",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
    static final MethodHandle LOOP_CFG_SET_IDLE_THREADS = fuse("fuse_loop_cfg_set_idle_threads",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));

    static final MethodHandle REQ_CTX = fuse("fuse_req_ctx", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle REQ_GETGROUPS = fuse("fuse_req_getgroups",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));

    static final MethodHandle REPLY_ERR = fuse("fuse_reply_err", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle REPLY_NONE = fuse("fuse_reply_none", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle REPLY_ENTRY = fuse("fuse_reply_entry", REPLY_PTR);
    static final MethodHandle REPLY_CREATE = fuse("fuse_reply_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle REPLY_ATTR = fuse("fuse_reply_attr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE));
    static final MethodHandle REPLY_READLINK = fuse("fuse_reply_readlink", REPLY_PTR);
    static final MethodHandle REPLY_OPEN = fuse("fuse_reply_open", REPLY_PTR);
    static final MethodHandle REPLY_WRITE = fuse("fuse_reply_write", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle REPLY_BUF = fuse("fuse_reply_buf",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle REPLY_STATFS = fuse("fuse_reply_statfs", REPLY_PTR);
    static final MethodHandle REPLY_XATTR = fuse("fuse_reply_xattr", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle REPLY_LOCK = fuse("fuse_reply_lock", REPLY_PTR);
    static final MethodHandle REPLY_LSEEK = fuse("fuse_reply_lseek", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle ADD_DIRENTRY = fuse("fuse_add_direntry",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle ADD_DIRENTRY_PLUS = fuse("fuse_add_direntry_plus",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));

    /** {@code umount2(target, flags)} with errno captured: how root unmounts (EBUSY when busy). */
    static final MethodHandle UMOUNT2 = LINKER.downcallHandle(LIBC.find("umount2").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.captureCallState("errno"));

    private static final MethodHandle GETEUID = LINKER.downcallHandle(LIBC.find("geteuid").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT));

    private LibFuse() {
    }

    /** Whether libfuse3 could be loaded in this process. */
    static boolean available() {
        return FUSE.isPresent();
    }

    /** Whether this process runs as root (mounts and umount2 need no fusermount3). */
    static boolean root() {
        try {
            return (int) GETEUID.invokeExact() == 0;
        } catch (Throwable t) {
            throw new IllegalStateException("geteuid failed", t);
        }
    }

    /** Calls umount2 and returns 0 or the errno it set. */
    static int umount2(String target, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int rc = (int) UMOUNT2.invokeExact(state, arena.allocateFrom(target), flags);
            return rc == 0 ? 0 : state.get(JAVA_INT,
                    Linker.Option.captureStateLayout().byteOffset(PathElement.groupElement("errno")));
        } catch (Throwable t) {
            throw new IllegalStateException("umount2(" + target + ") failed to run", t);
        }
    }

    private static Optional<SymbolLookup> lookup() {
        try {
            return Optional.of(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
        } catch (IllegalArgumentException notFound) {
            return Optional.empty();
        }
    }

    private static MethodHandle fuse(String name, FunctionDescriptor descriptor) {
        return FUSE.map(lookup -> LINKER.downcallHandle(lookup.findOrThrow(name), descriptor)).orElse(null);
    }
}
