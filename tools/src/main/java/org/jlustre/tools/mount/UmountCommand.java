package org.jlustre.tools.mount;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jlustre.common.LustreException;
import org.jlustre.fuse.FuseMount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jlustre umount DIR}: unmounts a FUSE Lustre mount (its client process then disconnects
 * and exits). As umount(8) it fails while the filesystem is busy, with status 32.
 */
@Command(name = "umount", mixinStandardHelpOptions = true, description = "Unmount a FUSE Lustre mount.")
public final class UmountCommand implements Callable<Integer> {

    /** umount(8)'s status for a failed unmount. */
    static final int FAILED = 32;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The mount point.")
    private Path dir;

    @Override
    public Integer call() {
        try {
            FuseMount.unmount(dir);
            return 0;
        } catch (LustreException e) {
            spec.commandLine().getErr().printf("jlustre umount: %s: %s%n", dir, e.getMessage());
            return FAILED;
        }
    }
}
