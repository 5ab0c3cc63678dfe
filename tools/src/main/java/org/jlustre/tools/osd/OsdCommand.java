package org.jlustre.tools.osd;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.tools.lctl.Lctl;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jlustre osd}: mounts an osd-mem device in this process, walks through what an OSD
 * does (transactions, directories, bodies, the page view, xattrs, statfs, the cache), then
 * runs any {@code lctl} commands given with {@code -e} against it, and unmounts.
 */
@Command(name = "osd", mixinStandardHelpOptions = true,
        description = "Start an osd-mem device in this process and walk through it.")
public final class OsdCommand implements Callable<Integer> {

    private final Libcfs libcfs;

    @Spec
    private CommandSpec spec;

    @Option(names = "--name", defaultValue = "lustre-MDT0000", description = "Device name (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = "--page-size", defaultValue = "4096", description = "Body page size in bytes (default: ${DEFAULT-VALUE}).")
    private int pageSize;

    @Option(names = "--capacity", defaultValue = "1G", description = "Capacity, e.g. 64M or 2G (default: ${DEFAULT-VALUE}).")
    private String capacity;

    @Option(names = "--verbose-debug", description = "Set verbose_debug and dump the debug log at the end.")
    private boolean verbose;

    @Option(names = {"-e", "--exec"}, paramLabel = "LCTL-COMMAND",
            description = "An lctl command to run on the device after the walk-through, e.g. -e 'get_param osd-mem.*.stats'.")
    private List<String> commands = new ArrayList<>();

    /** The command acting on {@code libcfs}. */
    public OsdCommand(Libcfs libcfs) {
        this.libcfs = libcfs;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        MemOsdConfig config;
        try {
            config = MemOsdConfig.defaults(name).withLibcfs(libcfs).withPageSize(pageSize)
                    .withCapacity(parseSize(capacity));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: osd: " + e.getMessage());
            return 22;
        }
        int rc = 0;
        try (OsdDevice dev = OsdMem.create(config)) {
            new OsdWalkthrough(dev, libcfs, out, verbose).run();
            CommandLine lctl = Lctl.commandLine(libcfs);
            lctl.setOut(out);
            lctl.setErr(spec.commandLine().getErr());
            for (String c : commands) {
                out.println();
                out.println("lctl " + c);
                int r = lctl.execute(c.strip().split("\\s+"));
                rc = rc == 0 ? r : rc;
            }
        } catch (LustreException e) {
            spec.commandLine().getErr().println("error: osd: " + e.getMessage() + ": " + e.errno().message());
            return e.errno().value();
        }
        out.flush();
        return rc;
    }

    /** Parses 4096, 64K, 64M, 2G, 1T (binary units). */
    static long parseSize(String s) {
        String t = s.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v <= 0 || v > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return v * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad size '" + s + "' (use bytes or K, M, G, T)");
        }
    }
}
