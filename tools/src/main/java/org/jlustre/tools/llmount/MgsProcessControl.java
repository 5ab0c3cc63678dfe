package org.jlustre.tools.llmount;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jlustre.common.Libcfs;
import org.jlustre.tools.control.ControlServer;
import org.jlustre.tools.lctl.Lctl;

/**
 * The node of an MGS in another process. A control socket does not serve the llog commands
 * and {@code conf_param} (they act on the MGS's logs, not on the node's parameters), so those
 * run here, as {@code lctl --mgsnode NID:PORT} runs them: through an MGC of this process over
 * the llog RPCs. Everything else goes to the server's control socket.
 */
final class MgsProcessControl implements ControlServer.Node {

    /** The lctl commands that read or change the MGS's logs. */
    private static final Set<String> LOG_COMMANDS = Set.of("llog_catlist", "llog_info", "llog_print", "llog_cancel",
            "llog_dump", "conf_param");

    private final ControlServer.Node socket;
    private final Libcfs libcfs;
    private final String mgsnode;

    /**
     * @param socket the server's control socket
     * @param libcfs this process's node context, for the MGC
     * @param mgsnode the MGS as {@code NID:PORT}
     */
    MgsProcessControl(ControlServer.Node socket, Libcfs libcfs, String mgsnode) {
        this.socket = socket;
        this.libcfs = libcfs;
        this.mgsnode = mgsnode;
    }

    @Override
    public int lctl(List<String> words, PrintWriter out, PrintWriter err) {
        if (words.isEmpty() || !LOG_COMMANDS.contains(words.getFirst())) {
            return socket.lctl(words, out, err);
        }
        List<String> args = new ArrayList<>(List.of("--mgsnode", mgsnode));
        args.addAll(words);
        return Lctl.commandLine(libcfs).setOut(out).setErr(err).execute(args.toArray(String[]::new));
    }

    @Override
    public int dump(String target, String name, OutputStream data, PrintWriter err) {
        return socket.dump(target, name, data, err);
    }

    @Override
    public int export(String target, Path dir, PrintWriter out, PrintWriter err) {
        return socket.export(target, dir, out, err);
    }

    @Override
    public List<String> info() {
        return socket.info();
    }
}
