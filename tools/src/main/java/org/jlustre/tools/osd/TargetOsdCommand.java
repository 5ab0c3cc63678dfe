package org.jlustre.tools.osd;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.tools.control.ControlSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the {@code osd} commands that copy out of a running target's OSD ({@code dump},
 * {@code export}) share: the target, found in this process or, with {@code --server}, in the
 * {@code jlustre server} behind that control socket ({@link ServerOptions}); the local path they
 * write; and their error lines ({@code error: osd <command>: ...}) with an errno as the status.
 */
abstract class TargetOsdCommand implements Callable<Integer> {

    /** This process's node, where a target runs without {@code --server}. */
    private final Libcfs libcfs;
    /** Where control sockets are unless {@code --control-dir} says. */
    private final ControlSettings control;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerOptions where = new ServerOptions();

    @Parameters(index = "0", paramLabel = "TARGET", description = "The target, e.g. lustre-OST0000, lustre-MDT0000 or MGS.")
    private String target;

    /** The command on the node of {@code libcfs}, finding control sockets as {@code control} says. */
    TargetOsdCommand(Libcfs libcfs, ControlSettings control) {
        this.libcfs = libcfs;
        this.control = control;
    }

    /** The node of this process. */
    final Libcfs libcfs() {
        return libcfs;
    }

    /** The target named. */
    final String target() {
        return target;
    }

    /** The command line's output. */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The command line's error output. */
    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Whether the target runs in another process ({@code --server}). */
    final boolean remote() {
        return where.remote();
    }

    /** The {@code --server} given. */
    final String server() {
        return where.server;
    }

    /** The control socket of the {@code --server} process. */
    final Path socket() throws LustreException {
        return where.socket(control);
    }

    /** One error line: {@code error: osd <command>: <message>}. */
    final void error(String message) {
        err().println("error: osd " + spec.name() + ": " + message);
        err().flush();
    }

    /**
     * {@code value} as a local path, or null after an error line naming it as the {@code what}
     * it stands for (the caller returns EINVAL).
     */
    final Path localPath(String what, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            error("bad " + what + " '" + value + "': " + e.getMessage());
            return null;
        }
    }

    /** Reports that the {@code --server} process was not reached, or refused; its errno is the status. */
    final int serverFailed(LustreException e) {
        error("--server " + where.server + ": " + e.getMessage() + ": " + e.errno().message());
        return e.errno().value();
    }

}
