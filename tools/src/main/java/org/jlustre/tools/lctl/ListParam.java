package org.jlustre.tools.lctl;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lctl list_param [-R] NAME...}: prints the names of matching parameters and directories. */
@Command(name = "list_param", mixinStandardHelpOptions = true, description = "List parameter names.")
final class ListParam implements Callable<Integer> {

    private final Libcfs libcfs;
    private final ConfigDevices.Selection sel;

    @Spec
    private CommandSpec spec;

    @Option(names = "-R", description = "Recurse into matching directories.")
    private boolean recursive;

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Names with wildcards (default: *).")
    private List<String> patterns = List.of("*");

    ListParam(Libcfs libcfs, ConfigDevices.Selection sel) {
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
                libcfs.params().list(pattern, recursive).forEach(out::println);
            } catch (LustreException e) {
                rc = Lctl.fail(spec.commandLine(), "list_param", e);
            }
        }
        out.flush();
        return rc;
    }
}
