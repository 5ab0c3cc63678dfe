package org.jlustre.osd.testkit;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.UpdateType;

/**
 * A device wrapper that injects {@link LustreException}s (EIO, ENOSPC ...) as its
 * {@link FaultPlan} says, before the call reaches the OSD, so the OSD's state is what it was.
 * An injected start failure also records the errno as the transaction's result, so its
 * callbacks see it, as with a real failed start. The plan can be swapped at any time
 * ({@link #plan(FaultPlan)}), e.g. to arm faults after setting up data.
 */
public final class FaultyOsd extends WrapperDevice {

    /** A plan with its counter and generator. */
    private static final class Armed {
        final FaultPlan plan;
        final AtomicLong eligible = new AtomicLong();
        final SplittableRandom random;

        Armed(FaultPlan plan) {
            this.plan = plan;
            this.random = new SplittableRandom(plan.seed());
        }

        boolean fires() {
            long n = eligible.incrementAndGet();
            if (plan.everyNth() > 0) {
                return n % plan.everyNth() == 0;
            }
            synchronized (random) {
                return random.nextDouble() < plan.probability();
            }
        }
    }

    private volatile Armed armed;
    private final AtomicLong injected = new AtomicLong();

    private FaultyOsd(OsdDevice delegate, FaultPlan plan) {
        super(delegate);
        this.armed = new Armed(plan);
    }

    /** Wraps a device with a plan ({@link FaultPlan#none()} injects nothing). */
    public static FaultyOsd wrap(OsdDevice device, FaultPlan plan) {
        return new FaultyOsd(device, plan);
    }

    /** The device behind the wrapper. */
    public OsdDevice delegate() {
        return delegate;
    }

    /** The current plan. */
    public FaultPlan plan() {
        return armed.plan;
    }

    /** Replaces the plan; its counter and generator start afresh. */
    public void plan(FaultPlan plan) {
        armed = new Armed(plan);
    }

    /** How many faults were injected so far. */
    public long injected() {
        return injected.get();
    }

    private LustreException fault(String op, Object where) {
        injected.incrementAndGet();
        FaultPlan plan = armed.plan;
        return new LustreException(plan.errno(), "injected " + plan.errno() + " in " + op + " of " + where);
    }

    @Override
    <T> T update(WrappedTransaction th, UpdateType type, Fid fid, String op, Call<T> call) throws LustreException {
        Armed a = armed;
        if (a.plan.updates().contains(type) && a.fires()) {
            throw fault(op, fid);
        }
        return call.call();
    }

    @Override
    <T> T read(Fid fid, String op, Call<T> call) throws LustreException {
        Armed a = armed;
        if (a.plan.onRead() && a.fires()) {
            throw fault(op, fid);
        }
        return call.call();
    }

    @Override
    void start(WrappedTransaction th, Run start) throws LustreException {
        Armed a = armed;
        if (a.plan.onStart() && a.fires()) {
            LustreException e = fault("transaction start", name());
            th.delegate.setResult(e.rc());
            throw e;
        }
        start.run();
    }
}
