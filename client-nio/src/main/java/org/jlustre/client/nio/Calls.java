package org.jlustre.client.nio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * Waits for the client API's futures with a deadline and turns their errno into the exception
 * {@link java.nio.file.Files} documents for it, as {@code sun.nio.fs.UnixException} does:
 * ENOENT is {@link NoSuchFileException}, EEXIST {@link FileAlreadyExistsException}, EACCES and
 * EPERM {@link AccessDeniedException}, ENOTEMPTY {@link DirectoryNotEmptyException}, the rest a
 * {@link FileSystemException} whose reason is the errno's name and text.
 */
final class Calls {

    private final Duration deadline;

    /** Calls that wait at most {@code deadline} for an answer (the client bounds its own retries below that). */
    Calls(Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline " + deadline + " is not positive");
        }
        this.deadline = deadline;
    }

    /** The result of {@code call}, the error it failed with as {@link #toIOException} of {@code path} makes it. */
    <T> T await(CompletableFuture<T> call, Object path) throws IOException {
        return await(call, path, null);
    }

    /** {@link #await(CompletableFuture, Object)} of an operation on two paths (copy, move, link). */
    <T> T await(CompletableFuture<T> call, Object path, Object other) throws IOException {
        try {
            return call.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            InterruptedIOException ie = new InterruptedIOException("interrupted waiting for Lustre on " + path);
            ie.initCause(e);
            throw ie;
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new FileSystemException(String.valueOf(path), other == null ? null : String.valueOf(other),
                    "no answer from Lustre within " + deadline);
        } catch (ExecutionException | CompletionException e) {
            throw toIOException(e.getCause(), path, other);
        }
    }

    /** The java.nio.file exception for {@code failure} of an operation on {@code path} (and {@code other}). */
    static IOException toIOException(Throwable failure, Object path, Object other) {
        while ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof IOException io) {
            return io;
        }
        if (!(failure instanceof LustreException le)) {
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            return new IOException("Lustre call on " + path + " failed", failure);
        }
        String file = String.valueOf(path);
        String second = other == null ? null : String.valueOf(other);
        IOException mapped = switch (le.errno()) {
            case ENOENT -> new NoSuchFileException(file, second, null);
            case EEXIST -> new FileAlreadyExistsException(second != null ? second : file);
            case EACCES, EPERM -> new AccessDeniedException(file, second, reason(le.errno()));
            case ENOTEMPTY -> new DirectoryNotEmptyException(second != null ? second : file);
            default -> new FileSystemException(file, second, reason(le.errno()) + ": " + le.getMessage());
        };
        mapped.initCause(le);
        return mapped;
    }

    private static String reason(Errno errno) {
        return errno.name() + " (" + errno.message() + ")";
    }
}
