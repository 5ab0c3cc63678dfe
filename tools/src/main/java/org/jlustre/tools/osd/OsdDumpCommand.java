package org.jlustre.tools.osd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.tools.control.ControlClient;
import org.jlustre.tools.control.ControlProtocol;
import org.jlustre.tools.control.ControlSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

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
public final class OsdDumpCommand extends TargetOsdCommand {

    @Parameters(index = "1", paramLabel = "NAME",
            description = "last_rcvd, reply_data, CONFIGS/<log>, O/<seq>/LAST_ID, O/<seq>/d<N>/<oid> or [seq:oid:ver].")
    private String name;

    @Parameters(index = "2", paramLabel = "FILE", description = "The local file to write.")
    private String file;

    /** The command on the node of {@code libcfs}, finding control sockets as {@code control} says. */
    public OsdDumpCommand(Libcfs libcfs, ControlSettings control) {
        super(libcfs, control);
    }

    @Override
    public Integer call() {
        Path path = localPath("file name", file);
        if (path == null) {
            return Errno.EINVAL.value();
        }
        int rc;
        try (OutputStream out = Files.newOutputStream(path)) {
            if (!remote()) {
                rc = TargetOsds.dump(libcfs(), target(), name, out, err());
            } else {
                rc = ControlClient.call(socket(), List.of(ControlProtocol.DUMP, target(), name), out(), err(), out);
            }
        } catch (IOException e) {
            error("cannot write " + file + ": " + e.getMessage());
            rc = Errno.EIO.value();
        } catch (LustreException e) {
            rc = serverFailed(e);
        }
        if (rc != 0) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                error("cannot remove the partial " + file + ": " + e.getMessage());
            }
        }
        err().flush();
        return rc;
    }
}
