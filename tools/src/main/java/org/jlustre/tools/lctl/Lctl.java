package org.jlustre.tools.lctl;

import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lctl}: Lustre's control utility, for the parameters and debug log of the node this
 * process is. Sub-commands behave like their Lustre namesakes where they overlap.
 */
@Command(name = "lctl", mixinStandardHelpOptions = true,
        description = "Get and set parameters and dump the debug log of this node.")
public final class Lctl {

    private Lctl() {
    }

    /** The lctl command tree acting on {@code libcfs}. */
    public static CommandLine commandLine(Libcfs libcfs) {
        CommandLine cl = new CommandLine(new Lctl());
        cl.addSubcommand("get_param", new GetParam(libcfs));
        cl.addSubcommand("set_param", new SetParam(libcfs));
        cl.addSubcommand("list_param", new ListParam(libcfs));
        cl.addSubcommand("dk", new DebugKernel(libcfs), "debug_kernel");
        return cl;
    }

    /**
     * Prints an lctl error the way lctl does ({@code error: get_param: param_path 'x': No such
     * file or directory}) and returns the exit status, the errno.
     */
    static int fail(CommandLine cl, String command, LustreException e) {
        cl.getErr().println("error: " + command + ": " + e.getMessage() + ": " + e.errno().message());
        cl.getErr().flush();
        return e.errno().value();
    }
}
