package org.jlustre.tools.lctl;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jlustre.common.LustreException;
import org.jlustre.tools.control.ControlClient;
import org.jlustre.tools.control.ControlDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lctl servers} (ours): the {@code jlustre server} processes of this user on this host
 * whose control sockets answer, one line each: the name {@code --server} takes, the process id,
 * the targets it started and the socket. Stale sockets of servers that are gone are removed.
 */
@Command(name = "servers", mixinStandardHelpOptions = true,
        description = "List the running jlustre servers of this user on this host (names for --server).")
final class ServerList implements Callable<Integer> {

    private final ConfigDevices.Selection sel;

    @Spec
    private CommandSpec spec;

    ServerList(ConfigDevices.Selection sel) {
        this.sel = sel;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            for (ControlDirectory.Server s : sel.controlDir.servers()) {
                Map<String, String> info = ControlClient.info(s.socket());
                out.println(s.name() + "  pid " + info.getOrDefault("pid", "?") + "  targets "
                        + info.getOrDefault("targets", "-") + "  " + s.socket());
            }
            return 0;
        } catch (LustreException e) {
            return Lctl.fail(spec.commandLine(), "servers", e);
        } finally {
            out.flush();
        }
    }
}
