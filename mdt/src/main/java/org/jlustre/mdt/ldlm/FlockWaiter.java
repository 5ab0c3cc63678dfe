package org.jlustre.mdt.ldlm;

/**
 * A flock request that conflicted and waits on the resource's waiting queue (F_SETLKW,
 * {@code res->lr_waiting}), named by the client's cookie (which a re-enqueue repeats) and by the
 * server cookie (which a cancel names). {@link #blockedBy} is the owner of the granted lock it
 * waits behind, what deadlock detection follows ({@code ldlm_flock_blocking_link}). Mutable;
 * guarded by the namespace's monitor.
 */
final class FlockWaiter {

    /** Where a waiting request stands. */
    enum State {
        WAITING, GRANTED, DEADLOCK
    }

    final FlockResource resource;
    final FlockRange wanted;
    final long clientCookie;
    final long serverCookie;
    FlockOwner blockedBy;
    State state = State.WAITING;

    FlockWaiter(FlockResource resource, FlockRange wanted, long clientCookie, long serverCookie, FlockOwner blockedBy) {
        this.resource = resource;
        this.wanted = wanted;
        this.clientCookie = clientCookie;
        this.serverCookie = serverCookie;
        this.blockedBy = blockedBy;
    }
}
