/**
 * Server mounts (lustre/target/tgt_mount.c, obd_mount_server.c): a target started from its
 * mount data on its own OSD (of the type the mount data names, found through
 * {@link org.jlustre.osd.OsdType}), the node's shared MGC, registration with the MGS, the
 * local copy and replay of the target's config log, and the two-phase teardown.
 */
module org.jlustre.server {
    requires transitive org.jlustre.mgc;
    requires transitive org.jlustre.mgs;
    requires transitive org.jlustre.ost;
    requires transitive org.jlustre.mdt;

    exports org.jlustre.server;
}
