package org.jlustre.tools.llog;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * What a command that stands in for one of Lustre's C utilities ({@code llog_reader},
 * {@code lr_reader}) shares: every argument reaches it unparsed, since the utility parses its
 * own command line (getopt, or none at all) and picocli must not take {@code -h} or
 * {@code --help} from it; and its output is the utility's bytes, written to the process's own
 * stdout and stderr when it is given them, else onto the command line's writers a char per byte
 * ({@link CharPerByteStream}), so no byte is decoded or replaced.
 */
public abstract class ByteOutputCommand implements Callable<Integer> {

    /** A C utility's {@code return -1} from {@code main}: exit status 255. */
    protected static final int USAGE_STATUS = 255;

    @Spec
    private CommandSpec spec;

    /** Where the bytes of stdout go; null to write them to the command line's writer, a char per byte. */
    private final OutputStream stdout;
    /** Where the bytes of stderr go; null as for {@link #stdout}. */
    private final OutputStream stderr;

    /** Every argument, options included, as given. */
    @Unmatched
    private List<String> args = new ArrayList<>();

    /** A command writing its bytes to {@code stdout} and {@code stderr} (a process's own), or to the writers when null. */
    protected ByteOutputCommand(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The command line it runs in. */
    protected final CommandSpec spec() {
        return spec;
    }

    /** Every argument, as given. */
    protected final List<String> args() {
        return args;
    }

    /**
     * Where the utility's stdout bytes go. The command line's writers are flushed first, so what
     * was written to them comes before these bytes.
     */
    protected final OutputStream stdout() {
        flushWriters();
        return stdout != null ? stdout : new CharPerByteStream(spec.commandLine().getOut());
    }

    /** Where the utility's stderr bytes go, after the writers are flushed, as for {@link #stdout()}. */
    protected final OutputStream stderr() {
        flushWriters();
        return stderr != null ? stderr : new CharPerByteStream(spec.commandLine().getErr());
    }

    private void flushWriters() {
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
    }
}
