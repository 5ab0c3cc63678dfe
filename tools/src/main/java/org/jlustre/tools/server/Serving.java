package org.jlustre.tools.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A command that serves until it is stopped: by an interrupt or SIGTERM (a shutdown hook runs
 * its stop action, as {@code umount} at shutdown), by the end of a process it serves for
 * ({@code --stop-with}), or by returning. The stop action runs once, whichever comes first,
 * and {@link #close()} runs it unless the JVM's shutdown already does.
 */
public final class Serving implements AutoCloseable {

    private final Runnable stop;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Counted down when serving ends: the hook ran the stop action, or the watched process ended. */
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread hook;

    /** Serving that ends with {@code stop}; nothing is registered until {@link #serve}. */
    public Serving(Runnable stop) {
        this.stop = stop;
        this.hook = new Thread(() -> {
            runStop();
            ended.countDown();
        }, "jlustre stop");
    }

    private void runStop() {
        if (stopped.compareAndSet(false, true)) {
            stop.run();
        }
    }

    /**
     * From now on an interrupt or SIGTERM runs the stop action; and, with {@code stopWith} not
     * null, the end of that process ends serving (at once if there is no such process).
     */
    public void serve(Long stopWith) {
        Runtime.getRuntime().addShutdownHook(hook);
        if (stopWith != null) {
            ProcessHandle.of(stopWith).ifPresentOrElse(p -> p.onExit().thenRun(ended::countDown), ended::countDown);
        }
    }

    /** Waits until serving ends. */
    public void await() throws InterruptedException {
        ended.await();
    }

    /** Whether serving has ended. */
    public boolean ended() {
        return ended.getCount() == 0;
    }

    /** Runs the stop action, unless the JVM is shutting down and its hook runs it. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            return; // shutting down: the hook runs the stop action
        }
        runStop();
        ended.countDown();
    }
}
