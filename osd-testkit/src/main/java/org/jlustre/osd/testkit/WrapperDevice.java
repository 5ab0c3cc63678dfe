package org.jlustre.osd.testkit;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DeviceParams;
import org.jlustre.osd.OsdCapabilities;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.TxnHooks;
import org.jlustre.osd.UpdateType;
import org.jlustre.wire.ObdStatfs;

/**
 * A device decorator that wraps everything it hands out (objects, bodies, indexes, iterators,
 * transactions) and routes each call through the guard methods below, which subclasses
 * override to check rules ({@link AssertingOsd}) or inject faults ({@link FaultyOsd}). By
 * default every call passes through unchanged.
 */
abstract class WrapperDevice implements OsdDevice {

    /** A forwarded call that returns a value. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws LustreException;
    }

    /** A forwarded call without a value. */
    @FunctionalInterface
    interface Run {
        void run() throws LustreException;
    }

    final OsdDevice delegate;
    /** Our wrapper of each live delegate transaction, so hooks see the wrapper. */
    private final Map<Transaction, WrappedTransaction> transactions =
            Collections.synchronizedMap(new IdentityHashMap<>());

    WrapperDevice(OsdDevice delegate) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
    }

    // ---- guards: subclasses override ----

    /** Before any call on an object handle or on its body or indexes. */
    void beforeUse(WrappedObject handle, String op) {
    }

    /** Before any call on an iterator. */
    void beforeIteratorUse(WrappedIterator<?, ?> iterator, String op) {
    }

    /** Around an update of {@code type} on {@code fid}; {@code th} is null for a foreign handle. */
    <T> T update(WrappedTransaction th, UpdateType type, Fid fid, String op, Call<T> call) throws LustreException {
        return call.call();
    }

    /** Around a read of an object's body. */
    <T> T read(Fid fid, String op, Call<T> call) throws LustreException {
        return call.call();
    }

    /** Around {@link Transaction#start()}. */
    void start(WrappedTransaction th, Run start) throws LustreException {
        start.run();
    }

    /** Before a transaction is created on the calling thread. */
    void beforeTransCreate() {
    }

    /** After a transaction was created. */
    void created(WrappedTransaction th) {
    }

    /** After a transaction was stopped (successfully or not). */
    void stopped(WrappedTransaction th) {
    }

    /** After the delegate was closed. */
    void afterClose() {
    }

    // ---- plumbing for the wrappers ----

    /** Runs an update without a result through {@link #update}. */
    final void updateVoid(Transaction th, UpdateType type, Fid fid, String op, Run run) throws LustreException {
        update(ours(th), type, fid, op, () -> {
            run.run();
            return null;
        });
    }

    /** Our wrapper for a transaction handed to a wrapped object, or null if it is not ours. */
    final WrappedTransaction ours(Transaction th) {
        return th instanceof WrappedTransaction w && w.device == this ? w : null;
    }

    /** The delegate's transaction for one handed to a wrapped object. */
    final Transaction unwrap(Transaction th) {
        WrappedTransaction w = ours(th);
        return w != null ? w.delegate : th;
    }

    /** The wrapper of a delegate transaction (hooks receive the delegate's). */
    final Transaction wrapperOf(Transaction delegateTh) {
        WrappedTransaction w = transactions.get(delegateTh);
        return w != null ? w : delegateTh;
    }

    final void forget(WrappedTransaction th) {
        transactions.remove(th.delegate);
    }

    // ---- OsdDevice ----

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String type() {
        return delegate.type();
    }

    @Override
    public OsdCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Fid rootFid() {
        return delegate.rootFid();
    }

    @Override
    public OsdObject find(Fid fid) throws LustreException {
        return new WrappedObject(this, delegate.find(fid));
    }

    @Override
    public Transaction transCreate() throws LustreException {
        beforeTransCreate();
        WrappedTransaction th = new WrappedTransaction(this, delegate.transCreate());
        transactions.put(th.delegate, th);
        created(th);
        return th;
    }

    @Override
    public ObdStatfs statfs() throws LustreException {
        return delegate.statfs();
    }

    @Override
    public DeviceParams conf() {
        return delegate.conf();
    }

    @Override
    public void sync() throws LustreException {
        delegate.sync();
    }

    @Override
    public void commitAsync() {
        delegate.commitAsync();
    }

    @Override
    public void setReadOnly() {
        delegate.setReadOnly();
    }

    @Override
    public boolean isReadOnly() {
        return delegate.isReadOnly();
    }

    @Override
    public TxnHooks.Registration addTxnHooks(TxnHooks hooks) {
        return delegate.addTxnHooks(new TxnHooks() {
            @Override
            public void txnStart(Transaction th) throws LustreException {
                hooks.txnStart(wrapperOf(th));
            }

            @Override
            public void txnStop(Transaction th) throws LustreException {
                hooks.txnStop(wrapperOf(th));
            }
        });
    }

    @Override
    public int purgeCache() {
        return delegate.purgeCache();
    }

    @Override
    public List<Fid> objectFids() throws LustreException {
        return delegate.objectFids();
    }

    @Override
    public void close() {
        delegate.close();
        afterClose();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }

    /** The innermost object behind any number of kit wrappers (for identity checks). */
    static Object innermost(OsdObject o) {
        OsdObject cur = o;
        while (cur instanceof WrappedObject w) {
            cur = w.delegate;
        }
        return cur;
    }
}
