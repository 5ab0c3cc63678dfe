package org.jlustre.osd.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Declare;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.UpdateType;

/**
 * A device wrapper that fails loudly, with an {@link AssertionError}, on the caller bugs the
 * OSD contract leaves unchecked (Lucene's MockDirectoryWrapper for the OSD):
 *
 * <ul>
 *   <li>an update whose ({@link UpdateType}, FID) was not declared in its transaction;</li>
 *   <li>an update outside a started transaction that the OSD accepted (a conforming OSD throws
 *       {@link IllegalStateException}, which passes through unchanged);</li>
 *   <li>a transaction of another device, or none;</li>
 *   <li>use of an object handle (or its body or indexes) after its {@code close()}: each
 *       {@link #find} returns its own handle, even when the object behind it is shared;</li>
 *   <li>use of an iterator after its {@code close()}, or after its object handle closed;</li>
 *   <li>a second open transaction on one thread;</li>
 *   <li>transactions never stopped, reported when the device is closed.</li>
 * </ul>
 *
 * Every other call passes through unchanged: same return values, same exceptions.
 */
public final class AssertingOsd extends WrapperDevice {

    /** Open transactions and where each was created. */
    private final Map<WrappedTransaction, Throwable> open = new ConcurrentHashMap<>();

    private AssertingOsd(OsdDevice delegate) {
        super(delegate);
    }

    /** Wraps a device. */
    public static AssertingOsd wrap(OsdDevice device) {
        return new AssertingOsd(device);
    }

    /** The device behind the wrapper. */
    public OsdDevice delegate() {
        return delegate;
    }

    /** Descriptions of the transactions created and not yet stopped. */
    public List<String> openTransactions() {
        List<String> out = new ArrayList<>();
        open.keySet().forEach(th -> out.add(th.toString()));
        return out;
    }

    @Override
    void beforeUse(WrappedObject handle, String op) {
        if (handle.isClosed()) {
            throw new AssertionError(op + " on a closed handle of " + handle.delegate.fid());
        }
    }

    @Override
    void beforeIteratorUse(WrappedIterator<?, ?> iterator, String op) {
        if (iterator.isClosed()) {
            throw new AssertionError(op + " on a closed iterator of " + iterator.handle.delegate.fid());
        }
        if (iterator.handle.isClosed()) {
            throw new AssertionError(op + " on an iterator whose handle of " + iterator.handle.delegate.fid()
                    + " was closed");
        }
    }

    @Override
    <T> T update(WrappedTransaction th, UpdateType type, Fid fid, String op, Call<T> call) throws LustreException {
        if (th == null) {
            throw new AssertionError(op + " of " + fid + " without a transaction of " + name());
        }
        if (th.acceptsUpdates()) {
            if (!th.isDeclared(new Declare(type, fid))) {
                throw new AssertionError("undeclared " + type + " of " + fid + " (" + op + "); declared: "
                        + th.declaredSoFar());
            }
            return call.call();
        }
        call.call(); // a conforming OSD throws IllegalStateException here, which passes through
        throw new AssertionError(op + " of " + fid + " outside a started transaction (" + th.phase()
                + ") was accepted by " + delegate.type() + "; it must throw IllegalStateException");
    }

    @Override
    void beforeTransCreate() {
        Thread me = Thread.currentThread();
        for (WrappedTransaction th : open.keySet()) {
            if (th.owner == me) {
                throw new AssertionError("second open transaction on thread " + me.getName() + "; still open: " + th,
                        open.get(th));
            }
        }
    }

    @Override
    void created(WrappedTransaction th) {
        open.put(th, new Throwable("transaction created here"));
    }

    @Override
    void stopped(WrappedTransaction th) {
        open.remove(th);
    }

    @Override
    void afterClose() {
        if (open.isEmpty()) {
            return;
        }
        List<String> leaked = openTransactions();
        AssertionError e = new AssertionError("device " + name() + " closed with " + leaked.size()
                + " transaction(s) never stopped: " + leaked);
        open.values().forEach(e::addSuppressed);
        open.clear();
        throw e;
    }
}
