/**
 * osd-mem: the in-memory OSD. An object table with explicit existence, bodies in off-heap
 * pages with a flat and a page view, directories with stable cookies, key/value and usage
 * indexes, xattrs, real space accounting, transactions with hooks and callbacks, and the
 * seed's debugging aids. Only the factory and its configuration are exported; servers find it as
 * the {@code osd-mem} {@link org.jlustre.osd.OsdType}.
 */
module org.jlustre.osd.mem {
    requires transitive org.jlustre.osd;

    exports org.jlustre.osd.mem;

    provides org.jlustre.osd.OsdType with org.jlustre.osd.mem.MemOsdType;
}
