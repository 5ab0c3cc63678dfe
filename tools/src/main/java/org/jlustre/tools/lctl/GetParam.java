package org.jlustre.tools.lctl;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.param.ParamTree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lctl get_param [-n|-N] NAME...}: prints {@code name=value}, a multi-line value on the
 * lines after {@code name=} (lustre/utils/lustre_param.c, print_param_internal).
 */
@Command(name = "get_param", mixinStandardHelpOptions = true, description = "Print parameter values.")
final class GetParam implements Callable<Integer> {

    private final Libcfs libcfs;
    private final ConfigDevices.Selection sel;

    @Spec
    private CommandSpec spec;

    @Option(names = "-n", description = "Print only the values.")
    private boolean valuesOnly;

    @Option(names = "-N", description = "Print only the names.")
    private boolean namesOnly;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Parameter names, with * ? [] wildcards.")
    private List<String> patterns;

    GetParam(Libcfs libcfs, ConfigDevices.Selection sel) {
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
        int rc = 0;
        for (String pattern : patterns) {
            try {
                for (ParamTree.Value v : libcfs.params().get(pattern)) {
                    print(out, v);
                }
            } catch (LustreException e) {
                rc = Lctl.fail(spec.commandLine(), "get_param", e);
            }
        }
        out.flush();
        return rc;
    }

    private void print(PrintWriter out, ParamTree.Value v) {
        String value = v.value().endsWith("\n") ? v.value().substring(0, v.value().length() - 1) : v.value();
        if (namesOnly) {
            out.println(v.name());
        } else if (valuesOnly) {
            if (!value.isEmpty()) {
                out.println(value);
            }
        } else {
            out.println(v.name() + "=" + (value.contains("\n") ? "\n" : "") + value);
        }
    }
}
