package org.jlustre.tools.llog;

import java.io.OutputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.jlustre.llog.reader.LlogReader;
import org.jlustre.llog.reader.ObjectPaths;
import picocli.CommandLine.Command;

/**
 * {@code jlustre llog_reader FILE}: prints an llog file as Lustre's {@code llog_reader} does
 * (lustre/utils/llog_reader.c), through {@link LlogReader}. Like the C program it takes exactly
 * one argument and no options (anything else gets its usage line and status 255), reads
 * {@code TZ} for the times it prints, names catalog entries' objects by the filesystem the file
 * is on, and exits with llog_reader's status: 0, 256 - errno when it cannot read the file
 * (254 for a missing one), 128 + signal where llog_reader would crash.
 *
 * <p>Its output is llog_reader's bytes: strings from the file as they are, not decoded (a byte
 * that is not UTF-8 stays that byte), onto the process's own stdout and stderr, each line
 * passed on when llog_reader's line-buffered stdout or unbuffered stderr would pass it, so
 * {@code >f 2>&1} gets the lines in llog_reader's order.
 */
@Command(name = "llog_reader", description = {"Print an llog file as Lustre's llog_reader does.",
    "Usage: llog_reader filename"})
public final class LlogReaderCommand extends ByteOutputCommand {

    /** The command printing to the command line's writers, each byte as the char of the same value. */
    public LlogReaderCommand() {
        this(null, null);
    }

    /** The command printing its bytes, unchanged, to {@code stdout} and {@code stderr} (a process's own). */
    public LlogReaderCommand(OutputStream stdout, OutputStream stderr) {
        super(stdout, stderr);
    }

    @Override
    public Integer call() {
        // llog_reader has no options, so "-h" is a file name to it
        List<String> args = args();
        if (args.size() != 1) {
            spec().commandLine().getOut().print("Usage: llog_reader filename\n");
            spec().commandLine().getOut().flush();
            return USAGE_STATUS; // llog_reader's return -1 for a bad command line
        }
        String file = args.get(0);
        LlogReader reader = new LlogReader(LlogReader.zoneFromTz(System.getenv("TZ")), pathsFor(file));
        return reader.run(file, stdout(), stderr());
    }

    private static ObjectPaths pathsFor(String file) {
        try {
            return ObjectPaths.of(Path.of(file));
        } catch (InvalidPathException e) {
            return ObjectPaths.ZFS;
        }
    }
}
