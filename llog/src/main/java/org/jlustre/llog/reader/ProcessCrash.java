package org.jlustre.llog.reader;

/**
 * Where {@code llog_reader} would die of a signal: a read through a pointer into memory it
 * does not have (SIGSEGV), or a modulo by a zero chunk size (SIGFPE). Thrown inside the reader
 * and turned into a result whose exit status is the shell's 128 + signal; it never leaves
 * {@link LlogReader}.
 */
final class ProcessCrash extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Floating point exception: integer division by zero. */
    static final int SIGFPE = 8;
    /** Segmentation fault. */
    static final int SIGSEGV = 11;

    private final int signal;

    /** A crash by {@code signal}, without a stack trace: it is control flow, not a bug. */
    private ProcessCrash(int signal) {
        super("signal " + signal, null, false, false);
        this.signal = signal;
    }

    /** A read or write outside the memory {@link ReaderMemory} models. */
    static ProcessCrash segv() {
        return new ProcessCrash(SIGSEGV);
    }

    /** A division by zero. */
    static ProcessCrash fpe() {
        return new ProcessCrash(SIGFPE);
    }

    /** The signal number. */
    int signal() {
        return signal;
    }
}
