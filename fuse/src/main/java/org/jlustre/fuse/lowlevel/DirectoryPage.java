package org.jlustre.fuse.lowlevel;

import static org.jlustre.fuse.lowlevel.Layouts.ENTRY_PARAM;
import static org.jlustre.fuse.lowlevel.Layouts.STAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The answer to one readdir or readdirplus: entries packed by libfuse's
 * {@code fuse_add_direntry[_plus]} into a buffer of the size the kernel asked for. Each entry
 * carries the offset of the entry after it (the cookie the kernel sends back to continue);
 * an empty page means the end of the directory. For readdirplus every added entry other than
 * "." and ".." gives the kernel a lookup reference, as a lookup would.
 */
public final class DirectoryPage implements AutoCloseable {

    private final MemorySegment req;
    private final boolean plus;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final MemorySegment scratch;
    private long used;

    DirectoryPage(MemorySegment req, long size, boolean plus) {
        this.req = req;
        this.plus = plus;
        this.buffer = arena.allocate(Math.max(1, size));
        this.scratch = arena.allocate(plus ? ENTRY_PARAM : STAT);
    }

    /** Whether entries carry attributes (readdirplus): then add with {@link #add(byte[], Entry, long)}. */
    public boolean plus() {
        return plus;
    }

    /**
     * Adds a readdir entry: {@code name}, the type bits of {@code mode} and inode {@code ino};
     * false (and nothing added) when it does not fit.
     */
    public boolean add(byte[] name, long ino, int mode, long nextOffset) {
        if (plus) {
            throw new IllegalStateException("a readdirplus page takes entries with attributes");
        }
        new Attributes(ino, mode, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).writeTo(scratch);
        return append(LibFuse.ADD_DIRENTRY, name, nextOffset);
    }

    /** Adds a readdirplus entry with its attributes; false (nothing added) when it does not fit. */
    public boolean add(byte[] name, Entry entry, long nextOffset) {
        if (!plus) {
            throw new IllegalStateException("a readdir page takes entries without attributes");
        }
        entry.writeTo(scratch);
        return append(LibFuse.ADD_DIRENTRY_PLUS, name, nextOffset);
    }

    private boolean append(MethodHandle add, byte[] name, long nextOffset) {
        try (Arena local = Arena.ofConfined()) {
            MemorySegment cname = CStrings.allocate(local, name);
            long free = buffer.byteSize() - used;
            long needed = (long) add.invokeExact(req, buffer.asSlice(used), free, cname, scratch, nextOffset);
            if (needed > free) {
                return false;
            }
            used += needed;
            return true;
        } catch (Throwable t) {
            throw new IllegalStateException("fuse_add_direntry failed", t);
        }
    }

    MemorySegment buffer() {
        return buffer;
    }

    long used() {
        return used;
    }

    @Override
    public void close() {
        arena.close();
    }
}
