package org.jlustre.tools.lctl;

import java.nio.file.Path;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.tools.control.ControlDirectory;
import org.jlustre.tools.control.ControlSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lctl}: Lustre's control utility, for the parameters and debug log of the node this
 * process is, or with {@code --server NAME} (or {@code $JLUSTRE_SERVER}) of a running
 * {@code jlustre server} on this host, through its control socket. Sub-commands behave like
 * their Lustre namesakes where they overlap.
 */
@Command(name = "lctl", mixinStandardHelpOptions = true,
        description = {"Get and set parameters, list devices, read config logs and dump the debug log of this node,",
            "or with --server of a running jlustre server on this host (lctl servers lists them)."})
public final class Lctl {

    private final ConfigDevices.Selection sel;

    private Lctl(ConfigDevices.Selection sel) {
        this.sel = sel;
    }

    @CommandLine.Option(names = "--device", paramLabel = "DEVICE",
            description = "The device llog and config commands act on: a name, an index from dl, or $name "
                    + "(default MGS).")
    void device(String d) {
        sel.device = d;
        sel.deviceGiven = true;
    }

    @CommandLine.Option(names = "--server", paramLabel = "NAME",
            description = "Run dl, get_param, set_param, list_param or dk in the running jlustre server NAME on this "
                    + "host (NID:PORT as 'lctl servers' lists it, a NID only one server has, or a socket path; "
                    + "default $JLUSTRE_SERVER).")
    void server(String s) {
        sel.server = s;
        sel.serverGiven = true;
    }

    @CommandLine.Option(names = "--control-dir", paramLabel = "DIR",
            description = "Where servers' control sockets are (default $JLUSTRE_CONTROL_DIR, else "
                    + "$XDG_RUNTIME_DIR/jlustre, else <tmpdir>/jlustre-<user>).")
    void controlDir(Path dir) {
        sel.controlDir = ControlDirectory.at(dir);
    }

    private Libcfs libcfs;
    private String nid = "127.0.0.254@tcp";

    @CommandLine.Option(names = "--nid", paramLabel = "NID", order = 1,
            description = "With --mgsnode, given before it: this process's NID on TCP (default 127.0.0.254@tcp).")
    void nid(String n) {
        nid = n;
    }

    @CommandLine.Option(names = "--mgsnode", paramLabel = "NID[:PORT]", order = 2,
            description = "Reach a running MGS over TCP through an MGC started for this command (llog_print, "
                    + "llog_info, conf_param).")
    void mgsnode(String m) {
        try {
            ConfigDevices.connect(libcfs, sel, m, nid);
        } catch (LustreException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--mgsnode " + m + ": " + e.getMessage());
        }
    }

    /** The lctl command tree acting on {@code libcfs}, with the default control settings (no server). */
    public static CommandLine commandLine(Libcfs libcfs) {
        return commandLine(libcfs, ControlSettings.defaults());
    }

    /**
     * The lctl command tree acting on {@code libcfs}, or on the server {@code control} names,
     * finding control sockets where it says.
     */
    public static CommandLine commandLine(Libcfs libcfs, ControlSettings control) {
        ConfigDevices.Selection sel = new ConfigDevices.Selection();
        sel.server = control.server();
        sel.controlDir = control.directory();
        Lctl top = new Lctl(sel);
        top.libcfs = libcfs;
        CommandLine cl = new CommandLine(top);
        CommandLine.IExecutionStrategy last = new CommandLine.RunLast();
        cl.setExecutionStrategy(parsed -> {
            try {
                return last.execute(parsed);
            } finally {
                sel.close();
            }
        });
        CommandLine.IParameterExceptionHandler badArgs = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((ex, args) -> {
            sel.close();
            return badArgs.handleParseException(ex, args);
        });
        cl.addSubcommand("get_param", new GetParam(libcfs, sel));
        cl.addSubcommand("set_param", new SetParam(libcfs, sel));
        cl.addSubcommand("list_param", new ListParam(libcfs, sel));
        cl.addSubcommand("dk", new DebugKernel(libcfs, sel), "debug_kernel");
        cl.addSubcommand("dl", new LlogCommands.DeviceList(libcfs, sel));
        cl.addSubcommand("conf_param", new LlogCommands.ConfParam(libcfs, sel));
        cl.addSubcommand("llog_catlist", new LlogCommands.Catlist(libcfs, sel));
        cl.addSubcommand("llog_info", new LlogCommands.Info(libcfs, sel));
        cl.addSubcommand("llog_print", new LlogCommands.Print(libcfs, sel));
        cl.addSubcommand("llog_cancel", new LlogCommands.Cancel(libcfs, sel));
        cl.addSubcommand("llog_dump", new LlogCommands.Dump(libcfs, sel));
        cl.addSubcommand("servers", new ServerList(sel));
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
