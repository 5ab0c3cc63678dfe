package org.jlustre.osd.testkit;

import org.jlustre.osd.KeyValueIterator;

/** A key/value iterator of a wrapped device. */
final class WrappedKeyValueIterator extends WrappedIterator<byte[], KeyValueIterator> implements KeyValueIterator {

    WrappedKeyValueIterator(WrappedObject handle, KeyValueIterator delegate) {
        super(handle, delegate);
    }

    @Override
    public byte[] rec() {
        use("rec");
        return delegate.rec();
    }

    @Override
    public int recSize() {
        use("recSize");
        return delegate.recSize();
    }
}
