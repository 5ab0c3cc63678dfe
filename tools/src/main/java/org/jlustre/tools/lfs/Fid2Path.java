package org.jlustre.tools.lfs;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.Utf8;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lfs fid2path FSNAME|MOUNT FID...}: a path of each FID, through the link xattrs. As lfs
 * prints it (lfs_fid2path): after a mount point, {@code MOUNT/PATH} (the root {@code MOUNT/});
 * after a filesystem name, the path from the root without its leading '/' (the root {@code /}).
 */
@Command(name = "fid2path", mixinStandardHelpOptions = true, description = "Show a path of files given by FID.")
final class Fid2Path extends LfsSubcommand {

    @Parameters(index = "0", paramLabel = "FSNAME|MOUNT")
    private String where;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FID")
    private List<String> fids = new ArrayList<>();

    Fid2Path(MountedSource source) {
        super(source);
    }

    @Override
    int run(Mounted fs) throws LustreException {
        boolean byName = where.equals(fs.client().fsname());
        String mount = byName ? "" : fs.shown(fs.inside(where));
        int rc = 0;
        for (String text : fids) {
            try {
                String t = text.strip();
                Fid fid = Fid.parse(t.startsWith("[") ? t : "[" + t + "]");
                String path = Utf8.decode(Mounted.await(fs.client().fidToPath(fs.cred(), fid)));
                out().println((byName ? "" : mount) + (!byName || path.isEmpty() ? "/" : "") + path);
            } catch (LustreException e) {
                rc = fail(new LustreException(e.errno(), "cannot find " + where + " " + text + ": " + e.getMessage()));
            }
        }
        return rc;
    }
}
