package org.jlustre.osd.mem;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.osd.Declare;
import org.jlustre.osd.DeviceParams;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdCapabilities;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.TxnHooks;
import org.jlustre.osd.UpdateType;
import org.jlustre.wire.ObdStatfs;

/**
 * The osd-mem device (the seed's {@code osd_device} and {@code module.c}): the object table,
 * the object cache, the page store and the accounting, plus the device operations of
 * reference 2.3. Objects, bodies and indexes live in their own classes; this one wires them
 * and answers the device-wide calls.
 */
final class MemDevice implements OsdDevice {

    /** {@code os_type} osd-mem reports: the seed's 12345. */
    static final long STATFS_TYPE = 12345;
    /** Block size statfs counts in. */
    static final int STATFS_BSIZE = 4096;
    /** The largest file ({@code MAX_LFS_FILESIZE} on 64-bit). */
    static final long MAX_FILE_SIZE = Long.MAX_VALUE;

    private static final OsdCapabilities CAPABILITIES = new OsdCapabilities(true, true, true, false, false);

    private final MemOsdConfig config;
    private final DebugLog log;
    private final ObjectTable objects = new ObjectTable();
    private final ObjectCache cache;
    private final PageStore pages;
    private final Usage usage;
    private final MemStats stats;
    private final Trace trace;
    private final DeviceParams params;
    private final CopyOnWriteArrayList<TxnHooks> hooks = new CopyOnWriteArrayList<>();
    private final CommitQueue commits = new CommitQueue();
    private final AtomicInteger trackingCounter = new AtomicInteger();
    private final ParamGroup paramGroup;
    private volatile boolean readOnly;
    private volatile boolean closed;

    MemDevice(MemOsdConfig config) throws LustreException {
        this.config = config;
        this.log = config.libcfs().debug();
        this.pages = new PageStore(config.pageSize());
        this.usage = new Usage(config.capacityBytes(), config.maxInodes());
        this.stats = new MemStats(config.libcfs().time());
        this.trace = new Trace(log, config.name());
        this.cache = new ObjectCache(this, config.cacheLimit());
        this.params = new DeviceParams(config.maxNameLen(), Integer.MAX_VALUE, Osd.PATH_MAX,
                DeviceParams.MNTOPT_USERXATTR | DeviceParams.MNTOPT_ACL, config.maxEaSize(), DeviceParams.LDD_MT_MEM,
                MAX_FILE_SIZE, 4096, 1024, 6144, 1 << 20, 0, true);
        mkfs();
        this.paramGroup = MemParams.register(this, config.libcfs().params());
        log.logf(DebugMask.S_OSD, DebugMask.D_CONFIG, "%s: osd-mem mounted: %d bytes, %d inodes, %d-byte pages",
                config.name(), config.capacityBytes(), config.maxInodes(), config.pageSize());
    }

    /** The objects every osd-mem device starts with: the root directory and the usage indexes. */
    private void mkfs() throws LustreException {
        Inode root = new Inode(Osd.ROOT_FID, Inode.Kind.DIR);
        root.mode = FileMode.S_IFDIR | 0755;
        root.nlink = 2;
        root.setContent(new DirData(Osd.ROOT_FID));
        addReserved(root);
        for (Fid acct : List.of(Osd.ACCT_USER_FID, Osd.ACCT_GROUP_FID, Osd.ACCT_PROJECT_FID)) {
            Inode i = new Inode(acct, Inode.Kind.INDEX); // no records: AccountingIndex reads Usage
            i.mode = FileMode.S_IFREG | 0644;
            i.nlink = 1;
            addReserved(i);
        }
    }

    private void addReserved(Inode i) throws LustreException {
        long now = now();
        i.atime = now;
        i.mtime = now;
        i.ctime = now;
        i.btime = now;
        usage.reserveInode(i.fid);
        usage.chargeOwner(0, 0, 0, 0, 1);
        objects.add(i);
    }

    // ---- wiring for the object classes ----

    MemOsdConfig config() {
        return config;
    }

    ObjectTable objectTable() {
        return objects;
    }

    ObjectCache cache() {
        return cache;
    }

    PageStore pageStore() {
        return pages;
    }

    Usage usage() {
        return usage;
    }

    MemStats stats() {
        return stats;
    }

    Trace trace() {
        return trace;
    }

    DebugLog log() {
        return log;
    }

    List<TxnHooks> hooks() {
        return hooks;
    }

    CommitQueue commits() {
        return commits;
    }

    boolean isReserved(Fid fid) {
        return MemObject.reserved(fid);
    }

    /** The device clock in seconds, for default times. */
    long now() {
        return config.libcfs().time().realSeconds();
    }

    /** A tracking number for traces, distinct per device and reproducible from the seed. */
    int nextTracking() {
        long x = config.trackingSeed() + trackingCounter.incrementAndGet() * 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        return (int) (x ^ (x >>> 31));
    }

    private MemTransaction own(Transaction th) {
        if (th instanceof MemTransaction m && m.device() == this) {
            return m;
        }
        throw new IllegalArgumentException("transaction " + th + " does not belong to " + config.name());
    }

    /** Records a declare on a transaction of this device. */
    void declare(Transaction th, UpdateType type, MemObject obj) {
        own(th).declare(new Declare(type, obj.fid()));
    }

    /** Checks that an update runs inside a started transaction of this device. */
    void started(Transaction th) {
        own(th).checkStarted();
    }

    /** Fails with EROFS on a read-only device. */
    void checkWritable() throws LustreException {
        if (readOnly) {
            throw MemTransaction.readOnly(config.name());
        }
    }

    private void checkOpen() throws LustreException {
        if (closed) {
            throw new LustreException(Errno.ESHUTDOWN, "device " + config.name() + " is unmounted");
        }
    }

    // ---- OsdDevice ----

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return OsdMem.TYPE;
    }

    @Override
    public OsdCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Fid rootFid() {
        return Osd.ROOT_FID;
    }

    @Override
    public OsdObject find(Fid fid) throws LustreException {
        checkOpen();
        if (fid == null || fid.isZero()) {
            throw new LustreException(Errno.EINVAL, "cannot find the zero FID " + Fid.ZERO + " on " + config.name());
        }
        return cache.find(fid);
    }

    @Override
    public Transaction transCreate() throws LustreException {
        checkOpen();
        return new MemTransaction(this, nextTracking());
    }

    @Override
    public ObdStatfs statfs() throws LustreException {
        checkOpen();
        long blocks = usage.capacityBytes() / STATFS_BSIZE;
        long free = usage.freeBytes() / STATFS_BSIZE;
        int state = (readOnly ? ObdStatfs.OS_STATFS_READONLY : 0) | ObdStatfs.OS_STATFS_NONROT
                | (free == 0 ? ObdStatfs.OS_STATFS_ENOSPC : 0) | (usage.freeInodes() == 0 ? ObdStatfs.OS_STATFS_ENOINO : 0);
        return new ObdStatfs(STATFS_TYPE, blocks, free, free, usage.maxInodes(), usage.freeInodes(), config.name(),
                STATFS_BSIZE, config.maxNameLen(), MAX_FILE_SIZE, state, 0, 0);
    }

    @Override
    public DeviceParams conf() {
        return params;
    }

    @Override
    public void sync() throws LustreException {
        checkOpen(); // everything is in memory: committed is durable as it gets
    }

    @Override
    public void commitAsync() {
        // transactions commit at stop; nothing is pending
    }

    @Override
    public void setReadOnly() {
        readOnly = true;
        log.logf(DebugMask.S_OSD, DebugMask.D_CONSOLE, "%s: set read-only", config.name());
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public TxnHooks.Registration addTxnHooks(TxnHooks h) {
        hooks.add(h);
        return () -> hooks.remove(h);
    }

    @Override
    public List<Fid> objectFids() throws LustreException {
        checkOpen();
        List<Fid> out = new ArrayList<>(objects.size());
        for (Inode i : objects.all()) {
            out.add(i.fid);
        }
        out.sort(null);
        return out;
    }

    @Override
    public int purgeCache() {
        int n = cache.purge();
        log.logf(DebugMask.S_OSD, DebugMask.D_INFO, "%s: cache flush dropped %d objects", config.name(), n);
        return n;
    }

    /** The object table dump ({@code lctl get_param osd-mem.*.objects}), capped at {@code max} lines. */
    String dumpObjects(int max) {
        return ObjectDump.render(this, max);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long leaked = cache.referenced();
        if (leaked > 0) {
            log.logf(DebugMask.S_OSD, DebugMask.D_WARNING, "%s: unmounting with %d objects still referenced",
                    config.name(), leaked);
        }
        paramGroup.close();
        pages.close();
        log.logf(DebugMask.S_OSD, DebugMask.D_CONFIG, "%s: osd-mem unmounted", config.name());
    }

    @Override
    public String toString() {
        return "osd-mem device " + config.name();
    }
}
