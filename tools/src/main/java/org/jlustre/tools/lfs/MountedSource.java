package org.jlustre.tools.lfs;

import org.jlustre.common.LustreException;

/** Where an lfs command finds its mounted filesystem: the shell's, an llmount's, or one mounted for the command. */
@FunctionalInterface
public interface MountedSource {

    /** The mounted filesystem, mounted now if need be. */
    Mounted mounted() throws LustreException;
}
