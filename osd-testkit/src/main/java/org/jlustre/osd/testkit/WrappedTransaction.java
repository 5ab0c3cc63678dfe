package org.jlustre.osd.testkit;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.LustreException;
import org.jlustre.osd.CommitCallback;
import org.jlustre.osd.Declare;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.TxnKey;

/**
 * A transaction of a wrapped device: forwards to the delegate's handle, remembers what was
 * declared through the wrapped objects, and follows the lifecycle so guards can tell whether
 * updates are accepted.
 */
final class WrappedTransaction implements Transaction {

    /** Where the wrapper believes the transaction is. */
    enum Phase {
        CREATED, STARTING, STARTED, START_FAILED, STOPPING, STOPPED
    }

    final WrapperDevice device;
    final Transaction delegate;
    final Thread owner = Thread.currentThread();
    private final Set<Declare> declared = ConcurrentHashMap.newKeySet();
    private volatile Phase phase = Phase.CREATED;

    WrappedTransaction(WrapperDevice device, Transaction delegate) {
        this.device = device;
        this.delegate = delegate;
    }

    Phase phase() {
        return phase;
    }

    /** Started, or inside stop where the stop hooks still update. */
    boolean acceptsUpdates() {
        return phase == Phase.STARTED || phase == Phase.STOPPING;
    }

    void declared(Declare d) {
        declared.add(d);
    }

    boolean isDeclared(Declare d) {
        return declared.contains(d);
    }

    /** What was declared through the wrapped objects, for messages. */
    Set<Declare> declaredSoFar() {
        return Set.copyOf(declared);
    }

    @Override
    public OsdDevice device() {
        return device;
    }

    @Override
    public State state() {
        return delegate.state();
    }

    @Override
    public void start() throws LustreException {
        if (phase != Phase.CREATED) {
            delegate.start(); // the OSD refuses a second start
            return;
        }
        phase = Phase.STARTING;
        boolean ok = false;
        try {
            device.start(this, delegate::start);
            ok = true;
        } finally {
            phase = ok ? Phase.STARTED : Phase.START_FAILED;
        }
    }

    @Override
    public void stop() throws LustreException {
        if (phase == Phase.STOPPED) {
            delegate.stop(); // the OSD refuses a second stop
            return;
        }
        phase = Phase.STOPPING;
        try {
            delegate.stop();
        } finally {
            ended();
        }
    }

    @Override
    public void close() throws LustreException {
        if (phase == Phase.STOPPED) {
            delegate.close();
            return;
        }
        phase = Phase.STOPPING;
        try {
            delegate.close();
        } finally {
            ended();
        }
    }

    private void ended() {
        phase = Phase.STOPPED;
        device.forget(this);
        device.stopped(this);
    }

    @Override
    public boolean isSync() {
        return delegate.isSync();
    }

    @Override
    public void setSync(boolean sync) {
        delegate.setSync(sync);
    }

    @Override
    public boolean isLocal() {
        return delegate.isLocal();
    }

    @Override
    public void setLocal(boolean local) {
        delegate.setLocal(local);
    }

    @Override
    public int result() {
        return delegate.result();
    }

    @Override
    public void setResult(int rc) {
        delegate.setResult(rc);
    }

    @Override
    public void addCommitCallback(CommitCallback callback) {
        delegate.addCommitCallback((th, result) -> callback.committed(this, result));
    }

    @Override
    public void addStopCallback(CommitCallback callback) {
        delegate.addStopCallback((th, result) -> callback.committed(this, result));
    }

    @Override
    public List<Declare> declares() {
        return delegate.declares();
    }

    @Override
    public <T> T attachment(TxnKey<T> key) {
        return delegate.attachment(key);
    }

    @Override
    public <T> void attach(TxnKey<T> key, T value) {
        delegate.attach(key, value);
    }

    @Override
    public String toString() {
        return "txn[" + delegate + ", " + phase + ", thread " + owner.getName() + "]";
    }
}
