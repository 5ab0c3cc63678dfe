/**
 * The OSC: the client of one OST (lustre/osc/osc_request.c). Object create, attributes, punch,
 * destroy, statfs, sync and get_info over OST_REQUEST/OST_CREATE, and bulk reads and writes of
 * byte ranges on OST_IO with Lustre's niobufs, grant and checksums. The MDT's OSP and the
 * client stack use it.
 */
module org.jlustre.osc {
    requires transitive org.jlustre.ptlrpc;

    exports org.jlustre.osc;
}
