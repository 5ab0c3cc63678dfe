package org.jlustre.osd.testkit;

import java.util.Optional;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Declare;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.UpdateType;

/** A directory index of a {@link WrappedObject}; valid while its handle is open. */
final class WrappedDirectoryIndex implements DirectoryIndex {

    private final WrappedObject handle;
    private final DirectoryIndex delegate;

    WrappedDirectoryIndex(WrappedObject handle, DirectoryIndex delegate) {
        this.handle = handle;
        this.delegate = delegate;
    }

    private void declared(Transaction th, UpdateType type) {
        WrappedTransaction w = handle.device.ours(th);
        if (w != null) {
            w.declared(new Declare(type, handle.delegate.fid()));
        }
    }

    @Override
    public OsdObject object() {
        handle.use("object");
        return handle;
    }

    @Override
    public IndexFeatures<?> features() {
        handle.use("features");
        return delegate.features();
    }

    @Override
    public Optional<DirEntry> lookup(byte[] name) throws LustreException {
        handle.use("lookup");
        return delegate.lookup(name);
    }

    @Override
    public void declareInsert(byte[] name, Transaction th) throws LustreException {
        handle.use("declareInsert");
        delegate.declareInsert(name, handle.device.unwrap(th));
        declared(th, UpdateType.INSERT);
    }

    @Override
    public void insert(byte[] name, Fid fid, int type, Transaction th) throws LustreException {
        handle.use("insert");
        handle.device.updateVoid(th, UpdateType.INSERT, handle.delegate.fid(), "insert '" + DirEntry.display(name) + "'",
                () -> delegate.insert(name, fid, type, handle.device.unwrap(th)));
    }

    @Override
    public void declareDelete(byte[] name, Transaction th) throws LustreException {
        handle.use("declareDelete");
        delegate.declareDelete(name, handle.device.unwrap(th));
        declared(th, UpdateType.DELETE);
    }

    @Override
    public void delete(byte[] name, Transaction th) throws LustreException {
        handle.use("delete");
        handle.device.updateVoid(th, UpdateType.DELETE, handle.delegate.fid(), "delete '" + DirEntry.display(name) + "'",
                () -> delegate.delete(name, handle.device.unwrap(th)));
    }

    @Override
    public DirectoryIterator iterator(int attrs) throws LustreException {
        handle.use("iterator");
        return new WrappedDirectoryIterator(handle, delegate.iterator(attrs));
    }

    @Override
    public long size() throws LustreException {
        handle.use("size");
        return delegate.size();
    }
}
