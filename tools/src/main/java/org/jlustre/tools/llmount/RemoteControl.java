package org.jlustre.tools.llmount;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.tools.control.ControlClient;
import org.jlustre.tools.control.ControlProtocol;
import org.jlustre.tools.control.ControlServer;

/**
 * A server node in another process, reached through its control socket: each call is one
 * request there ({@link ControlProtocol}), its answer copied back; a server that does not
 * answer is an error line and its errno, as {@code lctl --server} reports it.
 */
final class RemoteControl implements ControlServer.Node {

    private final Path socket;

    RemoteControl(Path socket) {
        this.socket = socket;
    }

    @Override
    public int lctl(List<String> words, PrintWriter out, PrintWriter err) {
        List<String> request = new ArrayList<>();
        request.add(ControlProtocol.LCTL);
        request.addAll(words);
        return call(request, out, err, null);
    }

    @Override
    public int dump(String target, String name, OutputStream data, PrintWriter err) {
        return call(List.of(ControlProtocol.DUMP, target, name), new PrintWriter(new StringWriter()), err, data);
    }

    @Override
    public int export(String target, Path dir, PrintWriter out, PrintWriter err) {
        return call(List.of(ControlProtocol.EXPORT, target, dir.toString()), out, err, null);
    }

    @Override
    public List<String> info() {
        StringWriter text = new StringWriter();
        if (call(List.of(ControlProtocol.INFO), new PrintWriter(text), new PrintWriter(new StringWriter()), null) != 0) {
            return List.of();
        }
        return text.toString().lines().toList();
    }

    private int call(List<String> words, PrintWriter out, PrintWriter err, OutputStream data) {
        try {
            return ControlClient.call(socket, words, out, err, data);
        } catch (LustreException e) {
            err.println("error: " + words.getFirst() + ": " + e.getMessage());
            err.flush();
            return e.errno().value();
        }
    }
}
