package org.jlustre.tools.osd;

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
 * {@code jlustre osd export [--server NID:PORT] TARGET DIR}: writes a running target's OSD into
 * the local directory DIR as the tree its ldiskfs device shows mounted with {@code -t ldiskfs}
 * ({@code ROOT/}, {@code CONFIGS/}, {@code O/<seq>/d<n>/<oid>}, {@code last_rcvd} ...), each
 * object's xattrs set on its file when run as root, so tools that read an ldiskfs target's files
 * ({@code lr_reader}, {@code llog_reader}, {@code getfattr -d -m trusted}) read ours. DIR is made
 * when missing and must be empty otherwise. With {@code --server} the {@code jlustre server}
 * behind that control socket writes DIR itself (so it must be absolute), with its own privileges.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a running target's OSD as the directory tree of its ldiskfs device, xattrs included.")
public final class OsdExportCommand extends TargetOsdCommand {

    @Parameters(index = "1", paramLabel = "DIR", description = "The directory to write (new or empty).")
    private String dir;

    /** The command on the node of {@code libcfs}, finding control sockets as {@code control} says. */
    public OsdExportCommand(Libcfs libcfs, ControlSettings control) {
        super(libcfs, control);
    }

    @Override
    public Integer call() {
        Path path = localPath("directory name", dir);
        if (path == null) {
            return Errno.EINVAL.value();
        }
        if (!remote()) {
            return TargetOsds.export(libcfs(), target(), path, LocalTree.runningAsRoot(), out(), err());
        }
        if (!path.isAbsolute()) {
            error("--server " + server() + " writes " + dir + " itself, so it needs an absolute path");
            return Errno.EINVAL.value();
        }
        try {
            return ControlClient.call(socket(), List.of(ControlProtocol.EXPORT, target(), dir), out(), err());
        } catch (LustreException e) {
            return serverFailed(e);
        }
    }
}
