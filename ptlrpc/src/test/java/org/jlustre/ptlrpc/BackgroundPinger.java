package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A normal client kept busy while bad peers do their worst: it pings every {@code period} and,
 * every {@code echoEvery}-th time, echoes a random payload and checks it comes back unchanged.
 * Every failure is kept with its reason.
 */
final class BackgroundPinger implements AutoCloseable {

    private final Import imp;
    private final Duration period;
    private final int echoEvery;
    private final Thread thread;
    private volatile boolean stop;
    final AtomicLong ok = new AtomicLong();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicLong maxMicros = new AtomicLong();

    BackgroundPinger(Import imp, Duration period, int echoEvery) {
        this.imp = imp;
        this.period = period;
        this.echoEvery = echoEvery;
        this.thread = Thread.ofPlatform().daemon().name("background-pinger").start(this::run);
    }

    private void run() {
        Random random = new Random(42);
        long n = 0;
        while (!stop) {
            n++;
            long start = System.nanoTime();
            try {
                if (echoEvery > 0 && n % echoEvery == 0) {
                    byte[] p = new byte[1 + random.nextInt(4096)];
                    random.nextBytes(p);
                    Reply r = RpcRoundTripTest.echo(imp, p);
                    if (r.status() != 0) {
                        failures.add("echo status " + r.status());
                    } else if (r.buf(1, p.length, "echo").mismatch(MemorySegment.ofArray(p)) != -1) {
                        failures.add("echo of " + p.length + " bytes came back different");
                    } else {
                        ok.incrementAndGet();
                    }
                } else {
                    Reply r = imp.ping();
                    if (r.status() != 0) {
                        failures.add("ping status " + r.status());
                    } else {
                        ok.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                failures.add(e.toString());
            }
            maxMicros.accumulateAndGet((System.nanoTime() - start) / 1000, Math::max);
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(30_000);
    }
}
