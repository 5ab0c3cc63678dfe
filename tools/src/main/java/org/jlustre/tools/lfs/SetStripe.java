package org.jlustre.tools.lfs;

import org.jlustre.client.FileAttr;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.Striping;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lfs setstripe [-c COUNT] [-S SIZE] [-i INDEX] [-p POOL] PATH}: creates the file PATH
 * with that layout, or sets the default layout of the directory PATH for the files created in
 * it from now on. An existing file already has its layout: EEXIST, as lfs's create with
 * {@code O_EXCL} gets.
 */
@Command(name = "setstripe", mixinStandardHelpOptions = true, description = "Create a file with a layout, or set "
        + "a directory's default layout.")
final class SetStripe extends LfsSubcommand {

    @Option(names = {"-c", "--stripe-count"}, paramLabel = "COUNT", defaultValue = "0",
            description = "Stripes (0 = the default, -1 = every OST).")
    private int count;

    @Option(names = {"-S", "--stripe-size"}, paramLabel = "SIZE", defaultValue = "0",
            description = "Bytes per stripe, a multiple of 64 KiB; K, M, G suffixes (0 = the default).")
    private String size;

    @Option(names = {"-i", "--stripe-index"}, paramLabel = "INDEX", defaultValue = "-1",
            description = "The OST of the first stripe (-1 = the MDT chooses).")
    private int index;

    @Option(names = {"-p", "--pool"}, paramLabel = "POOL", defaultValue = "", description = "The OST pool.")
    private String pool;

    @Parameters(index = "0", paramLabel = "PATH")
    private String path;

    SetStripe(MountedSource source) {
        super(source);
    }

    @Override
    int run(Mounted fs) throws LustreException {
        Striping striping;
        try {
            striping = new Striping(count, Sizes.parse(size, "stripe size"), index, pool);
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EINVAL, path + ": " + e.getMessage(), e);
        }
        FileAttr existing = null;
        try {
            existing = fs.stat(path);
        } catch (LustreException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
        if (existing != null) {
            if (!existing.isDirectory()) {
                throw new LustreException(Errno.EEXIST, "cannot create '" + path + "' with a layout: it exists");
            }
            Mounted.await(fs.client().setDefaultStriping(fs.cred(), existing.fid(), striping));
            return 0;
        }
        Mounted.Named n = fs.named(path);
        OpenFile f = Mounted.await(fs.client().open(fs.cred(), n.parent().fid(), n.name(),
                OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_WRONLY, 0644, striping));
        Mounted.await(f.close());
        return 0;
    }
}
