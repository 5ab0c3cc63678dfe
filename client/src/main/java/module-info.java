/**
 * The Lustre client stack (llite over lmv, mdc, lov and osc, configured by the mgc from the
 * {@code <fsname>-client} log) and its public Java API, {@link org.jlustre.client.LustreClient}:
 * every POSIX operation as a {@code CompletableFuture}, names as byte strings, the caller's
 * credentials on each call.
 */
module org.jlustre.client {
    requires transitive org.jlustre.mgc;
    requires transitive org.jlustre.mdc;
    requires transitive org.jlustre.osc;

    exports org.jlustre.client;
}
