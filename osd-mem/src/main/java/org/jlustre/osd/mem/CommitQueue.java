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
    /** Guarded by this: sync stops waiting for a commit. */
    private int waiters;

    /** Registers a transaction that just started. */
    synchronized void started(MemTransaction th) {
        running.addLast(th);
    }

    /**
     * Marks a transaction stopped and takes every transaction that can commit now, in start
     * order, marking them committed; the caller runs their commit callbacks. Most of the time
     * that is just the transaction itself.
     */
    synchronized List<MemTransaction> stopped(MemTransaction th) {
        th.markStopped();
        MemTransaction head = running.peekFirst();
        if (head == null || !head.isStoppedForCommit()) {
            return List.of();
        }
        running.pollFirst();
        head.markCommitted();
        List<MemTransaction> ready = List.of(head);
        while (!running.isEmpty() && running.peekFirst().isStoppedForCommit()) {
            if (ready.size() == 1) {
                ready = new ArrayList<>(ready);
            }
            MemTransaction t = running.pollFirst();
            t.markCommitted();
            ready.add(t);
        }
        if (waiters > 0) {
            notifyAll();
        }
        return ready;
    }

    /** Waits until a transaction committed (for {@code th_sync}). */
    synchronized void awaitCommitted(MemTransaction th) throws InterruptedException {
        waiters++;
        try {
            while (!th.isCommitted()) {
                wait();
            }
        } finally {
            waiters--;
        }
    }

    /** Transactions started and not yet committed. */
    synchronized int pending() {
        return running.size();
    }
}
