/**
 * ptlrpc: Lustre's RPC layer over LNet. Services with request buffers and handler threads,
 * targets and their exports, imports that connect, send, ping, reconnect and resend, and bulk
 * moved by LNet GET and PUT between registered memory.
 */
module org.jlustre.ptlrpc {
    requires transitive org.jlustre.lnet;

    exports org.jlustre.ptlrpc;
    exports org.jlustre.ptlrpc.echo;
}
