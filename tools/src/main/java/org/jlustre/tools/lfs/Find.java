package org.jlustre.tools.lfs;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
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
 * {@code lfs find DIR [--type f|d|l|p|s|b|c] [--name GLOB] [--stripe-count [+-]N] [--ost INDEX]
 * [--maxdepth N]}: the files under DIR (DIR included) that match every test given, one path a
 * line, walked in the MDT's readdir order, parents before their entries. {@code --stripe-count}
 * and {@code --ost} test a file's layout (a directory's default layout for the count), and a
 * file without one never matches them; {@code +N} means more than N, {@code -N} fewer, as
 * find(1).
 */
@Command(name = "find", mixinStandardHelpOptions = true, description = "Find files by type, name and layout.")
final class Find extends LfsSubcommand {

    @Parameters(index = "0", paramLabel = "DIR")
    private String start;

    @Option(names = {"--type", "-t"}, paramLabel = "TYPE", description = "f, d, l, p, s, b or c.")
    private String type;

    @Option(names = {"--name", "-n"}, paramLabel = "GLOB", description = "A shell pattern the name matches.")
    private String name;

    @Option(names = {"--stripe-count", "-c"}, paramLabel = "[+-]N", description = "Files with N stripes (+N more, -N fewer).")
    private String stripeCount;

    @Option(names = {"--ost", "-O"}, paramLabel = "INDEX", description = "Files with an object on this OST.")
    private Integer ost;

    @Option(names = "--maxdepth", paramLabel = "N", defaultValue = "-1", description = "Descend at most N levels.")
    private int maxDepth;

    private PathMatcher nameMatcher;

    Find(MountedSource source) {
        super(source);
    }

    @Override
    int run(Mounted fs) throws LustreException {
        if (type != null && (type.length() != 1 || "fdlpsbc".indexOf(type.charAt(0)) < 0)) {
            throw new LustreException(Errno.EINVAL, "bad --type '" + type + "' (f, d, l, p, s, b or c)");
        }
        if (stripeCount != null && !stripeCount.matches("[+-]?\\d+")) {
            throw new LustreException(Errno.EINVAL, "bad --stripe-count '" + stripeCount + "'");
        }
        nameMatcher = name == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + name);
        String inside = fs.inside(start);
        walk(fs, fs.shown(inside), lastName(inside), fs.stat(start), 0);
        return 0;
    }

    private static String lastName(String inside) {
        return inside.equals("/") ? "/" : inside.substring(inside.lastIndexOf('/') + 1);
    }

    private void walk(Mounted fs, String shown, String entryName, FileAttr a, int depth) throws LustreException {
        if (matches(fs, entryName, a)) {
            out().println(shown);
        }
        if (!a.isDirectory() || maxDepth >= 0 && depth >= maxDepth) {
            return;
        }
        List<DirEntry> entries = new ArrayList<>(Mounted.await(fs.client().readdirAll(fs.cred(), a.fid())));
        for (DirEntry e : entries) {
            String n = Utf8.decode(e.name());
            if (n.equals(".") || n.equals("..")) {
                continue;
            }
            FileAttr child;
            try {
                child = Mounted.await(fs.client().stat(fs.cred(), e.fid()));
            } catch (LustreException gone) {
                if (gone.errno() == Errno.ENOENT) {
                    continue; // removed since the listing
                }
                throw gone;
            }
            walk(fs, shown.endsWith("/") ? shown + n : shown + "/" + n, n, child, depth + 1);
        }
    }

    private boolean matches(Mounted fs, String entryName, FileAttr a) throws LustreException {
        if (type != null && FileTypes.letter(a.mode()) != type.charAt(0)) {
            return false;
        }
        if (nameMatcher != null && (entryName.contains("/") || !nameMatcher.matches(Path.of(entryName)))) {
            return false;
        }
        if (stripeCount == null && ost == null) {
            return true;
        }
        Layout l = layout(fs, a);
        if (l == null) {
            return false;
        }
        if (ost != null && l.objects().stream().noneMatch(o -> o.ostIndex() == ost)) {
            return false;
        }
        return stripeCount == null || compare(l.stripeCount(), stripeCount);
    }

    /** The layout a test looks at: a file's, a directory's default; null when there is none. */
    private static Layout layout(Mounted fs, FileAttr a) throws LustreException {
        return a.isRegularFile() || a.isDirectory() ? GetStripe.layoutOrNone(fs, a, null) : null;
    }

    /** find(1)'s numeric test: {@code +N} more than N, {@code -N} fewer, {@code N} exactly. */
    static boolean compare(int value, String test) {
        if (test.startsWith("+")) {
            return value > Integer.parseInt(test.substring(1));
        }
        if (test.startsWith("-")) {
            return value < Integer.parseInt(test.substring(1));
        }
        return value == Integer.parseInt(test);
    }

}
