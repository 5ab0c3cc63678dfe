package org.jlustre.tools.osd;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.tools.control.ControlClient;
import org.jlustre.tools.control.ControlProtocol;
import org.jlustre.tools.control.ControlSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jlustre osd dump [--server NID:PORT] TARGET NAME FILE}: copies an object of a running
 * target's OSD to a local file, as {@code debugfs -c -R "dump NAME FILE"} does on an ldiskfs
 * target. NAME is what ldiskfs shows ({@code last_rcvd}, {@code reply_data},
 * {@code CONFIGS/<log>}, {@code O/<seq>/LAST_ID}, {@code O/<seq>/d<oid % 32>/<oid>}) or a FID
 * ({@link org.jlustre.target.TargetObjects}). Without {@code --server} the target runs in this
 * process; with it, in the {@code jlustre server} whose control socket has that name. A failed
 * copy leaves no file behind.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Copy an object of a running target's OSD to a file (as debugfs -R dump).")
public final class OsdDumpCommand implements Callable<Integer> {

    private final Libcfs libcfs;
    private final ControlSettings control;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerOptions where = new ServerOptions();

    @Parameters(index = "0", paramLabel = "TARGET", description = "The target, e.g. lustre-OST0000 or MGS.")
    private String target;

    @Parameters(index = "1", paramLabel = "NAME",
            description = "last_rcvd, reply_data, CONFIGS/<log>, O/<seq>/LAST_ID, O/<seq>/d<N>/<oid> or [seq:oid:ver].")
    private String name;

    @Parameters(index = "2", paramLabel = "FILE", description = "The local file to write.")
    private String file;

    /** The command on the node of {@code libcfs}, finding control sockets as {@code control} says. */
    public OsdDumpCommand(Libcfs libcfs, ControlSettings control) {
        this.libcfs = libcfs;
        this.control = control;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            err.println("error: osd dump: bad file name '" + file + "': " + e.getMessage());
            err.flush();
            return Errno.EINVAL.value();
        }
        int rc;
        try (OutputStream out = Files.newOutputStream(path)) {
            if (!where.remote()) {
                rc = TargetOsds.dump(libcfs, target, name, out, err);
            } else {
                rc = ControlClient.call(where.socket(control), List.of(ControlProtocol.DUMP, target, name),
                        spec.commandLine().getOut(), err, out);
            }
        } catch (IOException e) {
            err.println("error: osd dump: cannot write " + file + ": " + e.getMessage());
            rc = Errno.EIO.value();
        } catch (LustreException e) {
            err.println("error: osd dump: --server " + where.server + ": " + e.getMessage() + ": " + e.errno().message());
            rc = e.errno().value();
        }
        if (rc != 0) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                err.println("error: osd dump: cannot remove the partial " + file + ": " + e.getMessage());
            }
        }
        err.flush();
        return rc;
    }
}
