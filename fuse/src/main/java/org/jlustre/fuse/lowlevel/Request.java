package org.jlustre.fuse.lowlevel;

import static org.jlustre.fuse.lowlevel.Layouts.CTX;
import static org.jlustre.fuse.lowlevel.Layouts.ENTRY_PARAM;
import static org.jlustre.fuse.lowlevel.Layouts.FILE_INFO;
import static org.jlustre.fuse.lowlevel.Layouts.FLOCK;
import static org.jlustre.fuse.lowlevel.Layouts.STAT;
import static org.jlustre.fuse.lowlevel.Layouts.STATVFS;
import static org.jlustre.fuse.lowlevel.Layouts.offset;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jlustre.common.Errno;

/**
 * One request from the kernel ({@code fuse_req_t}), answered exactly once by one of the
 * {@code reply*} methods, from any thread, during the operation's call or after it returned
 * (libfuse frees the request when it is answered). A second answer throws
 * {@link IllegalStateException}: the kernel would match it to nothing.
 */
public final class Request {

    /** Groups read from /proc are capped here (NGROUPS_MAX is 65536; 1024 covers real users). */
    private static final int MAX_GROUPS = 1024;

    private final MemorySegment req;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final int uid;
    private final int gid;
    private final int pid;
    private final int umask;
    private Arena buffers;

    Request(MemorySegment req) {
        this.req = req;
        try {
            MemorySegment ctx = ((MemorySegment) LibFuse.REQ_CTX.invokeExact(req)).reinterpret(CTX.byteSize());
            uid = ctx.get(ValueLayout.JAVA_INT, offset(CTX, "uid"));
            gid = ctx.get(ValueLayout.JAVA_INT, offset(CTX, "gid"));
            pid = ctx.get(ValueLayout.JAVA_INT, offset(CTX, "pid"));
            umask = ctx.get(ValueLayout.JAVA_INT, offset(CTX, "umask"));
        } catch (Throwable t) {
            throw new IllegalStateException("fuse_req_ctx failed", t);
        }
    }

    /** The caller, with its supplementary groups (read now: call this before answering). */
    public Caller caller() {
        return new Caller(uid, gid, pid, umask, groups());
    }

    /** Whether this request has been answered. */
    public boolean answered() {
        return answered.get();
    }

    /** Answers with an error (the positive errno). */
    public void replyError(Errno errno) {
        replyError(errno.value());
    }

    /** Answers with error number {@code errno} (positive), or success for 0 where an op allows it. */
    public void replyError(int errno) {
        claim();
        call(() -> (int) LibFuse.REPLY_ERR.invokeExact(req, errno));
    }

    /** Answers success for operations that return only a status (unlink, release, fsync ...). */
    public void replyOk() {
        replyError(0);
    }

    /** Answers forget: no reply goes to the kernel, libfuse just frees the request. */
    void replyNone() {
        claim();
        call(() -> {
            LibFuse.REPLY_NONE.invokeExact(req);
            return 0;
        });
    }

    /** Answers lookup, mknod, mkdir, symlink or link: the kernel takes one lookup reference. */
    public void replyEntry(Entry entry) {
        claim();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment param = arena.allocate(ENTRY_PARAM);
            entry.writeTo(param);
            call(() -> (int) LibFuse.REPLY_ENTRY.invokeExact(req, param));
        }
    }

    /** Answers create with the new entry (one lookup reference) and the opened file. */
    public void replyCreate(Entry entry, FileInfo fileInfo) {
        claim();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment param = arena.allocate(ENTRY_PARAM);
            entry.writeTo(param);
            MemorySegment fi = arena.allocate(FILE_INFO);
            fileInfo.writeTo(fi);
            call(() -> (int) LibFuse.REPLY_CREATE.invokeExact(req, param, fi));
        }
    }

    /** Answers getattr or setattr; the kernel may cache them for {@code timeout} seconds. */
    public void replyAttributes(Attributes attributes, double timeout) {
        claim();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stat = arena.allocate(STAT);
            attributes.writeTo(stat);
            call(() -> (int) LibFuse.REPLY_ATTR.invokeExact(req, stat, timeout));
        }
    }

    /** Answers readlink with the target's bytes (no NUL inside). */
    public void replyReadlink(byte[] target) {
        claim();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment link = CStrings.allocate(arena, target);
            call(() -> (int) LibFuse.REPLY_READLINK.invokeExact(req, link));
        }
    }

    /** Answers open or opendir with the handle (and flags) set in {@code fileInfo}. */
    public void replyOpen(FileInfo fileInfo) {
        claim();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fi = arena.allocate(FILE_INFO);
            fileInfo.writeTo(fi);
            call(() -> (int) LibFuse.REPLY_OPEN.invokeExact(req, fi));
        }
    }

    /** Answers write with the number of bytes written. */
    public void replyWrite(long count) {
        claim();
        call(() -> (int) LibFuse.REPLY_WRITE.invokeExact(req, count));
    }

    /** Answers read (a short answer means end of file), getxattr or listxattr with bytes. */
    public void replyData(MemorySegment data) {
        claim();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = data.isNative() ? data : arena.allocate(Math.max(1, data.byteSize())).copyFrom(data);
            call(() -> (int) LibFuse.REPLY_BUF.invokeExact(req, buf, data.byteSize()));
        }
    }

    /** As {@link #replyData(MemorySegment)} with a byte array. */
    public void replyData(byte[] data) {
        replyData(MemorySegment.ofArray(data));
    }

    /** Answers statfs. */
    public void replyStatfs(Statfs statfs) {
        claim();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(STATVFS);
            statfs.writeTo(s);
            call(() -> (int) LibFuse.REPLY_STATFS.invokeExact(req, s));
        }
    }

    /** Answers getxattr or listxattr asked with size 0: the size a buffer would need. */
    public void replyXattrSize(long size) {
        claim();
        call(() -> (int) LibFuse.REPLY_XATTR.invokeExact(req, size));
    }

    /** Answers getlk with the conflicting lock, or one of type F_UNLCK when there is none. */
    public void replyLock(FileLock lock) {
        claim();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(FLOCK);
            lock.writeTo(s);
            call(() -> (int) LibFuse.REPLY_LOCK.invokeExact(req, s));
        }
    }

    /** Answers lseek (SEEK_DATA / SEEK_HOLE) with the offset found. */
    public void replyLseek(long offset) {
        claim();
        call(() -> (int) LibFuse.REPLY_LSEEK.invokeExact(req, offset));
    }

    /** Answers readdir or readdirplus with the entries added to {@code page}, and frees it. */
    public void replyDirectory(DirectoryPage page) {
        claim();
        try (page) {
            MemorySegment buf = page.buffer();
            long used = page.used();
            call(() -> (int) LibFuse.REPLY_BUF.invokeExact(req, buf, used));
        }
    }

    /** A page of at most {@code size} bytes for readdir ({@code plus} false) or readdirplus. */
    public DirectoryPage directoryPage(long size, boolean plus) {
        return new DirectoryPage(req, size, plus);
    }

    private int[] groups() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment list = arena.allocate(ValueLayout.JAVA_INT, MAX_GROUPS);
            int n = (int) LibFuse.REQ_GETGROUPS.invokeExact(req, MAX_GROUPS, list);
            if (n <= 0) {
                return new int[0];
            }
            return Arrays.copyOf(list.toArray(ValueLayout.JAVA_INT), Math.min(n, MAX_GROUPS));
        } catch (Throwable t) {
            throw new IllegalStateException("fuse_req_getgroups failed", t);
        }
    }

    private void claim() {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("request " + req + " answered twice");
        }
    }

    /** A downcall whose failure (a negative return: the kernel refused the reply) we can only note. */
    @FunctionalInterface
    private interface Downcall {
        int run() throws Throwable;
    }

    /** Runs the reply's downcall, then frees the request's buffers (the answer no longer needs them). */
    private void call(Downcall downcall) {
        try {
            downcall.run();
        } catch (Throwable t) {
            throw new IllegalStateException("libfuse reply failed", t);
        } finally {
            freeBuffers();
        }
    }

    /**
     * Native memory of {@code size} bytes that lives until this request is answered: for data
     * the answer carries (a read's buffer) or that must outlive the upcall (a write's copy).
     */
    public synchronized MemorySegment buffer(long size) {
        if (answered.get()) {
            throw new IllegalStateException("request " + req + " is already answered");
        }
        if (buffers == null) {
            buffers = Arena.ofShared();
        }
        return buffers.allocate(Math.max(1, size));
    }

    private synchronized void freeBuffers() {
        if (buffers != null) {
            buffers.close();
            buffers = null;
        }
    }
}
