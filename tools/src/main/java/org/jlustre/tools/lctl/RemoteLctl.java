package org.jlustre.tools.lctl;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.tools.control.ControlClient;
import org.jlustre.tools.control.ControlProtocol;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lctl --server NAME COMMAND}: the command sent to a running {@code jlustre server}'s
 * control socket, its output and status taken as this command's. Only the commands the socket
 * serves ({@code dl}, {@code get_param}, {@code set_param}, {@code list_param}, {@code dk}) go;
 * the others are refused here, naming the way to run them.
 */
final class RemoteLctl {

    private RemoteLctl() {
    }

    /** Whether the command runs on a server rather than here. */
    static boolean remote(ConfigDevices.Selection sel) {
        return sel.server != null && (sel.serverGiven || sel.mgc == null);
    }

    /**
     * Runs the parsed command ({@code spec}'s name and its arguments as given) on the selected
     * server; null when it runs here.
     */
    static Integer forward(CommandSpec spec, ConfigDevices.Selection sel) {
        if (!remote(sel)) {
            return null;
        }
        List<String> words = new ArrayList<>();
        words.add(spec.name());
        words.addAll(spec.commandLine().getParseResult().expandedArgs());
        return forward(spec, sel, words);
    }

    /** Runs {@code command} (its name and arguments) on the selected server; null when it runs here. */
    static Integer forward(CommandSpec spec, ConfigDevices.Selection sel, List<String> command) {
        if (!remote(sel)) {
            return null;
        }
        try {
            if (sel.mgc != null) {
                throw new LustreException(Errno.EINVAL, "--server and --mgsnode: give one");
            }
            List<String> words = new ArrayList<>();
            words.add(ControlProtocol.LCTL);
            if (sel.deviceGiven) {
                words.add("--device");
                words.add(sel.device);
            }
            words.addAll(command);
            return ControlClient.call(sel.controlDir.resolve(sel.server), words, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        } catch (LustreException e) {
            return Lctl.fail(spec.commandLine(), spec.name(), new LustreException(e.errno(), "--server "
                    + sel.server + ": " + e.getMessage()));
        }
    }

    /** Refuses a command the control socket does not serve when a server is selected; null when it runs here. */
    static Integer refuse(CommandSpec spec, ConfigDevices.Selection sel) {
        if (!remote(sel)) {
            return null;
        }
        return Lctl.fail(spec.commandLine(), spec.name(), new LustreException(Errno.EOPNOTSUPP, spec.name()
                + " does not go over a server's control socket (dl, get_param, set_param, list_param and dk do); "
                + "run it with --mgsnode" + (sel.serverGiven ? "" : ", or unset $JLUSTRE_SERVER")));
    }
}
