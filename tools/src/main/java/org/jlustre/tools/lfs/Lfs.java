package org.jlustre.tools.lfs;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lfs}: Lustre's user tool for layouts, FIDs and space, over a mounted filesystem
 * ({@link Mounted}): {@code getstripe}, {@code setstripe}, {@code mkdir -i}, {@code path2fid},
 * {@code fid2path}, {@code df}, {@code find}. The same command tree serves the llmount shell,
 * an llmount's control socket and {@code jlustre lfs}; each finds its filesystem through a
 * {@link MountedSource}.
 */
@Command(name = "lfs", mixinStandardHelpOptions = true,
        description = "Layouts, FIDs and space of a mounted Lustre filesystem.")
public final class Lfs {

    private Lfs() {
    }

    /** The lfs command tree on the filesystem {@code source} gives. */
    public static CommandLine commandLine(MountedSource source) {
        return commandLine(new Lfs(), source);
    }

    /** Runs lfs {@code words} on {@code fs}, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(Mounted fs, List<String> words, PrintWriter out, PrintWriter err) {
        return commandLine(MountedSource.of(fs)).setOut(out).setErr(err).execute(words.toArray(String[]::new));
    }

    /** The lfs subcommands under {@code top} (an object with picocli's annotations), on {@code source}. */
    public static CommandLine commandLine(Object top, MountedSource source) {
        CommandLine cl = new CommandLine(top);
        cl.addSubcommand(new GetStripe(source));
        cl.addSubcommand(new SetStripe(source));
        cl.addSubcommand(new LfsMkdir(source));
        cl.addSubcommand(new Path2Fid(source));
        cl.addSubcommand(new Fid2Path(source));
        cl.addSubcommand(new Df(source));
        cl.addSubcommand(new Find(source));
        return cl;
    }
}
