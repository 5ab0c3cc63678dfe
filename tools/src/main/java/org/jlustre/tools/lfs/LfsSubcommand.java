package org.jlustre.tools.lfs;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jlustre.common.LustreException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every lfs command shares: its mounted filesystem, its output, and lfs's way of failing
 * ({@code lfs COMMAND: MESSAGE: STRERROR} on standard error, the errno as the exit status).
 */
abstract class LfsSubcommand implements Callable<Integer> {

    private final MountedSource source;

    @Spec
    CommandSpec spec;

    LfsSubcommand(MountedSource source) {
        this.source = source;
    }

    /** The command's standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public final Integer call() {
        try {
            return source.run(spec, this::run);
        } catch (LustreException e) {
            return fail(e);
        } finally {
            out().flush();
        }
    }

    /** Prints an error as lfs does and returns its errno. */
    int fail(LustreException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("lfs " + spec.name() + ": " + e.getMessage() + ": " + e.errno().message());
        err.flush();
        return e.errno().value();
    }

    /** Runs the command on {@code fs}; returns its exit status. */
    abstract int run(Mounted fs) throws LustreException;
}
