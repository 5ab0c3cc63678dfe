/**
 * The object storage target (lustre/ofd, lustre/ost): the ofd over any OSD (objects by FID,
 * LAST_ID per sequence, precreate, attributes, punch, destroy, statfs, grants, bulk read and
 * write through the OSD's own pages) and the OSS services that answer the OST RPCs.
 */
module org.jlustre.ost {
    requires transitive org.jlustre.ptlrpc;
    requires transitive org.jlustre.target;
    requires transitive org.jlustre.obdclass;
    requires transitive org.jlustre.fid;

    exports org.jlustre.ost;
}
