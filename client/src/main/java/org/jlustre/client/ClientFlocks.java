package org.jlustre.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.mdc.Mdc;
import org.jlustre.wire.ldlm.Ldlm;
import org.jlustre.wire.ldlm.LdlmFlockWire;
import org.jlustre.wire.ldlm.LdlmReply;

/**
 * POSIX and flock locks held on the MDT as LDLM flock locks (llite/file.c {@code ll_file_flock}):
 * F_RDLCK is PR, F_WRLCK is PW, F_UNLCK is an enqueue in mode NL; F_SETLK asks with
 * {@code LDLM_FL_BLOCK_NOWAIT} (EAGAIN on conflict), F_GETLK with {@code LDLM_FL_TEST_LOCK},
 * F_SETLKW with no flag. A waiting F_SETLKW is where jlustre differs: Lustre's MDT sends a
 * completion AST when the lock is granted, and jlustre has no server-to-client callbacks yet, so
 * the client enqueues the same lock cookie again, backing off from {@value #FIRST_POLL_MS} ms to
 * {@value #MAX_POLL_MS} ms, until the MDT answers granted or EDEADLK, the caller cancels the
 * future, or {@link #WAIT_DEADLINE} passes (ETIMEDOUT); giving up sends LDLM_CANCEL for the
 * waiting lock. Thread-safe.
 */
final class ClientFlocks {

    /** The longest a F_SETLKW waits before failing ETIMEDOUT. */
    static final Duration WAIT_DEADLINE = Duration.ofHours(1);
    /** The first pause before asking again how a waiting lock stands. */
    static final long FIRST_POLL_MS = 2;
    /** The longest pause between two such questions. */
    static final long MAX_POLL_MS = 500;

    private final Function<Fid, CompletableFuture<Mdc>> mdcFor;
    /** The client's lock cookies ({@code lock_handle[0]}): unique on this mount, never 0. */
    private final AtomicLong nextCookie = new AtomicLong(ThreadLocalRandom.current().nextLong() | 1);

    ClientFlocks(Function<Fid, CompletableFuture<Mdc>> mdcFor) {
        this.mdcFor = mdcFor;
    }

    /** F_GETLK: the lock of another owner that {@code wanted} conflicts with, or {@code wanted} as F_UNLCK. */
    CompletableFuture<FileLock> getlk(Fid fid, long owner, FileLock wanted) {
        try {
            if (wanted.check().type() == FileLock.F_UNLCK) {
                throw new LustreException(Errno.EINVAL, "F_GETLK of " + fid + " asks about F_UNLCK");
            }
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
        return mdcFor.apply(fid).thenCompose(mdc -> mdc.flockEnqueueAsync(fid, modeOf(wanted.type()),
                wire(wanted, owner), Ldlm.FL_TEST_LOCK, cookie())).thenApply(rep -> {
                    int mode = rep.desc().grantedMode();
                    if (mode == Ldlm.LCK_NL) {
                        return wanted.withType(FileLock.F_UNLCK);
                    }
                    LdlmFlockWire f = rep.desc().flock();
                    long end = f.end() < 0 ? FileLock.TO_EOF : f.end();
                    return new FileLock(mode == Ldlm.LCK_PR ? FileLock.F_RDLCK : FileLock.F_WRLCK, f.start(), end, f.pid());
                });
    }

    /** F_SETLK ({@code wait} false) or F_SETLKW: takes, changes or (F_UNLCK) drops {@code owner}'s lock. */
    CompletableFuture<Void> setlk(Fid fid, long owner, FileLock lock, boolean wait) {
        try {
            lock.check();
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
        int flags = wait || lock.type() == FileLock.F_UNLCK ? 0 : Ldlm.FL_BLOCK_NOWAIT;
        Attempt a = new Attempt(fid, modeOf(lock.type()), wire(lock, owner), flags, cookie(),
                System.nanoTime() + WAIT_DEADLINE.toNanos(), new CompletableFuture<>());
        mdcFor.apply(fid).whenComplete((mdc, failure) -> {
            if (failure != null) {
                a.out.completeExceptionally(Async.cause(failure));
            } else {
                a.send(mdc, FIRST_POLL_MS);
            }
        });
        return a.out;
    }

    /** One lock request and, while it waits, its repeated enqueues. */
    private record Attempt(Fid fid, int mode, LdlmFlockWire flock, int flags, long cookie, long deadlineNanos,
            CompletableFuture<Void> out) {

        void send(Mdc mdc, long pollMs) {
            mdc.flockEnqueueAsync(fid, mode, flock, flags, cookie).whenComplete((rep, failure) -> {
                if (failure != null) {
                    out.completeExceptionally(Async.cause(failure));
                } else if ((rep.flags() & Ldlm.FL_BLOCKED_MASK) == 0) {
                    out.complete(null);
                } else if (out.isDone()) {
                    giveUp(mdc, rep);
                } else if (System.nanoTime() - deadlineNanos > 0) {
                    giveUp(mdc, rep);
                    out.completeExceptionally(new LustreException(Errno.ETIMEDOUT, mdc.name() + ": flock " + flock
                            + " on " + fid + " not granted within " + WAIT_DEADLINE));
                } else {
                    CompletableFuture.delayedExecutor(pollMs, TimeUnit.MILLISECONDS)
                            .execute(() -> send(mdc, Math.min(2 * pollMs, MAX_POLL_MS)));
                }
            });
        }

        /** The waiting lock leaves the MDT's queue (best effort: the export's end drops it anyway). */
        private static void giveUp(Mdc mdc, LdlmReply rep) {
            mdc.ldlmCancelAsync(List.of(rep.handle()));
        }
    }

    private long cookie() {
        long c;
        do {
            c = nextCookie.getAndAdd(2);
        } while (c == 0);
        return c;
    }

    private static int modeOf(int type) {
        return switch (type) {
            case FileLock.F_RDLCK -> Ldlm.LCK_PR;
            case FileLock.F_WRLCK -> Ldlm.LCK_PW;
            default -> Ldlm.LCK_NL;
        };
    }

    private static LdlmFlockWire wire(FileLock l, long owner) {
        return new LdlmFlockWire(l.start(), l.end(), owner, l.pid());
    }
}
