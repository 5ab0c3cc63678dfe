package org.jlustre.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.mdc.Mdc;
import org.jlustre.mdc.MdcAttr;
import org.jlustre.mdc.MdcCred;
import org.jlustre.mdc.MdcSetattr;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.mdt.LinkEa;
import org.jlustre.wire.mdt.LovMdsMd;
import org.jlustre.wire.mdt.LuDirpage;
import org.jlustre.wire.mdt.MdsAttr;
import org.jlustre.wire.ost.ObdMd;

/**
 * llite's operations ({@code ll_*} of lustre/llite) over the mount's lmv and lov: each call
 * finds the MDT of the FID it starts from through the lmv, sends one MDC request and, for
 * regular files, reaches the stripe objects through {@link LovIo}. Nothing is cached but the
 * FLD ranges, so every call sees the servers' state.
 */
final class LustreClientImpl implements LustreClient {

    /** Readdir pages asked per MDS_READPAGE (8 lu_pages). */
    private static final int READDIR_BYTES = 8 * LuDirpage.LU_PAGE_SIZE;
    /** Most links a path has from the root ({@code PATH_MAX / 2}), bounding fid2path. */
    private static final int MAX_DEPTH = 2048;

    private final ClientStack stack;
    private final Fid root;
    private final LovIo lovIo;
    private final Runnable unmount;
    private final ClientFlocks flocks;

    LustreClientImpl(ClientStack stack, Fid root, Runnable unmount) {
        this.stack = stack;
        this.root = root;
        this.lovIo = new LovIo(stack.lov());
        this.unmount = unmount;
        this.flocks = new ClientFlocks(fid -> stack.lmv().mdcFor(fid));
    }

    @Override
    public String fsname() {
        return stack.fsname();
    }

    @Override
    public Fid root() {
        return root;
    }

    @Override
    public List<String> targets() {
        List<String> out = new ArrayList<>();
        stack.lmv().indexes().forEach(i -> out.add(stack.lmv().mdtName(i)));
        stack.lov().indexes().forEach(i -> out.add(stack.lov().ostName(i)));
        return out;
    }

    LovIo lovIo() {
        return lovIo;
    }

    /** The client's clock in seconds, for the times a request carries. */
    long now() {
        return stack.node().libcfs().time().realSeconds();
    }

    /** A blocking MDC call to the MDT of {@code fid}, run on the mount's executor. */
    <T> CompletableFuture<T> onMdt(Fid fid, MdcCall<T> call) {
        Objects.requireNonNull(fid, "fid");
        return stack.lmv().mdcFor(fid).thenCompose(mdc -> Async.on(stack.executor(), () -> call.run(mdc)));
    }

    /** One MDC call. */
    @FunctionalInterface
    interface MdcCall<T> {
        T run(Mdc mdc) throws LustreException;
    }

    /** {@link #onMdt} for a call naming {@code name} in {@code parent}, checked first. */
    private <T> CompletableFuture<T> onName(Fid parent, byte[] name, Function<byte[], MdcCall<T>> call) {
        try {
            byte[] n = Names.check(name).clone();
            return onMdt(parent, call.apply(n));
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ------------------------------------------------------------------ attributes

    /** The API's attributes of an MDT reply: for a regular file with objects, size and times from the OSTs. */
    CompletableFuture<FileAttr> attrOf(MdcAttr a) {
        MdtBody b = a.body();
        int type = b.mode() & FileMode.S_IFMT;
        Layout layout = null;
        if (type == FileMode.S_IFREG && a.hasMd()) {
            try {
                layout = Layouts.of(a.layout());
            } catch (LustreException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (layout == null || layout.objects().isEmpty()) {
            return CompletableFuture.completedFuture(new FileAttr(b.fid1(), b.mode(), b.nlink(), b.uid(), b.gid(),
                    Integer.toUnsignedLong(b.rdev()), b.size(), b.blocks(), b.atime(), b.mtime(), b.ctime()));
        }
        // ll_merge_attr: the OSTs' size and blocks, the latest of the MDT's and the OSTs' times
        return lovIo.glimpse(layout).thenApply(g -> new FileAttr(b.fid1(), b.mode(), b.nlink(), b.uid(), b.gid(),
                Integer.toUnsignedLong(b.rdev()), g.size(), g.blocks(), Math.max(b.atime(), g.atime()),
                Math.max(b.mtime(), g.mtime()), Math.max(b.ctime(), g.ctime())));
    }

    /** The MDT's reply for {@code fid}, with its LOV EA. */
    CompletableFuture<MdcAttr> getattr(MdcCred cred, Fid fid) {
        return onMdt(fid, mdc -> mdc.getattr(cred, fid, Mdc.GETATTR_VALID));
    }

    @Override
    public CompletableFuture<FileAttr> lookup(MdcCred cred, Fid parent, byte[] name) {
        return lookupRaw(cred, parent, name).thenCompose(this::attrOf);
    }

    /**
     * The MDT's reply for {@code name} in {@code parent}; a name whose object is on another
     * MDT is asked of that MDT by FID ({@code lmv_getattr_name} follows a remote entry).
     */
    private CompletableFuture<MdcAttr> lookupRaw(MdcCred cred, Fid parent, byte[] name) {
        return onName(parent, name, n -> mdc -> mdc.getattrName(cred, parent, n, Mdc.GETATTR_VALID))
                .thenCompose(a -> stack.lmv().indexOf(a.fid()).thenCombine(stack.lmv().indexOf(parent),
                        (child, dir) -> child.equals(dir)).thenCompose(same -> same
                                ? CompletableFuture.completedFuture(a) : getattr(cred, a.fid())));
    }

    @Override
    public CompletableFuture<FileAttr> lookupPath(MdcCred cred, byte[] path) {
        Objects.requireNonNull(path, "path");
        CompletableFuture<MdcAttr> at = getattr(cred, root);
        int start = 0;
        for (int i = 0; i <= path.length; i++) {
            if (i == path.length || path[i] == '/') {
                byte[] comp = java.util.Arrays.copyOfRange(path, start, i);
                start = i + 1;
                if (comp.length == 0 || (comp.length == 1 && comp[0] == '.')) {
                    continue;
                }
                at = at.thenCompose(dir -> (dir.mode() & FileMode.S_IFMT) != FileMode.S_IFDIR
                        ? Async.failed(Errno.ENOTDIR, "'" + Names.shown(path) + "': " + dir.fid()
                                + " is not a directory")
                        : lookupRaw(cred, dir.fid(), comp));
            }
        }
        return at.thenCompose(this::attrOf);
    }

    @Override
    public CompletableFuture<FileAttr> stat(MdcCred cred, Fid fid) {
        return getattr(cred, fid).thenCompose(this::attrOf);
    }

    @Override
    public CompletableFuture<FileAttr> setattr(MdcCred cred, Fid fid, SetAttr attrs) {
        return setattr(cred, fid, attrs, false);
    }

    /**
     * {@code ll_setattr_raw}: the MDT first (it checks permissions; {@code fromOpen} is a
     * truncate through a file open for writing, MDS_ATTR_FROM_OPEN), then the stripe objects: a
     * punch for a size, owner and times for the OSTs' copy ({@code cl_setattr_ost}).
     */
    CompletableFuture<FileAttr> setattr(MdcCred cred, Fid fid, SetAttr attrs, boolean fromOpen) {
        Objects.requireNonNull(attrs, "attrs");
        long now = now();
        MdcSetattr rec = record(attrs, now, fromOpen);
        return getattr(cred, fid).thenCompose(before -> {
            if (attrs.size() != -1 && (before.mode() & FileMode.S_IFMT) == FileMode.S_IFDIR) {
                return Async.failed(Errno.EISDIR, "truncate of directory " + fid);
            }
            return onMdt(fid, mdc -> mdc.setattr(cred, fid, rec)).thenCompose(after -> {
                Layout layout = layoutOrNull(before);
                if (layout == null || layout.objects().isEmpty()) {
                    return CompletableFuture.completedFuture(null);
                }
                CompletableFuture<Void> punch = attrs.size() == -1 ? CompletableFuture.completedFuture(null)
                        : lovIo.punch(layout, attrs.size());
                long atime = attrs.atime() == SetAttr.NOW ? now : attrs.atime() == SetAttr.KEEP ? -1 : attrs.atime();
                long mtime = attrs.mtime() == SetAttr.NOW ? now : attrs.mtime() == SetAttr.KEEP ? -1 : attrs.mtime();
                return punch.thenCompose(v -> lovIo.setattr(layout, attrs.uid(), attrs.gid(), atime, mtime,
                        attrs.size() != -1 || mtime >= 0 ? now : -1));
            });
        }).thenCompose(v -> stat(cred, fid));
    }

    private static Layout layoutOrNull(MdcAttr a) {
        if ((a.mode() & FileMode.S_IFMT) != FileMode.S_IFREG || !a.hasMd()) {
            return null;
        }
        try {
            return Layouts.of(a.layout());
        } catch (LustreException e) {
            return null;
        }
    }

    /** The REINT_SETATTR record of {@code attrs} ({@code ll_setattr} to {@code mdc_setattr_pack}). */
    private static MdcSetattr record(SetAttr attrs, long now, boolean fromOpen) {
        long valid = MdsAttr.CTIME | (fromOpen ? MdsAttr.FROM_OPEN : 0);
        if (attrs.mode() != -1) {
            valid |= MdsAttr.MODE;
        }
        if (attrs.uid() != -1) {
            valid |= MdsAttr.UID;
        }
        if (attrs.gid() != -1) {
            valid |= MdsAttr.GID;
        }
        if (attrs.size() != -1) {
            valid |= MdsAttr.SIZE | MdsAttr.MTIME;
        }
        long atime = 0;
        long mtime = attrs.size() != -1 ? now : 0;
        if (attrs.atime() != SetAttr.KEEP) {
            valid |= MdsAttr.ATIME | (attrs.atime() == SetAttr.NOW ? 0 : MdsAttr.ATIME_SET);
            atime = attrs.atime() == SetAttr.NOW ? now : attrs.atime();
        }
        if (attrs.mtime() != SetAttr.KEEP) {
            valid |= MdsAttr.MTIME | (attrs.mtime() == SetAttr.NOW ? 0 : MdsAttr.MTIME_SET);
            mtime = attrs.mtime() == SetAttr.NOW ? now : attrs.mtime();
        }
        return new MdcSetattr(valid, attrs.mode() == -1 ? 0 : attrs.mode(), attrs.uid(), attrs.gid(),
                Math.max(0, attrs.size()), 0, atime, mtime, now, 0, 0);
    }

    @Override
    public CompletableFuture<byte[]> fidToPath(MdcCred cred, Fid fid) {
        return pathOf(cred, fid, new byte[0], 0);
    }

    private CompletableFuture<byte[]> pathOf(MdcCred cred, Fid fid, byte[] below, int depth) {
        if (fid.equals(root)) {
            return CompletableFuture.completedFuture(below);
        }
        if (depth > MAX_DEPTH) {
            return Async.failed(Errno.ELOOP, "fid2path of " + fid + ": more than " + MAX_DEPTH + " levels");
        }
        return getxattr(cred, fid, LinkEa.XATTR_NAME).thenCompose(value -> {
            List<LinkEa.Link> links;
            try {
                links = LinkEa.parse(value).links();
            } catch (LustreException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (links.isEmpty()) {
                return Async.failed(Errno.ENOENT, "fid2path of " + fid + ": it has no name");
            }
            LinkEa.Link l = links.getFirst();
            byte[] name = l.name();
            byte[] path = new byte[name.length + (below.length > 0 ? below.length + 1 : 0)];
            System.arraycopy(name, 0, path, 0, name.length);
            if (below.length > 0) {
                path[name.length] = '/';
                System.arraycopy(below, 0, path, name.length + 1, below.length);
            }
            return pathOf(cred, l.parent(), path, depth + 1);
        });
    }

    // ------------------------------------------------------------------ files

    @Override
    public CompletableFuture<FileAttr> create(MdcCred cred, Fid parent, byte[] name, int mode, Striping striping) {
        Objects.requireNonNull(striping, "striping");
        if (striping.isDefault()) {
            return onName(parent, name, n -> mdc -> mdc.create(cred, parent, n, mode & 07777)).thenCompose(this::attrOf);
        }
        // a striping travels only with an open (llapi_file_open_param): open-create, then close
        return FileOpener.openCreate(this, cred, parent, name, OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_RDONLY,
                mode, striping).thenCompose(f -> f.close().thenCompose(v -> stat(cred, f.fid())));
    }

    @Override
    public CompletableFuture<OpenFile> open(MdcCred cred, Fid parent, byte[] name, int flags, int mode,
            Striping striping) {
        return FileOpener.openCreate(this, cred, parent, name, flags, mode, striping);
    }

    @Override
    public CompletableFuture<OpenFile> open(MdcCred cred, Fid fid, int flags) {
        return FileOpener.openFid(this, cred, fid, flags);
    }

    <T> CompletableFuture<T> onNameChecked(Fid parent, byte[] name, Function<byte[], MdcCall<T>> call) {
        return onName(parent, name, call);
    }

    // ------------------------------------------------------------------ namespace

    @Override
    public CompletableFuture<FileAttr> mkdir(MdcCred cred, Fid parent, byte[] name, int mode) {
        return onName(parent, name, n -> mdc -> mdc.mkdir(cred, parent, n, mode)).thenCompose(this::attrOf);
    }

    @Override
    public CompletableFuture<FileAttr> mkdir(MdcCred cred, Fid parent, byte[] name, int mode, int mdtIndex) {
        return stack.lmv().indexOf(parent).thenCompose(here -> here == mdtIndex ? mkdir(cred, parent, name, mode)
                : remoteMkdir(cred, parent, name, mode, mdtIndex));
    }

    /**
     * {@code lfs mkdir -i}: as {@code lmv_create} with a {@code lmv_user_md} naming the MDT, the
     * REINT_CREATE goes to that MDT with a FID of its sequence, and the MDT links it into the
     * parent on the parent's MDT.
     */
    private CompletableFuture<FileAttr> remoteMkdir(MdcCred cred, Fid parent, byte[] name, int mode, int mdtIndex) {
        byte[] n;
        try {
            n = Names.check(name).clone();
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
        return stack.lmv().mdt(mdtIndex).thenCompose(mdc -> Async.on(stack.executor(),
                () -> mdc.reintCreate(cred, parent, n, mdc.allocFid(), FileMode.S_IFDIR | (mode & 07777), 0,
                        LmvUserMd.plainOn(mdtIndex)))).thenCompose(this::attrOf);
    }

    @Override
    public CompletableFuture<FileAttr> mknod(MdcCred cred, Fid parent, byte[] name, int mode, long rdev) {
        if ((mode & FileMode.S_IFMT) == FileMode.S_IFREG) {
            return create(cred, parent, name, mode, Striping.DEFAULT);
        }
        return onName(parent, name, n -> mdc -> mdc.mknod(cred, parent, n, mode, rdev)).thenCompose(this::attrOf);
    }

    @Override
    public CompletableFuture<FileAttr> symlink(MdcCred cred, Fid parent, byte[] name, byte[] target) {
        byte[] t = Objects.requireNonNull(target, "target").clone();
        return onName(parent, name, n -> mdc -> mdc.symlink(cred, parent, n, t)).thenCompose(this::attrOf);
    }

    @Override
    public CompletableFuture<byte[]> readlink(MdcCred cred, Fid fid) {
        return getattr(cred, fid).thenCompose(a -> (a.mode() & FileMode.S_IFMT) != FileMode.S_IFLNK
                ? Async.failed(Errno.EINVAL, "readlink of " + fid + ", which is not a symbolic link")
                : onMdt(fid, mdc -> mdc.readlink(cred, fid)));
    }

    @Override
    public CompletableFuture<FileAttr> link(MdcCred cred, Fid fid, Fid newParent, byte[] newName) {
        Objects.requireNonNull(fid, "fid");
        return onName(newParent, newName, n -> mdc -> mdc.link(cred, fid, newParent, n))
                .thenCompose(v -> stat(cred, fid));
    }

    @Override
    public CompletableFuture<Void> unlink(MdcCred cred, Fid parent, byte[] name) {
        return onName(parent, name, n -> mdc -> mdc.unlink(cred, parent, n)).thenApply(v -> null);
    }

    @Override
    public CompletableFuture<Void> rmdir(MdcCred cred, Fid parent, byte[] name) {
        return onName(parent, name, n -> mdc -> mdc.rmdir(cred, parent, n)).thenApply(v -> null);
    }

    @Override
    public CompletableFuture<Void> rename(MdcCred cred, Fid srcParent, byte[] srcName, Fid tgtParent, byte[] tgtName,
            int flags) {
        if ((flags & ~RENAME_NOREPLACE) != 0) {
            // 2.15's ll_rename refuses every renameat2 flag; NOREPLACE is checked here
            return Async.failed(Errno.EINVAL, "rename flags 0x" + Integer.toHexString(flags) + " (only "
                    + "RENAME_NOREPLACE is supported)");
        }
        byte[] tn;
        try {
            tn = Names.check(tgtName).clone();
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> free = CompletableFuture.completedFuture(null);
        if (flags == RENAME_NOREPLACE) {
            // not atomic against another client creating the name meanwhile: no LDLM yet
            free = onMdt(tgtParent, mdc -> mdc.getattrName(cred, tgtParent, tn, Mdc.GETATTR_VALID)).handle((a, t) -> {
                if (t == null) {
                    throw new java.util.concurrent.CompletionException(new LustreException(Errno.EEXIST,
                            "rename with RENAME_NOREPLACE onto '" + Names.shown(tn) + "', which exists"));
                }
                if (Async.errno(t) != Errno.ENOENT.value()) {
                    throw new java.util.concurrent.CompletionException(Async.cause(t));
                }
                return null;
            });
        }
        return free.thenCompose(v -> onName(srcParent, srcName,
                sn -> mdc -> mdc.rename(cred, srcParent, sn, tgtParent, tn))).thenApply(v -> null);
    }

    @Override
    public CompletableFuture<DirPage> readdir(MdcCred cred, Fid dir, long cookie) {
        return onMdt(dir, mdc -> mdc.readdir(cred, dir, cookie, READDIR_BYTES)).thenApply(pages -> page(pages, cookie));
    }

    /**
     * The entries of the pages from {@code cookie} on ({@code ll_dir_read} skips those hashed
     * before it), each with the cookie of the entry after it.
     */
    private static DirPage page(List<LuDirpage.Page> pages, long cookie) {
        List<LuDirpage.Entry> all = new ArrayList<>();
        long end = DirPage.END;
        for (LuDirpage.Page p : pages) {
            for (LuDirpage.Entry e : p.entries()) {
                if (Long.compareUnsigned(e.hash(), cookie) >= 0) {
                    all.add(e);
                }
            }
            end = p.hashEnd();
        }
        List<DirEntry> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            LuDirpage.Entry e = all.get(i);
            long next = i + 1 < all.size() ? all.get(i + 1).hash() : end;
            out.add(new DirEntry(e.name(), e.fid(), e.type() >>> 12, next));
        }
        return new DirPage(out, end);
    }

    @Override
    public CompletableFuture<List<DirEntry>> readdirAll(MdcCred cred, Fid dir) {
        List<DirEntry> out = new ArrayList<>();
        return readdirFrom(cred, dir, 0, out).thenApply(v -> List.copyOf(out));
    }

    private CompletableFuture<Void> readdirFrom(MdcCred cred, Fid dir, long cookie, List<DirEntry> out) {
        return readdir(cred, dir, cookie).thenCompose(p -> {
            out.addAll(p.entries());
            if (p.atEnd()) {
                return CompletableFuture.completedFuture(null);
            }
            if (Long.compareUnsigned(p.nextCookie(), cookie) <= 0) {
                return Async.failed(Errno.EPROTO, "readdir of " + dir + " does not advance past cookie 0x"
                        + Long.toHexString(cookie));
            }
            return readdirFrom(cred, dir, p.nextCookie(), out);
        });
    }

    // ------------------------------------------------------------------ xattrs

    @Override
    public CompletableFuture<byte[]> getxattr(MdcCred cred, Fid fid, String name) {
        Objects.requireNonNull(name, "name");
        return onMdt(fid, mdc -> mdc.getxattr(cred, fid, name));
    }

    @Override
    public CompletableFuture<Void> setxattr(MdcCred cred, Fid fid, String name, byte[] value, int flags) {
        Objects.requireNonNull(name, "name");
        byte[] v = Objects.requireNonNull(value, "value").clone();
        return onMdt(fid, mdc -> {
            mdc.setxattr(cred, fid, name, v, flags);
            return null;
        });
    }

    @Override
    public CompletableFuture<List<String>> listxattr(MdcCred cred, Fid fid) {
        return onMdt(fid, mdc -> mdc.listxattr(cred, fid));
    }

    @Override
    public CompletableFuture<Void> removexattr(MdcCred cred, Fid fid, String name) {
        Objects.requireNonNull(name, "name");
        return onMdt(fid, mdc -> {
            mdc.removexattr(cred, fid, name);
            return null;
        });
    }

    // ------------------------------------------------------------------ filesystem, layouts

    @Override
    public CompletableFuture<FsStat> statfs(MdcCred cred) {
        return Statfs.of(stack);
    }

    @Override
    public CompletableFuture<Layout> getLayout(MdcCred cred, Fid fid) {
        return onMdt(fid, mdc -> mdc.getattr(cred, fid, Mdc.GETATTR_VALID | ObdMd.FLDIREA)).thenCompose(a -> {
            if (!a.hasMd()) {
                return Async.failed(Errno.ENODATA, fid + " has no layout");
            }
            try {
                // a file's comes valid as FLEASIZE, a directory's default as FLDIREA
                return CompletableFuture.completedFuture(Layouts.of((a.mode() & FileMode.S_IFMT) == FileMode.S_IFDIR
                        ? LovMdsMd.parse(a.md()) : a.layout()));
            } catch (LustreException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    @Override
    public CompletableFuture<Void> setDefaultStriping(MdcCred cred, Fid dir, Striping striping) {
        Objects.requireNonNull(striping, "striping");
        byte[] ea = Layouts.userMdAlways(striping);
        return onMdt(dir, mdc -> mdc.setattr(cred, dir, MdcSetattr.NONE, ea)).thenApply(v -> null);
    }

    // ------------------------------------------------------------------ locks

    @Override
    public CompletableFuture<FileLock> getlk(Fid fid, long owner, FileLock wanted) {
        return flocks.getlk(Objects.requireNonNull(fid, "fid"), owner, wanted);
    }

    @Override
    public CompletableFuture<Void> setlk(Fid fid, long owner, FileLock lock, boolean wait) {
        return flocks.setlk(Objects.requireNonNull(fid, "fid"), owner, lock, wait);
    }

    @Override
    public CompletableFuture<Void> flock(Fid fid, long owner, int pid, int type, boolean wait) {
        return setlk(fid, owner, FileLock.wholeFile(type, pid), wait);
    }

    @Override
    public void close() {
        unmount.run();
    }

    @Override
    public String toString() {
        return "LustreClient[" + stack.fsname() + " root " + root + "]";
    }
}
