package org.jlustre.tools.lfs;

import org.jlustre.common.LustreException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where an lfs command runs: on the shell's or an llmount's filesystem ({@link #of}), on one
 * mounted for the command, or handed to the process whose client holds its paths.
 */
@FunctionalInterface
public interface MountedSource {

    /** An lfs command's work on a mounted filesystem; returns its exit status. */
    @FunctionalInterface
    interface Body {
        int run(Mounted fs) throws LustreException;
    }

    /** Runs {@code body}, the command {@code spec} parsed, where this source says; returns the exit status. */
    int run(CommandSpec spec, Body body) throws LustreException;

    /** The source that runs every command on {@code fs}. */
    static MountedSource of(Mounted fs) {
        return (spec, body) -> body.run(fs);
    }
}
