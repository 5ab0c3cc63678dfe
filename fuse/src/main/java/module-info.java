/**
 * A FUSE mount of a Lustre filesystem. {@code org.jlustre.fuse.lowlevel} binds libfuse3's
 * inode-based low-level API ({@code fuse_lowlevel.h}, libfuse 3.14) with the FFM API: the
 * operations table as upcall stubs, the replies, the caller's credentials and the session's
 * mount, loop and unmount.
 */
module org.jlustre.fuse {
    requires transitive org.jlustre.common;

    exports org.jlustre.fuse.lowlevel;
}
