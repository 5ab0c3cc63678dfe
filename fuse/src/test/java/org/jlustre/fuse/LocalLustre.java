package org.jlustre.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.client.LustreClient;
import org.jlustre.cluster.LocalCluster;
import org.jlustre.common.LustreException;
import org.jlustre.testing.Nodes;

/**
 * A whole filesystem in this JVM ({@link LocalCluster}: MGS, MDT, two OSTs on osd-mem over the
 * in-JVM network) with its clients mounted with FUSE; closing it unmounts them, then stops it.
 */
final class LocalLustre implements AutoCloseable {

    private final LocalCluster cluster = LocalCluster.start(Nodes.Driver.MEM);
    private final List<FuseMount> mounts = new ArrayList<>();

    LocalLustre() throws LustreException {
    }

    /** The source a mount names: {@code MGSNID:/fsname}. */
    String source() {
        return cluster.mgsNids().getFirst() + ":/" + cluster.fsname();
    }

    /** A new client, on a node of its own (unmounted with the filesystem). */
    LustreClient mountClient() throws LustreException {
        return cluster.mount();
    }

    /**
     * Makes directory {@code dir} (its parent world-searchable: tests reach it as other users
     * too) and mounts {@code client} on it with FUSE.
     */
    Path mountFuse(LustreClient client, Path dir) throws LustreException, IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        mounts.add(FuseMount.mount(client, source(), dir));
        return dir;
    }

    @Override
    public void close() throws LustreException {
        try {
            for (FuseMount m : mounts.reversed()) {
                m.close();
            }
        } finally {
            cluster.close();
        }
    }
}
