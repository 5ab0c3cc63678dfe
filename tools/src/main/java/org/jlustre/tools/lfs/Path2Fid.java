package org.jlustre.tools.lfs;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.LustreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lfs path2fid PATH...}: each file's FID, {@code [0x200000401:0x1:0x0]}; with several
 * paths each line is {@code PATH: FID}, as lfs prints them.
 */
@Command(name = "path2fid", mixinStandardHelpOptions = true, description = "Show the FID of files.")
final class Path2Fid extends LfsSubcommand {

    @Parameters(arity = "1..*", paramLabel = "PATH")
    private List<String> paths = new ArrayList<>();

    Path2Fid(MountedSource source) {
        super(source);
    }

    @Override
    int run(Mounted fs) {
        int rc = 0;
        for (String p : paths) {
            try {
                String fid = fs.stat(p).fid().toString();
                out().println(paths.size() > 1 ? p + ": " + fid : fid);
            } catch (LustreException e) {
                rc = fail(new LustreException(e.errno(), "cannot get fid for '" + p + "': " + e.getMessage()));
            }
        }
        return rc;
    }
}
