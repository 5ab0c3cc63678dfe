package org.jlustre.osd.mem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.osd.CommitCallback;
import org.jlustre.osd.Declare;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.TxnHooks;
import org.jlustre.osd.TxnKey;

/**
 * A transaction of osd-mem. Memory is the store, so every update is applied when made: stop
 * runs the device hooks, then the stop callbacks, and the transaction commits as soon as every
 * transaction started before it has stopped too ({@link CommitQueue}); its commit callbacks
 * then run with the result, on the thread whose stop let it commit. The seed skipped the hooks,
 * which the target layer needs for transnos and {@code last_rcvd}, and committed out of order.
 *
 * <p>Used by one thread; the lists are allocated on first use to keep small transactions
 * cheap.
 */
final class MemTransaction implements Transaction {

    private static final List<TxnHooks> NO_HOOKS = List.of();

    private final MemDevice dev;
    private final int tracking;
    private State state = State.CREATED;
    private boolean sync;
    private boolean local;
    private int result;
    /** Set when start failed; stop then reports this to the callbacks. */
    private LustreException startError;
    private List<Declare> declares;
    private List<CommitCallback> stopCallbacks;
    private List<CommitCallback> commitCallbacks;
    private Map<TxnKey<?>, Object> attachments;
    /** The hooks whose start ran, so exactly those get the stop. */
    private List<TxnHooks> hooks = NO_HOOKS;
    /** The result the commit callbacks get. */
    private int commitRc;
    /** Guarded by the device's {@link CommitQueue}. */
    private boolean stoppedForCommit;
    /** Guarded by the device's {@link CommitQueue}. */
    private boolean committed;

    MemTransaction(MemDevice dev, int tracking) {
        this.dev = dev;
        this.tracking = tracking;
    }

    int tracking() {
        return tracking;
    }

    /** Records a declare; only before start. */
    void declare(Declare d) {
        if (state != State.CREATED || startError != null) {
            throw new IllegalStateException("declare of " + d + " after the transaction started");
        }
        if (declares == null) {
            declares = new ArrayList<>(16); // an llog catalog add declares a dozen updates
        }
        declares.add(d);
    }

    /** Checks that updates are allowed now. */
    void checkStarted() {
        if (state != State.STARTED) {
            throw new IllegalStateException("update outside a started transaction (state " + state
                    + (startError != null ? ", start failed" : "") + ")");
        }
    }

    @Override
    public OsdDevice device() {
        return dev;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public void start() throws LustreException {
        if (state != State.CREATED || startError != null) {
            throw new IllegalStateException("transaction started twice (state " + state + ")");
        }
        try {
            dev.checkWritable();
            if (!local) {
                List<TxnHooks> registered = dev.hooks();
                if (!registered.isEmpty()) {
                    hooks = new ArrayList<>(registered.size());
                    for (TxnHooks h : registered) {
                        h.txnStart(this);
                        hooks.add(h);
                    }
                }
            }
        } catch (LustreException e) {
            startError = e;
            throw e;
        }
        state = State.STARTED;
        dev.commits().started(this);
        dev.stats().inc(MemStats.Counter.TRANS_START);
        dev.trace().transactionStart(this);
    }

    @Override
    public void stop() throws LustreException {
        if (state == State.STOPPED) {
            throw new IllegalStateException("transaction stopped twice");
        }
        LustreException error = startError;
        boolean wasStarted = state == State.STARTED;
        if (wasStarted) {
            for (TxnHooks h : hooks) {
                try {
                    h.txnStop(this);
                } catch (LustreException e) {
                    if (error == null) {
                        error = e;
                    }
                }
            }
        }
        state = State.STOPPED;
        commitRc = error != null ? error.rc() : result;
        run(stopCallbacks, commitRc);
        dev.stats().inc(MemStats.Counter.TRANS_STOP);
        dev.trace().transactionStop(this, commitRc);
        if (wasStarted) {
            for (MemTransaction t : dev.commits().stopped(this)) {
                t.run(t.commitCallbacks, t.commitRc);
            }
            if (sync) {
                awaitCommit();
            }
        } else {
            run(commitCallbacks, commitRc);
        }
        if (error != null && error != startError) {
            throw error;
        }
    }

    private void awaitCommit() throws LustreException {
        try {
            dev.commits().awaitCommitted(this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LustreException(Errno.EINTR, "interrupted waiting for " + this + " to commit");
        }
    }

    /** Called by the commit queue under its lock. */
    void markStopped() {
        stoppedForCommit = true;
    }

    /** Called by the commit queue under its lock. */
    boolean isStoppedForCommit() {
        return stoppedForCommit;
    }

    /** Called by the commit queue under its lock. */
    void markCommitted() {
        committed = true;
    }

    /** Called by the commit queue under its lock. */
    boolean isCommitted() {
        return committed;
    }

    private void run(List<CommitCallback> callbacks, int rc) {
        if (callbacks == null) {
            return;
        }
        for (int i = 0; i < callbacks.size(); i++) {
            try {
                callbacks.get(i).committed(this, rc);
            } catch (RuntimeException e) {
                dev.log().logf(DebugMask.S_OSD, DebugMask.D_ERROR, "%s: transaction callback %s failed: %s", dev.name(),
                        callbacks.get(i), e);
            }
        }
    }

    @Override
    public void close() throws LustreException {
        if (state != State.STOPPED) {
            stop();
        }
    }

    @Override
    public boolean isSync() {
        return sync;
    }

    @Override
    public void setSync(boolean sync) {
        if (state == State.STOPPED) {
            throw new IllegalStateException("th_sync set after stop");
        }
        this.sync = sync;
    }

    @Override
    public boolean isLocal() {
        return local;
    }

    @Override
    public void setLocal(boolean local) {
        if (state != State.CREATED) {
            throw new IllegalStateException("th_local set after start");
        }
        this.local = local;
    }

    @Override
    public int result() {
        return result;
    }

    @Override
    public void setResult(int rc) {
        this.result = rc;
    }

    @Override
    public void addCommitCallback(CommitCallback callback) {
        if (state == State.STOPPED) {
            throw new IllegalStateException("commit callback added after stop");
        }
        if (commitCallbacks == null) {
            commitCallbacks = new ArrayList<>(2);
        }
        commitCallbacks.add(callback);
    }

    @Override
    public void addStopCallback(CommitCallback callback) {
        if (state == State.STOPPED) {
            throw new IllegalStateException("stop callback added after stop");
        }
        if (stopCallbacks == null) {
            stopCallbacks = new ArrayList<>(2);
        }
        stopCallbacks.add(callback);
    }

    @Override
    public List<Declare> declares() {
        return declares == null ? List.of() : List.copyOf(declares);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment(TxnKey<T> key) {
        return attachments == null ? null : (T) attachments.get(key);
    }

    @Override
    public <T> void attach(TxnKey<T> key, T value) {
        if (attachments == null) {
            attachments = new HashMap<>(4);
        }
        attachments.put(key, value);
    }

    @Override
    public String toString() {
        return "osd-mem transaction th#" + Integer.toHexString(tracking) + " " + state + " on " + dev.name();
    }

    static LustreException readOnly(String device) {
        return new LustreException(Errno.EROFS, "device " + device + " is read-only");
    }
}
