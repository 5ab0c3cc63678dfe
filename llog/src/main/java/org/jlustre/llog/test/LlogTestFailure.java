package org.jlustre.llog.test;

/**
 * A check of the llog test suite failed: what upstream reports with {@code CERROR} before it
 * returns an error from the test. An {@link AssertionError}, so JUnit reports it as a failure.
 */
public final class LlogTestFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    /** A failure with upstream's message, e.g. {@code "3a: process total 524 records but expect 525"}. */
    public LlogTestFailure(String message) {
        super(message);
    }

    /** A failure caused by an unexpected error. */
    public LlogTestFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
