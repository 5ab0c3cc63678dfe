package org.jlustre.osd.testkit;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIterator;

/** A directory iterator of a wrapped device. */
final class WrappedDirectoryIterator extends WrappedIterator<String, DirectoryIterator> implements DirectoryIterator {

    WrappedDirectoryIterator(WrappedObject handle, DirectoryIterator delegate) {
        super(handle, delegate);
    }

    @Override
    public int get(byte[] name) throws LustreException {
        use("get");
        return delegate.get(name);
    }

    @Override
    public byte[] keyBytes() {
        use("key");
        return delegate.keyBytes();
    }

    @Override
    public DirEntry entry() {
        use("entry");
        return delegate.entry();
    }

    @Override
    public int rec(MemorySegment dst, long offset, int attrs) throws LustreException {
        use("rec");
        return delegate.rec(dst, offset, attrs);
    }

    @Override
    public int recSize(int attrs) {
        use("recSize");
        return delegate.recSize(attrs);
    }
}
