package org.jlustre.tools.llog;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jlustre.llog.reader.LlogReader;
import org.jlustre.llog.reader.ObjectPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code jlustre llog_reader FILE}: prints an llog file as Lustre's {@code llog_reader} does
 * (lustre/utils/llog_reader.c), through {@link LlogReader}. Like the C program it takes exactly
 * one argument and no options (anything else gets its usage line and status 255), reads
 * {@code TZ} for the times it prints, names catalog entries' objects by the filesystem the file
 * is on, and exits with llog_reader's status: 0, 256 - errno when it cannot read the file
 * (254 for a missing one), 128 + signal where llog_reader would crash.
 */
@Command(name = "llog_reader", description = {"Print an llog file as Lustre's llog_reader does.",
    "Usage: llog_reader filename"})
public final class LlogReaderCommand implements Callable<Integer> {

    /** llog_reader's {@code return -1} for a bad command line. */
    private static final int USAGE_STATUS = 255;

    @Spec
    private CommandSpec spec;

    /** Every argument, options included: llog_reader has none, so "-h" is a file name to it. */
    @Unmatched
    private List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        if (args.size() != 1) {
            spec.commandLine().getOut().print("Usage: llog_reader filename\n");
            spec.commandLine().getOut().flush();
            return USAGE_STATUS;
        }
        String file = args.get(0);
        LlogReader reader = new LlogReader(LlogReader.zoneFromTz(System.getenv("TZ")), pathsFor(file));
        return reader.run(file, new WriterOutputStream(spec.commandLine().getOut()),
                new WriterOutputStream(spec.commandLine().getErr()));
    }

    private static ObjectPaths pathsFor(String file) {
        try {
            return ObjectPaths.of(Path.of(file));
        } catch (InvalidPathException e) {
            return ObjectPaths.ZFS;
        }
    }
}
