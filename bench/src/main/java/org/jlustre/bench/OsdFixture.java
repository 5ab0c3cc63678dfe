package org.jlustre.bench;

import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;

/**
 * An osd-mem device mounted the way every osd benchmark uses it (its own quiet
 * {@link Libcfs}, 64 GiB of space, 200 M inodes), with the updates the benchmarks repeat:
 * making a directory and creating a file in one, each in its own transaction as an MDT does.
 *
 * <p>Used by one thread.
 */
final class OsdFixture implements AutoCloseable {

    /** A directory and its index, held open. */
    record Directory(OsdObject object, DirectoryIndex index) {
    }

    private final Libcfs libcfs;
    private final OsdDevice device;
    private final LuAttr fileAttr = new LuAttr().mode(FileMode.S_IFREG | 0644).uid(0).gid(0);
    private final LuAttr dirAttr = new LuAttr().mode(FileMode.S_IFDIR | 0755).uid(0).gid(0);
    private final Directory root;
    private int nextOid = 1;

    private OsdFixture(MemOsdConfig config) throws LustreException {
        this.libcfs = config.libcfs();
        this.device = OsdMem.create(config);
        OsdObject r = device.find(device.rootFid());
        this.root = new Directory(r, r.indexTry(IndexFeatures.DIRECTORY));
    }

    /** Mounts a device with the default object cache size. */
    static OsdFixture mount(String name) throws LustreException {
        return mount(name, MemOsdConfig.DEFAULT_CACHE_LIMIT);
    }

    /**
     * Mounts a device whose object cache keeps {@code cacheLimit} objects ({@code lu_cache_nr}),
     * for benchmarks that hold more objects than the default.
     */
    static OsdFixture mount(String name, int cacheLimit) throws LustreException {
        Libcfs libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        return new OsdFixture(MemOsdConfig.defaults(name).withLibcfs(libcfs).withCapacity(64L << 30)
                .withMaxInodes(200_000_000).withCacheLimit(cacheLimit));
    }

    OsdDevice device() {
        return device;
    }

    /** The device's node context (time, debug log, parameters), shared by the layers above it. */
    Libcfs libcfs() {
        return libcfs;
    }

    /** A FID no object of this device has yet. */
    Fid nextFid() {
        return Fid.of(Fid.SEQ_NORMAL, nextOid++, 0);
    }

    /** Creates a directory named {@code name} under the root and returns it held. */
    Directory mkdir(String name) throws LustreException {
        Fid fid = nextFid();
        OsdObject dir = device.find(fid);
        try (Transaction th = device.transCreate()) {
            dir.declareCreate(dirAttr, AllocationHint.parent(root.object().fid()), ObjectFormat.DIR, th);
            root.index().declareInsert(name, th);
            th.start();
            dir.create(dirAttr, AllocationHint.parent(root.object().fid()), ObjectFormat.DIR, th);
            root.index().insert(name, fid, FileMode.S_IFDIR, th);
        }
        return new Directory(dir, dir.indexTry(IndexFeatures.DIRECTORY));
    }

    /**
     * Creates an empty regular file and inserts it as {@code name} into {@code dir}, in one
     * transaction, releasing the file: the create+insert the metadata figures measure.
     */
    Fid createFile(Directory dir, String name) throws LustreException {
        Fid fid = nextFid();
        try (OsdObject file = device.find(fid); Transaction th = device.transCreate()) {
            AllocationHint hint = AllocationHint.parent(dir.object().fid());
            file.declareCreate(fileAttr, hint, ObjectFormat.REGULAR, th);
            dir.index().declareInsert(name, th);
            th.start();
            file.create(fileAttr, hint, ObjectFormat.REGULAR, th);
            dir.index().insert(name, fid, FileMode.S_IFREG, th);
        }
        return fid;
    }

    /** A numeric device parameter, {@code osd-mem.<device>.<name>}. */
    long param(String name) throws LustreException {
        return Long.parseLong(libcfs.params().get("osd-mem." + device.name() + "." + name).getFirst().value().trim());
    }

    /** Unmounts the device; objects still held are the caller's to drop. */
    @Override
    public void close() {
        device.close();
    }
}
