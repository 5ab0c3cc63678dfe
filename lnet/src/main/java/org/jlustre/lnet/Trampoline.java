package org.jlustre.lnet;

import java.util.ArrayDeque;

/**
 * Runs deliveries made on the sending thread one after the other instead of one inside the
 * other, for drivers that deliver synchronously (in-JVM, loopback). A reply sent from a
 * delivery callback, whose completion sends the next request, whose delivery sends the next
 * reply, ... would otherwise nest without end. A nested delivery is queued and run by the
 * outermost one on the same thread, in order, once the current one returns.
 */
public final class Trampoline {

    private static final ThreadLocal<ArrayDeque<Runnable>> QUEUE = new ThreadLocal<>();

    private Trampoline() {
    }

    /** Runs {@code delivery} now, or after the delivery this thread is in the middle of. */
    public static void run(Runnable delivery) {
        ArrayDeque<Runnable> q = QUEUE.get();
        if (q != null) {
            q.add(delivery);
            return;
        }
        q = new ArrayDeque<>();
        QUEUE.set(q);
        try {
            delivery.run();
            Runnable next;
            while ((next = q.poll()) != null) {
                next.run();
            }
        } finally {
            QUEUE.remove();
        }
    }
}
