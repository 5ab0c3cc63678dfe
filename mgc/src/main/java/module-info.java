/**
 * The MGC and configuration processing: the client of the MGS every server and client runs
 * (lustre/mgc/mgc_request.c) with the llog RPCs' client side (lustre/ptlrpc/llog_client.c),
 * and the replay of configuration logs into a node's devices (class_config_llog_handler and
 * class_process_config in lustre/obdclass/obd_config.c).
 */
module org.jlustre.mgc {
    requires transitive org.jlustre.ptlrpc;
    requires transitive org.jlustre.llog;

    exports org.jlustre.mgc;
}
