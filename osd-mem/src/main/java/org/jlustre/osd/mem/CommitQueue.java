package org.jlustre.osd.mem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Commit order for one device: the transactions started and not yet committed, in start
 * order. A transaction commits when it and every transaction started before it have stopped,
 * which gives reference 2.7's rule: if T1 started before T2, T2 committed implies T1 committed.
 * (Memory is the store, so nothing else delays a commit.) The target layer depends on it: the
 * commit callbacks advance {@code last_committed}, which must never pass an open transno.
 *
 * <p>Thread-safe: guarded by {@code this}, which is also the monitor sync stops wait on.
 */
final class CommitQueue {

    /** Guarded by this. */
    private final ArrayDeque<MemTransaction> running = new ArrayDeque<>();

    /** Registers a transaction that just started. */
    synchronized void started(MemTransaction th) {
        running.addLast(th);
    }

    /**
     * Marks a transaction stopped and takes every transaction that can commit now, in start
     * order, marking them committed; the caller runs their commit callbacks.
     */
    synchronized List<MemTransaction> stopped(MemTransaction th) {
        th.markStopped();
        List<MemTransaction> ready = null;
        while (!running.isEmpty() && running.peekFirst().isStoppedForCommit()) {
            MemTransaction t = running.pollFirst();
            t.markCommitted();
            if (ready == null) {
                ready = new ArrayList<>(2);
            }
            ready.add(t);
        }
        if (ready == null) {
            return List.of();
        }
        notifyAll();
        return ready;
    }

    /** Waits until a transaction committed (for {@code th_sync}). */
    synchronized void awaitCommitted(MemTransaction th) throws InterruptedException {
        while (!th.isCommitted()) {
            wait();
        }
    }

    /** Transactions started and not yet committed. */
    synchronized int pending() {
        return running.size();
    }
}
