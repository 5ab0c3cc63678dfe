package org.jlustre.osd.mem;

import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.UpdateType;

/**
 * The directory view of a {@link MemObject} (the seed's directory index ops): names to
 * (FID, type) in a {@link DirData}, with "." and ".." answered virtually (reference 1.5: the
 * seed stored them and listed "." twice; osd-zfs never stores them, which is what we do).
 */
final class MemDirectoryIndex implements DirectoryIndex {

    private final MemObject obj;

    MemDirectoryIndex(MemObject obj) {
        this.obj = obj;
    }

    @Override
    public OsdObject object() {
        return obj;
    }

    @Override
    public IndexFeatures<?> features() {
        return IndexFeatures.DIRECTORY;
    }

    /** The entries, or ENOENT/ENOTDIR. */
    DirData data() throws LustreException {
        Inode i = obj.existing();
        if (i.kind != Inode.Kind.DIR) {
            throw new LustreException(Errno.ENOTDIR, "object " + obj.fid() + " is not a directory");
        }
        return i.dir();
    }

    private int checkName(byte[] name) throws LustreException {
        return Names.checkEntryName(name, obj.dev.conf().maxNameLen());
    }

    @Override
    public Optional<DirEntry> lookup(byte[] name) throws LustreException {
        obj.dev.stats().inc(MemStats.Counter.LOOKUP);
        checkName(name);
        DirData d = data();
        if (Names.isDot(name)) {
            return Optional.of(new DirEntry(name, obj.fid(), FileMode.S_IFDIR));
        }
        if (Names.isDotDot(name)) {
            return Optional.of(new DirEntry(name, d.parent, FileMode.S_IFDIR));
        }
        DirData.Entry e = d.get(name);
        return e == null ? Optional.empty() : Optional.of(new DirEntry(e.name, e.fid, e.type));
    }

    @Override
    public void declareInsert(byte[] name, Transaction th) throws LustreException {
        obj.dev.declare(th, UpdateType.INSERT, obj);
    }

    @Override
    public void insert(byte[] name, Fid fid, int type, Transaction th) throws LustreException {
        obj.dev.started(th);
        obj.dev.stats().inc(MemStats.Counter.INSERT);
        int len = checkName(name);
        if (fid == null || fid.isZero()) {
            throw new LustreException(Errno.EINVAL,
                    "entry '" + DirEntry.display(name) + "' in " + obj.fid() + " needs a FID, got " + fid);
        }
        DirData d = data();
        if (Names.isDot(name)) {
            if (!fid.equals(obj.fid())) {
                throw new LustreException(Errno.EINVAL,
                        "'.' of " + obj.fid() + " must be the directory itself, not " + fid);
            }
            return;
        }
        if (Names.isDotDot(name)) {
            d.parent = fid;
            obj.dev.trace().entry("insert", obj, name);
            return;
        }
        Inode i = obj.existing();
        long cost = Usage.DIRENT_OVERHEAD + len;
        i.charge(obj.dev.usage(), cost);
        if (d.insert(name.clone(), fid, type & FileMode.S_IFMT) != null) {
            i.charge(obj.dev.usage(), -cost);
            throw new LustreException(Errno.EEXIST,
                    "entry '" + DirEntry.display(name) + "' already exists in " + obj.fid());
        }
        obj.dev.trace().entry("insert", obj, name);
    }

    @Override
    public void declareDelete(byte[] name, Transaction th) throws LustreException {
        obj.dev.declare(th, UpdateType.DELETE, obj);
    }

    @Override
    public void delete(byte[] name, Transaction th) throws LustreException {
        obj.dev.started(th);
        obj.dev.stats().inc(MemStats.Counter.DELETE);
        checkName(name);
        DirData d = data();
        if (Names.isDot(name) || Names.isDotDot(name)) {
            return; // always answered, as osd-zfs does
        }
        DirData.Entry e = d.delete(name);
        if (e == null) {
            throw new LustreException(Errno.ENOENT, "no entry '" + DirEntry.display(name) + "' in " + obj.fid());
        }
        obj.existing().charge(obj.dev.usage(), -(Usage.DIRENT_OVERHEAD + e.name.length));
        obj.dev.trace().entry("delete", obj, name);
    }

    @Override
    public DirectoryIterator iterator(int attrs) throws LustreException {
        return new MemDirectoryIterator(this, data(), attrs);
    }

    @Override
    public long size() throws LustreException {
        return data().live() + 2L;
    }

    MemObject memObject() {
        return obj;
    }
}
