package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/** Assertions on the errors an OSD reports: by errno, with a message that names the bad value. */
public final class KitAssertions {

    private KitAssertions() {
    }

    /**
     * Asserts that {@code call} fails with a {@link LustreException} carrying {@code expected}
     * and a non-empty message.
     *
     * @return the exception, for further checks
     */
    public static LustreException assertErrno(Errno expected, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a LustreException with %s", expected).isInstanceOf(LustreException.class);
        LustreException e = (LustreException) thrown;
        assertThat(e.errno()).as("errno of %s", e).isEqualTo(expected);
        assertThat(e.getMessage()).as("message of %s", e).isNotBlank();
        return e;
    }

    /** As {@link #assertErrno(Errno, ThrowingCallable)}, and the message mentions {@code named}. */
    public static LustreException assertErrno(Errno expected, String named, ThrowingCallable call) {
        LustreException e = assertErrno(expected, call);
        assertThat(e.getMessage()).as("message of %s names the bad value", e).contains(named);
        return e;
    }

    /** Asserts that {@code call} fails with one of the given errnos (where the contract allows several). */
    public static LustreException assertErrnoIn(ThrowingCallable call, Errno... allowed) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a LustreException").isInstanceOf(LustreException.class);
        LustreException e = (LustreException) thrown;
        assertThat(e.errno()).as("errno of %s", e).isIn((Object[]) allowed);
        assertThat(e.getMessage()).as("message of %s", e).isNotBlank();
        return e;
    }

    /** Asserts {@link #assertErrno(Errno, ThrowingCallable)} for each named call, naming the one that failed. */
    public static void assertEachErrno(Errno expected, Map<String, ThrowingCallable> calls) {
        for (Map.Entry<String, ThrowingCallable> call : calls.entrySet()) {
            try {
                assertErrno(expected, call.getValue());
            } catch (AssertionError e) {
                throw new AssertionError(call.getKey() + ": " + e.getMessage(), e);
            }
        }
    }

    /** As {@link #assertEachErrno(Errno, Map)}, and each message mentions {@code named}. */
    public static void assertEachErrno(Errno expected, String named, Map<String, ThrowingCallable> calls) {
        for (Map.Entry<String, ThrowingCallable> call : calls.entrySet()) {
            try {
                assertErrno(expected, named, call.getValue());
            } catch (AssertionError e) {
                throw new AssertionError(call.getKey() + ": " + e.getMessage(), e);
            }
        }
    }
}
