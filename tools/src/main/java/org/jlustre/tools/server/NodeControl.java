package org.jlustre.tools.server;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.jlustre.common.Libcfs;
import org.jlustre.tools.control.ControlServer;
import org.jlustre.tools.lctl.Lctl;
import org.jlustre.tools.osd.TargetOsds;

/**
 * What a control socket runs on a node of this process: {@code lctl}, {@code osd dump} and
 * {@code osd export} on the node of {@code libcfs}, and {@code info} lines saying who the server
 * is (asked each time: a server's targets come and go).
 */
public final class NodeControl implements ControlServer.Node {

    private final Libcfs libcfs;
    private final Supplier<List<String>> info;

    /** The node of {@code libcfs}, introduced by {@code info}. */
    public NodeControl(Libcfs libcfs, Supplier<List<String>> info) {
        this.libcfs = libcfs;
        this.info = info;
    }

    @Override
    public int lctl(List<String> words, PrintWriter out, PrintWriter err) {
        return Lctl.commandLine(libcfs).setOut(out).setErr(err).execute(words.toArray(String[]::new));
    }

    @Override
    public int dump(String target, String object, OutputStream data, PrintWriter err) {
        return TargetOsds.dump(libcfs, target, object, data, err);
    }

    @Override
    public int export(String target, Path dir, PrintWriter out, PrintWriter err) {
        return TargetOsds.export(libcfs, target, dir, TargetOsds.runningAsRoot(), out, err);
    }

    @Override
    public List<String> info() {
        return info.get();
    }
}
