package org.jlustre.fuse.lowlevel;

import static org.jlustre.fuse.lowlevel.Layouts.FILE_INFO;
import static org.jlustre.fuse.lowlevel.Layouts.offset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A Java copy of {@code struct fuse_file_info}, taken when the operation is called: libfuse's
 * struct lives on its stack and is gone once the upcall returns, so replies that need one (open,
 * create) write this copy into memory of their own. The filesystem sets {@link #handle} at open
 * and create and gets it back in every later operation on that open file.
 */
public final class FileInfo {

    static final int WRITEPAGE = 1 << 0;
    static final int DIRECT_IO = 1 << 1;
    static final int KEEP_CACHE = 1 << 2;
    static final int FLUSH = 1 << 3;
    static final int NONSEEKABLE = 1 << 4;
    static final int FLOCK_RELEASE = 1 << 5;
    static final int CACHE_READDIR = 1 << 6;
    static final int NOFLUSH = 1 << 7;

    private static final long FLAGS = offset(FILE_INFO, "flags");
    private static final long BITS = offset(FILE_INFO, "bits");
    private static final long FH = offset(FILE_INFO, "fh");
    private static final long LOCK_OWNER = offset(FILE_INFO, "lock_owner");

    private final int flags;
    private final long lockOwner;
    private int bits;
    private long handle;

    /** A file info as the kernel would send it: open(2) flags, bits, handle and lock owner. */
    public FileInfo(int flags, int bits, long handle, long lockOwner) {
        this.flags = flags;
        this.bits = bits;
        this.handle = handle;
        this.lockOwner = lockOwner;
    }

    /** The copy of the struct at {@code fi}, or null when libfuse passed NULL. */
    static FileInfo read(MemorySegment fi) {
        if (fi.address() == 0) {
            return null;
        }
        MemorySegment s = fi.reinterpret(FILE_INFO.byteSize());
        return new FileInfo(s.get(ValueLayout.JAVA_INT, FLAGS), s.get(ValueLayout.JAVA_INT, BITS),
                s.get(ValueLayout.JAVA_LONG, FH), s.get(ValueLayout.JAVA_LONG, LOCK_OWNER));
    }

    void writeTo(MemorySegment fi) {
        fi.asSlice(0, FILE_INFO.byteSize()).fill((byte) 0);
        fi.set(ValueLayout.JAVA_INT, FLAGS, flags);
        fi.set(ValueLayout.JAVA_INT, BITS, bits);
        fi.set(ValueLayout.JAVA_LONG, FH, handle);
        fi.set(ValueLayout.JAVA_LONG, LOCK_OWNER, lockOwner);
    }

    /** The open(2) flags (O_ACCMODE, O_APPEND, O_TRUNC, O_EXCL ...). */
    public int flags() {
        return flags;
    }

    /** The filesystem's handle for this open file (0 until open or create sets it). */
    public long handle() {
        return handle;
    }

    /** Sets the handle the kernel will pass back in every operation on this open file. */
    public void handle(long value) {
        handle = value;
    }

    /** The lock owner: set for flush, release with {@link #flockRelease()}, and lock calls. */
    public long lockOwner() {
        return lockOwner;
    }

    /** Whether a flush comes from close(2) (so POSIX locks of {@link #lockOwner()} must go). */
    public boolean flush() {
        return (bits & FLUSH) != 0;
    }

    /** In release: whether flock locks of {@link #lockOwner()} are to be released. */
    public boolean flockRelease() {
        return (bits & FLOCK_RELEASE) != 0;
    }

    /** Makes reads and writes of this open file bypass the kernel's page cache. */
    public void directIo(boolean on) {
        bits = on ? bits | DIRECT_IO : bits & ~DIRECT_IO;
    }

    /** Whether {@link #directIo(boolean)} is on. */
    public boolean directIo() {
        return (bits & DIRECT_IO) != 0;
    }
}
