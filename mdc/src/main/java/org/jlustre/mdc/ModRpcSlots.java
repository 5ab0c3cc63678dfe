package org.jlustre.mdc;

import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * The modifying-RPC slots of one MDC ({@code obd_get_mod_rpc_slot} / {@code obd_put_mod_rpc_slot},
 * lustre/obdclass/genops.c): at most {@code max_mod_rpcs_in_flight} REINTs and closes are on the
 * wire at once, and each carries a tag ({@code pb_tag}, 1 and up) that no other in flight has,
 * so the MDT keeps one saved reply per tag ({@code reply_data}, MULTIMODRPCS). A close may take
 * one slot past the limit when no other close holds one, so closes never wait behind the opens
 * they would let finish. Thread-safe (its monitor).
 */
final class ModRpcSlots {

    /** Tags in use; bit t-1 for tag t. Guarded by this. */
    private final BitSet inUse = new BitSet();
    /** The limit. Guarded by this. */
    private int max;
    /** Modifying RPCs in flight. Guarded by this. */
    private int inFlight;
    /** Closes in flight. Guarded by this. */
    private int closes;

    ModRpcSlots(int max) {
        this.max = max;
    }

    /** Lowers (or raises) the limit, as the connect's {@code ocd_maxmodrpcs} says. */
    synchronized void max(int n) {
        max = Math.max(1, n);
        notifyAll();
    }

    /** The limit. */
    synchronized int max() {
        return max;
    }

    /** Slots in use now. */
    synchronized int inFlight() {
        return inFlight;
    }

    /**
     * Takes a slot and returns its tag, waiting at most {@code waitNanos} for one to free;
     * {@code what} names the operation in the errors.
     *
     * @throws LustreException ETIMEDOUT after the wait, EINTR when interrupted
     */
    synchronized int acquire(boolean close, long waitNanos, Supplier<String> what) throws LustreException {
        long deadline = System.nanoTime() + waitNanos;
        while (inFlight >= max && !(close && closes == 0)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new LustreException(Errno.ETIMEDOUT, what.get() + ": no modifying RPC slot free in "
                        + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms (" + inFlight + " in flight)");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LustreException(Errno.EINTR, what.get() + ": interrupted waiting for a modifying RPC slot");
            }
        }
        inFlight++;
        if (close) {
            closes++;
        }
        int tag = inUse.nextClearBit(0);
        inUse.set(tag);
        return tag + 1;
    }

    /** Gives back the slot of {@code tag}. */
    synchronized void release(int tag, boolean close) {
        if (tag < 1 || !inUse.get(tag - 1)) {
            throw new IllegalStateException("modifying RPC tag " + tag + " is not in use");
        }
        inUse.clear(tag - 1);
        inFlight--;
        if (close) {
            closes--;
        }
        notifyAll();
    }
}
