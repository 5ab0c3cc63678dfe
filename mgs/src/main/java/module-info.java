/**
 * The management server (lustre/mgs): on its own OSD it keeps the CONFIGS directory of
 * configuration llogs, registers targets and assigns their indexes, writes the logs every
 * server and client replays, and serves them over the llog RPCs.
 */
module org.jlustre.mgs {
    requires transitive org.jlustre.ptlrpc;
    requires transitive org.jlustre.obdclass;

    exports org.jlustre.mgs;
}
