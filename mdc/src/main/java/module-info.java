/**
 * The MDC: the client of one MDT (lustre/mdc): connect, root, attributes, the REINT updates,
 * open and close, readdir pages, xattrs, statfs and sync, with the caller's credentials.
 */
module org.jlustre.mdc {
    requires transitive org.jlustre.ptlrpc;
    requires transitive org.jlustre.fid;

    exports org.jlustre.mdc;
}
