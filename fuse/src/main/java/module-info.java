/**
 * A FUSE mount of a Lustre filesystem. {@code org.jlustre.fuse.lowlevel} binds libfuse3's
 * inode-based low-level API ({@code fuse_lowlevel.h}, libfuse 3.14) with the FFM API: the
 * operations table as upcall stubs, the replies, the caller's credentials and the session's
 * mount, loop and unmount. {@code org.jlustre.fuse} serves a mounted {@code LustreClient}
 * through it: node ids mapped to FIDs, the caller's credentials passed to the servers.
 */
module org.jlustre.fuse {
    requires transitive org.jlustre.client;

    exports org.jlustre.fuse;
    exports org.jlustre.fuse.lowlevel;
}
