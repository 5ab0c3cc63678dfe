package org.jlustre.tools.lfs;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.client.DirEntry;
import org.jlustre.client.FileAttr;
import org.jlustre.client.Layout;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Utf8;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lfs getstripe [-d] PATH...}: a file's layout, a directory's default layout and, unless
 * {@code -d}, the layouts of what the directory holds (one level, as lfs's default depth), in
 * Lustre 2.15's text ({@link LayoutText}). A directory without a default shows the filesystem's
 * (the root's default, else Lustre's built-in one stripe of 1 MiB) with pattern 0, as lfs fakes
 * one (cb_getstripe); a file without objects {@code PATH has no stripe info}.
 */
@Command(name = "getstripe", mixinStandardHelpOptions = true, description = "Show the layout of files and "
        + "the default layout of directories.")
final class GetStripe extends LfsSubcommand {

    /** Lustre's default stripe size without a configured one ({@code LOV_DESC_STRIPE_SIZE_DEFAULT}). */
    static final int DEFAULT_STRIPE_SIZE = 1 << 20;

    @Option(names = {"-d", "--directory"}, description = "A directory's own default layout only, not its entries.")
    private boolean directoryOnly;

    @Option(names = {"-O", "--ost"}, paramLabel = "INDEX", defaultValue = "-1",
            description = "Only files with an object on this OST, its objects marked *.")
    private int ost;

    @Parameters(arity = "1..*", paramLabel = "PATH")
    private List<String> paths = new ArrayList<>();

    GetStripe(MountedSource source) {
        super(source);
    }

    @Override
    int run(Mounted fs) throws LustreException {
        int rc = 0;
        for (String p : paths) {
            try {
                FileAttr a = fs.stat(p);
                String shown = fs.shown(fs.inside(p));
                show(fs, shown, a);
                if (a.isDirectory() && !directoryOnly) {
                    for (DirEntry e : Mounted.await(fs.client().readdirAll(fs.cred(), a.fid()))) {
                        String name = Utf8.decode(e.name());
                        if (!name.equals(".") && !name.equals("..")) {
                            String child = shown.endsWith("/") ? shown + name : shown + "/" + name;
                            show(fs, child, Mounted.await(fs.client().stat(fs.cred(), e.fid())));
                        }
                    }
                }
            } catch (LustreException e) {
                rc = fail(new LustreException(e.errno(), p + ": " + e.getMessage()));
            }
        }
        return rc;
    }

    private void show(Mounted fs, String shown, FileAttr a) throws LustreException {
        if (a.isDirectory()) {
            if (ost == -1) {
                int[] defaults = defaults(fs);
                LayoutText.directory(out(), shown, layoutOrNone(fs, a, new Layout(0, 0, 0, -1, 0, "", List.of())),
                        defaults[0], defaults[1]);
            }
            return;
        }
        if (!a.isRegularFile()) {
            return;
        }
        Layout l = layoutOrNone(fs, a, null);
        if (l == null || l.objects().isEmpty() && l.pattern() != LayoutText.PATTERN_MDT) {
            if (ost == -1) {
                out().println(shown + " has no stripe info");
            }
        } else if (ost == -1 || l.objects().stream().anyMatch(o -> o.ostIndex() == ost)) {
            LayoutText.file(out(), shown, l, ost);
        }
    }

    /** The layout of {@code a}, or {@code none} when it has none (ENODATA). */
    static Layout layoutOrNone(Mounted fs, FileAttr a, Layout none) throws LustreException {
        try {
            return Mounted.await(fs.client().getLayout(fs.cred(), a.fid()));
        } catch (LustreException e) {
            if (e.errno() == Errno.ENODATA) {
                return none;
            }
            throw e;
        }
    }

    /** The filesystem's default stripe count and size: the root's default layout, else one stripe of 1 MiB. */
    private static int[] defaults(Mounted fs) throws LustreException {
        FileAttr root = Mounted.await(fs.client().stat(fs.cred(), fs.client().root()));
        Layout l = layoutOrNone(fs, root, null);
        int count = l == null || l.stripeCount() == 0 ? 1 : l.stripeCount();
        int size = l == null || l.stripeSize() == 0 ? DEFAULT_STRIPE_SIZE : l.stripeSize();
        return new int[] {count, size};
    }
}
