/**
 * The java.nio.file provider of Lustre (scheme {@code lustre}): a mounted filesystem as a
 * {@link java.nio.file.FileSystem} over the client's public API, with byte-string names end to
 * end, file channels, directory streams, the basic, posix and lustre attribute views, links,
 * copy and move.
 */
module org.jlustre.client.nio {
    requires transitive org.jlustre.client;

    exports org.jlustre.client.nio;

    provides java.nio.file.spi.FileSystemProvider with org.jlustre.client.nio.LustreFileSystemProvider;
}
