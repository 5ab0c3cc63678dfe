package org.jlustre.tools.lfs;

import org.jlustre.common.LustreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lfs df [-i] [PATH]}: space or inodes of every MDT and OST and of the filesystem ({@link DfTable}). */
@Command(name = "df", mixinStandardHelpOptions = true, description = "Show the space (or with -i the inodes) of "
        + "every target and of the filesystem.")
final class Df extends LfsSubcommand {

    @Option(names = {"-i", "--inodes"}, description = "Inodes instead of space.")
    private boolean inodes;

    @Parameters(arity = "0..1", paramLabel = "PATH")
    private String path;

    Df(MountedSource source) {
        super(source);
    }

    @Override
    int run(Mounted fs) throws LustreException {
        if (path != null) {
            fs.stat(path); // a path not on this filesystem, or not there, is an error
        }
        DfTable.print(out(), Mounted.await(fs.client().statfs(fs.cred())), fs.shown("/"), inodes);
        return 0;
    }
}
