package org.jlustre.tools;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.jlustre.common.Libcfs;
import org.jlustre.tools.control.ControlSettings;
import org.jlustre.tools.lctl.Lctl;
import org.jlustre.tools.llog.LlogReaderCommand;
import org.jlustre.tools.lfs.LfsCommand;
import org.jlustre.tools.llog.LlogTestCommand;
import org.jlustre.tools.llmount.LlmountCleanupCommand;
import org.jlustre.tools.llmount.LlmountCommand;
import org.jlustre.tools.mount.MountCommand;
import org.jlustre.tools.mount.UmountCommand;
import org.jlustre.tools.osd.OsdCommand;
import org.jlustre.tools.osd.OsdDumpCommand;
import org.jlustre.tools.osd.OsdExportCommand;
import org.jlustre.tools.rpc.RpcCommand;
import org.jlustre.tools.target.LrReaderCommand;
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

    /**
     * A command line whose tools act on {@code libcfs} and print to the given writers
     * ({@code llog_reader}'s bytes a char per byte, ISO-8859-1).
     */
    public static CommandLine commandLine(Libcfs libcfs, PrintWriter out, PrintWriter err) {
        return commandLine(libcfs, out, err, ControlSettings.defaults());
    }

    /**
     * As {@link #commandLine(Libcfs, PrintWriter, PrintWriter)}, finding control sockets and the
     * server lctl talks to as {@code control} says.
     */
    public static CommandLine commandLine(Libcfs libcfs, PrintWriter out, PrintWriter err, ControlSettings control) {
        return commandLine(libcfs, out, err, control, InputStream.nullInputStream());
    }

    /**
     * As {@link #commandLine(Libcfs, PrintWriter, PrintWriter, ControlSettings)}, the commands
     * that read standard input ({@code llmount}'s shell) reading {@code in}.
     */
    public static CommandLine commandLine(Libcfs libcfs, PrintWriter out, PrintWriter err, ControlSettings control,
            InputStream in) {
        return commandLine(libcfs, out, err, new LlogReaderCommand(), new LrReaderCommand(), control, in);
    }

    /**
     * A command line printing to a process's byte streams: text through writers in the
     * platform's encoding, and {@code llog_reader}'s bytes unchanged.
     */
    public static CommandLine commandLine(Libcfs libcfs, PrintStream out, PrintStream err, ControlSettings control,
            InputStream in) {
        return commandLine(libcfs, new PrintWriter(out, true), new PrintWriter(err, true),
                new LlogReaderCommand(out, err), new LrReaderCommand(out, err), control, in);
    }

    private static CommandLine commandLine(Libcfs libcfs, PrintWriter out, PrintWriter err, LlogReaderCommand reader,
            LrReaderCommand lrReader, ControlSettings control, InputStream in) {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("lctl", Lctl.commandLine(libcfs, control));
        cl.addSubcommand("osd", new CommandLine(new OsdCommand(libcfs))
                .addSubcommand("dump", new OsdDumpCommand(libcfs, control))
                .addSubcommand("export", new OsdExportCommand(libcfs, control)));
        cl.addSubcommand("llog_reader", reader);
        cl.addSubcommand("llog_test", new LlogTestCommand(libcfs));
        cl.addSubcommand("lr_reader", lrReader);
        cl.addSubcommand("rpc", new RpcCommand(libcfs));
        cl.addSubcommand("server", new org.jlustre.tools.server.ServerCommand(libcfs, control));
        cl.addSubcommand("llmount", new LlmountCommand(libcfs, control, in));
        cl.addSubcommand("llmountcleanup", new LlmountCleanupCommand(control));
        cl.addSubcommand("lfs", LfsCommand.commandLine(libcfs, control));
        cl.addSubcommand("mount", new MountCommand(libcfs));
        cl.addSubcommand("umount", new UmountCommand());
        cl.setOut(out);
        cl.setErr(err);
        return cl;
    }

    /** Runs the tools on the process-wide node context and exits with their status. */
    public static void main(String[] args) {
        CommandLine cl = commandLine(Libcfs.global(), System.out, System.err,
                ControlSettings.fromEnvironment(System.getenv()), System.in);
        int rc = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(rc);
    }
}
