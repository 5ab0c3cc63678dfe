package org.jlustre.osd.mem;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.Body;
import org.jlustre.osd.Index;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.UpdateType;
import org.jlustre.osd.XattrMode;

/**
 * A cached object of osd-mem (the seed's {@code osd_object}): the live handle upper layers
 * hold, pointing at the persistent {@link Inode} when the object exists. Existence is read
 * from the object table when the handle is made and changes only through this handle's
 * {@link #create} and {@link #destroy}, because the cache keeps one handle per FID.
 *
 * <p>Locking: the dt lock is a read/write lock made on first use; attributes and xattrs are
 * guarded by the inode; the reference count is atomic.
 */
final class MemObject implements OsdObject {

    private static final VarHandle REFS;
    private static final VarHandle DT_LOCK;
    private static final VarHandle FRESH;
    private static final VarHandle QUEUED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REFS = l.findVarHandle(MemObject.class, "refs", int.class);
            DT_LOCK = l.findVarHandle(MemObject.class, "dtLock", ReentrantReadWriteLock.class);
            FRESH = l.findVarHandle(MemObject.class, "fresh", boolean.class);
            QUEUED = l.findVarHandle(MemObject.class, "queued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final MemDevice dev;
    private final Fid fid;
    /** A number to tell instances apart in traces (the seed's tracking number). */
    final int tracking;
    /** The record while the object exists; set at create. */
    private volatile Inode inode;
    /** Destroyed: never handed out again ({@code LU_OBJECT_HEARD_BANSHEE}). */
    private volatile boolean dying;
    /** References; -1 once dropped from the cache. Starts at 1: the finder's. */
    @SuppressWarnings("unused") // accessed through REFS
    private volatile int refs = 1;
    /** True until the finder that made this handle claims its first reference. */
    @SuppressWarnings("unused") // accessed through FRESH
    private volatile boolean fresh = true;
    @SuppressWarnings("unused") // accessed through DT_LOCK
    private volatile ReentrantReadWriteLock dtLock;
    /** In the cache's LRU queue. */
    @SuppressWarnings("unused") // accessed through QUEUED
    private volatile boolean queued;
    /** Found again since it was queued: spared once by the LRU walk. */
    private volatile boolean recent;

    MemObject(MemDevice dev, Fid fid, Inode inode) {
        this.dev = dev;
        this.fid = fid;
        this.inode = inode;
        this.tracking = dev.nextTracking();
    }

    // ---- cache plumbing ----

    /** Whether this call is the one that made the handle (and so owns its first reference). */
    boolean claimFresh() {
        return (boolean) FRESH.getVolatile(this) && FRESH.compareAndSet(this, true, false);
    }

    /** Takes a reference unless the object was dropped. */
    boolean tryAcquire() {
        for (;;) {
            int r = (int) REFS.getVolatile(this);
            if (r < 0) {
                return false;
            }
            if (REFS.compareAndSet(this, r, r + 1)) {
                recent = true;
                return true;
            }
        }
    }

    /** Marks the object queued in the LRU; false if it already is. */
    boolean markQueued() {
        return !(boolean) QUEUED.getVolatile(this) && QUEUED.compareAndSet(this, false, true);
    }

    /** The LRU took the object off its queue. */
    void clearQueued() {
        QUEUED.setVolatile(this, false);
    }

    /** Whether the object was found again since it was queued, clearing the mark. */
    boolean takeRecent() {
        if (recent) {
            recent = false;
            return true;
        }
        return false;
    }

    /** Marks an unreferenced object dropped; false if someone holds it. */
    boolean tryKill() {
        return REFS.compareAndSet(this, 0, -1);
    }

    boolean isReferenced() {
        return (int) REFS.getVolatile(this) > 0;
    }

    boolean isDying() {
        return dying;
    }

    /** Releases one reference; the last one lets the cache decide whether to keep it. */
    void release() {
        int r = (int) REFS.getAndAdd(this, -1) - 1;
        if (r == 0) {
            dev.cache().released(this);
        } else if (r < 0) {
            throw new IllegalStateException("object " + fid + " released more often than found");
        }
    }

    /** The record, or ENOENT naming the FID. */
    Inode existing() throws LustreException {
        Inode i = inode;
        if (i == null || dying) {
            throw new LustreException(Errno.ENOENT,
                    "object " + fid + (dying ? " was destroyed" : " does not exist") + " on " + dev.name());
        }
        return i;
    }

    /** The record or null, without checks (for traces and dumps). */
    Inode inodeOrNull() {
        return inode;
    }

    // ---- OsdObject ----

    @Override
    public Fid fid() {
        return fid;
    }

    @Override
    public OsdDevice device() {
        return dev;
    }

    @Override
    public boolean exists() {
        return inode != null && !dying;
    }

    @Override
    public int fileType() {
        Inode i = inode;
        return i != null && !dying ? i.type() : 0;
    }

    private ReentrantReadWriteLock dtLock() {
        ReentrantReadWriteLock l = (ReentrantReadWriteLock) DT_LOCK.getVolatile(this);
        if (l == null) {
            ReentrantReadWriteLock made = new ReentrantReadWriteLock();
            l = DT_LOCK.compareAndSet(this, null, made) ? made : (ReentrantReadWriteLock) DT_LOCK.getVolatile(this);
        }
        return l;
    }

    @Override
    public void readLock(ObjectRole role) {
        dtLock().readLock().lock();
    }

    @Override
    public void readUnlock() {
        dtLock().readLock().unlock();
    }

    @Override
    public void writeLock(ObjectRole role) {
        dtLock().writeLock().lock();
    }

    @Override
    public void writeUnlock() {
        dtLock().writeLock().unlock();
    }

    @Override
    public boolean isWriteLocked() {
        ReentrantReadWriteLock l = (ReentrantReadWriteLock) DT_LOCK.getVolatile(this);
        return l != null && l.isWriteLockedByCurrentThread();
    }

    @Override
    public void attrGet(LuAttr out) throws LustreException {
        dev.stats().inc(MemStats.Counter.ATTR_GET);
        Inode i = existing();
        i.fill(out, i.kind == Inode.Kind.DIR ? i.dir().live() + 2 : -1);
        dev.trace().object("attr_get", this);
    }

    @Override
    public void declareAttrSet(LuAttr attr, Transaction th) throws LustreException {
        dev.declare(th, UpdateType.ATTR_SET, this);
    }

    @Override
    public void attrSet(LuAttr attr, Transaction th) throws LustreException {
        dev.started(th);
        dev.stats().inc(MemStats.Counter.ATTR_SET);
        Inode i = existing();
        if (attr.has(LuAttr.LA_SIZE) && (i.kind == Inode.Kind.REGULAR || i.kind == Inode.Kind.SYMLINK)) {
            MemBody.resize(this, i, attr.size());
        }
        i.apply(attr, dev.usage());
        dev.trace().object("attr_set", this);
    }

    // ---- create / destroy ----

    @Override
    public void declareCreate(LuAttr attr, AllocationHint hint, ObjectFormat format, Transaction th)
            throws LustreException {
        dev.declare(th, UpdateType.CREATE, this);
    }

    @Override
    public void create(LuAttr attr, AllocationHint hint, ObjectFormat format, Transaction th) throws LustreException {
        dev.started(th);
        dev.stats().inc(MemStats.Counter.CREATE);
        if (dying) {
            throw new LustreException(Errno.ENOENT, "object " + fid + " was destroyed; find it again to re-create");
        }
        if (inode != null) {
            throw new LustreException(Errno.EEXIST, "object " + fid + " already exists on " + dev.name());
        }
        Inode.Kind kind = kindOf(format);
        int type = switch (kind) {
            case REGULAR, INDEX -> FileMode.S_IFREG;
            case DIR -> FileMode.S_IFDIR;
            case SYMLINK -> FileMode.S_IFLNK;
            case NODE -> nodeType(attr);
        };
        KvData kv = null;
        if (kind == Inode.Kind.INDEX) {
            IndexFeatures<?> f = format.features();
            MemKeyValueIndex.checkFeatures(fid, f);
            kv = new KvData(f.keySizeMax(), f.recSizeMax());
        }
        Inode i = new Inode(fid, kind);
        long now = dev.now();
        i.mode = type | (attr.has(LuAttr.LA_MODE) ? attr.mode() & ~FileMode.S_IFMT : 0);
        i.uid = attr.has(LuAttr.LA_UID) ? attr.uid() : 0;
        i.gid = attr.has(LuAttr.LA_GID) ? attr.gid() : 0;
        i.projid = attr.has(LuAttr.LA_PROJID) ? attr.projid() : 0;
        i.flags = attr.has(LuAttr.LA_FLAGS) ? attr.flags() : 0;
        i.rdev = kind == Inode.Kind.NODE && attr.has(LuAttr.LA_RDEV) ? attr.rdev() : 0;
        i.layoutVersion = attr.has(LuAttr.LA_LAYOUT_VERSION) ? attr.layoutVersion() : 0;
        if (attr.has(LuAttr.LA_BLKSIZE) && attr.blksize() > 0) {
            i.blksize = attr.blksize();
        }
        i.atime = attr.has(LuAttr.LA_ATIME) ? attr.atime() : now;
        i.mtime = attr.has(LuAttr.LA_MTIME) ? attr.mtime() : now;
        i.ctime = attr.has(LuAttr.LA_CTIME) ? attr.ctime() : now;
        i.btime = attr.has(LuAttr.LA_BTIME) ? attr.btime() : i.ctime;
        i.nlink = 1;
        if (kind == Inode.Kind.DIR) {
            i.setContent(new DirData(hint != null && hint.parent() != null ? hint.parent() : fid));
        } else if (kv != null) {
            i.setContent(kv);
        }
        dev.usage().reserveInode(fid);
        if (!dev.objectTable().add(i)) {
            dev.usage().releaseInode();
            throw new LustreException(Errno.EEXIST, "object " + fid + " already exists on " + dev.name());
        }
        dev.usage().chargeOwner(i.uid, i.gid, i.projid, 0, 1);
        inode = i;
        dev.trace().object("create", this);
    }

    private static Inode.Kind kindOf(ObjectFormat format) {
        return switch (format.type()) {
            case REGULAR -> Inode.Kind.REGULAR;
            case DIR -> Inode.Kind.DIR;
            case NODE -> Inode.Kind.NODE;
            case INDEX -> Inode.Kind.INDEX;
            case SYM -> Inode.Kind.SYMLINK;
        };
    }

    private int nodeType(LuAttr attr) throws LustreException {
        int t = attr.mode() & FileMode.S_IFMT;
        if (!attr.has(LuAttr.LA_MODE)
                || (t != FileMode.S_IFCHR && t != FileMode.S_IFBLK && t != FileMode.S_IFIFO && t != FileMode.S_IFSOCK)) {
            throw new LustreException(Errno.EINVAL, "node " + fid + " needs a device, FIFO or socket type in its mode, got 0"
                    + Integer.toOctalString(attr.mode()));
        }
        return t;
    }

    @Override
    public void declareDestroy(Transaction th) throws LustreException {
        dev.declare(th, UpdateType.DESTROY, this);
    }

    @Override
    public void destroy(Transaction th) throws LustreException {
        dev.started(th);
        dev.stats().inc(MemStats.Counter.DESTROY);
        Inode i = existing();
        if (dev.isReserved(fid)) {
            throw new LustreException(Errno.EPERM, "object " + fid + " belongs to " + dev.name() + " and cannot be destroyed");
        }
        dying = true;
        dev.cache().unhash(this);
        dev.objectTable().remove(i);
        freeContent(i);
        synchronized (i) {
            dev.usage().chargeOwner(i.uid, i.gid, i.projid, 0, -1);
        }
        dev.usage().releaseInode();
        dev.trace().object("destroy", this);
    }

    /** Frees data pages, entries, records and xattrs, returning their charge. */
    private void freeContent(Inode i) throws LustreException {
        PageTable pages = i.pagesOrNull();
        if (pages != null) {
            pages.io.writeLock().lock();
            try {
                pages.freeAll(i, dev.usage());
            } finally {
                pages.io.writeLock().unlock();
            }
        }
        long rest;
        synchronized (i) {
            rest = i.charged;
            i.xattrs = null;
        }
        i.charge(dev.usage(), -rest);
    }

    // ---- index negotiation ----

    @Override
    @SuppressWarnings("unchecked")
    public <I extends Index> I indexTry(IndexFeatures<I> features) throws LustreException {
        dev.stats().inc(MemStats.Counter.INDEX_TRY);
        Inode i = inode;
        Index index = switch (features.kind()) {
            case DIRECTORY -> {
                if (i != null && !dying && i.kind != Inode.Kind.DIR) {
                    throw new LustreException(Errno.ENOTDIR,
                            "object " + fid + " is not a directory (" + FileMode.typeName(i.mode) + ")");
                }
                yield new MemDirectoryIndex(this);
            }
            case KEY_VALUE -> {
                MemKeyValueIndex.checkFeatures(fid, features);
                if (i != null && !dying && (i.kind != Inode.Kind.INDEX || i.kv() == null
                        || i.kv().keySize != features.keySizeMax()
                        || i.kv().recSize != features.recSizeMax())) {
                    throw new LustreException(Errno.EINVAL, "object " + fid + " is not an index of " + features);
                }
                yield new MemKeyValueIndex(this, features);
            }
            case ACCOUNTING -> new AccountingIndex(this, AccountingIndex.typeOf(fid));
            case OBJECT_TABLE -> throw new LustreException(Errno.EOPNOTSUPP,
                    "osd-mem has no object table iterator: LFSCK is not supported (" + fid + ")");
        };
        dev.trace().object("index_try", this);
        return (I) index;
    }

    // ---- links ----

    @Override
    public void declareRefAdd(Transaction th) throws LustreException {
        dev.declare(th, UpdateType.REF_ADD, this);
    }

    @Override
    public void refAdd(Transaction th) throws LustreException {
        dev.started(th);
        dev.stats().inc(MemStats.Counter.REF_ADD);
        Inode i = existing();
        synchronized (i) {
            if (i.nlink >= dev.conf().maxNlink()) {
                throw new LustreException(Errno.EMLINK, "object " + fid + " already has " + i.nlink + " links");
            }
            i.nlink++;
        }
        dev.trace().object("ref_add", this);
    }

    @Override
    public void declareRefDel(Transaction th) throws LustreException {
        dev.declare(th, UpdateType.REF_DEL, this);
    }

    @Override
    public void refDel(Transaction th) throws LustreException {
        dev.started(th);
        dev.stats().inc(MemStats.Counter.REF_DEL);
        Inode i = existing();
        boolean underflow;
        synchronized (i) {
            underflow = i.nlink == 0;
            if (!underflow) {
                i.nlink--;
            }
        }
        if (underflow) {
            // osd-ldiskfs osd_ref_del: log and carry on (LU-3915)
            dev.log().logf(DebugMask.S_OSD, fid.isNormal() ? DebugMask.D_ERROR : DebugMask.D_INODE,
                    "%s: nlink == 0 on %s, maybe an upgraded file? (LU-3915)", dev.name(), fid);
        }
        dev.trace().object("ref_del", this);
    }

    // ---- xattrs ----

    @Override
    public int xattrGet(String name, MemorySegment buf) throws LustreException {
        dev.stats().inc(MemStats.Counter.XATTR_GET);
        Names.checkXattrName(name);
        Inode i = existing();
        byte[] value;
        synchronized (i) {
            value = i.xattrs == null ? null : i.xattrs.get(name);
        }
        if (value == null) {
            throw new LustreException(Errno.ENODATA, "no xattr '" + name + "' on " + fid);
        }
        if (buf.byteSize() == 0) {
            return value.length;
        }
        if (buf.byteSize() < value.length) {
            throw new LustreException(Errno.ERANGE, "xattr '" + name + "' of " + fid + " is " + value.length
                    + " bytes, buffer holds " + buf.byteSize());
        }
        MemorySegment.copy(MemorySegment.ofArray(value), 0, buf, 0, value.length);
        return value.length;
    }

    @Override
    public byte[] xattrGetOrNull(String name) throws LustreException {
        dev.stats().inc(MemStats.Counter.XATTR_GET);
        Names.checkXattrName(name);
        Inode i = existing();
        synchronized (i) {
            byte[] value = i.xattrs == null ? null : i.xattrs.get(name);
            return value == null ? null : value.clone();
        }
    }

    @Override
    public void declareXattrSet(String name, int size, XattrMode mode, Transaction th) throws LustreException {
        dev.declare(th, UpdateType.XATTR_SET, this);
    }

    @Override
    public void xattrSet(String name, MemorySegment value, XattrMode mode, Transaction th) throws LustreException {
        dev.started(th);
        dev.stats().inc(MemStats.Counter.XATTR_SET);
        Names.checkXattrName(name);
        if (value.byteSize() > dev.conf().maxEaSize()) {
            throw new LustreException(Errno.E2BIG, "xattr '" + name + "' value of " + value.byteSize()
                    + " bytes exceeds the limit of " + dev.conf().maxEaSize());
        }
        Inode i = existing();
        byte[] bytes = value.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        synchronized (i) {
            byte[] old = i.xattrs == null ? null : i.xattrs.get(name);
            if (old != null && mode == XattrMode.CREATE) {
                throw new LustreException(Errno.EEXIST, "xattr '" + name + "' already exists on " + fid);
            }
            if (old == null && mode == XattrMode.REPLACE) {
                throw new LustreException(Errno.ENODATA, "no xattr '" + name + "' to replace on " + fid);
            }
            long delta = Xattrs.cost(name, bytes.length) - (old == null ? 0 : Xattrs.cost(name, old.length));
            i.charge(dev.usage(), delta);
            if (i.xattrs == null) {
                i.xattrs = new Xattrs();
            }
            i.xattrs.put(name, bytes);
        }
        dev.trace().object("xattr_set", this);
    }

    @Override
    public void declareXattrDel(String name, Transaction th) throws LustreException {
        dev.declare(th, UpdateType.XATTR_DEL, this);
    }

    @Override
    public void xattrDel(String name, Transaction th) throws LustreException {
        dev.started(th);
        dev.stats().inc(MemStats.Counter.XATTR_DEL);
        Names.checkXattrName(name);
        Inode i = existing();
        synchronized (i) {
            byte[] old = i.xattrs == null ? null : i.xattrs.remove(name);
            if (old != null) {
                i.charge(dev.usage(), -Xattrs.cost(name, old.length));
            }
        }
        dev.trace().object("xattr_del", this);
    }

    @Override
    public int xattrList(MemorySegment buf) throws LustreException {
        dev.stats().inc(MemStats.Counter.XATTR_LIST);
        Inode i = existing();
        byte[] list;
        synchronized (i) {
            list = i.xattrs == null ? new byte[0] : i.xattrs.list();
        }
        if (buf.byteSize() == 0) {
            return list.length;
        }
        if (buf.byteSize() < list.length) {
            throw new LustreException(Errno.ERANGE, "xattr list of " + fid + " is " + list.length
                    + " bytes, buffer holds " + buf.byteSize());
        }
        MemorySegment.copy(MemorySegment.ofArray(list), 0, buf, 0, list.length);
        return list.length;
    }

    // ---- body, sync, release ----

    @Override
    public Body body() {
        return new MemBody(this);
    }

    @Override
    public void sync(long start, long end) throws LustreException {
        existing();
    }

    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "osd-mem object " + fid + " #" + Integer.toHexString(tracking) + (exists() ? "" : " (not existing)");
    }

    /** Whether the object is one of the device's own (root, accounting indexes). */
    static boolean reserved(Fid fid) {
        return fid.equals(Osd.ROOT_FID) || fid.equals(Osd.ACCT_USER_FID) || fid.equals(Osd.ACCT_GROUP_FID)
                || fid.equals(Osd.ACCT_PROJECT_FID);
    }
}
