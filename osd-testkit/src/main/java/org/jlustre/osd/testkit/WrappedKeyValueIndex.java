package org.jlustre.osd.testkit;

import java.util.Optional;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Declare;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.KeyValueIterator;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.UpdateType;

/** A key/value index of a {@link WrappedObject}; valid while its handle is open. */
final class WrappedKeyValueIndex implements KeyValueIndex {

    private final WrappedObject handle;
    private final KeyValueIndex delegate;

    WrappedKeyValueIndex(WrappedObject handle, KeyValueIndex delegate) {
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
    public int keySize() {
        handle.use("keySize");
        return delegate.keySize();
    }

    @Override
    public int recSize() {
        handle.use("recSize");
        return delegate.recSize();
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) throws LustreException {
        handle.use("lookup");
        return delegate.lookup(key);
    }

    @Override
    public void declareInsert(byte[] key, Transaction th) throws LustreException {
        handle.use("declareInsert");
        delegate.declareInsert(key, handle.device.unwrap(th));
        declared(th, UpdateType.INSERT);
    }

    @Override
    public void insert(byte[] key, byte[] record, Transaction th) throws LustreException {
        handle.use("insert");
        handle.device.updateVoid(th, UpdateType.INSERT, handle.delegate.fid(), "insert",
                () -> delegate.insert(key, record, handle.device.unwrap(th)));
    }

    @Override
    public void declareDelete(byte[] key, Transaction th) throws LustreException {
        handle.use("declareDelete");
        delegate.declareDelete(key, handle.device.unwrap(th));
        declared(th, UpdateType.DELETE);
    }

    @Override
    public void delete(byte[] key, Transaction th) throws LustreException {
        handle.use("delete");
        handle.device.updateVoid(th, UpdateType.DELETE, handle.delegate.fid(), "delete",
                () -> delegate.delete(key, handle.device.unwrap(th)));
    }

    @Override
    public KeyValueIterator iterator() throws LustreException {
        handle.use("iterator");
        return new WrappedKeyValueIterator(handle, delegate.iterator());
    }

    @Override
    public long size() throws LustreException {
        handle.use("size");
        return delegate.size();
    }
}
