package org.jlustre.tools.lfs;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lfs mkdir -i MDT [-m MODE] DIR} ({@code lfs setdirstripe}): a directory on MDT
 * {@code MDT}, a remote directory when its parent is on another MDT. Without {@code -i} the
 * directory goes where its parent is. The mode is {@code -m}'s, else 0777, less the umask.
 */
@Command(name = "mkdir", aliases = "setdirstripe", mixinStandardHelpOptions = true,
        description = "Make a directory on a given MDT (a remote directory).")
final class LfsMkdir extends LfsSubcommand {

    @Option(names = {"-i", "--mdt-index"}, paramLabel = "MDT", defaultValue = "-1",
            description = "The MDT that holds the directory (default: its parent's).")
    private int mdt;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "0777", description = "Octal mode.")
    private String mode;

    @Parameters(index = "0", paramLabel = "DIR")
    private String dir;

    LfsMkdir(MountedSource source) {
        super(source);
    }

    @Override
    int run(Mounted fs) throws LustreException {
        int m;
        try {
            m = Integer.parseInt(mode, 8);
        } catch (NumberFormatException e) {
            throw new LustreException(Errno.EINVAL, "bad mode '" + mode + "'", e);
        }
        if ((m & ~07777) != 0) {
            throw new LustreException(Errno.EINVAL, "bad mode '" + mode + "'");
        }
        Mounted.Named n = fs.named(dir);
        if (mdt < 0) {
            Mounted.await(fs.client().mkdir(fs.cred(), n.parent().fid(), n.name(), m));
        } else {
            Mounted.await(fs.client().mkdir(fs.cred(), n.parent().fid(), n.name(), m, mdt));
        }
        return 0;
    }
}
