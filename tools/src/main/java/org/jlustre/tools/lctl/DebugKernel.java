package org.jlustre.tools.lctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lctl dk [FILE]} ({@code debug_kernel}): dumps the debug log in Lustre's line layout
 * to FILE or standard output, empties it, then prints the
 * {@code Debug log: N lines, ...} summary on standard output.
 */
@Command(name = "dk", mixinStandardHelpOptions = true, description = "Dump and clear the debug log.")
final class DebugKernel implements Callable<Integer> {

    private final Libcfs libcfs;
    private final ConfigDevices.Selection sel;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Where to write (default: standard output).")
    private Path file;

    DebugKernel(Libcfs libcfs, ConfigDevices.Selection sel) {
        this.libcfs = libcfs;
        this.sel = sel;
    }

    @Override
    public Integer call() {
        // the server writes FILE itself, so it gets the path as this process means it
        Integer remote = RemoteLctl.forward(spec, sel, file == null ? List.of("dk")
                : List.of("dk", file.toAbsolutePath().toString()));
        if (remote != null) {
            return remote;
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            DebugLog.DumpSummary summary;
            if (file == null) {
                summary = libcfs.debug().dump(out);
            } else {
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    summary = libcfs.debug().dump(w);
                }
            }
            out.println(summary.describe());
            out.flush();
            return 0;
        } catch (IOException e) {
            return Lctl.fail(spec.commandLine(), "debug_kernel",
                    new LustreException(Errno.EIO, "writing '" + file + "': " + e.getMessage()));
        }
    }
}
