/**
 * The OSD contract (Lustre's dt_object.h and lu_object.h, Documentation/osd-api.txt): devices,
 * objects, bodies, indexes and iterators, xattrs, transactions with their hooks and callbacks,
 * object locks, statfs, and the object cache. Every layer above talks to storage only through
 * these interfaces, so everything that runs on osd-mem runs on any OSD.
 */
module org.jlustre.osd {
    requires transitive org.jlustre.common;
    requires transitive org.jlustre.wire;

    exports org.jlustre.osd;

    uses org.jlustre.osd.OsdType;
}
