package org.jlustre.fuse.lowlevel;

import java.lang.foreign.MemorySegment;

/**
 * A filesystem as libfuse's low-level API sees it ({@code struct fuse_lowlevel_ops},
 * fuse_lowlevel.h): inodes are node ids (1 is the root), names are bytes, and every operation
 * but {@link #forget} answers its {@link Request} exactly once, during the call or later from
 * another thread. The calls come from libfuse's loop threads; an implementation must not block
 * them for long (answer from the completion of the work instead).
 *
 * <p>Every method here corresponds to the libfuse operation of the same name; what the kernel
 * sends and what each reply means is in that header and in lustre-reference-targets.md §7.3.
 * An exception thrown by a method answers its request with EIO.
 */
public interface LowLevelOperations {

    /** Negotiates capabilities ({@code init}); {@code connection} is valid during the call only. */
    void init(Connection connection);

    /** The session ends: no more calls follow. */
    void destroy();

    void lookup(Request req, long parent, byte[] name);

    /** Drops {@code nlookup} of the lookup references the kernel holds on {@code ino}. No answer. */
    void forget(long ino, long nlookup);

    /** {@code fileInfo} is null unless the kernel asked through an open file (fstat). */
    void getattr(Request req, long ino, FileInfo fileInfo);

    /** {@code fileInfo} is null unless the change is through an open file (ftruncate, fchmod ...). */
    void setattr(Request req, long ino, SetAttributes attributes, FileInfo fileInfo);

    void readlink(Request req, long ino);

    void mknod(Request req, long parent, byte[] name, int mode, long rdev);

    void mkdir(Request req, long parent, byte[] name, int mode);

    void unlink(Request req, long parent, byte[] name);

    void rmdir(Request req, long parent, byte[] name);

    void symlink(Request req, byte[] target, long parent, byte[] name);

    /** {@code flags}: 0, or renameat2's RENAME_NOREPLACE 1, RENAME_EXCHANGE 2, RENAME_WHITEOUT 4. */
    void rename(Request req, long parent, byte[] name, long newParent, byte[] newName, int flags);

    void link(Request req, long ino, long newParent, byte[] newName);

    void open(Request req, long ino, FileInfo fileInfo);

    void read(Request req, long ino, long size, long offset, FileInfo fileInfo);

    /**
     * {@code data} is a native copy that lives until {@code req} is answered (libfuse reuses its
     * own buffer once the call returns).
     */
    void write(Request req, long ino, MemorySegment data, long offset, FileInfo fileInfo);

    void flush(Request req, long ino, FileInfo fileInfo);

    void release(Request req, long ino, FileInfo fileInfo);

    void fsync(Request req, long ino, boolean dataOnly, FileInfo fileInfo);

    void opendir(Request req, long ino, FileInfo fileInfo);

    /** Answers with a page from {@link Request#directoryPage}; {@code plus} for readdirplus. */
    void readdir(Request req, long ino, long size, long offset, FileInfo fileInfo, boolean plus);

    void releasedir(Request req, long ino, FileInfo fileInfo);

    void fsyncdir(Request req, long ino, boolean dataOnly, FileInfo fileInfo);

    void statfs(Request req, long ino);

    /** {@code flags}: XATTR_CREATE 1, XATTR_REPLACE 2. */
    void setxattr(Request req, long ino, byte[] name, byte[] value, int flags);

    /** {@code size} 0 asks for the value's size ({@link Request#replyXattrSize}); too small: ERANGE. */
    void getxattr(Request req, long ino, byte[] name, long size);

    void listxattr(Request req, long ino, long size);

    void removexattr(Request req, long ino, byte[] name);

    /** access(2) and chdir: {@code mask} of R_OK 4, W_OK 2, X_OK 1 (F_OK 0). */
    void access(Request req, long ino, int mask);

    void create(Request req, long parent, byte[] name, int mode, FileInfo fileInfo);

    void getlk(Request req, long ino, FileInfo fileInfo, FileLock lock);

    void setlk(Request req, long ino, FileInfo fileInfo, FileLock lock, boolean sleep);

    /** flock(2): {@code operation} LOCK_SH 1, LOCK_EX 2, LOCK_UN 8, with LOCK_NB 4 when it must not wait. */
    void flock(Request req, long ino, FileInfo fileInfo, int operation);

    /** {@code mode}: 0, or FALLOC_FL_KEEP_SIZE 1 / PUNCH_HOLE 2 / ZERO_RANGE 0x10. */
    void fallocate(Request req, long ino, int mode, long offset, long length, FileInfo fileInfo);

    /** Only SEEK_DATA 3 and SEEK_HOLE 4 arrive here. */
    void lseek(Request req, long ino, long offset, int whence, FileInfo fileInfo);
}
