/**
 * The MGC: the client of the MGS every server and client runs (lustre/mgc/mgc_request.c) with
 * the llog RPCs' client side (lustre/ptlrpc/llog_client.c): registration, config logs fetched,
 * copied locally and followed. Their replay into a node's devices is obdclass's.
 */
module org.jlustre.mgc {
    requires transitive org.jlustre.ptlrpc;
    requires transitive org.jlustre.obdclass;

    exports org.jlustre.mgc;
}
