package org.jlustre.tools.osd;

import java.nio.file.Path;
import org.jlustre.common.LustreException;
import org.jlustre.tools.control.ControlDirectory;
import org.jlustre.tools.control.ControlSettings;
import picocli.CommandLine.Option;

/**
 * The options of the {@code osd} commands that reach a target in another process: which
 * {@code jlustre server} (its control socket's name) and where the control sockets are; a
 * picocli mixin, so {@code osd dump} and {@code osd export} spell them the same way.
 */
final class ServerOptions {

    @Option(names = "--server", paramLabel = "NID:PORT",
            description = "The jlustre server running the target (its control socket's name); default: this process.")
    String server;

    @Option(names = "--control-dir", paramLabel = "DIR",
            description = "Where the control sockets are (default $JLUSTRE_CONTROL_DIR, as for lctl --server).")
    Path controlDir;

    /** Whether the target is in another process. */
    boolean remote() {
        return server != null;
    }

    /** The control socket of {@link #server}, found in {@code --control-dir} or where {@code control} says. */
    Path socket(ControlSettings control) throws LustreException {
        ControlDirectory dir = controlDir != null ? ControlDirectory.at(controlDir) : control.directory();
        return dir.resolve(server);
    }
}
