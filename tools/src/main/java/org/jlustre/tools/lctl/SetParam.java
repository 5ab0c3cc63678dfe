package org.jlustre.tools.lctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lctl set_param NAME=VALUE...} (or {@code NAME VALUE}): sets every matching parameter
 * and prints {@code name=value} for each. With {@code -P} the setting goes to the MGS's params
 * log instead, which every node applies (now and whenever it starts); {@code -P -d NAME}
 * cancels it. {@code -P} runs where the MGS runs, as in Lustre.
 */
@Command(name = "set_param", mixinStandardHelpOptions = true, description = "Set parameter values.")
final class SetParam implements Callable<Integer> {

    private final Libcfs libcfs;
    private final ConfigDevices.Selection sel;

    @Option(names = "-P", description = "Permanent: through the MGS's params log, for every node.")
    private boolean permanent;

    @Option(names = "-d", description = "With -P: cancel the permanent setting of NAME.")
    private boolean delete;

    @Spec
    private CommandSpec spec;

    @Option(names = "-n", description = "Do not print what was set.")
    private boolean quiet;

    @Parameters(arity = "1..*", paramLabel = "NAME=VALUE", description = "Assignments, wildcards allowed in names.")
    private List<String> args;

    SetParam(Libcfs libcfs, ConfigDevices.Selection sel) {
        this.libcfs = libcfs;
        this.sel = sel;
    }

    @Override
    public Integer call() {
        Integer remote = RemoteLctl.forward(spec, sel);
        if (remote != null) {
            return remote;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (permanent) {
            return permanent(out);
        }
        if (delete) {
            return Lctl.fail(spec.commandLine(), "set_param", new LustreException(Errno.EINVAL, "-d needs -P"));
        }
        int rc = 0;
        List<String[]> assignments = new ArrayList<>();
        if (args.size() == 2 && !args.get(0).contains("=")) {
            assignments.add(new String[] {args.get(0), args.get(1)});
        } else {
            for (String a : args) {
                int eq = a.indexOf('=');
                if (eq <= 0 || eq == a.length() - 1) {
                    rc = Lctl.fail(spec.commandLine(), "set_param",
                            new LustreException(Errno.EINVAL, "setting " + a + ": expected NAME=VALUE"));
                    continue;
                }
                assignments.add(new String[] {a.substring(0, eq), a.substring(eq + 1)});
            }
        }
        for (String[] a : assignments) {
            try {
                for (String name : libcfs.params().set(a[0], a[1])) {
                    if (!quiet) {
                        out.println(name + "=" + a[1]);
                    }
                }
            } catch (LustreException e) {
                rc = Lctl.fail(spec.commandLine(), "set_param", e);
            }
        }
        out.flush();
        return rc;
    }

    private int permanent(PrintWriter out) {
        int rc = 0;
        org.jlustre.mgs.Mgs mgs;
        try {
            mgs = ConfigDevices.mgs(libcfs, sel);
        } catch (LustreException e) {
            return Lctl.fail(spec.commandLine(), "set_param -P", new LustreException(e.errno(),
                    "no MGS on this node (set_param -P runs on the MGS node): " + e.getMessage()));
        }
        List<String> settings = new ArrayList<>();
        if (!delete && args.size() == 2 && !args.get(0).contains("=")) {
            settings.add(args.get(0) + "=" + args.get(1));
        } else {
            for (String a : args) {
                int eq = a.indexOf('=');
                if (delete) {
                    settings.add(eq < 0 ? a : a.substring(0, eq));
                } else if (eq <= 0 || eq == a.length() - 1) {
                    rc = Lctl.fail(spec.commandLine(), "set_param -P",
                            new LustreException(Errno.EINVAL, "setting " + a + ": expected NAME=VALUE"));
                } else {
                    settings.add(a);
                }
            }
        }
        for (String s : settings) {
            try {
                mgs.setParamPermanent(s);
            } catch (LustreException e) {
                rc = Lctl.fail(spec.commandLine(), "set_param -P", e);
            }
        }
        out.flush();
        return rc;
    }
}
