package org.jlustre.osc;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * At most {@code max} BRW RPCs of an OSC on the wire at once ({@code cl_max_rpcs_in_flight},
 * osc_cache.c {@code osc_check_rpcs}); the others wait their turn in order. A finished RPC
 * starts the next one from its completion (an LNet thread), so a long transfer keeps the window
 * full without a thread of its own. Guarded by its monitor; no RPC is started under it.
 */
final class RpcWindow {

    /** The limit; written by the parameter, read under the monitor. */
    private int max;
    /** RPCs started and not finished; guarded by this. */
    private int inFlight;
    /** RPCs waiting for a slot, oldest first; guarded by this. */
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();

    RpcWindow(int max) {
        this.max = max;
    }

    /** The limit. */
    synchronized int max() {
        return max;
    }

    /** Changes the limit; RPCs already started are not stopped. */
    void max(int n) {
        Runnable next;
        synchronized (this) {
            max = n;
        }
        while ((next = nextToStart()) != null) {
            next.run();
        }
    }

    /** RPCs on the wire now. */
    synchronized int inFlight() {
        return inFlight;
    }

    /**
     * Starts {@code rpc} when a slot is free: the future of its result, completed when it
     * finished. A {@code rpc} that throws fails its future and frees its slot.
     */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> rpc) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> f;
            try {
                f = rpc.get();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                finished();
                return;
            }
            f.whenComplete((v, e) -> {
                finished();
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            });
        };
        boolean now;
        synchronized (this) {
            now = inFlight < max;
            if (now) {
                inFlight++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    private void finished() {
        Runnable next;
        synchronized (this) {
            inFlight--;
        }
        while ((next = nextToStart()) != null) {
            next.run();
        }
    }

    /** Takes a slot for the oldest waiting RPC, if there is one and a slot. */
    private synchronized Runnable nextToStart() {
        if (inFlight >= max || waiting.isEmpty()) {
            return null;
        }
        inFlight++;
        return waiting.poll();
    }
}
