package org.jlustre.tools;

import java.io.PrintWriter;
import org.jlustre.common.Libcfs;
import org.jlustre.tools.lctl.Lctl;
import org.jlustre.tools.llog.LlogReaderCommand;
import org.jlustre.tools.llog.LlogTestCommand;
import org.jlustre.tools.osd.OsdCommand;
import org.jlustre.tools.rpc.RpcCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jlustre}: the entry point of every tool. Benchmarks ({@code jlustre bench}) run from
 * their own module, which the launcher script starts directly.
 */
@Command(name = "jlustre", mixinStandardHelpOptions = true, version = Libcfs.VERSION,
        description = "Lustre's server stack in Java, on an in-memory OSD.",
        footer = {"", "Benchmarks: jlustre bench osd|llog|rpc|mgs [--quick] [--json FILE]", "Tests:      jlustre test"})
public final class Main {

    private Main() {
    }

    /** A command line whose tools act on {@code libcfs} and print to the given writers. */
    public static CommandLine commandLine(Libcfs libcfs, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("lctl", Lctl.commandLine(libcfs));
        cl.addSubcommand("osd", new OsdCommand(libcfs));
        cl.addSubcommand("llog_reader", new LlogReaderCommand());
        cl.addSubcommand("llog_test", new LlogTestCommand(libcfs));
        cl.addSubcommand("rpc", new RpcCommand(libcfs));
        cl.addSubcommand("server", new org.jlustre.tools.server.ServerCommand(libcfs));
        cl.addSubcommand("llmount", new org.jlustre.tools.server.LlmountCommand(libcfs));
        cl.setOut(out);
        cl.setErr(err);
        return cl;
    }

    /** Runs the tools on the process-wide node context and exits with their status. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int rc = commandLine(Libcfs.global(), out, err).execute(args);
        out.flush();
        System.exit(rc);
    }
}
