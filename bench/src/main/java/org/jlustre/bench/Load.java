package org.jlustre.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Keeps {@code inFlight} asynchronous operations outstanding, each started when one finishes,
 * and samples the completion rate in rounds: the harness of the rpc suite, for operations that
 * JMH's thread model does not fit (many in flight per thread, completions on network threads).
 */
final class Load {

    private Load() {
    }

    /** Operations per second in each measured round, after the warm-up rounds. */
    static Measurement rate(RunLength length, LongSupplier completed) throws InterruptedException {
        long ms = length.iterationSeconds() * 1000L;
        for (int i = 0; i < length.warmupIterations(); i++) {
            Thread.sleep(ms);
        }
        double[] samples = new double[length.measurementIterations()];
        for (int i = 0; i < samples.length; i++) {
            long c0 = completed.getAsLong();
            long t0 = System.nanoTime();
            Thread.sleep(ms);
            long c1 = completed.getAsLong();
            samples[i] = (c1 - c0) / ((System.nanoTime() - t0) / 1e9);
        }
        return Measurement.of(samples);
    }

    /** {@code inFlight} chains of {@code op}; {@code op.apply(chain)} starts one operation of a chain. */
    static final class Chains implements AutoCloseable {
        private final IntFunction<CompletableFuture<?>> op;
        private final AtomicLong done = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean stop;

        Chains(int inFlight, IntFunction<CompletableFuture<?>> op) {
            this.op = op;
            for (int i = 0; i < inFlight; i++) {
                int chain = i;
                // a chain whose operations all complete synchronously runs on its own thread for good
                Thread.ofPlatform().daemon().name("load-chain-" + i).start(() -> next(chain));
            }
        }

        /**
         * Starts the chain's next operation. One that completes before it returns (the in-JVM
         * network can deliver a whole round trip on the sending thread) is counted here and
         * the loop goes on, rather than recursing through its callback.
         */
        private void next(int chain) {
            while (!stop) {
                CompletableFuture<?> f = op.apply(chain);
                if (!f.isDone()) {
                    f.whenComplete((r, e) -> {
                        if (record(e)) {
                            next(chain);
                        }
                    });
                    return;
                }
                Throwable e = null;
                try {
                    f.join();
                } catch (RuntimeException ex) {
                    e = ex;
                }
                if (!record(e)) {
                    return;
                }
            }
        }

        private boolean record(Throwable e) {
            if (e != null) {
                failure.compareAndSet(null, e);
                return false;
            }
            done.incrementAndGet();
            return true;
        }

        long completed() {
            Throwable t = failure.get();
            if (t != null) {
                throw new IllegalStateException("an operation failed: " + t, t);
            }
            return done.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            Thread.sleep(200); // let the last operations finish before the fixture goes
        }
    }
}
