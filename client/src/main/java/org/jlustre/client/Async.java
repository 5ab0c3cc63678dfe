package org.jlustre.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * Runs the blocking calls of the lower layers (mdc, osc, fld) as futures on the mount's
 * executor, failing them with the {@link LustreException} itself (not wrapped), as the API
 * promises.
 */
final class Async {

    /** A call that may fail with an errno. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws LustreException;
    }

    private Async() {
    }

    /** {@code call} on {@code executor}. */
    static <T> CompletableFuture<T> on(Executor executor, Call<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    f.complete(call.run());
                } catch (LustreException | RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new LustreException(Errno.ESHUTDOWN, "the client is unmounted"));
        }
        return f;
    }

    /** The cause a future failed with, unwrapped from {@link CompletionException}s. */
    static Throwable cause(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The errno of a failure, or 0 if it has none. */
    static int errno(Throwable t) {
        return cause(t) instanceof LustreException e ? e.errno().value() : 0;
    }

    /** A future failed with {@code errno} and {@code message}. */
    static <T> CompletableFuture<T> failed(Errno errno, String message) {
        return CompletableFuture.failedFuture(new LustreException(errno, message));
    }

    /** Waits for {@code f}, rethrowing its failure as it failed. */
    static <T> T join(CompletableFuture<T> f) throws LustreException {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = cause(e);
            if (c instanceof LustreException le) {
                throw le;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }
}
