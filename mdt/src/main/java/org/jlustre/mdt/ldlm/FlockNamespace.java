package org.jlustre.mdt.ldlm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.ldlm.Ldlm;
import org.jlustre.wire.ldlm.LdlmFlockWire;
import org.jlustre.wire.ldlm.LdlmResId;

/**
 * An MDT's flock namespace ({@code ldlm_namespace} of LDLM_FLOCK resources; the server half of
 * lustre/ldlm/ldlm_flock.c): what LDLM_ENQUEUE of a flock lock does, what LDLM_CANCEL of a
 * waiting one does, and what the client's going takes with it ({@code ldlm_cancel_locks_for_export}).
 *
 * <p>An enqueue either grants at once (merging and splitting the owner's ranges), reports a
 * conflict (TEST_LOCK: F_GETLK), fails with EAGAIN (BLOCK_NOWAIT: F_SETLK) or EDEADLK (waiting
 * would close a cycle of owners each waiting for the next, {@code ldlm_flock_deadlock}), or
 * queues the request and answers BLOCK_GRANTED. Lustre then sends a completion AST when the
 * lock is granted; jlustre has no server-to-client callbacks yet, so the client enqueues the
 * same lock cookie again and the answer is the waiting request's state: still blocked, granted
 * meanwhile (by {@link #reprocess} after an unlock, {@code ldlm_reprocess_queue}), or refused
 * with EDEADLK when a later wait made it a deadlock ({@code ldlm_flock_cancel_on_deadlock}).
 *
 * <p>Thread-safe: one monitor for the whole namespace, as deadlock detection follows owners
 * across files.
 */
public final class FlockNamespace {

    /**
     * What an enqueue answers: the reply's flags and lock description fields, and the server's
     * cookie for the lock.
     *
     * @param flags {@code lock_flags} of the reply
     * @param mode the mode of {@code l_req_mode}/{@code l_granted_mode}: the granted mode, the
     *     conflicting lock's mode for a TEST_LOCK, {@code LCK_NL} when nothing conflicts
     * @param granted whether {@code l_granted_mode} is {@code mode}: a granted lock, or a
     *     TEST_LOCK answer (the client reads the conflicting mode there,
     *     {@code ldlm_flock_completion_ast})
     * @param flock the policy: the request's range, or the conflicting lock's for a TEST_LOCK
     * @param cookie the server's cookie
     */
    public record Result(int flags, int mode, boolean granted, LdlmFlockWire flock, long cookie) {
    }

    /** A client's name for one of its locks: its export and its cookie ({@code l_remote_handle}). */
    private record ClientCookie(Object client, long cookie) {
    }

    private final String name;
    private final Map<LdlmResId, FlockResource> resources = new HashMap<>();
    /** Waiting (or granted but not yet collected) requests by client cookie. */
    private final Map<ClientCookie, FlockWaiter> byClientCookie = new HashMap<>();
    /** The same requests by server cookie, for LDLM_CANCEL. */
    private final Map<Long, FlockWaiter> byServerCookie = new HashMap<>();
    private long nextCookie = ThreadLocalRandom.current().nextLong() | 1;

    /** A namespace named {@code name} in messages (the MDT's name). */
    public FlockNamespace(String name) {
        this.name = name;
    }

    /**
     * LDLM_ENQUEUE of a flock lock ({@code ldlm_handle_enqueue0} with {@code ldlm_process_flock_lock}).
     *
     * @param client the client (its export)
     * @param clientCookie the client's cookie for the lock ({@code lock_handle[0]})
     * @param res the resource: a file's flock resource
     * @param mode {@code LCK_PR}, {@code LCK_PW} or {@code LCK_NL} (unlock)
     * @param flock the range, owner and pid
     * @param flags {@code LDLM_FL_BLOCK_NOWAIT}, {@code LDLM_FL_TEST_LOCK} or neither
     * @throws LustreException EINVAL for another mode or a range ending before it starts, EAGAIN
     *     for a conflicting BLOCK_NOWAIT request, EDEADLK when waiting would deadlock
     */
    public synchronized Result enqueue(Object client, long clientCookie, LdlmResId res, int mode, LdlmFlockWire flock,
            int flags) throws LustreException {
        if (mode != Ldlm.LCK_PR && mode != Ldlm.LCK_PW && mode != Ldlm.LCK_NL) {
            throw new LustreException(Errno.EINVAL, name + ": flock mode " + mode + " on " + res
                    + " is none of PR (4), PW (2), NL (32)");
        }
        if (Long.compareUnsigned(flock.start(), flock.end()) > 0) {
            throw new LustreException(Errno.EINVAL, name + ": flock range " + flock + " on " + res + " ends before it starts");
        }
        FlockOwner owner = new FlockOwner(client, flock.owner());
        FlockWaiter again = byClientCookie.get(new ClientCookie(client, clientCookie));
        if (again != null && (flags & Ldlm.FL_TEST_LOCK) == 0) {
            return collect(again);
        }
        FlockResource r = resources.computeIfAbsent(res, FlockResource::new);
        FlockRange req = new FlockRange(owner, mode, flock.start(), flock.end(), flock.pid());
        FlockRange conflict = mode == Ldlm.LCK_NL ? null : r.conflict(req);
        try {
            if ((flags & Ldlm.FL_TEST_LOCK) != 0) {
                return conflict == null ? new Result(Ldlm.FL_LOCK_CHANGED, Ldlm.LCK_NL, true, flock, 0)
                        : new Result(Ldlm.FL_LOCK_CHANGED, conflict.mode(), true, new LdlmFlockWire(conflict.start(),
                                conflict.end(), flock.owner(), conflict.pid()), 0);
            }
            if (conflict == null) {
                if (r.apply(req)) {
                    reprocess(r);
                }
                return new Result(0, mode, true, flock, newCookie());
            }
            if ((flags & Ldlm.FL_BLOCK_NOWAIT) != 0) {
                throw new LustreException(Errno.EAGAIN, name + ": flock " + flock + " mode " + mode + " on " + res
                        + " conflicts with " + conflict.owner() + " mode " + conflict.mode() + " ["
                        + Long.toUnsignedString(conflict.start()) + ", " + Long.toUnsignedString(conflict.end()) + "]");
            }
            if (deadlocks(owner, conflict.owner())) {
                throw new LustreException(Errno.EDEADLK, name + ": flock " + flock + " on " + res + " would wait for "
                        + conflict.owner() + ", which waits for it");
            }
            FlockWaiter w = new FlockWaiter(r, req, clientCookie, newCookie(), conflict.owner());
            r.waiting.add(w);
            byClientCookie.put(new ClientCookie(client, clientCookie), w);
            byServerCookie.put(w.serverCookie, w);
            return new Result(Ldlm.FL_BLOCK_GRANTED, mode, false, flock, w.serverCookie);
        } finally {
            forgetIfEmpty(r);
        }
    }

    /** The answer to a re-enqueue of a waiting request; a granted or refused one is forgotten. */
    private Result collect(FlockWaiter w) throws LustreException {
        LdlmFlockWire flock = new LdlmFlockWire(w.wanted.start(), w.wanted.end(), w.wanted.owner().owner(),
                w.wanted.pid());
        switch (w.state) {
            case WAITING -> {
                return new Result(Ldlm.FL_BLOCK_GRANTED, w.wanted.mode(), false, flock, w.serverCookie);
            }
            case GRANTED -> {
                forget(w);
                return new Result(0, w.wanted.mode(), true, flock, w.serverCookie);
            }
            default -> {
                forget(w);
                forgetIfEmpty(w.resource);
                throw new LustreException(Errno.EDEADLK, name + ": waiting flock " + flock + " on " + w.resource.id
                        + " was cancelled: granting it would deadlock");
            }
        }
    }

    /**
     * LDLM_CANCEL of waiting flock requests by server cookie ({@code ldlm_handle_cancel}): each
     * still waiting leaves the queue. A request granted before its cancel arrived stays granted
     * (the client unlocks it as any lock).
     *
     * @return how many of the cookies named a request of {@code client}
     */
    public synchronized int cancel(Object client, List<Long> cookies) {
        int n = 0;
        for (long c : cookies) {
            FlockWaiter w = byServerCookie.get(c);
            if (w != null && w.wanted.owner().client().equals(client)) {
                n++;
                w.resource.waiting.remove(w);
                forget(w);
                forgetIfEmpty(w.resource);
            }
        }
        return n;
    }

    /**
     * The client is gone (disconnect or eviction): every lock it held or waited for goes, and
     * the waiters of other clients that now fit are granted ({@code ldlm_cancel_locks_for_export}).
     */
    public synchronized void clientGone(Object client) {
        byClientCookie.values().removeIf(w -> w.wanted.owner().client().equals(client));
        byServerCookie.values().removeIf(w -> w.wanted.owner().client().equals(client));
        for (FlockResource r : List.copyOf(resources.values())) {
            r.waiting.removeIf(w -> w.wanted.owner().client().equals(client));
            if (r.dropClient(client)) {
                reprocess(r);
            }
            forgetIfEmpty(r);
        }
    }

    /**
     * The granted locks of {@code res} as text, one per line: {@code mode [start, end] pid owner}
     * ({@code ldlm_resource_dump}); what tests and debugging read.
     */
    public synchronized List<String> dump(LdlmResId res) {
        FlockResource r = resources.get(res);
        List<String> out = new ArrayList<>();
        if (r != null) {
            for (FlockRange g : r.granted()) {
                out.add((g.mode() == Ldlm.LCK_PR ? "PR" : "PW") + " [" + Long.toUnsignedString(g.start()) + ", "
                        + (g.end() == LdlmFlockWire.EOF ? "EOF" : Long.toUnsignedString(g.end())) + "] pid " + g.pid()
                        + " " + g.owner());
            }
            for (FlockWaiter w : r.waiting) {
                out.add("waiting " + (w.wanted.mode() == Ldlm.LCK_PR ? "PR" : "PW") + " ["
                        + Long.toUnsignedString(w.wanted.start()) + ", " + Long.toUnsignedString(w.wanted.end())
                        + "] " + w.wanted.owner());
            }
        }
        out.sort(null);
        return out;
    }

    /** How many resources have locks (granted or waiting). */
    public synchronized int resourceCount() {
        return resources.size();
    }

    /**
     * Grants the waiting requests of {@code r} that no longer conflict, oldest first; one still
     * blocked now waits behind its new blocker, or is refused when that closes a deadlock
     * ({@code ldlm_reprocess_queue} with {@code LDLM_PROCESS_RESCAN}).
     */
    private void reprocess(FlockResource r) {
        boolean again = true;
        while (again) {
            again = false;
            for (FlockWaiter w : List.copyOf(r.waiting)) {
                FlockRange conflict = r.conflict(w.wanted);
                if (conflict == null) {
                    r.waiting.remove(w);
                    w.state = FlockWaiter.State.GRANTED;
                    again |= r.apply(w.wanted);
                } else if (!conflict.owner().equals(w.blockedBy)) {
                    w.blockedBy = null;
                    if (deadlocks(w.wanted.owner(), conflict.owner())) {
                        r.waiting.remove(w);
                        w.state = FlockWaiter.State.DEADLOCK;
                    } else {
                        w.blockedBy = conflict.owner();
                    }
                }
            }
        }
    }

    /**
     * Whether {@code waiter} waiting for {@code holder} closes a cycle: following from
     * {@code holder} the owners its waiting requests wait for reaches {@code waiter}
     * ({@code ldlm_flock_deadlock}).
     */
    private boolean deadlocks(FlockOwner waiter, FlockOwner holder) {
        Deque<FlockOwner> todo = new ArrayDeque<>(List.of(holder));
        Set<FlockOwner> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            FlockOwner o = todo.pop();
            if (o.equals(waiter)) {
                return true;
            }
            if (!seen.add(o)) {
                continue;
            }
            for (FlockWaiter w : byServerCookie.values()) {
                if (w.state == FlockWaiter.State.WAITING && w.wanted.owner().equals(o) && w.blockedBy != null) {
                    todo.push(w.blockedBy);
                }
            }
        }
        return false;
    }

    private void forget(FlockWaiter w) {
        byClientCookie.remove(new ClientCookie(w.wanted.owner().client(), w.clientCookie), w);
        byServerCookie.remove(w.serverCookie, w);
    }

    private void forgetIfEmpty(FlockResource r) {
        if (r.isEmpty()) {
            resources.remove(r.id, r);
        }
    }

    private long newCookie() {
        long c = nextCookie;
        nextCookie += 2;
        return c;
    }
}
