package org.jlustre.osd.testkit;

import org.jlustre.common.LustreException;
import org.jlustre.osd.IndexIterator;

/** The common part of the wrapped iterators: every call is checked, then forwarded. */
abstract class WrappedIterator<K, I extends IndexIterator<K>> implements IndexIterator<K> {

    final WrappedObject handle;
    final I delegate;
    private volatile boolean closed;

    WrappedIterator(WrappedObject handle, I delegate) {
        this.handle = handle;
        this.delegate = delegate;
    }

    /** Whether {@link #close()} was called. */
    boolean isClosed() {
        return closed;
    }

    void use(String op) {
        handle.device.beforeIteratorUse(this, op);
    }

    @Override
    public int get(K key) throws LustreException {
        use("get");
        return delegate.get(key);
    }

    @Override
    public int next() throws LustreException {
        use("next");
        return delegate.next();
    }

    @Override
    public K key() {
        use("key");
        return delegate.key();
    }

    @Override
    public int keySize() {
        use("keySize");
        return delegate.keySize();
    }

    @Override
    public long store() {
        use("store");
        return delegate.store();
    }

    @Override
    public int load(long cookie) throws LustreException {
        use("load");
        return delegate.load(cookie);
    }

    @Override
    public void close() {
        use("close");
        closed = true;
        delegate.close();
    }

    @Override
    public String toString() {
        return "iterator[" + delegate + (closed ? ", closed]" : "]");
    }
}
