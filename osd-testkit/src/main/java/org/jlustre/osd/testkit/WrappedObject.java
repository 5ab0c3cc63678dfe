package org.jlustre.osd.testkit;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.Body;
import org.jlustre.osd.Declare;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.Index;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.UpdateType;
import org.jlustre.osd.XattrMode;

/**
 * One handle of a wrapped device: every {@link OsdDevice#find} returns its own, even when the
 * objects behind them are the same, so use after {@link #close()} is seen per handle.
 */
final class WrappedObject implements OsdObject {

    final WrapperDevice device;
    final OsdObject delegate;
    private volatile boolean closed;

    WrappedObject(WrapperDevice device, OsdObject delegate) {
        this.device = device;
        this.delegate = delegate;
    }

    /** Whether {@link #close()} was called on this handle. */
    boolean isClosed() {
        return closed;
    }

    void use(String op) {
        device.beforeUse(this, op);
    }

    private void declared(Transaction th, UpdateType type) {
        WrappedTransaction w = device.ours(th);
        if (w != null) {
            w.declared(new Declare(type, delegate.fid()));
        }
    }

    @Override
    public Fid fid() {
        use("fid");
        return delegate.fid();
    }

    @Override
    public OsdDevice device() {
        use("device");
        return device;
    }

    @Override
    public boolean exists() {
        use("exists");
        return delegate.exists();
    }

    @Override
    public int fileType() {
        use("fileType");
        return delegate.fileType();
    }

    @Override
    public void readLock(ObjectRole role) {
        use("readLock");
        delegate.readLock(role);
    }

    @Override
    public void readUnlock() {
        use("readUnlock");
        delegate.readUnlock();
    }

    @Override
    public void writeLock(ObjectRole role) {
        use("writeLock");
        delegate.writeLock(role);
    }

    @Override
    public void writeUnlock() {
        use("writeUnlock");
        delegate.writeUnlock();
    }

    @Override
    public boolean isWriteLocked() {
        use("isWriteLocked");
        return delegate.isWriteLocked();
    }

    @Override
    public void attrGet(LuAttr out) throws LustreException {
        use("attrGet");
        delegate.attrGet(out);
    }

    @Override
    public void declareAttrSet(LuAttr attr, Transaction th) throws LustreException {
        use("declareAttrSet");
        delegate.declareAttrSet(attr, device.unwrap(th));
        declared(th, UpdateType.ATTR_SET);
    }

    @Override
    public void attrSet(LuAttr attr, Transaction th) throws LustreException {
        use("attrSet");
        device.updateVoid(th, UpdateType.ATTR_SET, delegate.fid(), "attrSet",
                () -> delegate.attrSet(attr, device.unwrap(th)));
    }

    @Override
    public void declareCreate(LuAttr attr, AllocationHint hint, ObjectFormat format, Transaction th)
            throws LustreException {
        use("declareCreate");
        delegate.declareCreate(attr, hint, format, device.unwrap(th));
        declared(th, UpdateType.CREATE);
    }

    @Override
    public void create(LuAttr attr, AllocationHint hint, ObjectFormat format, Transaction th) throws LustreException {
        use("create");
        device.updateVoid(th, UpdateType.CREATE, delegate.fid(), "create",
                () -> delegate.create(attr, hint, format, device.unwrap(th)));
    }

    @Override
    public void declareDestroy(Transaction th) throws LustreException {
        use("declareDestroy");
        delegate.declareDestroy(device.unwrap(th));
        declared(th, UpdateType.DESTROY);
    }

    @Override
    public void destroy(Transaction th) throws LustreException {
        use("destroy");
        device.updateVoid(th, UpdateType.DESTROY, delegate.fid(), "destroy", () -> delegate.destroy(device.unwrap(th)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I extends Index> I indexTry(IndexFeatures<I> features) throws LustreException {
        use("indexTry");
        Index index = delegate.indexTry(features);
        if (index instanceof DirectoryIndex dir) {
            return (I) new WrappedDirectoryIndex(this, dir);
        }
        return (I) new WrappedKeyValueIndex(this, (KeyValueIndex) index);
    }

    @Override
    public void declareRefAdd(Transaction th) throws LustreException {
        use("declareRefAdd");
        delegate.declareRefAdd(device.unwrap(th));
        declared(th, UpdateType.REF_ADD);
    }

    @Override
    public void refAdd(Transaction th) throws LustreException {
        use("refAdd");
        device.updateVoid(th, UpdateType.REF_ADD, delegate.fid(), "refAdd", () -> delegate.refAdd(device.unwrap(th)));
    }

    @Override
    public void declareRefDel(Transaction th) throws LustreException {
        use("declareRefDel");
        delegate.declareRefDel(device.unwrap(th));
        declared(th, UpdateType.REF_DEL);
    }

    @Override
    public void refDel(Transaction th) throws LustreException {
        use("refDel");
        device.updateVoid(th, UpdateType.REF_DEL, delegate.fid(), "refDel", () -> delegate.refDel(device.unwrap(th)));
    }

    @Override
    public int xattrGet(String name, MemorySegment buf) throws LustreException {
        use("xattrGet");
        return delegate.xattrGet(name, buf);
    }

    @Override
    public byte[] xattrGetOrNull(String name) throws LustreException {
        use("xattrGetOrNull");
        return delegate.xattrGetOrNull(name);
    }

    @Override
    public void declareXattrSet(String name, int size, XattrMode mode, Transaction th) throws LustreException {
        use("declareXattrSet");
        delegate.declareXattrSet(name, size, mode, device.unwrap(th));
        declared(th, UpdateType.XATTR_SET);
    }

    @Override
    public void xattrSet(String name, MemorySegment value, XattrMode mode, Transaction th) throws LustreException {
        use("xattrSet");
        device.updateVoid(th, UpdateType.XATTR_SET, delegate.fid(), "xattrSet " + name,
                () -> delegate.xattrSet(name, value, mode, device.unwrap(th)));
    }

    @Override
    public void declareXattrDel(String name, Transaction th) throws LustreException {
        use("declareXattrDel");
        delegate.declareXattrDel(name, device.unwrap(th));
        declared(th, UpdateType.XATTR_DEL);
    }

    @Override
    public void xattrDel(String name, Transaction th) throws LustreException {
        use("xattrDel");
        device.updateVoid(th, UpdateType.XATTR_DEL, delegate.fid(), "xattrDel " + name,
                () -> delegate.xattrDel(name, device.unwrap(th)));
    }

    @Override
    public int xattrList(MemorySegment buf) throws LustreException {
        use("xattrList");
        return delegate.xattrList(buf);
    }

    @Override
    public Body body() {
        use("body");
        return new WrappedBody(this, delegate.body());
    }

    @Override
    public void sync(long start, long end) throws LustreException {
        use("sync");
        delegate.sync(start, end);
    }

    @Override
    public void close() {
        use("close");
        closed = true;
        delegate.close();
    }

    @Override
    public String toString() {
        return "handle[" + delegate + (closed ? ", closed]" : "]");
    }
}
