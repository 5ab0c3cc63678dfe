package org.jlustre.fuse.lowlevel;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jlustre.common.Errno;

/**
 * A small tree of directories and files held in maps, served through the binding so tests can
 * check that each upcall arrives with its arguments and each reply reaches the kernel. It
 * records the names, callers and rename flags it saw. Test code only: the real filesystem is the
 * Lustre client.
 */
final class TreeOperations implements LowLevelOperations {

    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;

    /** One inode: a directory (children by name) or a regular file (data). */
    static final class Node {
        final long ino;
        final int mode;
        final Map<ByteBuffer, Long> children = new TreeMap<>();
        final Map<ByteBuffer, byte[]> xattrs = new TreeMap<>();
        byte[] data = new byte[0];

        Node(long ino, int mode) {
            this.ino = ino;
            this.mode = mode;
        }
    }

    final Map<Long, Node> nodes = new ConcurrentHashMap<>();
    final List<byte[]> namesSeen = new CopyOnWriteArrayList<>();
    final List<Caller> callers = new CopyOnWriteArrayList<>();
    final List<Integer> renameFlags = new CopyOnWriteArrayList<>();
    final AtomicBoolean initialised = new AtomicBoolean();
    final AtomicBoolean destroyed = new AtomicBoolean();
    private final AtomicLong nextIno = new AtomicLong(2);

    TreeOperations() {
        nodes.put(1L, new Node(1, S_IFDIR | 0755));
    }

    @Override
    public void init(Connection connection) {
        connection.want(Connection.CAP_WRITEBACK_CACHE, false);
        initialised.set(true);
    }

    @Override
    public void destroy() {
        destroyed.set(true);
    }

    private Attributes attributes(Node n) {
        return new Attributes(n.ino, n.mode, (n.mode & S_IFDIR) != 0 ? 2 : 1, 0, 0, 0, n.data.length,
                (n.data.length + 511) / 512, 4096, 0, 1_000_000_000L, 0);
    }

    private Entry entry(Node n) {
        return new Entry(n.ino, 1, attributes(n), 0, 0);
    }

    private synchronized Node child(long parent, byte[] name) {
        Node dir = nodes.get(parent);
        Long ino = dir == null ? null : dir.children.get(ByteBuffer.wrap(name));
        return ino == null ? null : nodes.get(ino);
    }

    @Override
    public void lookup(Request req, long parent, byte[] name) {
        namesSeen.add(name);
        Node n = child(parent, name);
        if (n == null) {
            req.replyError(Errno.ENOENT);
        } else {
            req.replyEntry(entry(n));
        }
    }

    @Override
    public void forget(long ino, long nlookup) {
    }

    @Override
    public void getattr(Request req, long ino, FileInfo fileInfo) {
        Node n = nodes.get(ino);
        if (n == null) {
            req.replyError(Errno.ENOENT);
        } else {
            req.replyAttributes(attributes(n), 0);
        }
    }

    @Override
    public synchronized void setattr(Request req, long ino, SetAttributes attributes, FileInfo fileInfo) {
        Node n = nodes.get(ino);
        if (attributes.has(SetAttributes.SIZE)) {
            n.data = Arrays.copyOf(n.data, (int) attributes.size());
        }
        req.replyAttributes(attributes(n), 0);
    }

    @Override
    public void readlink(Request req, long ino) {
        req.replyError(Errno.EINVAL);
    }

    @Override
    public void mknod(Request req, long parent, byte[] name, int mode, long rdev) {
        req.replyEntry(entry(make(parent, name, mode)));
    }

    @Override
    public void mkdir(Request req, long parent, byte[] name, int mode) {
        namesSeen.add(name);
        callers.add(req.caller());
        req.replyEntry(entry(make(parent, name, S_IFDIR | mode)));
    }

    private synchronized Node make(long parent, byte[] name, int mode) {
        Node n = new Node(nextIno.getAndIncrement(), mode);
        nodes.put(n.ino, n);
        nodes.get(parent).children.put(ByteBuffer.wrap(name.clone()), n.ino);
        return n;
    }

    @Override
    public synchronized void unlink(Request req, long parent, byte[] name) {
        Long ino = nodes.get(parent).children.remove(ByteBuffer.wrap(name));
        req.replyError(ino == null ? Errno.ENOENT.value() : 0);
    }

    @Override
    public void rmdir(Request req, long parent, byte[] name) {
        unlink(req, parent, name);
    }

    @Override
    public void symlink(Request req, byte[] target, long parent, byte[] name) {
        req.replyError(Errno.EPERM);
    }

    @Override
    public synchronized void rename(Request req, long parent, byte[] name, long newParent, byte[] newName,
            int flags) {
        renameFlags.add(flags);
        Map<ByteBuffer, Long> to = nodes.get(newParent).children;
        if (flags == 1 && to.containsKey(ByteBuffer.wrap(newName))) {
            req.replyError(Errno.EEXIST);
            return;
        }
        if (flags != 0 && flags != 1) {
            req.replyError(Errno.EINVAL);
            return;
        }
        Long ino = nodes.get(parent).children.remove(ByteBuffer.wrap(name));
        to.put(ByteBuffer.wrap(newName.clone()), ino);
        req.replyOk();
    }

    @Override
    public void link(Request req, long ino, long newParent, byte[] newName) {
        req.replyError(Errno.EPERM);
    }

    @Override
    public void open(Request req, long ino, FileInfo fileInfo) {
        fileInfo.handle(ino * 1000);
        req.replyOpen(fileInfo);
    }

    @Override
    public synchronized void read(Request req, long ino, long size, long offset, FileInfo fileInfo) {
        byte[] data = nodes.get(ino).data;
        int from = (int) Math.min(offset, data.length);
        int to = (int) Math.min(data.length, offset + size);
        req.replyData(Arrays.copyOfRange(data, from, to));
    }

    @Override
    public synchronized void write(Request req, long ino, MemorySegment data, long offset, FileInfo fileInfo) {
        if (fileInfo.handle() != ino * 1000) {
            req.replyError(Errno.EBADF);
            return;
        }
        Node n = nodes.get(ino);
        int end = (int) (offset + data.byteSize());
        if (end > n.data.length) {
            n.data = Arrays.copyOf(n.data, end);
        }
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, n.data, (int) offset, (int) data.byteSize());
        req.replyWrite(data.byteSize());
    }

    @Override
    public void flush(Request req, long ino, FileInfo fileInfo) {
        req.replyOk();
    }

    @Override
    public void release(Request req, long ino, FileInfo fileInfo) {
        req.replyOk();
    }

    @Override
    public void fsync(Request req, long ino, boolean dataOnly, FileInfo fileInfo) {
        req.replyOk();
    }

    @Override
    public void opendir(Request req, long ino, FileInfo fileInfo) {
        req.replyOpen(fileInfo);
    }

    @Override
    public synchronized void readdir(Request req, long ino, long size, long offset, FileInfo fileInfo,
            boolean plus) {
        List<Map.Entry<ByteBuffer, Long>> all = new ArrayList<>(nodes.get(ino).children.entrySet());
        DirectoryPage page = req.directoryPage(size, plus);
        for (int i = (int) offset; i < all.size(); i++) {
            byte[] name = new byte[all.get(i).getKey().remaining()];
            all.get(i).getKey().duplicate().get(name);
            Node n = nodes.get(all.get(i).getValue());
            boolean added = plus ? page.add(name, entry(n), i + 1) : page.add(name, n.ino, n.mode, i + 1);
            if (!added) {
                break;
            }
        }
        req.replyDirectory(page);
    }

    @Override
    public void releasedir(Request req, long ino, FileInfo fileInfo) {
        req.replyOk();
    }

    @Override
    public void fsyncdir(Request req, long ino, boolean dataOnly, FileInfo fileInfo) {
        req.replyOk();
    }

    @Override
    public void statfs(Request req, long ino) {
        req.replyStatfs(new Statfs(4096, 4096, 1000, 600, 500, 100, 90, 90, 7, 255));
    }

    @Override
    public synchronized void setxattr(Request req, long ino, byte[] name, byte[] value, int flags) {
        nodes.get(ino).xattrs.put(ByteBuffer.wrap(name), value);
        req.replyOk();
    }

    @Override
    public synchronized void getxattr(Request req, long ino, byte[] name, long size) {
        byte[] value = nodes.get(ino).xattrs.get(ByteBuffer.wrap(name));
        if (value == null) {
            req.replyError(Errno.ENODATA);
        } else if (size == 0) {
            req.replyXattrSize(value.length);
        } else if (size < value.length) {
            req.replyError(Errno.ERANGE);
        } else {
            req.replyData(value);
        }
    }

    @Override
    public synchronized void listxattr(Request req, long ino, long size) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        for (ByteBuffer name : nodes.get(ino).xattrs.keySet()) {
            names.write(name.array(), 0, name.array().length);
            names.write(0);
        }
        if (size == 0) {
            req.replyXattrSize(names.size());
        } else {
            req.replyData(names.toByteArray());
        }
    }

    @Override
    public void removexattr(Request req, long ino, byte[] name) {
        req.replyError(Errno.EOPNOTSUPP);
    }

    @Override
    public void access(Request req, long ino, int mask) {
        req.replyOk();
    }

    @Override
    public void create(Request req, long parent, byte[] name, int mode, FileInfo fileInfo) {
        namesSeen.add(name);
        callers.add(req.caller());
        Node n = make(parent, name, S_IFREG | (mode & 07777));
        fileInfo.handle(n.ino * 1000);
        req.replyCreate(entry(n), fileInfo);
    }

    @Override
    public void getlk(Request req, long ino, FileInfo fileInfo, FileLock lock) {
        req.replyError(Errno.ENOSYS);
    }

    @Override
    public void setlk(Request req, long ino, FileInfo fileInfo, FileLock lock, boolean sleep) {
        req.replyError(Errno.ENOSYS);
    }

    @Override
    public void flock(Request req, long ino, FileInfo fileInfo, int operation) {
        req.replyError(Errno.ENOSYS);
    }

    @Override
    public void fallocate(Request req, long ino, int mode, long offset, long length, FileInfo fileInfo) {
        req.replyError(Errno.EOPNOTSUPP);
    }

    @Override
    public void lseek(Request req, long ino, long offset, int whence, FileInfo fileInfo) {
        req.replyError(Errno.ENOSYS);
    }
}
